"""Lucene's BM25 inside Whoosh: the Whoosh backend's weighting model, so that Whoosh and Lucene
(and OpenSearch, Lucene underneath) give the same query on the same tokens the same scores.

Whoosh's own ``BM25F`` differs from Lucene's ``BM25Similarity`` in four places, and together
they cost Whoosh 0.01-0.03 MRR@10 on NTREX against Lucene:

- idf: Whoosh takes log(N/(df+1))+1 with N every article of the index; Lucene
  ln(1 + (N - df + 0.5)/(df + 0.5)) with N the articles that have the field (its ``docCount``),
  and our headline and body fields exist per language, so N differs by field;
- average length: Whoosh divides a field's total length by every article, Lucene by ``docCount``;
- term frequency: Lucene (8 and later) drops BM25's (k1+1) factor;
- length: both keep one byte per article and field, Whoosh on its own log scale (rounding up),
  Lucene with ``SmallFloat.intToByte4`` (four significant bits, rounding down).  Whoosh's byte
  cannot give Lucene's, so the writer stores each scored field's exact token count in a column
  (``FIELD_LENGTHS``) and this model encodes it as Lucene does.

Scores are computed in double precision where Lucene uses float: equal to about 1e-6, which
orders hits alike except for exact ties in one engine that are not exact in the other.

The statistics (articles with the field, their average length, a term's document frequency) are
those of the live articles: an index updated in place (``python -m indexer update``) keeps the
articles it deleted in their segment until a merge rewrites it, and Lucene's BM25 would still count
them; counted out here, an updated index scores every article as a fresh build of the same folder.
"""
from __future__ import annotations

import struct
import sys
import threading
import weakref
from array import array
from bisect import bisect_left
from math import log

from whoosh.matching import NullMatcher, WrappingMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import Phrase, SpanNear2, Term
from whoosh.scoring import BaseScorer, WeightingModel, WeightScorer
from whoosh.util.numeric import _length_byte_cache, length_to_byte

FIELD_LENGTHS = "field_lengths"      # column: an article's token count in each scored field
MAX_CACHED_IDF = 100_000             # terms whose idf an open index keeps


def scored_fields(schema) -> list[str]:
    """The fields with lengths (BM25-scored), in the order ``FIELD_LENGTHS`` stores them."""
    return sorted(name for name, field in schema.items() if field.scorable)


def pack_lengths(lengths: list[int]) -> bytes:
    """One article's field lengths as stored in the ``FIELD_LENGTHS`` column (uint32, little-endian)."""
    return struct.pack(f"<{len(lengths)}I", *lengths)


# -- Lucene's SmallFloat: a field length in one byte ------------------------------------------

def _long_to_int4(value: int) -> int:
    bits = value.bit_length()
    if bits < 4:
        return value
    shift = bits - 4
    return ((value >> shift) & 0x07) | ((shift + 1) << 3)


def _int4_to_long(encoded: int) -> int:
    bits, shift = encoded & 0x07, (encoded >> 3) - 1
    return bits if shift == -1 else (bits | 0x08) << shift


EXACT_LENGTHS = 255 - _long_to_int4(2**31 - 1)     # SmallFloat.NUM_FREE_VALUES: 24


def int_to_byte4(length: int) -> int:
    """``SmallFloat.intToByte4``: the norm byte Lucene's BM25 keeps for a field of ``length`` tokens."""
    return length if length < EXACT_LENGTHS else EXACT_LENGTHS + _long_to_int4(length - EXACT_LENGTHS)


def byte4_to_int(norm: int) -> int:
    """``SmallFloat.byte4ToInt``: the length a norm byte stands for (the lowest of its range)."""
    return norm if norm < EXACT_LENGTHS else min(EXACT_LENGTHS + _int4_to_long(norm - EXACT_LENGTHS), 2**31 - 1)


LENGTH_TABLE = [byte4_to_int(norm) for norm in range(256)]      # BM25Similarity.LENGTH_TABLE
_SMALL_NORMS = bytes(int_to_byte4(length) for length in range(1 << 16))   # most fields: a table look-up


def _norms(lengths) -> bytes:
    return bytes(_SMALL_NORMS[n] if n < len(_SMALL_NORMS) else int_to_byte4(n) for n in lengths)


def _float32(value: float) -> float:
    """``value`` rounded as Lucene's float arithmetic rounds it."""
    return struct.unpack("<f", struct.pack("<f", value))[0]


# -- the model ---------------------------------------------------------------------------------

class _Segment:
    """One segment's norm bytes by field (document number -> byte), and each field's totals over
    its live documents."""

    def __init__(self, reader, fields: list[str]):
        lengths = _stored_lengths(reader, fields)
        if lengths is None:         # an index written before FIELD_LENGTHS: Whoosh's rounded lengths
            documents = range(reader.doc_count_all())
            lengths = [array("I", (reader.doc_field_length(doc, field, 0) or 0 for doc in documents)) for field in fields]
        self.norms = {field: _norms(column) for field, column in zip(fields, lengths)}
        self.deleted = sorted(reader.deleted_docs_set) if reader.has_deletions() else []
        self.length_sum, self.doc_count = {}, {}
        for field, column in zip(fields, lengths):
            deleted = [column[doc] for doc in self.deleted]
            self.length_sum[field] = sum(column) - sum(deleted)      # sumTotalTermFreq
            self.doc_count[field] = len(column) - column.count(0) - (len(deleted) - deleted.count(0))

    def deleted_holding(self, reader, field: str, word) -> int:
        """How many of the segment's deleted documents hold ``word`` in ``field`` (``reader``: the
        segment's): the posting list still has them, and its document frequency counts them."""
        if not self.deleted or (field, word) not in reader:
            return 0
        postings = reader.postings(field, word)
        if isinstance(postings, FilterMatcher):     # the raw list, from its start: the filter has
            postings = postings.child               # moved it past the deleted documents it starts with
            postings.reset()
        return _common_count(postings, self.deleted)


def _common_count(postings, documents: list[int]) -> int:
    """How many of ``documents`` (sorted) ``postings`` holds: each jumps to the other's next id
    (leapfrog), so the cost follows the shorter list; ``skip_to`` passes over whole blocks."""
    held, index = 0, 0
    while index < len(documents) and postings.is_active():
        postings.skip_to(documents[index])
        if not postings.is_active():
            break
        if postings.id() == documents[index]:
            held, index = held + 1, index + 1
        else:
            index = bisect_left(documents, postings.id(), index)
    return held


def _stored_lengths(reader, fields: list[str]) -> list[array] | None:
    """Each field's exact lengths from the ``FIELD_LENGTHS`` column, None if a document lacks them."""
    if FIELD_LENGTHS not in reader.schema or not reader.has_column(FIELD_LENGTHS):
        return None
    values = list(reader.column_reader(FIELD_LENGTHS, translate=False))
    if any(len(value) != 4 * len(fields) for value in values):
        return None
    table = array("I", b"".join(values))
    if sys.byteorder == "big":
        table.byteswap()
    return [table[number::len(fields)] for number in range(len(fields))]


class LuceneBM25(WeightingModel):
    """``BM25Similarity(k1, b)`` of Lucene 8 and later, for one open index (its statistics and
    norms are read once, on the first query, and kept: segments never change)."""

    def __init__(self, k1: float, b: float):
        self.k1, self.b = _float32(k1), _float32(b)
        self._lock = threading.Lock()
        self._segments: dict[str, _Segment] = {}
        self._views: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()     # reader -> _View

    def supports_block_quality(self):
        return True

    def scorer(self, searcher, fieldname, text, qf=1):
        if not searcher.schema[fieldname].scorable:
            return WeightScorer.for_(searcher, fieldname, text)
        idf, inverse, norms = self.statistics(searcher, fieldname, [text])
        return LuceneBM25Scorer(idf, inverse, norms, searcher, fieldname, text)

    def statistics(self, searcher, field: str, words) -> tuple[float, list[float], bytes]:
        """The idf of ``words`` (summed, each word once, as for Lucene's span queries), the
        field's length factors by norm byte, and the norm bytes of ``searcher``'s documents."""
        parent = searcher.get_parent()
        index = self._view(parent.reader())
        doc_count, inverse = index.field(field)
        idf = sum(index.idf(parent, field, word, doc_count) for word in dict.fromkeys(words))
        return _float32(idf), inverse, self._view(searcher.reader()).norms(field)

    def _view(self, reader) -> "_View":
        """What is kept of ``reader`` (a segment, or the whole index): a query asks for it
        once per term and field."""
        view = self._views.get(reader)
        if view is None:
            fields = scored_fields(reader.schema)
            with self._lock:
                leaves = []
                for leaf, _ in reader.leaf_readers():
                    key = leaf.segment().segment_id()
                    if key not in self._segments:
                        self._segments[key] = _Segment(leaf, fields)
                    leaves.append(self._segments[key])
                view = self._views[reader] = _View(leaves, self.k1, self.b)
        return view


class _View:
    """A reader's norm bytes and field statistics over its segments, and the idf of the terms
    asked for so far (a term's idf never changes in an open index)."""

    def __init__(self, leaves: list[_Segment], k1: float, b: float):
        self._leaves, self._k1, self._b = leaves, k1, b
        self._norms: dict[str, bytes] = {}
        self._fields: dict[str, tuple[int, list[float]]] = {}
        self._idf: dict[tuple[str, bytes], float] = {}

    def norms(self, field: str) -> bytes:
        """Norm bytes by document number."""
        if field not in self._norms:
            self._norms[field] = b"".join(leaf.norms[field] for leaf in self._leaves)
        return self._norms[field]

    def field(self, field: str) -> tuple[int, list[float]]:
        """``docCount``, and the 256 values of 1 / (k1 * (1 - b + b * length / avgdl)) by norm byte."""
        if field not in self._fields:
            doc_count = sum(leaf.doc_count[field] for leaf in self._leaves)
            total = sum(leaf.length_sum[field] for leaf in self._leaves)
            average = _float32(total / doc_count) if doc_count else 1.0
            k1, b = self._k1, self._b
            self._fields[field] = doc_count, [_float32(1.0 / (k1 * ((1 - b) + b * LENGTH_TABLE[norm] / average)))
                                              for norm in range(256)]
        return self._fields[field]

    def idf(self, searcher, field: str, word, doc_count: int) -> float:
        key = (field, word)
        if key not in self._idf:
            if len(self._idf) > MAX_CACHED_IDF:
                self._idf.clear()
            doc_freq = searcher.doc_frequency(field, word) - self._deleted_holding(searcher, field, word)
            count = max(doc_count, doc_freq)
            self._idf[key] = _float32(log(1 + (count - doc_freq + 0.5) / (doc_freq + 0.5)))
        return self._idf[key]

    def _deleted_holding(self, searcher, field: str, word) -> int:
        """The deleted documents ``searcher``'s document frequency of ``word`` counts (its reader
        is the one this view was made of: its leaves come in the same order)."""
        return sum(segment.deleted_holding(leaf, field, word)
                   for segment, (leaf, _) in zip(self._leaves, searcher.reader().leaf_readers()) if segment.deleted)


class LuceneBM25Scorer(BaseScorer):
    """One term's scorer: idf * freq / (freq + k1 * (1 - b + b * length / avgdl)), written as
    Lucene's ``BM25Scorer.score`` writes it."""

    def __init__(self, idf: float, inverse: list[float], norms: bytes, searcher, field: str, text):
        self._idf, self._inverse, self._norms = idf, inverse, norms
        self._term = searcher, field, text
        self._max = None        # read when first asked for: most scorers are never asked

    def supports_block_quality(self):
        return True

    def score(self, matcher):
        idf = self._idf
        return idf - idf / (1.0 + matcher.weight() * self._inverse[self._norms[matcher.id()]])

    def max_quality(self):
        if self._max is None:
            searcher, field, text = self._term
            term_info = searcher.term_info(field, text)
            self._max = self._bound(term_info.max_weight(), term_info.min_length())
        return self._max

    def block_quality(self, matcher):
        return self._bound(matcher.block_max_weight(), matcher.block_min_length())

    def _bound(self, frequency: float, whoosh_length: int) -> float:
        """The highest score a document can have with at most ``frequency`` and at least the
        length that Whoosh's rounded-up length byte ``whoosh_length`` may stand for."""
        idf = self._idf
        return idf - idf / (1.0 + frequency * self._inverse[int_to_byte4(_shortest(whoosh_length))])


def _shortest(whoosh_length: int) -> int:
    """The shortest exact length that Whoosh would round to ``whoosh_length`` (its bytes round up)."""
    if not whoosh_length:
        return 0
    encoded = length_to_byte(whoosh_length)
    return _length_byte_cache[encoded - 1] + 1 if encoded else 0


class LucenePhrase(Phrase):
    """A quoted phrase, on a field's phrase twin, scored as Lucene scores the ``SpanNearQuery`` the
    Lucene backend makes of it: BM25 with the words' summed idf, the matches as frequency (each
    1 / (1 + the positions it spreads over beyond adjacent)) and the twin's length."""

    def matcher(self, searcher, context=None):
        weighting = searcher.weighting if context is None else context.weighting
        if not isinstance(weighting, LuceneBM25) or self.fieldname not in searcher.schema:
            return super().matcher(searcher, context)
        field = searcher.schema[self.fieldname]
        words = [field.to_bytes(word) for word in self.words]
        if any((self.fieldname, word) not in searcher.reader() for word in words):
            return NullMatcher()
        spans = SpanNear2([Term(self.fieldname, word) for word in words], slop=self.slop, ordered=True,
                          mindist=1).matcher(searcher, context)
        matcher = _PhraseMatcher(spans, *weighting.statistics(searcher, self.fieldname, words), len(words) - 1)
        return matcher if self.boost == 1.0 else WrappingMatcher(matcher, boost=self.boost)


class _PhraseMatcher(WrappingMatcher):
    def __init__(self, child, idf: float, inverse: list[float], norms: bytes, adjacent_width: int):
        super().__init__(child)
        self._scoring = idf, inverse, norms, adjacent_width

    def copy(self):
        return _PhraseMatcher(self.child.copy(), *self._scoring)

    def _replacement(self, newchild):
        return _PhraseMatcher(newchild, *self._scoring)

    def supports_block_quality(self):
        return False        # the words' blocks know their own scores, not the phrase's

    def max_quality(self):
        return self._scoring[0]

    def score(self):
        idf, inverse, norms, adjacent_width = self._scoring
        frequency = sum(1.0 / (1 + span.end - span.start - adjacent_width) for span in self.child.spans())
        return idf - idf / (1.0 + frequency * inverse[norms[self.child.id()]])
