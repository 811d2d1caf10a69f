"""Searching a Lucene index generation: one IndexSearcher per open generation, shared by threads."""
from __future__ import annotations

import json
import re
from pathlib import Path

from indexer.config import Config
from indexer.facets import FACET_NAMES
from indexer.store.base import (Candidate, Hit, IndexReader, Ranked, SearchRequest, SearchResult)
from indexer.store.facet_labels import FacetLabels, facet_limit, facet_values, fetch_size, tied_past
from indexer.store.lucene import schema
from indexer.store.lucene.jvm import java, serial, start_jvm
from indexer.store.lucene.query import boolean, filter_clauses, filtered, ids_query, match_all, to_lucene
from indexer.store.whoosh_backend import EXTRA_SCORE, WhooshBackend, make_parser, ranking_query, stored_hit

INDEX_READER = "(Lorg/apache/lucene/index/IndexReader;)V"


class LuceneReader(IndexReader):
    def __init__(self, folder: Path, config: Config):
        start_jvm(config.lucene.heap_mb)
        self._config = config
        self._labels = FacetLabels.load(folder)
        self._parser = make_parser(config, WhooshBackend(config).schema())
        self._reader = java("org.apache.lucene.index.DirectoryReader").open(
            schema.directory(folder / schema.INDEX_FOLDER))
        self._searcher = java("org.apache.lucene.search.IndexSearcher")(self._reader, signature=INDEX_READER)
        bm25 = config.ranking.bm25
        self._searcher.setSimilarity(java("org.apache.lucene.search.similarities.BM25Similarity")(bm25.k1, bm25.b))
        # Ordinals of every facet value, read once per open index (the facet module's counting state).
        self._facet_state = java("org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState")(
            self._reader, schema.facets_config()) if self._reader.maxDoc() else None
        docs = json.loads((folder / schema.DOCS_FILE).read_text(encoding="utf-8"))
        self._ids = [doc_id for doc_id, _ in docs]
        self._langs = [lang for _, lang in docs]
        self._number_of = {doc_id: number for number, doc_id in enumerate(self._ids)}
        self._by_date = java("org.apache.lucene.search.Sort")(     # newest first, ties by id (as Whoosh)
            _sort_field(schema.DATE, "STRING", reverse=True), _sort_field("id", "STRING", reverse=True))

    def count(self) -> int:
        with serial:
            return self._reader.numDocs()

    def close(self) -> None:
        with serial:
            self._reader.close()

    def search(self, request: SearchRequest) -> SearchResult:
        with serial:
            return self._search(request)

    def rank(self, request: SearchRequest, depth: int) -> Ranked:
        with serial:
            return self._rank(request, depth)

    def fetch(self, doc_ids: list[str]) -> list[Hit]:
        numbers = [self._number_of[i] for i in doc_ids if i in self._number_of]
        with serial:
            return [stored_hit(fields, None) for fields in self._stored(numbers)]

    def _search(self, request: SearchRequest) -> SearchResult:
        tree = ranking_query(request, self._parser, self._config)
        by_date = tree is None or request.by_date
        filters = filter_clauses(request)
        if tree is None:
            query = boolean(*((clause, "FILTER") for clause in filters)) if filters else match_all()
        else:
            ranking = to_lucene(tree)
            if request.extra_ids and self._searcher.count(ranking):
                # Dense neighbours join a query that matches something itself (filters aside).
                extra = java("org.apache.lucene.search.ConstantScoreQuery")(ids_query(request.extra_ids))
                ranking = boolean((ranking, "SHOULD"), (java("org.apache.lucene.search.BoostQuery")(
                    extra, EXTRA_SCORE), "SHOULD"))
            query = filtered(ranking, filters)
        first = (request.page - 1) * request.size
        top, total, counted = self._run(query, first + request.size, by_date, request)
        page = top[first:]
        hits = [stored_hit(fields, None if by_date else (score if score > 2 * EXTRA_SCORE else 0.0))
                for fields, (_, score) in zip(self._stored([number for number, _ in page]), page)]
        facets, truncated = facet_values(counted, request, self._config, self._labels)
        return SearchResult(total=total, hits=hits, facets=facets, facets_truncated=truncated)

    def _rank(self, request: SearchRequest, depth: int) -> Ranked:
        tree = ranking_query(request, self._parser, self._config)
        if tree is None:
            return super().rank(request, depth)
        ranking, filters = to_lucene(tree), filter_clauses(request)
        top, total, counted = self._run(filtered(ranking, filters), depth, False, request)
        candidates = [Candidate(self._ids[number], score, self._langs[number]) for number, score in top]
        if request.extra_ids and (total or self._searcher.count(ranking)):     # filters aside, as in _search
            candidates += self._extra_candidates(request.extra_ids, ranking, filters)
        facets, truncated = facet_values(counted, request, self._config, self._labels)
        return Ranked(total, candidates, facets, truncated)

    def _extra_candidates(self, extra_ids: list[str], ranking, filters: list) -> list[Candidate]:
        """The dense neighbours that pass the filters and that the query did not match itself."""
        query = boolean((ids_query(extra_ids), "FILTER"), (ranking, "MUST_NOT"),
                        *((clause, "FILTER") for clause in filters))
        allowed = {number for number, _ in _score_docs(self._searcher.search(query, max(1, len(extra_ids))))}
        numbers = [self._number_of[i] for i in extra_ids if i in self._number_of]
        return [Candidate(self._ids[n], 0.0, self._langs[n], matched=False) for n in numbers if n in allowed]

    def _run(self, query, n: int, by_date: bool, request: SearchRequest):
        """The best ``n`` (document number, score) pairs, the exact number of matches, and the
        facet counts over them (facet -> {value: count}), collected in one pass."""
        if request.with_facets and self._facet_state is not None:
            manager = java("org.apache.lucene.facet.FacetsCollectorManager")
            found = (manager.search(self._searcher, query, n, self._by_date, manager()) if by_date
                     else manager.search(self._searcher, query, n, manager()))
            counts = java("org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts")(
                self._facet_state, found.facetsCollector())
            top = found.topDocs()
            return _score_docs(top), _total(self._searcher, query, top), self._facet_counts(counts, request)
        top = self._searcher.search(query, n, self._by_date) if by_date else self._searcher.search(query, n)
        return _score_docs(top), _total(self._searcher, query, top), {}

    def _facet_counts(self, counts, request: SearchRequest) -> dict[str, dict[str, int]]:
        """Each facet's top values (past its size by a margin: the cut sorts ties by label, and one
        more tells it was truncated; every period of the date chart), read in one call, and the
        selected values wherever they rank."""
        sizes = [0 if name == "date" else fetch_size(request, self._config, name) for name in FACET_NAMES]
        printed = _bulk().facets(counts, list(FACET_NAMES), sizes).split("\0")
        counted = {}
        for name, text, size in zip(FACET_NAMES, printed, sizes):
            values = _label_values(text)
            while size and tied_past(list(values.values()), facet_limit(request, self._config, name), size):
                size *= 4               # Lucene breaks ties by the value's bytes: ask for the whole tie
                values = _label_values(_bulk().facets(counts, [name], [size]))
            for value in request.filters_for(name):
                if value not in values:
                    count = counts.getSpecificValue(name, [value]).intValue()
                    if count > 0:
                        values[value] = count
            counted[name] = values
        return counted

    def _stored(self, numbers: list[int]) -> list[dict]:
        if not numbers:
            return []
        stored = self._reader.storedFields()        # one per call: a StoredFields is for one thread
        lines = _bulk().stored(stored, numbers, schema.STORED).split("\n")[:-1]    # (not splitlines: U+2028)
        return [json.loads(line) for line in lines]



_LABEL_VALUE = re.compile(r"^  (.*) \((\d+)\)$", re.MULTILINE)


def _label_values(printed: str) -> dict[str, int]:
    """{value: count} from ``FacetResult.toString()`` ("dim=actor path=[] value=-1 childCount=4" and
    a line "  <value> (<count>)" per value): one call into the JVM instead of three per value
    (facet values never hold a line break: ids and number keys)."""
    return {label: int(count) for label, count in _LABEL_VALUE.findall(printed)}


def _sort_field(field: str | None, kind: str, reverse: bool):
    kinds = java("org.apache.lucene.search.SortField$Type")
    return java("org.apache.lucene.search.SortField")(field, getattr(kinds, kind), reverse)


def _score_docs(top) -> list[tuple[int, float]]:
    pairs = _bulk().hits(top)       # document number, score, document number, score, ...
    return [(int(number), score) for number, score in zip(pairs[0::2], pairs[1::2])]


def _bulk():
    """Our helper class of bulk reads (``java/news/lucene/Bulk.java``)."""
    return java("news.lucene.Bulk")


def _total(searcher, query, top) -> int:
    """The exact number of matches (a top-n search may stop counting at a threshold)."""
    total = top.totalHits
    if total.relation().toString() == "EQUAL_TO":
        return total.value()
    return searcher.count(query)
