"""What each step of a query costs, on an index ``bench scale`` built (any backend).

    python -m indexer bench steps --work var/bench/lucene-100000 [--queries 200]

The three-word queries of ``bench scale`` (same seed), each step timed alone, in the order
``SearchService.search`` runs them: linking the query's entities, the backend's ``rank`` (query
parsing and analysis, the engine's search, facet counts over every match, the best
``rerank_depth`` candidates), ``fetch`` of the page's stored fields, and the result page
(snippets of the ten hits); then the whole call.  On a ``--dense`` folder also the query's e5
vector (computed, not memoised), its nearest articles, and the cosines and fusion of the
candidates (the backend's rank then includes the neighbours that pass the filters).  Profile
first, then optimise (and re-measure here).
"""
from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from pathlib import Path

from indexer.bench import uncached
from indexer.bench.scale import WARM_UP, forget_query_vectors, make_queries
from indexer.config import load_config
from indexer.search.ranking import Ranker
from indexer.search.render import ResultRenderer
from indexer.store.base import SearchRequest, SearchResult


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indexer bench steps", description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, required=True, help="a `bench scale` working folder")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--corpus", type=Path, help="the JSON Lines corpus the folder was built from, when "
                        "`bench scale` was given --corpus (default: WORK/corpus/articles.jsonl)")
    args = parser.parse_args(argv)
    from indexer.bench.scale import _read_articles
    from indexer.search.service import SearchService

    corpus = args.corpus or args.work / "corpus" / "articles.jsonl"
    for needed in (args.work / "config.yaml", args.work / "index", corpus):
        if not needed.exists():
            parser.error(f"{needed} not found: --work takes a folder `bench scale` built (and --corpus its "
                         "corpus when it was given one)")
    config = load_config(args.work / "config.yaml")
    service = SearchService(uncached(config), args.work / "index")
    articles = _read_articles(corpus)
    queries = [params["q"] for params in make_queries(articles, args.queries, args.seed)["three words"]]
    times: dict[str, list[float]] = {}
    for number, query in enumerate(queries):
        for step, milliseconds in time_steps(service, query).items():
            if number >= WARM_UP:
                times.setdefault(step, []).append(milliseconds)
    print(f"{config.backend}, {service.count()} articles, {len(queries) - WARM_UP} queries")
    print("| step | p50 ms | p95 ms | mean ms |\n| --- | ---: | ---: | ---: |")
    for step, values in times.items():
        values.sort()
        print(f"| {step} | {statistics.median(values):.1f} | {values[int(0.95 * (len(values) - 1))]:.1f} "
              f"| {statistics.fmean(values):.1f} |")
    return 0


def time_steps(service, query: str) -> dict[str, float]:
    """Milliseconds of each step of one query; with the dense channel on (a ``bench scale
    --dense`` folder), its steps too, the query's vector computed (not memoised)."""
    out, reader = {}, service.reader()
    dense = service.dense_index() if service.config.ranking.channels.dense else None
    started = time.perf_counter()
    request = SearchRequest(query=query, entity_ids=service.link(query))
    out["link entities"] = _lap(started)
    if dense is not None:
        forget_query_vectors()
        started = time.perf_counter()
        vector = Ranker.query_vector(query, dense)
        out["query vector (e5)"] = _lap(started)
        started = time.perf_counter()
        neighbours = dense.top(vector, service.config.ranking.dense_extend)
        request = dataclasses.replace(request, extra_ids=[doc_id for doc_id, _ in neighbours])
        out["dense: nearest articles (a product with every vector)"] = _lap(started)
    started = time.perf_counter()
    ranked = reader.rank(request, service.config.ranking.rerank_depth)
    out["backend rank (parse, search, facets, candidates)"] = _lap(started)
    if dense is not None:
        started = time.perf_counter()
        sims = dense.similarities(vector, [c.id for c in ranked.candidates])
        Ranker(service.config).fused(query, ranked.candidates, sims)
        out["dense: cosines of the candidates, fusion"] = _lap(started)
    started = time.perf_counter()
    hits = reader.fetch([c.id for c in ranked.candidates[:request.size]])
    out["fetch the page's stored fields"] = _lap(started)
    started = time.perf_counter()
    ResultRenderer(service.config).render(request, SearchResult(ranked.total, hits, ranked.facets,
                                                                ranked.facets_truncated), service.copies())
    out["result page (snippets)"] = _lap(started)
    forget_query_vectors()
    started = time.perf_counter()
    service.search({"q": [query]})
    out["whole SearchService.search"] = _lap(started)
    return out


def _lap(started: float) -> float:
    return (time.perf_counter() - started) * 1000


if __name__ == "__main__":
    sys.exit(main())
