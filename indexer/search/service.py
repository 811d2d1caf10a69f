"""The query side: request parameters -> validated request -> backend search -> result dict.

This is the one search code path: the web page, the JSON endpoint, ``python -m indexer
search`` and ``batch-search`` (the evaluation) all call ``SearchService``.  The result is a
plain dict; the app only renders it (HTML or JSON) and adds toggle links.
"""
from __future__ import annotations

import dataclasses
import logging
import pickle
import struct
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from indexer.analysis.operators import split_query
from indexer.store import backend_for
from indexer.store.base import SORTS, BackendUnavailable, SearchRequest, SearchResult
from indexer.config import Config
from indexer.facets import SIZED_FACETS
from indexer.search.ranking import Ranker
from indexer.copies import CopyGroups
from indexer.search.collapse import collapsed
from indexer.search.sideways import with_sideways_counts
from indexer.store.generations import MANIFEST, read_copies, read_learned_variants, read_manifest, serving
from indexer.search.params import (MAX_VALUE_CHARS, BadRequest, check_order, choice_param,  # noqa: F401
                                   date_param, distinct_values, filters_of, first, float_param, int_param,
                                   number_value, param_getter, params_without, unit_value)
from indexer.search.render import ResultRenderer

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = MAX_VALUE_CHARS


ENTITY_FILTERS = ("actor", "place")     # filters whose values are entity ids
RETIRED_READER_GRACE_S = 60.0     # a request still on a replaced generation finishes well within this


class IndexMissing(RuntimeError):
    """No index has been built at the configured path yet."""


class IndexDamaged(IndexMissing):
    """The serving generation's files cannot be read (truncated, overwritten): rebuild."""


class SearchService:
    def __init__(self, config: Config, index_dir: Path | None = None):
        self.config = config
        self.index_dir = Path(index_dir) if index_dir else config.index_path
        self._backend = backend_for(config)
        self._reader = None
        self._reader_target = None
        self._retired: list[tuple[float, object]] = []     # (when replaced, reader), oldest first
        self._lock = threading.Lock()
        self._linker = None
        self._linker_target = None
        self._dense = None
        self._dense_target = None
        self._ranker = Ranker(config)
        self._copies = CopyGroups({})
        self._copies_target = None
        self._results = ResultCache(config.search.cache_size)
        self._renderer = ResultRenderer(config)

    # -- parameters -------------------------------------------------------------------
    def parse_params(self, params: Mapping) -> SearchRequest:
        """Validate request parameters (a dict of lists, or a MultiDict) into a request."""
        get_all = param_getter(params)
        query = (first(get_all("q")) or "").strip()
        if len(query) > MAX_QUERY_CHARS:
            raise BadRequest(f"q: at most {MAX_QUERY_CHARS} characters")
        search = self.config.search
        request = SearchRequest(
            query=query,
            langs=self._langs(get_all("lang")),
            actors=distinct_values(get_all("actor")), places=distinct_values(get_all("place")),
            numbers=[number_value(value) for value in distinct_values(get_all("number"))],
            num_min=float_param("num_min", first(get_all("num_min"))),
            num_max=float_param("num_max", first(get_all("num_max"))),
            num_unit=unit_value(first(get_all("num_unit")) or "") or None,
            sources=distinct_values(get_all("source")), agencies=distinct_values(get_all("agency")),
            date_from=date_param("date_from", first(get_all("date_from"))),
            date_to=date_param("date_to", first(get_all("date_to"))),
            sort=choice_param("sort", first(get_all("sort")), SORTS, "relevance" if query else "date"),
            doc_ids=distinct_values(get_all("id")) or None,      # one article (the claims view links to it)
            page=int_param("page", first(get_all("page")), 1, 1, search.max_page),
            size=int_param("size", first(get_all("size")), search.default_size, 1, search.max_size),
            facet_sizes=self._facet_sizes(first(get_all("facet_size"))),
            collapse=choice_param("collapse", first(get_all("collapse")), ("true", "false"), "true") == "true",
            group=(first(get_all("group")) or "").strip() or None,
            related=search.related_size,
            related_inline=choice_param("related", first(get_all("related")), ("apart", "inline"), "apart") == "inline",
        )
        check_order("num_min", request.num_min, "num_max", request.num_max)
        check_order("date_from", request.date_from, "date_to", request.date_to, larger="after")
        return _unit_alone(request)

    def _facet_sizes(self, raw: str | None) -> dict[str, int]:
        """``facet_size=N`` (datasette's ``_facet_size``): how many values each facet lists, up to
        the largest ``facets.<name>.max_size``; each facet then takes at most its own."""
        if raw is None or raw.strip() == "":      # empty: the default, as for size and page
            return {}
        largest = max(self.config.facet(name).max_size for name in SIZED_FACETS)
        size = int_param("facet_size", raw, 1, 1, largest)
        return {name: min(size, self.config.facet(name).max_size) for name in SIZED_FACETS}

    def _langs(self, values: list[str]) -> list[str]:
        langs = distinct_values(values)
        for lang in langs:
            if lang not in self.config.languages:
                raise BadRequest(f"lang: unknown language {lang!r} (known: {', '.join(self.config.languages)})")
        return langs

    # -- searching --------------------------------------------------------------------
    def search(self, params: Mapping) -> dict:
        request = self.parse_params(params)
        key = (self.index_dir.resolve(), repr(request))
        cached = self._results.get(key)
        if cached is None:
            cached = self.run(request)
            self._results.put(key, cached)
        return _json_copy(cached)         # the caller's own copy: the app adds links to it

    def with_entity_ids(self, params: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """``actor`` and ``place`` values given as names ("Putin", "Noord-Korea", as typed in the
        type-ahead's box) replaced by the id of the entity they name; ids, and names that link
        to nothing of that kind, stay as they are."""
        return [(key, self._entity_id(key, value)) if key in ENTITY_FILTERS and not value.startswith(f"{key}:")
                else (key, value) for key, value in params]

    def _entity_id(self, kind: str, name: str) -> str:
        if not name.strip() or len(name) > MAX_VALUE_CHARS:
            return name             # left for parse_params to judge
        ids = [entity_id for entity_id in self.link(name) if entity_id.startswith(f"{kind}:")]
        return ids[0] if ids else self._entity_linker().id_named(name, kind) or name

    def export(self, params: Mapping, fmt: str) -> Iterator[str]:
        """Every matching article as CSV or JSON Lines lines (``indexer.search.export``); the
        parameters are checked before the first line, so a bad one is still a ``BadRequest``."""
        from indexer.search.export import FORMATS, export_lines

        fmt = choice_param("format", fmt, FORMATS, "csv")
        # Linked as for ``total``: an article the query matches only through a name's entity
        # ("Poetin" -> every spelling of Putin) is a match, so the export lists it too.
        request = self._linked(self._narrowed_to_group(self.parse_params(params_without(params, ("format",)))))
        return export_lines(self.reader(), request, fmt, self.config.search.export_batch)   # every copy

    def facet_search(self, name: str, params: Mapping) -> dict:
        """Values of facet ``name`` starting with ``prefix``: the type-ahead (``indexer.search.typeahead``)."""
        from indexer.search.typeahead import facet_values

        return facet_values(self, name, params)

    def spellings(self, entity_id: str) -> list[str]:
        """The names of an actor or place in our languages, as written ("Poetin", "Putin", ...)."""
        return self._entity_linker().spellings(entity_id)

    def entity_label(self, entity_id: str) -> str | None:
        """The tables' label of an actor or place ("Vladimir Putin"), mentioned or not; None for
        a name only a build minted."""
        return self._entity_linker().label(entity_id)

    def claims(self, params: Mapping) -> dict:
        """Every claim of ``unit`` across the articles the search matches (``indexer.search.claims``)."""
        from indexer.search.claims import gather_claims

        return gather_claims(self, params)

    def export_claims(self, params: Mapping, fmt: str) -> Iterator[str]:
        """The claims as CSV or JSON Lines lines; the parameters are checked before the first."""
        from indexer.search.export import FORMATS, export_claims

        fmt = choice_param("format", fmt, FORMATS, "csv")
        return export_claims(self.claims(params_without(params, ("format",))), fmt)

    def run(self, request: SearchRequest) -> dict:
        request = self._linked(request)         # the JSON says which entities the query named
        return self._renderer.render(request, self._ranked(request), self.copies())

    def rank(self, request: SearchRequest) -> SearchResult:
        """The ranking of every caller (``ranking`` in the config; see ``indexer.search.ranking``).
        The caller's request is left as it is."""
        return self._ranked(self._linked(request))

    def _linked(self, request: SearchRequest) -> SearchRequest:
        """``request`` with the ids of the entities its query names (the entity channel), those
        of the words it wants and those of the words it excludes ("Putin NOT Kursk") apart."""
        if not self.config.ranking.channels.entities:
            return dataclasses.replace(request, entity_ids=[], excluded_entity_ids=[])
        parts = split_query(request.query)
        return dataclasses.replace(request, entity_ids=self._link_text(parts.wanted),
                                   excluded_entity_ids=self._link_text(parts.excluded))

    def _link_text(self, text: str) -> list[str]:
        return self.link(text.strip()) if text.strip() else []

    def _ranked(self, request: SearchRequest) -> SearchResult:
        text = request.query.strip()
        channels = self.config.ranking.channels
        dense = self.dense_index() if text and channels.dense else None
        reader, groups = self.reader(), self.copies()
        request = self._narrowed_to_group(request)
        try:
            if request.collapse and not request.group and groups:
                result = collapsed(lambda page: self._ranker.rank(reader, page, dense), request, groups)
            else:
                result = self._ranker.rank(reader, request, dense)
            return with_sideways_counts(reader, request, result)
        except DAMAGED_READS as error:      # a segment file cut short or overwritten, read lazily
            raise IndexDamaged(f"the index at {self.index_dir} cannot be read ({type(error).__name__}: {error}): "
                               "run `python -m indexer build`") from error

    def _narrowed_to_group(self, request: SearchRequest) -> SearchRequest:
        """``group``: the copies of one group, every one of them (an article in no group is its own)."""
        if not request.group:
            return request
        members = self.copies().members.get(request.group, [request.group])
        if request.doc_ids is not None:
            members = [doc_id for doc_id in members if doc_id in request.doc_ids]
        return dataclasses.replace(request, doc_ids=members)

    def copies(self) -> CopyGroups:
        """The groups of copies of the serving index generation (none for an older index)."""
        target = self.index_dir.resolve()
        with self._lock:
            if target != self._copies_target:
                self._copies = CopyGroups.from_json(read_copies(target))
                self._copies_target = target
            return self._copies

    def dense_index(self):
        """The vectors of the serving index generation, or None (built without the dense channel)."""
        target = self.index_dir.resolve()
        with self._lock:
            if target != self._dense_target:
                self._dense, self._dense_target = _open_vectors(target), target
            return self._dense

    def link(self, query: str) -> list[str]:
        """Entity ids the query names, in any language or spelling (the entity channel)."""
        return self._entity_linker().link(query)

    def _entity_linker(self):
        target = self.index_dir.resolve()
        with self._lock:
            if self._linker is None:
                from indexer.entities.extractor import EntityExtractor

                self._linker = EntityExtractor.from_config(self.config)
            if target != self._linker_target:  # names the build minted for this index generation
                self._linker.use_learned_variants(read_learned_variants(target))
                self._linker_target = target
            return self._linker

    def batch_search(self, topics: Mapping[str, str], hits: int = 100, langs: Iterable[str] = ()) \
            -> dict[str, list[tuple[str, float]]]:
        """Rank for many queries with exactly the app's ranking; returns ``{qid: [(docid, score)]}``."""
        run = {}
        for qid, query in topics.items():
            request = SearchRequest(query=query, langs=list(langs), size=hits, with_facets=False,
                                    collapse=False,     # evaluation judges articles: every copy ranked
                                    related_inline=True)    # one ranked list: related where they rank
            run[qid] = [(hit.id, hit.score or 0.0) for hit in self.rank(request).hits]
        return run

    def count(self) -> int:
        return self.reader().count()

    def reader(self):
        """The open index; reopened when a build has swapped a new generation in."""
        with self._lock:
            target = self.index_dir.resolve()
            if self._reader is None or target != self._reader_target:
                _check_complete(self.index_dir, self.config.backend)  # once per generation, not every request
                reader = _open_reader(self._backend, target, self.index_dir)
                if self._reader is not None:
                    self._retired.append((time.monotonic(), self._reader))
                self._reader, self._reader_target = reader, target
            self._close_retired()
            return self._reader

    def _close_retired(self) -> None:
        """Close the readers of replaced generations once no request can still be using them
        (a request that took its reader before the swap finishes within the grace period):
        their files, and a Lucene reader's memory, are released instead of kept to the end."""
        now = time.monotonic()
        while self._retired and now - self._retired[0][0] > RETIRED_READER_GRACE_S:
            _, reader = self._retired.pop(0)
            try:
                reader.close()
            except Exception:     # closing is housekeeping: a failure must not fail the search
                log.warning("could not close a replaced index reader", exc_info=True)


# What reading a damaged index file raises (a truncated pickle or segment, bytes that are no
# compressed block): the index, not the request or our code, is wrong.
DAMAGED_READS = (EOFError, pickle.UnpicklingError, struct.error, zlib.error)


def _open_vectors(generation: Path):
    """The generation's vectors, or None: built without them, or damaged (searching goes on
    without the dense channel, and the log says to rebuild)."""
    from indexer.store.dense import DenseIndex

    try:
        dense = DenseIndex.open(generation)
    except (OSError, ValueError) as error:         # truncated or overwritten
        log.warning("the vectors in %s cannot be read (%s): searching without the dense channel; "
                    "rebuild the index", generation, error)
        return None
    if dense is None:
        log.warning("ranking.channels.dense is on but %s has no vectors: rebuild the index", generation)
    return dense


def _open_reader(backend, generation: Path, index_dir: Path):
    """The backend's reader of ``generation``; a file it cannot read is a damaged index, said in
    one line (the app answers 503), not a traceback."""
    try:
        return backend.open(generation)
    except BackendUnavailable:
        raise
    except Exception as error:
        raise IndexDamaged(f"the index at {index_dir} cannot be read ({type(error).__name__}: {error}): "
                           "run `python -m indexer build`") from error


def _check_complete(index_dir: Path, backend: str) -> None:
    """A finished generation has its manifest (written last); a folder without one, made by hand
    or left by a killed build, is no index: the backend's open would fail on it, as it would on
    an index another backend wrote (``backend:`` changed in the config since the build)."""
    generation = serving(index_dir)
    if generation is None or not (generation / MANIFEST).is_file():
        raise IndexMissing(f"no index at {index_dir}: run `python -m indexer build` first")
    built_with = read_manifest(generation).get("backend", backend)     # older manifests do not say
    if built_with != backend:
        raise IndexMissing(f"the index at {index_dir} was built with the {built_with} backend and the config "
                           f"says {backend}: run `python -m indexer build`")


def _unit_alone(request: SearchRequest) -> SearchRequest:
    """``num_unit`` without ``num_min``/``num_max``: the articles with any count of the unit,
    exact or vague (those the claims view of the unit reads); with a bound it names the unit
    of the range, which the backend applies itself."""
    if request.num_unit is None or request.num_min is not None or request.num_max is not None:
        return request
    return dataclasses.replace(request, number_unit=request.num_unit)


class ResultCache:
    """The results of the last ``size`` distinct requests (readers repeat searches, page through
    them, toggle filters back).  Keyed by the serving generation's folder, so a new build is never
    answered from an old one.  Thread-safe; a miss computes outside the lock."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        if not self.size:
            return
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)


def _json_copy(value):
    """A copy of a result (dicts, lists and plain values): a third of ``copy.deepcopy``'s cost,
    which was the largest part of answering a repeated request (profiled)."""
    if isinstance(value, dict):
        return {key: _json_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_copy(item) for item in value]
    return value
