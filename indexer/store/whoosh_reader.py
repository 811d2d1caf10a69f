"""Reading a Whoosh index: ranking, the page of a search, facet counts, stored articles.

The common queries never go through Whoosh's matchers and collectors one posting at a time:
plain words (a disjunction of terms) and the filters are read a posting list at a time by
``whoosh_bulk``, and the page is cut by score or from the browse order kept per open index.
Phrases and the other queries the parser can make go to Whoosh's own matchers, with the same
answers (``tests/store/test_whoosh_bulk.py``).
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from whoosh import sorting
from whoosh.query import And, ConstantScoreQuery, Every, NullQuery, Or, Phrase, Prefix, Term, TermRange

from indexer.config import Config
from indexer.facets import TERM_FACETS, facet_def
from indexer.store import whoosh_bulk
from indexer.store.base import Candidate, Hit, IndexReader, Ranked, SearchRequest, SearchResult
from indexer.store.facet_counts import FacetColumn, mask_of
from indexer.store.facet_labels import FacetLabels, facet_values
from indexer.analysis.prepared import PHRASE_SUFFIX
from indexer.store.whoosh_backend import (ANY_UNIT, EXTRA_SCORE, FACET_FIELDS, make_parser, number_token,
                                          ranking_query, stored_hit)
from indexer.store.whoosh_scoring import LucenePhrase, LuceneBM25

# Browsing: newest first, ties by id (not by the order articles were added: an update adds them
# in another order than a build, and both must list alike).
BY_DATE = sorting.MultiFacet(["date", "id"])


class WhooshReader(IndexReader):
    def __init__(self, ix, folder: Path, config: Config):
        self._ix = ix
        self._config = config
        self._labels = FacetLabels.load(folder)
        bm25 = config.ranking.bm25
        self._weighting = LuceneBM25(k1=bm25.k1, b=bm25.b)
        self._text_fields = [f"{part}_{lang}" for lang in config.languages for part in ("title", "body")]
        self._parser = make_parser(config, ix.schema)
        self._columns: dict[str, FacetColumn] | None = None
        self._docs = None
        self._live: np.ndarray | None = None
        self._newest_first: np.ndarray | None = None
        self._local = threading.local()
        self._open_lock = threading.Lock()
        self._open_searchers: list = []

    def count(self) -> int:
        return self._ix.doc_count()

    @contextmanager
    def _searcher(self):
        """This thread's searcher, opened once: opening one reads the segment files' headers
        (~8 ms).  Whoosh searchers are not to be shared between threads."""
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._local.searcher = self._ix.searcher(weighting=self._weighting)
            with self._open_lock:
                self._open_searchers.append(searcher)
        yield searcher

    def close(self) -> None:
        with self._open_lock:
            for searcher in self._open_searchers:
                searcher.close()
            self._open_searchers.clear()
        self._ix.close()

    def search(self, request: SearchRequest) -> SearchResult:
        query = self._query(request)
        with self._searcher() as searcher:
            found = self._search_in_bulk(searcher, query, request)
            total, hits, docs = found if found is not None else self._search_by_whoosh(searcher, query, request)
            counted = self._count_facets(searcher, docs) if request.with_facets else {}
        facet_values, truncated = self._facet_values(counted, request)
        return SearchResult(total=total, hits=hits, facets=facet_values, facets_truncated=truncated)

    def _search_in_bulk(self, searcher, query, request: SearchRequest):
        """(total, the page's hits, every matching document) with every match read at once
        (``whoosh_bulk``) and the page cut from the date order kept per open index, or by score:
        Whoosh's sorting collector computes a sort key per matching document in Python (a
        browse of 20,000 articles: ~100 ms).  None when ``whoosh_bulk`` cannot read the query."""
        if query is None:
            docs, scores = self._live_docs(searcher), None
        elif request.extra_ids:
            return None
        else:
            matched = whoosh_bulk.scores(searcher, query, self._weighting)
            if matched is None:
                return None
            docs, scores = matched
        docs, scores = _within((docs, scores), _filter_mask(searcher, self._filter(request)))
        first, last = (request.page - 1) * request.size, request.page * request.size
        by_date = query is None or request.by_date
        if by_date:
            page = docs[np.argsort(self._newest_first_rank(searcher)[docs], kind="stable")[first:last]]
            hits = [self._hit_of(searcher.stored_fields(int(d)), None) for d in page]
        else:
            best = whoosh_bulk.top(docs, scores, last)[first:]
            hits = [self._hit_of(searcher.stored_fields(int(docs[i])), float(scores[i])) for i in best]
        return len(docs), hits, docs

    def _search_by_whoosh(self, searcher, query, request: SearchRequest):
        """``_search_in_bulk``'s answer by Whoosh's own collectors (a phrase, the dense channel's
        extra documents)."""
        by_date = query is None or request.by_date
        if query is not None and request.extra_ids and _matches_any(searcher, query):
            # ListMatcher treats a constant 0.0 as "no constant": a tiny one, reported as 0.
            query = Or([query, ConstantScoreQuery(Or([Term("id", i) for i in request.extra_ids]), EXTRA_SCORE)])
        # Not search_page: it clamps a page past the end to the last page; we answer it empty.
        first = (request.page - 1) * request.size
        results = searcher.search(
            Every() if query is None else query, limit=first + request.size, filter=self._filter(request),
            sortedby=BY_DATE if by_date else None, reverse=by_date, terms=False)
        hits = [self._hit(hit, None if by_date else (hit.score if hit.score > 2 * EXTRA_SCORE else 0.0))
                for hit in results[first:first + request.size]]
        return len(results), hits, np.fromiter(results.docs(), dtype=np.int64)

    def rank(self, request: SearchRequest, depth: int) -> Ranked:
        query = self._query(request)
        if query is None:
            return super().rank(request, depth)
        with self._searcher() as searcher:
            ids, langs, docnum_of = self._doc_table(searcher)
            filter_query = self._filter(request)
            allowed = _filter_mask(searcher, filter_query)
            matched = whoosh_bulk.scores(searcher, query, self._weighting)
            if matched is None:     # a phrase or another query that only Whoosh's matchers score
                best, docs, matches_unfiltered = self._whoosh_top(searcher, query, filter_query, depth)
            else:
                matches_unfiltered = len(matched[0]) > 0
                docs, scores = _within(matched, allowed)
                chosen = whoosh_bulk.top(docs, scores, depth)
                best = zip(docs[chosen].tolist(), scores[chosen].tolist())
            candidates = [Candidate(ids[docnum], score, langs[docnum]) for docnum, score in best]
            total = len(docs)
            counted = self._count_facets(searcher, docs) if request.with_facets else {}
            # The neighbours join a query that matches something, filters aside (as in ``search``):
            # under a language filter an English headline may match no German word, and the
            # German articles about its story are then exactly what the dense channel is for.
            if request.extra_ids and matches_unfiltered:
                candidates += self._extra_candidates(searcher, request.extra_ids, allowed, docs)
        facet_values, truncated = self._facet_values(counted, request)
        return Ranked(total, candidates, facet_values, truncated)

    @staticmethod
    def _whoosh_top(searcher, query, filter_query, depth: int):
        """The best ``depth`` (document number, score) pairs by Whoosh's own matchers, every
        matching document's number, and whether the query matches anything, filters aside."""
        results = searcher.search(query, limit=depth, filter=filter_query, terms=False)
        docs = np.fromiter(results.docs(), dtype=np.int64)
        return [(hit.docnum, hit.score) for hit in results], docs, bool(len(docs)) or _matches_any(searcher, query)

    def _extra_candidates(self, searcher, extra_ids, allowed: np.ndarray | None,
                          matched: np.ndarray) -> list[Candidate]:
        ids, langs, docnum_of = self._doc_table(searcher)
        matched = set(matched.tolist())
        docnums = [docnum_of[i] for i in extra_ids if i in docnum_of]
        return [Candidate(ids[d], 0.0, langs[d], matched=False) for d in docnums
                if d not in matched and (allowed is None or allowed[d])]

    def fetch(self, doc_ids: list[str]) -> list[Hit]:
        with self._searcher() as searcher:
            _, _, docnum_of = self._doc_table(searcher)
            return [self._hit_of(searcher.stored_fields(docnum_of[i]), None) for i in doc_ids if i in docnum_of]

    def _doc_table(self, searcher) -> tuple[list[str], list[str], dict[str, int]]:
        """Document number -> id and language, and id -> document number, read once per open index."""
        if self._docs is None:
            ids, langs = self._field_by_doc(searcher, "id"), self._field_by_doc(searcher, "lang")
            self._docs = ids, langs, {doc_id: docnum for docnum, doc_id in enumerate(ids) if doc_id}
        return self._docs

    @staticmethod
    def _field_by_doc(searcher, field: str) -> list[str]:
        """Each document's value of a one-value field ("" for none), from the field's postings."""
        reader = searcher.reader()
        table = [""] * searcher.doc_count_all()
        for term in reader.lexicon(field):
            value = _term_text(term)
            for docnum in reader.postings(field, term).all_ids():
                table[docnum] = value
        return table

    def _live_docs(self, searcher) -> np.ndarray:
        """Every document not deleted (ascending), read once per open index."""
        if self._live is None:
            self._live = np.fromiter(searcher.reader().all_doc_ids(), dtype=np.int64)
        return self._live

    def _newest_first_rank(self, searcher) -> np.ndarray:
        """Each document's place in the browse order (``BY_DATE`` reversed: newest date first,
        then the larger id; no date last), computed once per open index."""
        if self._newest_first is None:
            ids = self._doc_table(searcher)[0]
            dates = self._field_by_doc(searcher, "date")
            order = sorted(range(len(ids)), key=lambda docnum: (dates[docnum], ids[docnum]), reverse=True)
            self._newest_first = np.empty(len(ids), dtype=np.int64)
            self._newest_first[order] = np.arange(len(ids))
        return self._newest_first

    def _count_facets(self, searcher, doc_numbers) -> dict[str, dict[str, int]]:
        columns = self._facet_columns(searcher)
        matching = mask_of(doc_numbers, searcher.doc_count_all())
        return {name: dict(column.count(matching)) for name, column in columns.items()}

    def _facet_columns(self, searcher) -> dict[str, FacetColumn]:
        """Each facet field's (document, value) pairs, read once per open index."""
        if self._columns is None:
            reader = searcher.reader()
            self._columns = {name: FacetColumn.from_postings(
                (_term_text(term), reader.postings(field, term).all_ids())
                for term in _lexicon(reader, field)) for name, field in FACET_FIELDS.items()}
        return self._columns

    def _query(self, request: SearchRequest):
        query = ranking_query(request, self._parser, self._config)
        return query if query is None else query.accept(self._on_twin)

    def _on_twin(self, query):
        """A quoted phrase searches its field's twin, as in Lucene (an index from before the twins:
        the field itself)."""
        twin = getattr(query, "fieldname", "") + PHRASE_SUFFIX
        if not isinstance(query, Phrase) or twin not in self._ix.schema:
            return query
        if len(query.words) == 1:
            return Term(twin, query.words[0], boost=query.boost)
        return LucenePhrase(twin, query.words, slop=query.slop, boost=query.boost)

    def _filter(self, request: SearchRequest):
        clauses = []
        for name in TERM_FACETS:        # several values: all of them (AND) or, one value per article, any (OR)
            terms = [Term(FACET_FIELDS[name], value) for value in request.filters_for(name)]
            clauses += terms if facet_def(name).multi else [Or(terms)] if terms else []
        clauses += [_number_filter(value) for value in request.numbers]
        if request.number_unit:         # every number facet key of the unit, exact ("soldiers:3000") or vague
            clauses.append(Prefix("number", f"{request.number_unit}:"))
        if request.date_from or request.date_to:      # NO_DATE sorts after every digit: never in range
            clauses.append(TermRange("day", request.date_from or "0000-00-00", request.date_to or "9999-99-99"))
        if request.doc_ids is not None:     # the dense channel's candidates (ranking, not a user filter)
            clauses.append(Or([Term("id", doc_id) for doc_id in request.doc_ids]) if request.doc_ids
                           else NullQuery)
        if request.num_min is not None or request.num_max is not None:
            unit = request.num_unit if request.num_unit is not None else ANY_UNIT
            low = request.num_min if request.num_min is not None else 0.0
            high = request.num_max if request.num_max is not None else 1e18
            clauses.append(TermRange("numval", number_token(unit, low), number_token(unit, high)))
        if not clauses:
            return None
        return And(clauses) if len(clauses) > 1 else clauses[0]

    def _hit(self, hit, score) -> Hit:
        return self._hit_of(hit.fields(), score)

    def _hit_of(self, fields: dict, score) -> Hit:
        return stored_hit(fields, score)

    def _facet_values(self, counted: dict, request: SearchRequest):
        return facet_values(counted, request, self._config, self._labels)


def _number_filter(value: str):
    """``unit:value`` is a facet value; a bare number matches that value in any unit."""
    if ":" in value:
        return Term("number", value)
    return Term("numval", number_token(ANY_UNIT, float(value)))


def _filter_mask(searcher, filter_query) -> np.ndarray | None:
    """Which documents pass the filter, as a mask over document numbers (None: no filter)."""
    if filter_query is None:
        return None
    allowed = whoosh_bulk.documents(searcher, filter_query)
    if allowed is None:         # a range or a prefix: Whoosh's matchers
        allowed = np.fromiter(searcher.docs_for_query(filter_query), dtype=np.int64)
    return mask_of(allowed, searcher.doc_count_all())


def _within(matched: tuple[np.ndarray, np.ndarray | None], allowed: np.ndarray | None):
    """The matched documents (and their scores, if any) that pass the filter's mask."""
    docs, scores = matched
    if allowed is None:
        return matched
    keep = allowed[docs]
    return docs[keep], None if scores is None else scores[keep]


def _term_text(term) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


def _lexicon(reader, field: str):
    """The terms of ``field`` (none for a field an older index does not have)."""
    return reader.lexicon(field) if field in reader.schema else ()


def _matches_any(searcher, query) -> bool:
    """True if some document matches ``query`` (filters aside): the dense channel may then add
    neighbours; a query that matches nothing stays empty."""
    return next(iter(query.docs(searcher)), None) is not None
