"""Facet counting for an embedded backend: one pass over the index at open, numpy per query.

Counting facets by walking every matching document's values in Python costs time in proportion
to the corpus on every query (Whoosh's ``groupedby`` re-reads each facet field's postings per
search: 220 ms a query at 5,000 articles).  ``FacetColumns`` reads each facet field once, when
the index is opened, into two flat arrays of (document number, value number) pairs; counting the
values of a set of matching documents is then a mask and a ``bincount``: a few milliseconds at
100,000 articles.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np


class FacetColumn:
    """The values of one facet field: ``values[i]`` names value number i."""

    def __init__(self, values: list[str], docs: np.ndarray, value_ids: np.ndarray):
        self.values = values
        self._docs = docs              # document number of each (document, value) pair
        self._value_ids = value_ids    # value number of each pair

    @classmethod
    def from_postings(cls, postings: Iterable[tuple[str, Iterable[int]]]) -> "FacetColumn":
        """From (value, document numbers having it) pairs, as an inverted index lists them."""
        values, docs, ids = [], [], []
        for value, doc_numbers in postings:
            numbers = np.fromiter(doc_numbers, dtype=np.int32)
            ids.append(np.full(len(numbers), len(values), dtype=np.int32))
            docs.append(numbers)
            values.append(value)
        if not values:
            return cls([], np.zeros(0, np.int32), np.zeros(0, np.int32))
        return cls(values, np.concatenate(docs), np.concatenate(ids))

    def count(self, matching: np.ndarray) -> Iterator[tuple[str, int]]:
        """(value, number of matching documents with it), for every value with a count > 0.

        ``matching``: a boolean mask over document numbers."""
        if not self.values:
            return iter(())
        counts = np.bincount(self._value_ids[matching[self._docs]], minlength=len(self.values))
        present = np.flatnonzero(counts)
        return ((self.values[i], int(counts[i])) for i in present)


def mask_of(doc_numbers: Iterable[int], size: int) -> np.ndarray:
    """A boolean mask over ``size`` document numbers with ``doc_numbers`` set."""
    mask = np.zeros(size, dtype=bool)
    numbers = doc_numbers if isinstance(doc_numbers, np.ndarray) else np.fromiter(doc_numbers, dtype=np.int64)
    if len(numbers):
        mask[numbers] = True
    return mask
