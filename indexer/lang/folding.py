"""Folding: letters with diacritics to plain Latin letters, in the three ways the stages need.

Each variant has one job, and they differ on purpose ("Århus", "Færøerne", "Straße"):

* ``fold_for_search``: index and query tokens (expects lowercase).  å -> aa, the spelling å
  replaced, so "århus" meets "aarhus"; æ -> ae, ø/ö -> o, ß -> ss, other accents stripped.
  "århus" -> "aarhus".
* ``fold_for_names``: lowercases, then as above except å -> a (name keys then make doubled
  letters single, so "Aarhus" and "Århus" share a key either way).  "Århus" -> "arhus".
* ``fold_in_place``: ``fold_for_names`` that keeps every character where it is (ß, æ stay
  themselves; dashes become "-", typographic apostrophes "'", line breaks a space), so an
  offset in the folded text is the same offset in the original: for matching names in running
  text.  "Århus" -> "arhus", "Straße" -> "straße".
* ``fold_keep_nordic``: lowercases and strips accents but keeps æ, ø, å, which are letters of
  their own in Danish and Norwegian words ("sårede" is not "sarede"): for looking up the
  words that name what a number counts.  "Århus" -> "århus".
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SEARCH_LETTERS_MAP = {"ß": "ss", "æ": "ae", "å": "aa", "ø": "o", "œ": "oe", "þ": "th", "ð": "d",
                       "đ": "d", "ł": "l", "ı": "i", "ŀ": "l", "ħ": "h"}
# Letters that Unicode decomposition does not reduce to a base letter.
_NAME_LETTERS = {"æ": "ae", "ø": "o", "ß": "ss", "œ": "oe", "ð": "d", "þ": "th", "ł": "l", "đ": "dj",
                 "ı": "i", "ŀ": "l", "ħ": "h", "ŧ": "t"}
# One character in, one character out.
_IN_PLACE = {"ø": "o", "ł": "l", "đ": "d", "ı": "i", "ŀ": "l", "ħ": "h", "ŧ": "t", "ð": "d",
             "’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'",
             "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "\u00ad": "-",
             "\n": " ", "\t": " ", "\r": " ", "\u00a0": " "}


def strip_marks(text: str) -> str:
    """``text`` without combining marks (NFKD, marks dropped): "ë" -> "e", "å" -> "a"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def fold_for_search(text: str) -> str:
    """A lowercase token without diacritics, å -> aa: "oekraïne" -> "oekraine", "sør" -> "sor"
    (memoised: tokens repeat; running text goes to ``fold_text_for_search``)."""
    return fold_text_for_search(text)


def fold_text_for_search(text: str) -> str:
    """``fold_for_search`` of a passage or any text that will not come again: not memoised."""
    if text.isascii():
        return text
    text = _SEARCH_LETTER.sub(_search_letter, text)
    if _OUTSIDE_LATIN.search(text):
        return unicodedata.normalize("NFC", strip_marks(text))
    return _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text))


# Speed (every token of a build and every passage of a result page passes here): a dict given to
# str.translate costs a look-up per character, so the dozen letters are replaced by a regular
# expression; and within the Latin blocks decomposition leaves only marks of the
# combining-diacritics block, which nothing recomposes once they are gone.
_SEARCH_LETTER = re.compile("[" + "".join(_SEARCH_LETTERS_MAP) + "]")
_LATIN_BLOCKS = "\\x00-\\u024f\\u0300-\\u036f\\u1e00-\\u1eff\\u2000-\\u206f"
_OUTSIDE_LATIN = re.compile(f"[^{_LATIN_BLOCKS}]")
_LATIN_MARKS = re.compile("[" + "".join(chr(code) for code in range(0x300, 0x370)
                                        if unicodedata.combining(chr(code))) + "]")


def _search_letter(match: re.Match) -> str:
    return _SEARCH_LETTERS_MAP[match.group()]


def _name_char(char: str) -> str:
    return _NAME_LETTERS.get(char) or strip_marks(char)


_NAME_TABLE = {code: _name_char(chr(code)) for code in range(0x80, 0x2100) if _name_char(chr(code)) != chr(code)}


def fold_for_names(text: str) -> str:
    """Lowercase without diacritics: "Oekraïne" -> "oekraine", "Færøerne" -> "faeroerne"."""
    return text.lower().translate(_NAME_TABLE)


def _in_place_char(char: str) -> str:
    if char in _IN_PLACE:
        return _IN_PLACE[char]
    lower = char.lower()
    if len(lower) != 1:
        return char
    if lower.isascii():
        return lower
    base = strip_marks(lower)
    return base if len(base) == 1 else lower


_IN_PLACE_TABLE = {code: _in_place_char(chr(code)) for code in range(0x2100) if chr(code) != _in_place_char(chr(code))}


def fold_in_place(text: str) -> str:
    """``fold_for_names`` with every character kept in place (see the module docstring)."""
    return text.translate(_IN_PLACE_TABLE)


def fold_keep_nordic(word: str) -> str:
    """Lowercase without diacritics, except æ, ø and å: "Flüchtlinge" -> "fluchtlinge", "sårede" stays."""
    word = word.lower().replace("ß", "ss")
    return "".join(ch if ch in "æøå" else strip_marks(ch) for ch in word)
