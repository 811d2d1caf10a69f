"""The number grammar of the five languages: number words, multipliers, vague quantities, range
words and cue words, and how a written number word ("eenentwintig", "tjuefem") is evaluated."""
from __future__ import annotations

import functools
import re
from decimal import Decimal

from indexer.lang import number_words

# --------------------------------------------------------------------------------------
# The grammar's word lists are language data: ``indexer/lang/numbers.yaml`` (its comments say
# what each list is for).  Kinds of number words: "unit" 1-9 (and 1.5), "teen" 10-19, "tens"
# 20-90, "mag" 100/1000/10^6..., "conn" the "and" inside "eenentwintig", "femogtyve".

_DATA = number_words()


def _tuples(table: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {lang: tuple(words) for lang, words in table.items()}


_WORDS: dict[str, dict[str, int | float]] = _DATA["words"]
CONNECTORS = _tuples(_DATA["connectors"])
ARTICLE_ONE: dict[str, dict[str, float]] = _DATA["article_one"]
FRACTION_LINKS = _tuples(_DATA["fraction_links"])       # "half a million", "three-quarters of a million"
AND_A_HALF = _tuples(_DATA["and_a_half"])               # "two and a half million", "to og en halv"
HALF_SUFFIXES = _tuples(_DATA["half_suffixes"])         # "zweieinhalb", "tweeënhalf"
VULGAR_FRACTIONS: dict[str, float] = _DATA["vulgar_fractions"]   # "1½ million"
MULTIPLIERS: dict[str, dict[str, int]] = _DATA["multipliers"]
GLUED_MULTIPLIERS: dict[str, int] = _DATA["glued_multipliers"]
# (label, low, high, words per language)
VAGUE: tuple[tuple[str, int, int, dict[str, tuple[str, ...]]], ...] = tuple(
    (entry["label"], entry["low"], entry["high"], _tuples(entry["words"])) for entry in _DATA["vague"])
QUANTIFIERS = _tuples(_DATA["quantifiers"])
VAGUE_BY_MAGNITUDE = {12: "dozens", 100: "hundreds", 1000: "thousands", 10**6: "millions", 10**9: "billions"}
VAGUE_RANGES = {label: (low, high) for label, low, high, _ in VAGUE}
RANGE_WORDS = _tuples(_DATA["range_words"])
BETWEEN = _tuples(_DATA["between"])
DASHES = ("-", "–", "—")
OF = _tuples(_DATA["of"])
FILLERS = frozenset(_DATA["fillers"].split())
STOP = frozenset(_DATA["stop"].split())
ADJECTIVE_ENDINGS = {lang: tuple(endings) if endings else None for lang, endings in _DATA["adjective_endings"].items()}
YEAR_CUES = frozenset(_DATA["year_cues"].split())
STRENGTH_SUFFIXES = frozenset(_DATA["strength_suffixes"])      # "12,000-strong": soldiers
EITHER = frozenset(_DATA["either"])                 # "killed or wounded": both
CLAUSE_ENDS = EITHER | frozenset(_DATA["clause_ends"])
OWN_CLAUSE = frozenset(_DATA["own_clause"])         # "95, with 40 people": 95 does not borrow "people"
# {fate: {language: words}}: "killed 57 people" (a verb before), "the death toll rose to 57" (a toll)
FATE_BEFORE: dict[str, dict[str, tuple[str, ...]]] = {
    fate: _tuples(words) for fate, words in _DATA["fate_before"].items()}
TOLLS: dict[str, dict[str, tuple[str, ...]]] = {fate: _tuples(words) for fate, words in _DATA["tolls"].items()}
CURRENCY_WORDS_BEFORE = frozenset(_DATA["currency_words_before"])   # "kr. 5 mia."
PRICE_DASHES = tuple(_DATA["price_dashes"])                          # "5.000,-"
# {language: (label, words) pairs}: "at least", "up to", ... before a number
QUALIFIERS = {lang: tuple((label, tuple(words[lang])) for label, words in _DATA["qualifiers"].items())
              for lang in _DATA["words"]}
ID_CUES = frozenset(_DATA["id_cues"].split())

# --------------------------------------------------------------------------------------
# Number words.

@functools.cache
def _morpheme_pattern(lang: str) -> re.Pattern:
    parts = list(_WORDS[lang]) + list(CONNECTORS[lang])
    return re.compile("|".join(sorted(map(re.escape, parts), key=len, reverse=True)))


def _kind(value: float) -> str:
    if value >= 100:
        return "mag"
    if value >= 20:
        return "tens"
    if value >= 10:
        return "teen"
    return "unit"


def valid_after(prev: tuple[float, str] | None, kind: str, lang: str, spaced: bool) -> bool:
    """May a part of ``kind`` follow ``prev``?  "twenty five" yes, "twee drie" no; "and a half"
    (kind "half") follows a number below 100 and only a multiplier follows it."""
    if prev is None:
        return kind not in ("conn", "half")
    pkind = prev[1]
    if kind == "half":
        return pkind in ("unit", "teen", "tens")
    if pkind == "half":
        return kind == "mag"
    if kind == "mag":
        return pkind != "conn"
    if kind == "conn":
        return pkind == "mag" or (pkind == "unit" and (not spaced or lang in ("da", "nb")))
    if pkind in ("mag", "conn"):
        return True
    return pkind == "tens" and kind == "unit"


@functools.lru_cache(maxsize=65536)
def number_word_parts(low: str, lang: str) -> tuple[tuple[float, str], ...] | None:
    """Split one word into number parts: "eenentwintig" -> ((1,unit),(0,conn),(20,tens))."""
    if lang == "en":
        low = low.replace("-", "")
    if not low or len(low) > 40:
        return None
    for suffix in HALF_SUFFIXES[lang]:                     # "zweieinhalb", "tweeënhalf"
        if low.endswith(suffix) and len(low) > len(suffix):
            head = number_word_parts(low[:-len(suffix)], lang)
            if head and valid_after(head[-1], "half", lang, spaced=False):
                return head + ((0.5, "half"),)
            return None
    words, conns = _WORDS[lang], CONNECTORS[lang]
    pieces = _morpheme_pattern(lang).findall(low)
    if "".join(pieces) != low:
        return None
    parts: list[tuple[float, str]] = []
    for piece in pieces:
        part = (0, "conn") if piece in conns else (words[piece], _kind(words[piece]))
        if not valid_after(parts[-1] if parts else None, part[1], lang, spaced=False):
            return None
        parts.append(part)
    if parts[-1][1] == "conn":
        return None
    return tuple(parts)


def evaluate(parts: list[tuple[float, str]]) -> Decimal:
    total, current = Decimal(0), Decimal(0)
    for value, kind in parts:
        v = Decimal(str(value))
        if kind == "conn":
            continue
        if kind == "half":
            current += Decimal("0.5")
            continue
        if kind == "mag" and v == 100:
            current = (current or 1) * v
        elif kind == "mag":
            if current == 0 and total and total < v:
                total *= v
            else:
                total += (current or 1) * v
            current = Decimal(0)
        else:
            current += v
    return total + current
