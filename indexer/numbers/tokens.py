"""Tokens of an article body for number reading: digit groups stay one token, words keep hyphens."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# --------------------------------------------------------------------------------------
# Tokens.

_SPACE = "[ \u00a0\u202f\u2009]"
_TOKEN = re.compile(rf"""
    (?P<num>\d{{1,3}}(?:[.,'’]\d{{3}})+(?:[.,]\d+)?(?![\d])
          | \d{{1,3}}(?:{_SPACE}\d{{3}})+(?:,\d+)?(?![\d.,]\d)
          | \d+(?:[.,]\d+)?)
  | (?P<word>[^\W\d_]+(?:[-'’][^\W\d_]+)*)
  | (?P<sym>[%€$£¥₽₴°])
  | (?P<punct>\S)
""", re.X)


@dataclass(slots=True)
class Token:
    kind: str          # "num" | "word" | "sym" | "punct"
    text: str
    low: str
    start: int
    end: int
    newline_before: bool
    masked: bool = False


def tokenize(text: str, masks: list[tuple[int, int]]) -> list[Token]:
    tokens: list[Token] = []
    mask_starts = [s for s, _ in masks]
    prev_end = 0
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        tok = Token(m.lastgroup or "punct", m.group(), m.group().lower(), start, end,
                     "\n" in text[prev_end:start])
        if tok.kind == "num" and masks:
            k = bisect.bisect_right(mask_starts, start) - 1
            tok.masked = k >= 0 and masks[k][1] > start
            if not tok.masked and k + 1 < len(masks):
                tok.masked = masks[k + 1][0] < end
        tokens.append(tok)
        prev_end = end
    return tokens


def word_at(tokens: list[Token], i: int) -> str:
    return tokens[i].low if 0 <= i < len(tokens) and tokens[i].kind == "word" else ""


def phrase_at(tokens: list[Token], i: int, phrase: str) -> int:
    """Index after ``phrase`` (space-separated words) if it starts at token i, else -1."""
    for word in phrase.split():
        if word_at(tokens, i) != word or (tokens[i].newline_before and word != phrase.split()[0]):
            return -1
        i += 1
    return i
