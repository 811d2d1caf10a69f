"""Grouping copies: LSH over the signatures of each language, verified pairs joined (union-find)."""
from __future__ import annotations

from collections import defaultdict

import numpy as np
from datasketch.lsh import _optimal_param

from indexer.copies.signature import jaccard


class CopyFinder:
    """Signatures in (``add``), groups out (``groups``): memory is the signatures and the LSH
    buckets, a few hundred bytes per article."""

    def __init__(self, threshold: float, num_perm: int):
        self.threshold = threshold
        self.bands, self.rows = _optimal_param(threshold, num_perm, 0.5, 0.5)
        self._ids: list[str] = []
        self._signatures: list[np.ndarray] = []
        self._buckets: dict[tuple, list[int]] = defaultdict(list)
        self._parent: list[int] = []

    def add(self, doc_id: str, lang: str, signature: np.ndarray | None) -> None:
        """Join ``doc_id`` to every earlier article of ``lang`` whose signature is alike enough."""
        position = len(self._ids)
        self._ids.append(doc_id)
        self._parent.append(position)
        self._signatures.append(signature)
        if signature is None:
            return
        checked = set()
        for band in range(self.bands):
            key = (lang, band, signature[band * self.rows:(band + 1) * self.rows].tobytes())
            for other in self._buckets[key]:
                if other not in checked:
                    checked.add(other)
                    if jaccard(signature, self._signatures[other]) >= self.threshold:
                        self._union(position, other)
            self._buckets[key].append(position)

    def groups(self) -> "CopyGroups":
        members: dict[int, list[str]] = defaultdict(list)
        for position, doc_id in enumerate(self._ids):
            members[self._root(position)].append(doc_id)
        return CopyGroups.of([ids for ids in members.values() if len(ids) > 1])

    def _root(self, position: int) -> int:
        while self._parent[position] != position:
            self._parent[position] = self._parent[self._parent[position]]
            position = self._parent[position]
        return position

    def _union(self, first: int, second: int) -> None:
        a, b = self._root(first), self._root(second)
        if a != b:
            self._parent[max(a, b)] = min(a, b)


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
