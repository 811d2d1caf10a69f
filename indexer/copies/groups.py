"""Grouping copies: LSH over the signatures of each language, verified pairs joined (union-find).

The signatures are kept in one array (``num_perm`` 32-bit values per article, nothing else per
article but its id); the banding runs once, vectorised, when the groups are asked for: per band,
a 64-bit hash of the band's values and the article's language, sorted, and only articles whose
hashes collide are compared."""
from __future__ import annotations

from collections import defaultdict

import numpy as np
from datasketch.lsh import _optimal_param

from indexer.copies.signature import jaccard

MAX_BUCKET_PAIRS = 64       # in a bucket this crowded (one text many times), each joins the earlier few only


class CopyFinder:
    """Signatures in (``add``), groups out (``groups``)."""

    def __init__(self, threshold: float, num_perm: int, expected: int = 1024):
        """``expected``: how many signatures will come, if known: the table is made that size at
        once, instead of doubling (for a moment, old and new table: 1.5 times the memory)."""
        self.threshold = threshold
        self.bands, self.rows = _optimal_param(threshold, num_perm, 0.5, 0.5)
        self._ids: list[str] = []
        self._langs: dict[str, int] = {}
        self._lang_of: list[int] = []
        self._signatures = np.zeros((max(1, expected), num_perm), dtype=np.uint32)
        self._parent: np.ndarray | None = None

    def add(self, doc_id: str, lang: str, signature: np.ndarray | None) -> None:
        if signature is None:
            return              # no words, no copies
        position = len(self._ids)
        if position == len(self._signatures):
            self._signatures = np.resize(self._signatures, (2 * position, self._signatures.shape[1]))
        self._signatures[position] = signature
        self._ids.append(doc_id)
        self._lang_of.append(self._langs.setdefault(lang, len(self._langs) + 1))

    def groups(self) -> "CopyGroups":
        count = len(self._ids)
        self._parent = np.arange(count)
        signatures = self._signatures[:count]
        langs = np.asarray(self._lang_of, dtype=np.uint64)
        for band in range(self.bands):
            for bucket in _collisions(_band_hashes(signatures[:, band * self.rows:(band + 1) * self.rows], langs)):
                self._join_alike(bucket, signatures)
        members: dict[int, list[str]] = defaultdict(list)
        for position, doc_id in enumerate(self._ids):
            members[self._root(position)].append(doc_id)
        return CopyGroups.of([ids for ids in members.values() if len(ids) > 1])

    def _join_alike(self, bucket: np.ndarray, signatures: np.ndarray) -> None:
        for index in range(1, len(bucket)):
            for other in bucket[max(0, index - MAX_BUCKET_PAIRS):index]:
                if self._root(bucket[index]) != self._root(other) and \
                        jaccard(signatures[bucket[index]], signatures[other]) >= self.threshold:
                    self._union(bucket[index], other)

    def _root(self, position: int) -> int:
        parent = self._parent
        while parent[position] != position:
            parent[position] = parent[parent[position]]
            position = parent[position]
        return int(position)

    def _union(self, first: int, second: int) -> None:
        a, b = self._root(first), self._root(second)
        if a != b:
            self._parent[max(a, b)] = min(a, b)


def _band_hashes(band: np.ndarray, langs: np.ndarray) -> np.ndarray:
    """One 64-bit hash per article of its band values and its language (FNV-style, wrapping)."""
    hashes = langs * np.uint64(0x9E3779B97F4A7C15)
    with np.errstate(over="ignore"):
        for column in band.T:
            hashes = (hashes ^ column.astype(np.uint64)) * np.uint64(0x100000001B3)
    return hashes


def _collisions(hashes: np.ndarray):
    """The positions sharing a hash, one array per bucket of two or more (in corpus order)."""
    order = np.argsort(hashes, kind="stable")
    starts = np.concatenate(([0], np.flatnonzero(np.diff(hashes[order])) + 1))
    ends = np.concatenate((starts[1:], [len(order)]))
    crowded = np.flatnonzero(ends - starts > 1)
    for start, end in zip(starts[crowded], ends[crowded]):
        yield order[start:end]


class CopyGroups:
    """Which articles are copies of each other: group id -> member ids; an article in no group is
    its own group.  A group's id is its smallest member id (stable while that member stays)."""

    def __init__(self, members: dict[str, list[str]]):
        self.members = members
        self.group_of = {doc_id: group for group, ids in members.items() for doc_id in ids}

    @classmethod
    def of(cls, groups: list[list[str]]) -> "CopyGroups":
        return cls({min(ids): sorted(ids) for ids in groups})

    def group(self, doc_id: str) -> str:
        return self.group_of.get(doc_id, doc_id)

    def size(self, doc_id: str) -> int:
        return len(self.members.get(self.group(doc_id), ())) or 1

    def __bool__(self) -> bool:
        return bool(self.members)

    def to_json(self) -> dict:
        return {"groups": self.members}

    @classmethod
    def from_json(cls, data: dict) -> "CopyGroups":
        return cls({group: list(ids) for group, ids in (data.get("groups") or {}).items()})
