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
