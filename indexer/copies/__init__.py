"""Copies: near-duplicate and syndicated articles (one agency text with small edits), found at build time.

Per article (in a build worker): a MinHash signature of its word shingles (``signature``).
Per corpus (after every article is processed): signatures of one language go through
locality-sensitive hashing, candidate pairs whose estimated Jaccard similarity reaches
``copies.threshold`` are joined, and each group of two or more articles gets an id
(``CopyFinder``).  Only the signatures are held (``copies.num_perm`` 32-bit values per article),
never the texts.  Translations never group: a language is part of the LSH key.
"""
from indexer.copies.groups import CopyFinder, CopyGroups
from indexer.copies.signature import jaccard, signature

__all__ = ["CopyFinder", "CopyGroups", "jaccard", "signature"]
