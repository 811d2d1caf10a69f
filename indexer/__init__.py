"""The news index: article files in, a searchable index out; the search service on top.

Data flows one way, one package per stage::

    ingest/     files -> SourceDocument (JSON Lines, HTML, text), cleaning, publication date, language
    analysis/   the per-language token chains every backend indexes (and queries are analysed with)
    entities/   actors and places with canonical ids: gazetteer, NER model, resolution, evidence
    numbers/    numbers with their units ("12.000 soldater" -> soldiers:12000)
    build/      the pipeline over one article, and a full build into a new index generation
    store/      the backend interface, its backends (Whoosh, ...), dense vectors, index generations
    search/     request parameters, ranking (channels, fusion), facets, snippets, the service

Beside the product: ``lang/`` (per-language data and folding, used by every stage), and the tools
``train/`` (NER models, lexicons), ``eval/`` (retrieval and NER evaluation) and ``bench/``
(throughput and latency), run as ``python -m indexer train|eval|bench TOOL``.
"""
