"""Whether one ranking beats another or the difference is within the noise: a paired sign-flip
(permutation) test.  The queries of one unit (an NTREX article in every language and pair, an
XQuAD question in both languages) share their fate, so their differences are summed and flipped
together; treating them as independent would overstate the evidence."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence

import numpy as np

FLIPS = 10_000
SEED = 0


def unit_differences(ours: Mapping[Hashable, float], theirs: Mapping[Hashable, float],
                     unit: Callable[[Hashable], Hashable]) -> list[float]:
    """Per unit, the sum of ``ours - theirs`` over its queries (a query missing from ``theirs``
    counts as 0 there, as a query with no hits does in the mean)."""
    sums: dict[Hashable, float] = defaultdict(float)
    for key, value in ours.items():
        sums[unit(key)] += value - theirs.get(key, 0.0)
    return list(sums.values())


def sign_flip_p(differences: Sequence[float], flips: int = FLIPS, seed: int = SEED) -> float:
    """Two-sided p of the summed differences under random signs per unit: how often a ranking
    no better than the other would differ by as much."""
    sums = np.asarray(differences, dtype=np.float64)
    if not sums.any():
        return 1.0
    signs = np.random.default_rng(seed).choice((-1.0, 1.0), size=(flips, len(sums)))
    return float((np.abs(signs @ sums) >= abs(sums.sum()) - 1e-9).mean())
