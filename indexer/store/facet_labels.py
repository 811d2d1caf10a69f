"""Facet values shared by every backend: their display labels (``labels.json`` beside an index
generation) and how counted values become the facet lists of a result.

A backend counts; this module labels, orders (count, then label), cuts to the facet's size and
keeps a selected value in the list even past that size, so every backend shows the same facets.
"""
from __future__ import annotations

import heapq
import json
from pathlib import Path

from indexer.config import Config
from indexer.store.base import FACET_NAMES, FacetValue, SearchRequest
from indexer.store.date_facet import date_facet

LABELS_FILE = "labels.json"


class FacetLabels:
    """Facet value -> display label ("Q7747" -> "Vladimir Putin"), collected while indexing."""

    def __init__(self, labels: dict[str, dict[str, str]] | None = None):
        self._labels = labels if labels is not None else {name: {} for name in FACET_NAMES}

    def remember(self, lang: str, actors: list[dict], places: list[dict], numbers: list[dict]) -> None:
        self._labels["lang"][lang] = lang
        for facet, values in (("actor", actors), ("place", places)):
            for value in values:
                self._labels[facet][value["id"]] = value["label"]
        for number in numbers:
            self._labels["number"][number["key"]] = number["label"]

    def save(self, folder: Path) -> None:
        (folder / LABELS_FILE).write_text(json.dumps(self._labels, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> "FacetLabels":
        path = folder / LABELS_FILE
        try:
            return cls(json.loads(path.read_text(encoding="utf-8")))
        except ValueError as error:
            raise ValueError(f"{path.name} is damaged: {error}") from error

    def label(self, facet: str, value: str) -> str:
        return self._labels.get(facet, {}).get(value, value)


def facet_values(counted: dict[str, dict[str, int]], request: SearchRequest, config: Config,
                 labels: FacetLabels) -> tuple[dict[str, list[FacetValue]], dict[str, bool]]:
    """``counted``: facet -> {value: count} (every value, or at least every value that can be shown).

    Returns the facet lists and, per facet, whether values were left out."""
    values, truncated = {}, {}
    for name, counts in counted.items():
        if name == "date":      # periods in time order, every one of them: the chart
            values[name], truncated[name] = date_facet(counts, request), False
            continue
        selected = set(request.filters_for(name))
        limit = facet_limit(request, config, name)
        present = [(value, count) for value, count in counts.items() if value]  # None: docs without any
        order = lambda item, name=name: (-item[1], labels.label(name, item[0]))    # noqa: E731
        shown = sorted(_highest_counts(present, limit), key=order)[:limit]
        shown += sorted((item for item in present if item[0] in selected and item not in shown), key=order)
        values[name] = [FacetValue(value=value, label=labels.label(name, value), count=count,
                                   selected=value in selected) for value, count in shown]
        truncated[name] = len(present) > limit
    return values, truncated


def _highest_counts(present: list[tuple[str, int]], limit: int) -> list[tuple[str, int]]:
    """The values whose count is among the ``limit`` highest (ties at the cut included), so that
    only those are labelled and sorted: a facet of thousands of values shows ten."""
    if len(present) <= limit or limit < 1:
        return present
    cut = heapq.nlargest(limit, (count for _, count in present))[-1]
    return [item for item in present if item[1] >= cut]


FACET_TIE_MARGIN = 20     # values a server backend fetches past a facet's size: ties at the cut sort by label


def fetch_size(request: SearchRequest, config: Config, name: str) -> int:
    """How many of a facet's top values a server backend asks for: those shown, one more (were
    values left out?) and a margin for ties."""
    return facet_limit(request, config, name) + 1 + FACET_TIE_MARGIN


def tied_past(counts: list[int], limit: int, size: int) -> bool:
    """Whether the values tied with the last one shown may go on past the ``size`` fetched
    (``counts``: the fetched values' counts, highest first): then which of them are shown would be
    the backend's tie order (Lucene's and OpenSearch's: the value's bytes), not the labels', and
    the backend must fetch more."""
    return len(counts) >= size > limit >= 1 and counts[-1] == counts[limit - 1]


def facet_limit(request: SearchRequest, config: Config, name: str) -> int:
    """How many values of facet ``name`` a result lists (selected ones come on top of that)."""
    return request.facet_sizes.get(name, config.facet(name).size)
