"""Analysed text that travels: the tokens of a field, made once (in a build worker), indexed later.

Analysis is most of what indexing an article costs, and it is the same for every backend, so a
build runs the chains in its worker processes and hands the backend the tokens.  ``prepare``
runs a chain over a text and packs (text, position) pairs into one string; ``PreparedAnalyzer``
wraps a field's chain: given a packed string it yields those tokens unchanged (positions kept, so
tokens stacked on one position, such as a compound's parts, still work in phrase queries), given
plain text (a query, an old caller) it runs the chain as before.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from whoosh.analysis import Analyzer
from whoosh.analysis.acore import Token

from indexer.analysis.analyzers import analysed_word_by_word

MARK = "\x00"          # first character of a packed field: no text starts with it
TOKEN_SEP = "\x1f"
POS_SEP = "\x1e"


def prepare(analyzer, text: str) -> str:
    """``text`` analysed by ``analyzer``, packed."""
    return pack(analysed(analyzer, text))


def pack(tokens: Iterable[tuple[int, str]]) -> str:
    """(position, text) tokens as a packed field (``unpack`` reads it)."""
    return MARK + TOKEN_SEP.join(f"{pos}{POS_SEP}{text}" for pos, text in tokens)


def analysed(analyzer, text: str) -> Iterable[tuple[int, str]]:
    """(position, text) of each token ``analyzer`` makes of ``text`` (our chains word by word,
    memoised; any other over the whole text)."""
    if getattr(analyzer, "works_word_by_word", False):
        tokens = analysed_word_by_word(analyzer, text)
        if tokens is not None:
            return tokens
    return ((token.pos, token.text) for token in analyzer(text, positions=True))


def unpack(packed: str) -> list[tuple[int, str]]:
    """(position, text) of each token of a packed field."""
    if len(packed) <= len(MARK):
        return []
    return [(int(pos), text) for pos, _, text in (item.partition(POS_SEP) for item in packed[1:].split(TOKEN_SEP))]


def token_count(packed: str) -> int:
    """How many tokens a packed field holds (its length, as Whoosh and Lucene count it)."""
    return packed.count(TOKEN_SEP) + 1 if len(packed) > len(MARK) else 0


def phrase_twin(packed: str) -> tuple[str, int]:
    """A packed field's phrase twin for Whoosh: the first token of each position, packed (Whoosh
    keeps positions, gaps need no filler), and the twin's length as the whitespace engines count
    it (one token a position, gaps filled: see ``whitespace_fields``)."""
    first: dict[int, str] = {}
    for pos, text in unpack(packed):
        first.setdefault(pos, text)
    return pack(first.items()), max(first) + 1 if first else 0


class PreparedAnalyzer(Analyzer):
    def __init__(self, inner):
        self.inner = inner

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, mode: str = "", **kwargs):
        if mode == "query" or not value.startswith(MARK):      # a query is never packed, whatever it starts with
            yield from self.inner(value, positions=positions, chars=chars, keeporiginal=keeporiginal,
                                  removestops=removestops, start_pos=start_pos, start_char=start_char,
                                  mode=mode, **kwargs)
            return
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, text in unpack(value):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + pos
            yield token

    def __eq__(self, other):
        return type(other) is type(self) and other.inner == self.inner


# -- for engines that split a field on whitespace (Lucene, OpenSearch) -----------------------

GAP_TOKEN = "\u2063"          # fills a position gap in a phrase twin (not whitespace to a tokenizer)
PHRASE_SUFFIX = "__p"         # the phrase twin of a text field, in every backend


_WHITESPACE = re.compile(r"\s+")


# The longest token the server backends' whitespace tokenizers keep whole (Lucene's and
# OpenSearch's, 255 characters): a longer one, a long hyphenated name, is cut to it, in the index
# and in the query alike, where the tokenizer would split it into pieces Whoosh never sees.
MAX_TOKEN_CHARS = 255


def one_word(text: str) -> str:
    """A token as one whitespace-separated word ("600 000" -> "600_000"), indexed and queried alike."""
    word = text if text.isalnum() else _WHITESPACE.sub("_", text)    # most tokens: letters only, fast
    return word[:MAX_TOKEN_CHARS]


def whitespace_fields(tokens) -> tuple[str, str]:
    """(position, text) tokens of a chain as two whitespace-separated strings: every token (the
    scored field: term frequencies and field lengths as in Whoosh), and the first token of each
    position with gaps filled (the phrase twin: what a quoted phrase is analysed into, one word a
    position, so a whitespace tokenizer's positions are the chain's)."""
    every, first = [], {}
    for pos, text in tokens:
        word = one_word(text)
        every.append(word)
        if pos not in first:
            first[pos] = word
    last = max(first, default=-1)
    return " ".join(every), " ".join([first.get(pos, GAP_TOKEN) for pos in range(last + 1)])
