"""Claims: every number a unit counts ("soldiers") across the articles a search matches, with the
sentence it stands in, grouped by value, so conflicting reports sit side by side.

The articles come from the search service (same parameters and ranking as a search), through the
backend interface only: the backend narrows to articles with a number facet key of the unit
(``SearchRequest.number_unit``: exact values and vague ranges alike), and a number's stored entry
(``Hit.numbers``) carries the character spans of its mentions in the article's text (headline,
blank line, body), so any backend that stores the headline, the body and those entries can serve
claims.  The value range is applied here, to exact values and vague ranges alike.
"""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping

from markupsafe import escape

from indexer.lang.sentences import sentence_around
from indexer.search.params import (BadRequest, check_order, choice_param, filters_of, first, float_param, param_getter,
                                   params_without, unit_value)
from indexer.records import Article
from indexer.store.base import Hit

CLAIM_SORTS = ("value", "date")


@dataclasses.dataclass
class ClaimsRequest:
    unit: str
    value_min: float | None
    value_max: float | None
    sort: str


def gather_claims(service, params: Mapping) -> dict:
    """The claims result dict for request parameters (``BadRequest`` names a bad one)."""
    get_all = param_getter(params)
    unit = unit_value(first(get_all("unit")) or "")
    if not unit:
        raise BadRequest("unit: required (the thing counted, e.g. unit=soldiers)")
    claims = ClaimsRequest(unit, float_param("value_min", first(get_all("value_min"))),
                           float_param("value_max", first(get_all("value_max"))),
                           choice_param("sort", first(get_all("sort")), CLAIM_SORTS, "value"))
    check_order("value_min", claims.value_min, "value_max", claims.value_max)
    search = service.parse_params(params_without(params, ("unit", "value_min", "value_max", "sort")))
    limit = service.config.search.claims_max_articles
    # Every copy: each outlet that carried a wire story reported its numbers.
    narrowed = dataclasses.replace(search, number_unit=unit, page=1, size=limit, with_facets=False, collapse=False)
    result = service.rank(narrowed)
    hits = [hit for hit in result.hits if hit.matched and _counts(hit, search.number_unit)]
    found = [claim for hit in hits for claim in claims_of(hit, claims)]
    return {"unit": unit, "query": search.query, "sort": claims.sort, "value_min": claims.value_min,
            "value_max": claims.value_max, "filters": filters_of(search), "articles": len(hits),
            "truncated": result.total > limit, "claims": len(found),
            "sources": sorted({claim["source"] or "" for claim in found}),
            "groups": group_claims(found, claims.sort)}


def _counts(hit: Hit, unit: str | None) -> bool:
    """The article counts ``unit`` (a search's ``num_unit`` alone, which the claims' own unit
    replaced in the request: both must hold), or there is no such filter."""
    return unit is None or any(number.get("unit") == unit for number in hit.numbers)


def claims_of(hit: Hit, claims: ClaimsRequest) -> list[dict]:
    """One claim per value of the unit in the article (its first mention's sentence, and how often
    the article states it)."""
    text = Article(hit.id, hit.title, hit.body, hit.lang).text
    found = []
    for number in hit.numbers:
        if number.get("unit") != claims.unit or not _in_range(number, claims):
            continue
        spans = number.get("spans") or [_span_of(text, number.get("text") or "")]
        start, end = _quoted_span(spans, len(hit.title or ""))
        if not 0 <= start < end <= len(text):
            continue
        found.append(_claim(hit, number, text, start, end, len(spans)))
    return found


def _quoted_span(spans: list[list[int]], title_chars: int) -> list[int]:
    """The mention a claim quotes: the first in the body, where the sentence says who claims it
    (a headline's "Nord-Korea sendte 3000 soldater" says less); the headline's if it is the only."""
    in_body = [span for span in spans if span[0] > title_chars]
    return (in_body or spans)[0]


def _claim(hit: Hit, number: dict, text: str, start: int, end: int, mentions: int) -> dict:
    first, last = sentence_around(text, start, end)
    sentence = text[first:last]
    html = f"{escape(text[first:start])}<mark>{escape(text[start:end])}</mark>{escape(text[end:last])}"
    return {"id": hit.id, "title": hit.title, "source": hit.source, "date": hit.date, "lang": hit.lang,
            "url": hit.url, "value": number.get("value"), "low": number.get("low"), "high": number.get("high"),
            "label": number.get("label") or number.get("key"), "qualifier": number.get("qualifier") or "",
            "text": text[start:end], "sentence": sentence,
            "sentence_html": html, "mentions": mentions}


def group_claims(found: list[dict], sort: str) -> list[dict]:
    """Claims grouped by value (a vague quantity by its range); within a group oldest first, an
    undated claim last.  ``sort``: groups by value, or by their earliest dated claim."""
    groups: dict[tuple, dict] = {}
    for claim in found:
        key = (claim["value"], claim["low"], claim["high"])
        group = groups.setdefault(key, {"value": claim["value"], "low": claim["low"], "high": claim["high"],
                                        "label": claim["label"], "claims": []})
        group["claims"].append(claim)
    for group in groups.values():
        group["claims"].sort(key=lambda claim: (claim["date"] is None, claim["date"] or "", claim["id"]))
    ordered = list(groups.values())
    if sort == "date":
        ordered.sort(key=lambda group: (_first_date(group) is None, _first_date(group) or "", _magnitude(group)))
    else:
        ordered.sort(key=_magnitude)
    return ordered


def _magnitude(group: dict) -> float:
    """Where a group stands on the value scale: its value; a range or a vague quantity at the
    middle of its span on a log scale ("thousands", 1,000-9,999: about 3,200, after 3,000 and
    before 10,000; by its low end it stood before 1,000)."""
    if group["value"] is not None:
        return group["value"]
    low, high = group["low"] or 0.0, group["high"] or group["low"] or 0.0
    return math.sqrt(low * high) if low > 0 else high / 2


def _first_date(group: dict) -> str | None:
    return group["claims"][0]["date"]


def _in_range(number: dict, claims: ClaimsRequest) -> bool:
    """An exact value inside the range, or a vague range that overlaps it."""
    low = number["value"] if number.get("value") is not None else number.get("low")
    high = number["value"] if number.get("value") is not None else number.get("high")
    if low is None or high is None:
        return False
    return (claims.value_min is None or high >= claims.value_min) and \
        (claims.value_max is None or low <= claims.value_max)


def _span_of(text: str, surface: str) -> list[int]:
    """Where a number's surface form stands (an index built before spans were stored)."""
    at = text.find(surface) if surface else -1
    return [at, at + len(surface)] if at >= 0 else [0, 0]
