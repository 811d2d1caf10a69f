"""Numbers as facets: "how many of what", one facet value whatever the language or format.

``extract_numbers(text, lang)`` reads an article body and returns ``NumberMention``
records: "3000 troepen", "3.000 Noord-Koreaanse militairen", "3 000 soldater" and
"three thousand troops" all give ``value=3000, unit="soldiers"`` (key ``soldiers:3000``).

How one number is read (each step has its module in ``indexer.numbers``):

1. ``masks.masked_spans``: dates ("24/10/2024", "8. Oktober", "tussen 8 en 13 oktober"),
   times ("01:00", "kl. 14.30", "von 10 bis 12 Uhr"), year ranges, phone numbers, ages ("im
   Alter von 73", "Putin (72)", "aged between 6 and 12") and ids ("nr. 5") are masked and never
   read as counts.
2. ``tokens.tokenize``: digit groups stay one token ("1.500", "10,000", "600 000" with a space,
   NBSP or thin space); words keep their hyphens ("Noord-Koreaanse").
3. ``reading.read_digits`` / ``read_words`` / ``read_vague`` / ``read_range``: digits read in
   the article's locale plus a multiplier ("2,5 miljoen", "10 Mio.", "2.5 million", "$5m",
   "1½ million", "zwei Dutzend"), or number words ("otte millioner", "vier", Norwegian
   "tjuefem", "two and a half million", "zweieinhalb", "three-quarters of a million" - our own
   tables, one grammar for the five languages, ``grammar``), or a vague quantity ("duizenden", "Tausende",
   "tusenvis", "thousands of") read as a range.  "tussen 8 en 13", "3-4", "2 bis 3
   Millionen" become ranges.
4. ``units.read_unit``: the noun after the quantity, adjectives allowed in between ("3000
   nordkoreanske soldater"), looked up in ``data/units.yaml`` by Snowball stem; a currency
   may come first ("€ 2,5 miljoen", "kr. 5 mia.").  A duration, age or measure word there ("3 jaar",
   "14 Uhr", "twee keer", "3,000 MW") means the number is not a count.  What befell people
   counted is the unit, said after them ("57 people were killed") or before them ("The attack
   killed 57 people", "The death toll rose to 57"): ``killed``.
5. ``_keep`` (here): years (2022, unless "2000 soldaten"), ordinals ("8.", "3rd"), codes glued to
   letters ("F-16", "MH17"), small or unitless word numbers and ids are dropped.

Labels (``labels``) are English: "3,000 soldiers", "8 million shells", "2.5 million euro", "thousands of
soldiers", "8-13 soldiers", "1,500" (no unit).
"""
from __future__ import annotations

import functools
import re

from indexer.lang import CAPITALISED_NOUNS, normalise_language
from indexer.lang.sentences import sentence_start, word_after
from indexer.numbers.grammar import CLAUSE_ENDS, EITHER, FATE_BEFORE, ID_CUES, OWN_CLAUSE, QUALIFIERS, TOLLS, YEAR_CUES
from indexer.numbers.labels import quantity_label
from indexer.numbers.masks import masked_spans
from indexer.numbers.reading import (Quantity, may_start_quantity, read_digits, read_range, read_vague, read_words,
                                     strength_after)
from indexer.numbers.tokens import Token, tokenize, word_at
from indexer.numbers.units import Concept, NOT_A_COUNT, UnitTable, currency_before, load_units, read_unit
from indexer.records import NumberMention

MIN_UNITLESS = 10        # a number with no known noun is a facet value only from 10 on
_CLOCK = re.compile(r"(?:[01]?\d|2[0-4])\.[0-5]\d")   # outside English "14.30" is no decimal: a time

# --------------------------------------------------------------------------------------
# The stage.

def _keep(text: str, q: Quantity, unit: str, lang: str, tokens: list[Token], i: int) -> bool:
    """Is this quantity a count worth a facet value?  ``i`` is its first token."""
    if unit == NOT_A_COUNT or q.vague == "score":
        return False                                     # "3 jaar", "14 Uhr", "3-1"
    if q.value is None:
        if q.low is None:
            return False                                 # an article ("een", "ein")
        return bool(unit or q.vague or q.high >= MIN_UNITLESS)   # not "1 to 4" (inches)
    if q.words_only and (q.value < 2 or (not unit and q.value < 1000)):
        return False                                     # "twee keer", "ein Mensch", "en av dem"
    if q.year_like and (not unit or unit == "percent" or word_at(tokens, i - 1) in YEAR_CUES):
        return False                                     # "in 2024", "2000 soldaten" is kept
    if unit in FATES and _fate_at(tokens, q.next, lang)[0] and _after_a_name(text, tokens, i, lang):
        return False                                     # "Estlink 2 ble skadet": the cable, not 2 wounded
    if unit or q.currency:
        return True
    if q.glued:
        return False                                     # "100m" alone is a distance
    if q.value < MIN_UNITLESS:
        return False                                     # "Kommentare (0)", "ifølge 2 kilder"
    digits = q.raw_digits
    if digits.isdigit() and (len(digits) >= 7 or (len(digits) > 1 and digits[0] == "0")):
        return False                                     # ids, "007"
    if lang != "en" and q.multiplier is None and _CLOCK.fullmatch(digits):
        return False                                     # "starter 14.30": a time, "." is no decimal
    prev = word_at(tokens, i - 1)
    if not prev and i >= 2 and tokens[i - 1].text == ".":
        prev = word_at(tokens, i - 2)
    if prev in ID_CUES:
        return False                                     # "nr. 5", "Artikel 5", "vlucht 17"
    return not _after_a_name(text, tokens, i, lang)     # "Boeing 737", "Windows 11"


def _after_a_name(text: str, tokens: list[Token], i: int, lang: str) -> bool:
    """Does the number at ``i`` follow a capitalised word inside a sentence (the number is part
    of a name: "Boeing 737", "Estlink 2")?  Not in a language that capitalises every noun."""
    return (i > 0 and bool(word_at(tokens, i - 1)) and lang not in CAPITALISED_NOUNS
            and tokens[i - 1].text[0].isupper() and not sentence_start(text, tokens[i - 1].start))


def _normalise_lang(lang: str | None) -> str:
    """A code of ``LANGUAGES`` for a language tag ("nl-BE", "nob"); English otherwise."""
    return normalise_language((lang or "en").lower().split("-")[0].split("_")[0])


def extract_numbers(text: str, lang: str) -> list[NumberMention]:
    """Counts in ``text`` ("how many of what"), with character spans into ``text``."""
    lang = _normalise_lang(lang)
    table = load_units()
    tokens = tokenize(text, masked_spans(text))
    mentions: list[NumberMention] = []
    own_fate: set[int] = set()        # mentions whose fate is a verb before them ("wounded 40 people")
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind == "num":
            q = read_digits(text, tokens, i, lang)
        elif tok.kind == "word" and may_start_quantity(tok.low, lang):
            q = read_vague(tokens, i, lang) or read_words(tokens, i, lang)
        else:
            q = None
        if q is None:
            i += 1
            continue
        if q.value is not None:
            q = read_range(tokens, q, i, lang)
        start = q.start
        if tok.kind == "num":
            before = currency_before(tokens, i)
            if before:
                start, q.currency = tokens[before[0]].start, before[1]
        unit, noun_end = q.currency or "", q.end
        strength_end = strength_after(text, q.end) if tok.kind == "num" else None
        if strength_end is not None:                     # "a 12,000-strong force", "crowd": the noun after
            unit, noun_end = _strength_of(tokens, q.next, strength_end, lang)
        elif not q.currency:
            unit, k, word = read_unit(tokens, q.next, lang)
            if unit and unit != NOT_A_COUNT:
                unit, k = _fate(tokens, unit, k, lang)
                noun_end = tokens[k].end
                if k + 1 < len(tokens) and tokens[k + 1].text == "." and word in ("kr", "pct", "pst") \
                        and tokens[k + 1].start == tokens[k].end:
                    noun_end = tokens[k + 1].end
        concept = table.concepts.get(unit)
        if concept and concept.countable and q.alt is not None and q.multiplier is None \
                and q.value is not None and q.alt > q.value:
            q.value = q.alt                              # "2,500 soldaten" is never 2.5 soldiers
        if _keep(text, q, unit, lang, tokens, i):
            qualifier, start = _qualifier(text, start, lang) if not q.vague else ("", start)
            fate_start = start
            if unit in table.fate_of or (not unit and tok.kind == "num"):
                fate, fate_start = _fate_before(text, start, lang, bool(unit))
                if fate:                                 # "killed 57 people", "death toll rose to 57"
                    unit, concept = fate, table.concepts[fate]
            if fate_start < start:                       # "killed 12 and wounded 40 people": not 12 wounded
                own_fate.add(len(mentions))
            mentions.append(_mention(text, q, unit if concept else "", concept, fate_start, noun_end, qualifier))
        i = max(q.next, i + 1)
    _inherit_units(text, mentions, table, own_fate)
    return mentions


def _mention(text: str, q: Quantity, unit: str, concept: Concept | None, start: int,
             end: int, qualifier: str) -> NumberMention:
    as_float = (lambda d: None if d is None else float(d))
    return NumberMention(value=as_float(q.value), unit=unit, text=text[start:end], start=start,
                         end=end, low=as_float(q.low), high=as_float(q.high), label=quantity_label(q, concept),
                         qualifier=qualifier)


def _strength_of(tokens: list[Token], first: int, end: int, lang: str) -> tuple[str, int]:
    """The unit of the noun after "12,000-strong" (``end``: where "-strong" ends, ``first``: the
    token after the number; a force: soldiers, a crowd: people) and where the count ends; no
    unit when the noun names nothing counted."""
    after = next((j for j in range(first, len(tokens)) if tokens[j].start >= end), len(tokens))
    unit, k, _ = read_unit(tokens, after, lang)
    if not unit or unit == NOT_A_COUNT:
        return "", end
    return unit, tokens[k].end


FATES = ("killed", "wounded")


def _fate(tokens: list[Token], unit: str, k: int, lang: str) -> tuple[str, int]:
    """What befell the people counted, said right after them ("3,000 soldiers were killed or
    wounded": casualties, not troops; "200 soldater dræbt": killed), and the last word read."""
    table = load_units()
    if unit in table.fate_of:
        fate, end = _fate_at(tokens, k + 1, lang)
        if not fate and word_at(tokens, k + 1) in table.fate_verbs.get(lang, ()):
            fate, end = _fate_later(tokens, k + 2, lang)
        if not fate:
            return unit, k
        unit, k = fate, end
    if unit in FATES and word_at(tokens, k + 1) in EITHER:
        other, end = _fate_at(tokens, k + 2, lang)
        if other and other != unit:
            return "casualties", end
    return unit, k


FATE_REACH = 6     # words after "wurden", "were" searched for "getötet", "killed"


def _fate_later(tokens: list[Token], j: int, lang: str) -> tuple[str, int]:
    """A "killed" or "wounded" within a few words of the same clause from ``j`` ("wurden in
    Putins Krieg getötet"), or ("", ``j``)."""
    for n in range(j, min(j + FATE_REACH, len(tokens))):
        if tokens[n].kind != "word" or tokens[n].newline_before or tokens[n].low in CLAUSE_ENDS:
            break                   # "have arrived, and some have been killed": another clause
        fate, end = _fate_at(tokens, n, lang)
        if fate:
            return fate, end
    return "", j


def _fate_at(tokens: list[Token], j: int, lang: str) -> tuple[str, int]:
    """("killed" or "wounded", the phrase's last word) when one starts right at ``j`` ("dræbt",
    "were killed"); not past other words ("soldiers in Kursk were killed" stays soldiers)."""
    if j >= len(tokens) or tokens[j].kind != "word" or tokens[j].newline_before:
        return "", j
    unit, k, _ = read_unit(tokens, j, lang)
    words = tuple(token.low for token in tokens[j:k + 1])
    listed = k == j or any(phrase == words for phrase, _ in load_units().phrases[lang].get(tokens[j].low, ()))
    return (unit, k) if unit in FATES and listed else ("", j)


def _qualifier(text: str, start: int, lang: str) -> tuple[str, int]:
    """The words before a number that say it is no exact count ("Mindestens 3000", "op til
    12.000", "about 10,000": ("at least", where they start)), or ("", ``start``)."""
    pattern, labels = _qualifier_pattern(lang)
    match = pattern.search(text, max(0, start - QUALIFIER_REACH), start)
    if match is None:
        return "", start
    return labels[" ".join(match.group(1).lower().split())], match.start(1)


QUALIFIER_REACH = 40        # characters before a number searched for its qualifier


def _fate_before(text: str, start: int, lang: str, people: bool) -> tuple[str, int]:
    """What befell the people counted, said before the count: a verb right before a count of
    ``people`` ("The attack killed 57 people", "I 2023 døde 1.200 mennesker": ("killed", where the
    verb starts)), or a death toll a few words before a count without a noun ("The death toll
    rose to 57": ("killed", ``start``)); ("", ``start``) otherwise."""
    verbs, tolls = _fate_patterns(lang)
    if people:
        match = verbs.search(text, max(0, start - FATE_VERB_REACH), start)
        return (match.lastgroup, match.start()) if match else ("", start)
    match = tolls.search(text, max(0, start - TOLL_REACH), start)
    if match is None or any(word.lower() in CLAUSE_ENDS | OWN_CLAUSE for word in match.group("gap").split()):
        return "", start                                 # "the death toll may rise, and 300 remain missing"
    return next(fate for fate in TOLLS if match.group(fate)), start


FATE_VERB_REACH = 20        # characters before a count searched for "killed", "tötete"
TOLL_REACH = 80             # characters before a count searched for "death toll", "Dødstallet"
TOLL_GAP = 6                # words allowed between the toll and its figure ("rose to", "er steget til")


@functools.cache
def _fate_patterns(lang: str) -> tuple[re.Pattern, re.Pattern]:
    def alternation(table: dict[str, dict[str, tuple[str, ...]]]) -> str:
        return "|".join(f"(?P<{fate}>" + "|".join(r"\s+".join(map(re.escape, phrase.split()))
                                                   for phrase in sorted(words[lang], key=len, reverse=True)) + ")"
                        for fate, words in table.items())
    verbs = re.compile(rf"(?<!\w)(?:{alternation(FATE_BEFORE)})[ \t\u00a0]+$", re.IGNORECASE)
    tolls = re.compile(rf"(?<!\w)(?:{alternation(TOLLS)})(?!\w)(?P<gap>(?:[ \t\u00a0]+[^\W\d_]+){{0,{TOLL_GAP}}})"
                       rf"[ \t\u00a0]+$", re.IGNORECASE)
    return verbs, tolls


@functools.cache
def _qualifier_pattern(lang: str) -> tuple[re.Pattern, dict[str, str]]:
    labels = {phrase.lower(): label for label, phrases in QUALIFIERS[lang] for phrase in phrases}
    alternation = "|".join(r"\s+".join(map(re.escape, phrase.split()))
                           for phrase in sorted(labels, key=len, reverse=True))
    return re.compile(rf"(?<!\w)({alternation})\s+$", re.IGNORECASE), labels


def _units_from_the_next(text: str, mentions: list[NumberMention], table: UnitTable,
                         own_fate: set[int] = frozenset()) -> None:
    """A count without a noun takes the unit of the next count of its sentence when that one is
    of the same size and names what it counts ("12,000, Kyiv says 11,000 troops", "12.000 oder
    11.000 Soldaten", a list: "12, 15 or 20 tanks"): estimates of one thing, the noun said once;
    not across a clause of its own ("rose to 95, with 40 people in hospital"), nor from a count
    whose fate is said before it ("killed 12 and wounded 40 people")."""
    for n in range(len(mentions) - 2, -1, -1):           # from the end: each item of a list in turn
        cur, following = mentions[n], mentions[n + 1]
        size = following.value if following.value is not None else following.low
        if cur.unit or cur.value is None or size is None or not following.unit or n + 1 in own_fate:
            continue
        if following.value is None and not following.label[:1].isdigit():
            continue                                     # "thousands of soldiers": no size to compare
        concept = table.concepts[following.unit]
        if not concept.countable or _SENTENCE_END.search(text, cur.end, following.start):
            continue
        if not 0.1 <= cur.value / size <= 10:
            continue                                     # "in 2 cities, 3000 soldiers": not one thing
        if word_after(text, cur.end) not in EITHER | {""}:
            continue                                     # "18 wins, 20 losses": it names its own thing
        if any(word.lower() in OWN_CLAUSE for word in _WORD.findall(text, cur.end, following.start)):
            continue                                     # "rose to 95, with 40 people in hospital"
        cur.unit = following.unit
        cur.label = f"{cur.label} {concept.many if cur.value != 1 else concept.one}"


_SENTENCE_END = re.compile(r"[.!?;:\n]\s|\n")
_WORD = re.compile(r"[^\W\d_]+")


def _inherit_units(text: str, mentions: list[NumberMention], table: UnitTable, own_fate: set[int]) -> None:
    """ "3000 troepen ... en dat er nog duizenden zullen volgen": thousands of soldiers; "Seoul
    says 12,000, Kyiv says 11,000 North Korean troops": 12,000 troops too."""
    _units_from_the_next(text, mentions, table, own_fate)
    for prev, cur in zip(mentions, mentions[1:]):
        if cur.unit or cur.value is not None or not prev.unit or not table.concepts[prev.unit].countable:
            continue                                     # not money, not percentages
        if _SENTENCE_END.search(text, prev.end, cur.start):
            continue
        concept = table.concepts[prev.unit]
        cur.unit = prev.unit
        cur.label = f"{cur.label} of {concept.many}" if not cur.label[:1].isdigit() else \
            f"{cur.label} {concept.many}"
