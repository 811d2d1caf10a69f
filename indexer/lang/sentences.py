"""Where a sentence starts: the one check the entity and number rules share.

A capitalised word at a sentence start says nothing about being a name ("Militært",
"Defensie"), so the rules that read capitals ask ``sentence_start`` first.
"""
from __future__ import annotations

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


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The character span of the sentence holding ``text[start:end]``: from after the previous
    sentence end (".!?" followed by a space) or line break, to the next one, at most
    ``MAX_SENTENCE_CHARS`` long.  "10.000" and "3.5" do not end a sentence."""
    first = start
    while first > 0 and text[first - 1] != "\n" and not _ends_sentence(text, first - 1):
        first -= 1
    last = end
    while last < len(text) and text[last] != "\n" and not _ends_sentence(text, last - 1):
        last += 1
    while first < start and text[first].isspace():
        first += 1
    half = MAX_SENTENCE_CHARS // 2
    return max(first, start - half), min(last, end + half)


def _ends_sentence(text: str, i: int) -> bool:
    """Whether ``text[i]`` ends a sentence: an end mark followed by a space (or the text's end)."""
    if i < 0 or text[i] not in ".!?":
        return False
    return i + 1 >= len(text) or text[i + 1].isspace()
