"""A site's name at the top of a select-all capture, told from a headline by its shape.

A masthead is a few capitalised words ("Het Parool", "Dagens Næringsliv", "The Times") or one word
that is neither a section's ("Buitenland") nor a place's; a headline has small words and verbs in
lowercase ("Brand i Vejle"), and in title case its words are the story's ("Storm Hits Coast").  The
cleaner (``indexer.ingest.clean``) reads the top of a page with these; the outlets table
(``indexer.sources``) knows the names it lists whatever their shape.
"""
from __future__ import annotations

import re

from indexer.ingest.furniture import FUNCTION_WORDS, SECTION_WORDS
from indexer.ingest.lines import Line, content_stems
from indexer.lang import places

__all__ = ["about", "site_name_like"]

SITE_NAME_MAX_WORDS = 4          # "Frankfurter Allgemeine Zeitung", "The Wall Street Journal"
SITE_NAME_MAX_CHARS = 40
NAME_ARTICLES = frozenset({"de", "het", "die", "der", "das", "the", "den", "det"})   # "de Volkskrant"


def site_name_like(line: Line) -> bool:
    """A newspaper's name as its masthead writes it: a few capitalised words ("Het Parool", "Dagens
    Næringsliv", "The Times"), no function word but a leading article, no digits, no punctuation of a
    sentence; one word that is not a section's ("Handelsblatt", not "Buitenland") or a place's.
    A headline has a verb and small words in lowercase ("Brand i Vejle")."""
    text, words = line.text, line.words
    if not 1 <= len(words) <= SITE_NAME_MAX_WORDS or len(text) > SITE_NAME_MAX_CHARS:
        return False
    if not re.fullmatch(r"[^\W\d_][\w.&'’ -]*", text) or re.search(r"\d", text):
        return False
    first, rest = words[0], words[1:]
    if not (first[0].isupper() or rest and first in NAME_ARTICLES):
        return False
    if len(words) == 1:
        folded = first.casefold()
        return len(first) >= 3 and folded not in SECTION_WORDS and folded not in places()
    return all(word[0].isupper() and word.lower() not in FUNCTION_WORDS for word in rest)


SITE_NAME_TEXT_LINES = 10       # the lines below a name-like line read for its words


def about(line: Line, below: list[str]) -> bool:
    """Most of the line's words are in the text below it: a headline in title case ("Storm Hits
    Coast" above "A storm hit the coast ..."), not the masthead of the page."""
    stems = line.stems
    text = set().union(*(content_stems(other) for other in below[:SITE_NAME_TEXT_LINES]))
    return bool(stems) and len(stems & text) / len(stems) > 0.5
