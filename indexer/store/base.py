"""The one small interface every index backend implements.

Writing: ``backend.writer(folder)`` gives an ``IndexWriter`` (add articles, commit).
Reading: ``backend.open(folder)`` gives an ``IndexReader``: ``search`` (one page of hits with
facets: browsing), ``rank`` (the best ``depth`` matches as ids and scores, with the total and the
facets counted over the matches: the text and entity channels of a query, asked once) and
``fetch`` (the stored fields of the hits of the page shown, in one call).  The search service and the app only see these types and the plain
records below, so Whoosh, Lucene or a distributed engine can sit behind them.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path

from indexer.facets import FACET_NAMES, NO_DATE  # noqa: F401  (re-exported: the backends' facet list)
from indexer.records import Article

SORTS = ("relevance", "date")
# The request field that holds the selected values of each filtered facet.
FILTER_FIELDS = {"lang": "langs", "actor": "actors", "place": "places", "number": "numbers", "source": "sources",
                 "agency": "agencies"}


@dataclass
class SearchRequest:
    """A validated query with its filters. Filters of one kind and across kinds combine with AND."""

    query: str = ""
    langs: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)      # number facet keys ("soldiers:3000") or bare values
    num_min: float | None = None
    num_max: float | None = None
    num_unit: str | None = None
    sources: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    date_from: str | None = None     # "YYYY-MM-DD", inclusive
    date_to: str | None = None       # "YYYY-MM-DD", inclusive
    sort: str = "relevance"          # or "date": newest first, articles without a date last
    number_unit: str | None = None   # only articles counting this unit, exactly or vaguely (the claims view)
    entity_ids: list[str] = field(default_factory=list)   # ids the query text names (entity channel)
    excluded_entity_ids: list[str] = field(default_factory=list)   # ... its excluded words name ("NOT Kursk")
    doc_ids: list[str] | None = None                      # only these documents (dense-only ranking)
    extra_ids: list[str] = field(default_factory=list)    # also match these (dense neighbours), score 0,
                                                          # but only if the query itself matches something
    page: int = 1
    size: int = 10
    collapse: bool = True                                 # one hit per group of copies (the search service's)
    group: str | None = None                              # only this group of copies (the service sets doc_ids)
    facet_sizes: dict[str, int] = field(default_factory=dict)
    with_facets: bool = True
    related: int = 0                                      # dense-only neighbours listed apart, at most
    related_inline: bool = False                          # ... or ranked among the hits (flagged, not counted)

    def filters_for(self, facet: str) -> list[str]:
        """The selected values of ``facet`` (the date facet is selected through its period)."""
        field_name = FILTER_FIELDS.get(facet)
        return getattr(self, field_name) if field_name else []

    def without_filter(self, facet: str) -> "SearchRequest":
        """This request with no value of ``facet`` selected."""
        return dataclasses.replace(self, **{FILTER_FIELDS[facet]: []})

    @property
    def by_date(self) -> bool:
        """Listed newest first: asked for, or no query text to rank by."""
        return self.sort == "date" or not self.query.strip()


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False
    start: str | None = None     # date facet: the period's first and last day ("YYYY-MM-DD")
    end: str | None = None


@dataclass
class Hit:
    id: str
    title: str
    lang: str
    date: str | None
    score: float | None
    body: str
    actors: list[dict] = field(default_factory=list)
    places: list[dict] = field(default_factory=list)
    numbers: list[dict] = field(default_factory=list)
    url: str | None = None
    source: str | None = None
    agencies: list[str] = field(default_factory=list)
    matched: bool = True      # False: the dense channel found it, no query word or entity matched


@dataclass
class Candidate:
    """A ranked match, before its stored fields are fetched."""

    id: str
    score: float
    lang: str
    matched: bool = True      # False: added through ``SearchRequest.extra_ids`` (a dense neighbour only)


@dataclass
class Ranked:
    total: int                               # documents the query itself matches (filters applied)
    candidates: list[Candidate]
    facets: dict[str, list[FacetValue]]      # counted over those matches
    facets_truncated: dict[str, bool] = field(default_factory=dict)


@dataclass
class SearchResult:
    total: int                               # documents the query matches: what ``hits`` pages through
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    facets_truncated: dict[str, bool] = field(default_factory=dict)
    related: list[Hit] = field(default_factory=list)   # dense neighbours no query word matched, apart
    inline_related: int = 0     # ... or how many of them the one ranked list holds (``related_inline``):
                                # not counted in ``total``, but they take places on the pages


class BackendUnavailable(RuntimeError):
    """The backend's server cannot be reached now (the app answers 503 and recovers by itself)."""


class IndexWriter(ABC):
    @abstractmethod
    def add(self, article: Article, prepared=None) -> None:
        """Index ``article``; ``prepared`` is what this backend's ``prepare`` made of it (or None)."""

    @abstractmethod
    def commit(self) -> None: ...

    def delete(self, doc_id: str) -> None:
        """Remove an article (only writers from ``Backend.updater`` are asked to)."""
        raise NotImplementedError(f"{type(self).__name__} cannot delete")


class IndexReader(ABC):
    @abstractmethod
    def search(self, request: SearchRequest) -> SearchResult: ...

    @abstractmethod
    def count(self) -> int: ...

    def rank(self, request: SearchRequest, depth: int) -> Ranked:
        """The best ``depth`` matches of ``request.query`` with their scores; ``extra_ids`` that
        pass the filters follow as unmatched candidates (score 0) and count nowhere, if the query
        matches something, filters aside (as in ``search``).  The default
        goes through ``search``; a backend overrides it to skip the stored fields."""
        plain = self.search(dataclasses.replace(request, page=1, size=depth, extra_ids=[]))
        candidates = [Candidate(hit.id, hit.score or 0.0, hit.lang) for hit in plain.hits]
        extra = [i for i in request.extra_ids if i not in {c.id for c in candidates}]
        if extra:
            # The neighbours that pass the filters; when nothing matched under the filters,
            # ``search`` itself adds them if the query matches something filters aside (an English
            # headline, German articles only).
            neighbours = (dataclasses.replace(request, query="", doc_ids=extra, extra_ids=[]) if plain.total
                          else request)
            found = self.search(dataclasses.replace(neighbours, page=1, size=len(extra), with_facets=False))
            candidates += [Candidate(hit.id, 0.0, hit.lang, matched=False) for hit in found.hits]
        return Ranked(plain.total, candidates, plain.facets, plain.facets_truncated)

    def scan(self, request: SearchRequest, batch: int) -> Iterator[Hit]:
        """Every hit of ``request`` in its order, ``batch`` at a time (the export).  The default
        pages through ``search``; a backend whose pages stop at a result window overrides it."""
        page = 1
        while True:
            result = self.search(dataclasses.replace(request, page=page, size=batch, with_facets=False, extra_ids=[]))
            yield from result.hits
            if page * batch >= result.total or not result.hits:
                return
            page += 1

    def fetch(self, doc_ids: list[str]) -> list[Hit]:
        """The stored fields of ``doc_ids``, in that order (ids not in the index are left out)."""
        found = self.search(SearchRequest(doc_ids=list(doc_ids), size=max(1, len(doc_ids)), with_facets=False))
        by_id = {hit.id: hit for hit in found.hits}
        return [by_id[i] for i in doc_ids if i in by_id]

    def close(self) -> None:
        """Release files; the default has nothing to release."""


class Backend(ABC):
    name: str
    comfortable_articles: int | None = None   # above this many articles another backend is faster

    def size_warning(self, articles: int) -> str | None:
        """What to tell the user when a build passes the size this backend stays fast at."""
        if self.comfortable_articles is None or articles <= self.comfortable_articles:
            return None
        return (f"{articles:,} articles: the {self.name} backend gets slow past about "
                f"{self.comfortable_articles:,} (see the README's scale table); `backend: lucene` stays fast")

    def prepare(self, article: Article):
        """The costly, article-local part of indexing (analysis), run in the build's worker
        processes; its result must pickle and goes to ``IndexWriter.add``.  Default: nothing."""
        return None

    @abstractmethod
    def writer(self, folder: Path) -> IndexWriter: ...

    def updater(self, folder: Path, base: Path) -> IndexWriter | None:
        """A writer over a copy of generation ``base``'s index in ``folder`` (``base`` itself is not
        touched: it serves until the swap), taking ``add`` and ``delete``; None when this backend
        cannot update a copy, and an update rebuilds its index from the stored processed records."""
        return None

    @abstractmethod
    def open(self, folder: Path) -> IndexReader: ...
