"""The one small interface every index backend implements.

Writing: ``backend.writer(folder)`` gives an ``IndexWriter`` (add articles, commit).
Reading: ``backend.open(folder)`` gives an ``IndexReader`` (search with query + filters +
facets, count).  The search service and the app only see these types and the plain
records below, so Whoosh, Lucene or a distributed engine can sit behind them.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path

from indexer.records import Article

FACET_NAMES = ("lang", "actor", "place", "number")


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
    entity_ids: list[str] = field(default_factory=list)   # ids the query text names (entity channel)
    doc_ids: list[str] | None = None                      # only these documents (dense-only ranking)
    extra_ids: list[str] = field(default_factory=list)    # also match these (dense neighbours), score 0,
                                                          # but only if the query itself matches something
    page: int = 1
    size: int = 10
    facet_sizes: dict[str, int] = field(default_factory=dict)
    with_facets: bool = True

    def filters_for(self, facet: str) -> list[str]:
        return {"lang": self.langs, "actor": self.actors, "place": self.places, "number": self.numbers}[facet]


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


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


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    facets_truncated: dict[str, bool] = field(default_factory=dict)


class IndexWriter(ABC):
    @abstractmethod
    def add(self, article: Article) -> None: ...

    @abstractmethod
    def commit(self) -> None: ...


class IndexReader(ABC):
    @abstractmethod
    def search(self, request: SearchRequest) -> SearchResult: ...

    @abstractmethod
    def count(self) -> int: ...

    def close(self) -> None:
        """Release files; the default has nothing to release."""


class Backend(ABC):
    name: str

    @abstractmethod
    def writer(self, folder: Path) -> IndexWriter: ...

    @abstractmethod
    def open(self, folder: Path) -> IndexReader: ...
