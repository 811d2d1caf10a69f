"""A ranked result as the page and the JSON show it: hits with their snippets, entities and
numbers, facet values with their labels, the paging.  ``SearchService.run`` ranks; this renders."""
from __future__ import annotations

import math
from functools import lru_cache

from babel import Locale

from indexer.analysis.analyzers import build_analyzer
from indexer.analysis.operators import split_query
from indexer.config import Config
from indexer.copies import CopyGroups
from indexer.search.params import filters_of
from indexer.search.snippets import make_snippet
from indexer.store.base import FACET_NAMES, SearchRequest, SearchResult


class ResultRenderer:
    def __init__(self, config: Config):
        self.config = config
        self._analyzers: dict = {}          # one chain per language, built on first use

    def render(self, request: SearchRequest, result: SearchResult, groups: CopyGroups) -> dict:
        query_terms: dict[str, set[str]] = {}      # the query analysed once per language of the page
        wanted = split_query(request.query).wanted  # what snippets show: not "NOT" nor what it excludes

        linked = set(request.entity_ids)           # the query's names: their spellings in a hit are marked too

        def shown(hit) -> dict:
            return self._hit(hit, wanted, query_terms, linked) | _copies_of(groups, hit.id)

        return {
            "query": request.query,
            "total": result.total,
            "page": request.page,
            "size": request.size,
            "pages": _pages(result, request.size, self.config.search.max_page),
            "sort": request.sort,
            "filters": filters_of(request),
            "linked_entities": request.entity_ids,
            "hits": [shown(hit) for hit in result.hits],
            "related": [shown(hit) for hit in result.related],
            "facets": {name: [facet_value(name, value) for value in result.facets.get(name, [])]
                       for name in FACET_NAMES if name in result.facets},
            "facets_truncated": result.facets_truncated,
        }

    def _hit(self, hit, query: str, query_terms: dict[str, set[str]], linked: set[str] = frozenset()) -> dict:
        lang = hit.lang if hit.lang in self.config.languages else self.config.fallback_language
        analyzer = self._analyzer(lang)
        if lang not in query_terms:
            query_terms[lang] = {token.text for token in analyzer(query)} if query else set()
        terms = query_terms[lang] | _spelled_here(hit, linked, analyzer)
        snippet = make_snippet(hit.body, terms, analyzer, self.config.search.snippet_chars)
        return {"id": hit.id, "title": hit.title, "lang": hit.lang, "date": hit.date,
                "score": None if hit.score is None else round(hit.score, 4),
                "snippet": snippet.text, "snippet_html": snippet.html,
                "actors": [{"id": a["id"], "label": a["label"]} for a in hit.actors],
                "places": [{"id": p["id"], "label": p["label"]} for p in hit.places],
                "numbers": [_number(n) for n in hit.numbers],
                "url": hit.url, "source": hit.source, "agencies": list(hit.agencies), "matched": hit.matched}

    def _analyzer(self, lang: str):
        if lang not in self._analyzers:
            self._analyzers[lang] = build_analyzer(lang, self.config.analyzers[lang])
        return self._analyzers[lang]


def _spelled_here(hit, linked: set[str], analyzer) -> set[str]:
    """The terms of the names by which the hit mentions an entity the query names ("Putin" in a
    German hit for "Poetin", "Zelenskyj" for "Selenskyj"), for its snippet to show and mark."""
    names = {name for entity in (*hit.actors, *hit.places) if entity["id"] in linked for name in entity.get("names", ())}
    return {token.text for name in names for token in analyzer(name)}


def _number(stored: dict) -> dict:
    """A hit's number as the JSON shows it (a range's ends, the words that hedge it)."""
    return {"value": stored["value"], "low": stored.get("low"), "high": stored.get("high"), "unit": stored["unit"],
            "text": stored["text"], "key": stored["key"], "label": stored["label"],
            "qualifier": stored.get("qualifier") or ""}


def _pages(result: SearchResult, size: int, max_page: int) -> int:
    """Pages of the ranked list: the matches, and with ``related=inline`` the related articles
    ranked among them (each takes a match's place, so a match can sit past ``total / size``).
    At most ``search.max_page``: a page past it is refused (400), so it is never offered."""
    return max(1, min(max_page, math.ceil((result.total + result.inline_related) / size)))


def _copies_of(groups: CopyGroups, doc_id: str) -> dict:
    """The hit's group of copies and how many other articles are in it (``similar``)."""
    return {"group": groups.group(doc_id), "similar": groups.size(doc_id) - 1}


@lru_cache(maxsize=32)
def language_name(code: str) -> str:
    """English name of a language code ("nb" -> "Norwegian Bokmål")."""
    try:
        return Locale("en").languages.get(code, code)
    except Exception:
        return code


def facet_value(facet: str, value) -> dict:
    """A facet value as the JSON shows it."""
    label = language_name(value.value) if facet == "lang" else value.label
    shown = {"value": value.value, "label": label, "count": value.count, "selected": value.selected}
    if facet == "date":
        shown.update(start=value.start, end=value.end)
    return shown
