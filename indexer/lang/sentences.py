"""Where a sentence starts and what word follows: the checks the entity and number rules share.

A capitalised word at a sentence start says nothing about being a name ("Militært",
"Defensie"), so the rules that read capitals ask ``sentence_start`` first.
"""
from __future__ import annotations

import re

# Skipped when looking back from a word: quotes, brackets, dashes, bullets, bars.
OPENERS = frozenset("\"'«»„“”‘’‹›([{-–—•*·|>")
SENTENCE_ENDS = frozenset(".!?:;")


def sentence_start(text: str, start: int) -> bool:
    """Whether ``text[start:]`` opens a sentence: the text or a line begins there, or only
    openers and spaces stand between it and the end of the sentence before."""
    i = start - 1
    while i >= 0:
        char = text[i]
        if char == "\n":
            return True
        if char.isspace() or char in OPENERS:
            i -= 1
            continue
        return char in SENTENCE_ENDS
    return True


MAX_SENTENCE_CHARS = 400    # a "sentence" longer than this (a list, a table row) is cut around the span
# A sentence ends at an end mark followed by a space or the text's end ("10.000", "3.5" do not
# end one), or at a line break; a point followed by a small letter or a digit is an ordinal or an
# abbreviation ("Den 12. november", "ca. 3000"): the next sentence starts with a capital.
_BOUNDARY = re.compile(r"[!?](?=\s|$)|\.(?=\s|$)(?!\s+[^\W_A-ZÆØÅÄÖÜÉÈÀÇ])|\n")


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The character span of the sentence holding ``text[start:end]``: from after the previous
    sentence end or line break to the next one (its end mark included), at most
    ``MAX_SENTENCE_CHARS`` long."""
    half = MAX_SENTENCE_CHARS // 2
    window = max(0, start - half)
    first = window
    for match in _BOUNDARY.finditer(text, window, end):     # up to ``end``: a match's lookahead reads on
        if match.end() > start:
            break
        first = match.end()
    following = _BOUNDARY.search(text, end, end + half)
    last = (following.end() if following.group() != "\n" else following.start()) if following else min(len(text), end + half)
    while first < start and text[first].isspace():
        first += 1
    return first, last


def word_after(text: str, end: int) -> str:
    """The word right after ``end`` (spaces between allowed), lower case; "" when punctuation or
    the text's end comes first ("Austin told", "12,000, Kyiv": "told", "")."""
    match = _NEXT_WORD.match(text, end)
    return match.group(1).lower() if match else ""


_NEXT_WORD = re.compile(r"\s*([^\W\d_]+)")

