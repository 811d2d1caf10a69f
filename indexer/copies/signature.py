"""An article's MinHash signature over its word shingles (datasketch), made in a build worker."""
from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash

WORD = re.compile(r"\w+")
SEED = 1        # every signature of an index must use the same permutations


def shingles(text: str, words: int) -> set[bytes]:
    """The lowercase word ``words``-grams of ``text`` (fewer words than that: the text as one)."""
    tokens = WORD.findall(text.lower())
    if len(tokens) < words:
        return {" ".join(tokens).encode("utf-8")} if tokens else set()
    return {" ".join(tokens[i:i + words]).encode("utf-8") for i in range(len(tokens) - words + 1)}


def signature(text: str, num_perm: int, words: int) -> np.ndarray | None:
    """``num_perm`` 32-bit MinHash values of the shingles of ``text`` (None for a text without words).

    datasketch keeps hash values below 2**32 in 64-bit slots: stored as uint32, half the memory."""
    grams = shingles(text, words)
    if not grams:
        return None
    minhash = MinHash(num_perm=num_perm, seed=SEED)
    minhash.update_batch(grams)
    return minhash.hashvalues.astype(np.uint32)


def jaccard(first: np.ndarray, second: np.ndarray) -> float:
    """The Jaccard similarity of two shingle sets, estimated from their signatures."""
    return float(np.count_nonzero(first == second)) / len(first)
