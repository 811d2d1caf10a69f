"""The common query, scored a posting list at a time with numpy instead of a posting at a time.

What the parser makes of plain words is a disjunction of terms over every language's fields (and
the cognate and entity fields).  Whoosh scores it posting by posting in Python, through a tree of
union matchers, and then walks the matchers again for the total and the facets' document set:
at 20,000 articles a three-word query that matches most of the corpus costs 100-200 ms there.
Here each term's posting list is read block by block (ids and frequencies only) and scored
with ``LuceneBM25``'s own statistics in one vectorised step; an ``Or`` adds its parts' scores and
an ``And`` keeps the documents all its parts match, as Whoosh's matchers do.  The result is every
matching document with its score, so the top candidates, the total and the facet counts come
from one pass.

``documents`` reads the filters the same way (terms, unscored).  Anything else (phrases,
prefixes, ranges, negations) is left to Whoosh: both answer None.
"""
from __future__ import annotations

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import ListMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import And, NullQuery, Or, Term

from indexer.store.whoosh_scoring import LuceneBM25

_NONE = (np.zeros(0, dtype=np.int64), np.zeros(0))


def scores(searcher, query, weighting: LuceneBM25) -> tuple[np.ndarray, np.ndarray] | None:
    """(document numbers ascending, their scores) of every live document ``query`` matches, or
    None when the query has a part this module does not score."""
    if not isinstance(weighting, LuceneBM25):
        return None
    if query is NullQuery:
        return _NONE
    if isinstance(query, Term):
        return _term_scores(searcher, query, weighting)
    if isinstance(query, (Or, And)) and type(query) in (Or, And):
        parts = [scores(searcher, sub, weighting) for sub in query.subqueries]
        if any(part is None for part in parts):
            return None
        docs, summed = (_union if isinstance(query, Or) else _intersection)(parts)
        return docs, summed * query.boost if query.boost != 1.0 else summed
    return None


def documents(searcher, query) -> np.ndarray | None:
    """The live documents ``query`` matches (ascending, unscored: a filter), or None when the
    query has a part this module does not read."""
    if query is NullQuery:
        return _NONE[0]
    if isinstance(query, Term):
        if query.fieldname not in searcher.schema:
            return _NONE[0]
        text = searcher.schema[query.fieldname].to_bytes(query.text)
        return _postings(searcher.reader(), query.fieldname, text)[0]
    if type(query) in (Or, And):
        parts = [documents(searcher, sub) for sub in query.subqueries]
        if any(part is None for part in parts):
            return None
        if not parts:
            return _NONE[0]
        combine = np.union1d if isinstance(query, Or) else np.intersect1d
        docs = parts[0]
        for part in parts[1:]:
            docs = combine(docs, part)
        return docs
    return None


def _term_scores(searcher, term: Term, weighting: LuceneBM25):
    field = term.fieldname
    if field not in searcher.schema or not searcher.schema[field].scorable:
        return None
    text = searcher.schema[field].to_bytes(term.text)
    docs, frequencies = _postings(searcher.reader(), field, text)
    if not len(docs):
        return _NONE
    idf, inverse, norms = weighting.statistics(searcher, field, [text])
    factors = np.asarray(inverse)[np.frombuffer(norms, dtype=np.uint8)[docs]]
    # Written as LuceneBM25Scorer.score writes it, so that both give the same bits.
    scored = idf - idf / (1.0 + frequencies * factors)
    return docs, scored * term.boost if term.boost != 1.0 else scored


def _postings(reader, field: str, text: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Every live posting of a term: document numbers (ascending) and frequencies."""
    parts = []
    for leaf, base in reader.leaf_readers():
        if (field, text) not in leaf:
            continue
        matcher = leaf.postings(field, text)
        deleted = None
        if isinstance(matcher, FilterMatcher):      # a segment with deletions
            matcher, deleted = matcher.child, leaf.deleted_docs_set
        docs, frequencies = _read_all(matcher)
        if deleted:
            live = ~np.isin(docs, np.fromiter(deleted, dtype=np.int64))
            docs, frequencies = docs[live], frequencies[live]
        parts.append((docs + base, frequencies))
    if not parts:
        return _NONE
    if len(parts) == 1:
        return parts[0]
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def _read_all(matcher) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(matcher, W3LeafMatcher):
        return _read_blocks(matcher)
    if isinstance(matcher, ListMatcher):
        ids = np.asarray(matcher._ids, dtype=np.int64)
        weights = matcher._weights if matcher._weights is not None else \
            [matcher._all_weights if matcher._all_weights is not None else 1.0] * len(ids)
        return ids, np.asarray(weights, dtype=np.float64)
    ids, weights = [], []
    while matcher.is_active():          # any other kind of matcher: one posting at a time
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64)


def _read_blocks(matcher: W3LeafMatcher) -> tuple[np.ndarray, np.ndarray]:
    """The blocks of an on-disk posting list, decoded as ``W3LeafMatcher`` decodes them (ids
    delta-encoded unless stored as bytes; weights None = all 1, one float = all alike)."""
    ids, weights = [], []
    while True:
        matcher._read_data()
        block_ids, block_weights = matcher._data[0], matcher._data[1]
        count = matcher._blocklength
        ids.append(np.asarray(block_ids, dtype=np.int64) if matcher._byteids
                   else np.cumsum(np.asarray(block_ids, dtype=np.int64)))
        if block_weights is None or isinstance(block_weights, float):
            weights.append(np.full(count, 1.0 if block_weights is None else block_weights))
        else:
            weights.append(np.asarray(block_weights, dtype=np.float32).astype(np.float64))
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    return np.concatenate(ids), np.concatenate(weights)


def _union(parts) -> tuple[np.ndarray, np.ndarray]:
    parts = [part for part in parts if len(part[0])]
    if not parts:
        return _NONE
    if len(parts) == 1:
        return parts[0]
    docs = np.concatenate([p[0] for p in parts])
    unique, slots = np.unique(docs, return_inverse=True)
    summed = np.zeros(len(unique))
    np.add.at(summed, slots, np.concatenate([p[1] for p in parts]))
    return unique, summed


def _intersection(parts) -> tuple[np.ndarray, np.ndarray]:
    docs, summed = parts[0]
    for other_docs, other_scores in parts[1:]:
        docs, here, there = np.intersect1d(docs, other_docs, assume_unique=True, return_indices=True)
        summed = summed[here] + other_scores[there]
    return docs, summed


def top(docs: np.ndarray, summed: np.ndarray, limit: int) -> np.ndarray:
    """Positions of the ``limit`` best scores, best first, ties by document number (as Whoosh's
    and Lucene's collectors break them)."""
    if len(docs) > limit:
        keep = np.argpartition(-summed, limit - 1)[:limit]
        threshold = summed[keep].min()
        keep = np.flatnonzero(summed >= threshold)      # every tie at the cut, then cut by number
    else:
        keep = np.arange(len(docs))
    order = np.lexsort((docs[keep], -summed[keep]))
    return keep[order][:limit]
