"""Reading a quantity at a token: digits in the article's locale, number words, vague quantities, ranges."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from indexer.lang import CAPITALISED_NOUNS, PHRASE_ARTICLES
from indexer.numbers.grammar import (
    AND_A_HALF, ARTICLE_ONE, BETWEEN, CONNECTORS, DASHES, FRACTION_LINKS, GLUED_MULTIPLIERS, MULTIPLIERS, OF, PRICE_DASHES,
    QUANTIFIERS, RANGE_WORDS, STRENGTH_SUFFIXES, VAGUE, VAGUE_BY_MAGNITUDE, VAGUE_RANGES, VULGAR_FRACTIONS, evaluate,
    number_word_parts, valid_after,
)
from indexer.numbers.masks import YEAR
from indexer.numbers.tokens import Token, phrase_at, word_at

# --------------------------------------------------------------------------------------
# Quantities.

@dataclass
class Quantity:
    value: Decimal | None                 # None: vague
    start: int
    end: int
    next: int                             # token index after the quantity
    low: Decimal | None = None
    high: Decimal | None = None
    vague: str = ""                       # "thousands"
    words_only: bool = False              # written in words, no digit
    multiplier: int | None = None
    alt: Decimal | None = None            # other reading of "1.500" / "1,500"
    year_like: bool = False               # a bare 1900..2100
    raw_digits: str = ""                  # the digits as written (ids, leading zeros)
    currency: str | None = None           # written before the amount ("€ 2,5 miljoen"): its unit
    glued: bool = False                   # "5m", "2bn": a multiplier only before money or a noun


def _parse_digits(s: str, lang: str) -> tuple[Decimal, Decimal | None]:
    """Value of a digit token in the article's locale, and the other reading if ambiguous."""
    if any(c in s for c in " \u00a0\u202f\u2009"):
        s = re.sub("[ \u00a0\u202f\u2009]", "", s)
        return Decimal(s.replace(",", ".")), None
    s = s.replace("'", "").replace("’", "")
    seps = [c for c in s if c in ".,"]
    if not seps:
        return Decimal(s), None
    if len(set(seps)) == 2:
        dec = s[max(s.rfind("."), s.rfind(","))]
        grp = "," if dec == "." else "."
        return Decimal(s.replace(grp, "").replace(dec, ".")), None
    sep = seps[0]
    if len(seps) > 1:
        return Decimal(s.replace(sep, "")), None
    head, tail = s.split(sep)
    as_decimal, as_group = Decimal(f"{head}.{tail}"), Decimal(head + tail)
    if len(tail) != 3:
        return as_decimal, None
    grouping = sep == ("," if lang == "en" else ".")
    return (as_group, as_decimal) if grouping else (as_decimal, as_group)


def _multiplier_at(tokens: list[Token], i: int, lang: str) -> tuple[int | None, int, int]:
    """(multiplier, next index, end offset) of a multiplier word at i ("Mio." eats its dot)."""
    low = word_at(tokens, i)
    mult = MULTIPLIERS[lang].get(low) if low else None
    if mult is None or tokens[i].newline_before:
        return None, i, -1
    end, nxt = tokens[i].end, i + 1
    if nxt < len(tokens) and tokens[nxt].text == "." and tokens[nxt].start == end and len(low) <= 4:
        end, nxt = tokens[nxt].end, nxt + 1
    return mult, nxt, end


def read_digits(text: str, tokens: list[Token], i: int, lang: str) -> Quantity | None:
    tok = tokens[i]
    if tok.masked or _glued(text, tok, lang):
        return None
    value, alt = _parse_digits(tok.text, lang)
    q = Quantity(value, tok.start, tok.end, i + 1, alt=alt, raw_digits=tok.text,
                  year_like=bool(YEAR.fullmatch(tok.text)))
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt is not None and nxt.start == tok.end and nxt.text in VULGAR_FRACTIONS and "." not in tok.text \
            and "," not in tok.text:                                                 # "1½ million"
        value += Decimal(str(VULGAR_FRACTIONS[nxt.text]))
        q.value, q.alt, q.end, q.next, q.year_like = value, None, nxt.end, i + 2, False
        alt = None
        nxt = tokens[i + 2] if i + 2 < len(tokens) else None
    elif nxt is not None and "," not in tok.text and "." not in tok.text:         # "2 and a half million"
        after = _and_a_half_at(tokens, i + 1, lang)
        if after > 0 and _multiplier_at(tokens, after, lang)[0]:
            value += Decimal("0.5")
            q.value, q.end, q.next, q.year_like = value, tokens[after - 1].end, after, False
            nxt = tokens[after]
    if nxt is not None and nxt.start == tokens[q.next - 1].end and nxt.low in GLUED_MULTIPLIERS:   # "$5m"
        q.multiplier = GLUED_MULTIPLIERS[nxt.low]
        q.end, q.next, q.glued = nxt.end, q.next + 1, True
    else:
        mult, after, end = _multiplier_at(tokens, q.next, lang)
        if mult:
            q.multiplier, q.end, q.next = mult, end, after
        else:
            q.end, q.next = _price_dash(text, tokens, q.end, q.next)
    if q.multiplier:
        q.value = value * q.multiplier
        q.alt = None if alt is None else alt * q.multiplier
        q.year_like = False
    return q


def _price_dash(text: str, tokens: list[Token], end: int, nxt: int) -> tuple[int, int]:
    """(end, next token) past a price's ",-" glued to the amount ("5.000,- kr."), else as given."""
    for dash in PRICE_DASHES:
        if text.startswith(dash, end) and not text[end + len(dash):end + len(dash) + 1].isdigit():
            while nxt < len(tokens) and tokens[nxt].start < end + len(dash):
                nxt += 1
            return end + len(dash), nxt
    return end, nxt


def _and_a_half_at(tokens: list[Token], j: int, lang: str) -> int:
    """Index after "and a half" ("og en halv", "en een half") starting at ``j``, or -1."""
    for phrase in AND_A_HALF[lang]:
        after = phrase_at(tokens, j, phrase)
        if after > 0 and not tokens[j].newline_before:
            return after
    return -1


def strength_after(text: str, end: int) -> int | None:
    """Where "-strong" ("-köpfige", "-manns") glued to the number ending at ``end`` ends, or None."""
    match = _GLUED_WORD.match(text, end)
    return match.end() if match and match.group(1).lower() in STRENGTH_SUFFIXES else None


_GLUED_WORD = re.compile(r"[-–]([^\W\d_]+)")


def _glued(text: str, tok: Token, lang: str) -> bool:
    """Codes, ordinals, ages and fractions: "G7", "F-16", "3rd", "73-årige", "24/7", "8. Oktober"."""
    s, e = tok.start, tok.end
    before = text[s - 1] if s else " "
    before2 = text[s - 2] if s > 1 else " "
    after = text[e] if e < len(text) else " "
    after2 = text[e + 1] if e + 1 < len(text) else " "
    if before.isalpha() or before in "_#§№":
        return True
    if before in "-/" and before2.isalpha():
        return True
    if before in "/:" and before2.isdigit():
        return True
    if before in "-–" and before2.isdigit():             # the second end of "3-4", read already
        return True
    if after.isalpha():                                   # "3rd", "8e", "1990s"; "$5m" allowed
        suffix = re.match(r"[^\W\d_]+", text[e:e + 8])
        return suffix is None or suffix.group().lower() not in GLUED_MULTIPLIERS
    if after in "-–" and after2.isalpha():               # "73-årige"; "12,000-strong" is a force's size
        return strength_after(text, e) is None
    if after in "/:" and after2.isdigit():
        return True
    if after == "°":
        return True
    if after == "." and lang in ("de", "da", "nb") and re.fullmatch(r"\d{1,3}", tok.text):
        rest = text[e + 1:e + 40]
        m = re.match(r"[ \t\u00a0]+([^\W\d_])", rest)
        if m and (lang in CAPITALISED_NOUNS or m.group(1).islower()):
            return True                                   # "der 3. Brigade", "8. plads"
    return False


def read_words(tokens: list[Token], i: int, lang: str) -> Quantity | None:
    """Number words: "vier", "otte millioner", "to hundre og femti", "een miljoen"."""
    first = tokens[i].low
    if first not in ARTICLE_ONE[lang] and number_word_parts(first, lang) is None:
        return None
    parts: list[tuple[float, str]] = []
    j = i
    end = tokens[i].end
    while j < len(tokens):
        tok = tokens[j]
        if tok.kind != "word" or (j > i and tok.newline_before):
            break
        low = tok.low
        mult, after_mult, mult_end = _multiplier_at(tokens, j, lang)
        if parts and mult and number_word_parts(low, lang) is None and valid_after(parts[-1], "mag", lang, True):
            parts.append((mult, "mag"))                  # "million", "Dutzend" (not a number word)
            j, end = after_mult, mult_end
            continue
        if parts and valid_after(parts[-1], "half", lang, True):
            after = _and_a_half_at(tokens, j, lang)      # "two and a half", "to og en halv"
            if after > 0:
                parts.append((0.5, "half"))
                j, end = after, tokens[after - 1].end
                continue
        if low in CONNECTORS[lang] and parts:
            nxt = number_word_parts(word_at(tokens, j + 1), lang)
            if (nxt and valid_after(parts[-1], "conn", lang, spaced=True)
                    and valid_after((0, "conn"), nxt[0][1], lang, True)):
                parts.append((0, "conn"))
                j += 1
                continue
            break
        word_parts = number_word_parts(low, lang)
        if low in ARTICLE_ONE[lang] and not parts:       # "een miljoen", "a thousand"
            k = j + 1
            if ARTICLE_ONE[lang][low] < 1:               # "half a million", "three-quarters of a million"
                k = max([phrase_at(tokens, k, link) for link in FRACTION_LINKS[lang]] + [k])
            nxt_mult, _, _ = _multiplier_at(tokens, k, lang)
            nxt_parts = number_word_parts(word_at(tokens, k), lang)
            if nxt_mult or (nxt_parts and nxt_parts[0][1] == "mag"):
                parts.append((ARTICLE_ONE[lang][low], "unit"))
                j, end = k, tokens[k - 1].end
                continue
        if word_parts is None:
            break
        if parts and not valid_after(parts[-1], word_parts[0][1], lang, spaced=True):
            break
        parts.extend(word_parts)
        j += 1
        end = tok.end
    if not parts:
        return None
    while parts and parts[-1][1] == "conn":
        parts.pop()
    value = evaluate(parts)
    q = Quantity(value, tokens[i].start, end, j, words_only=True)
    if value == 1 and not any(k == "mag" for _, k in parts):
        q.value = None                                   # "een", "ein", "en": an article
    biggest = max((v for v, k in parts if k == "mag"), default=0)
    q.multiplier = int(biggest) if biggest >= 1000 else None
    return q


@functools.cache
def _vague_phrases(lang: str) -> dict[str, list[tuple[str, tuple[str, int, int]]]]:
    """First word -> the language's vague phrases (and the English ones), longest first."""
    phrases: dict[str, tuple[str, int, int]] = {}
    for label, low, high, words in VAGUE:
        for phrase in words.get(lang, ()) + words["en"]:
            phrases.setdefault(phrase, (label, low, high))
    by_first: dict[str, list[tuple[str, tuple[str, int, int]]]] = {}
    for phrase, data in sorted(phrases.items(), key=lambda item: len(item[0]), reverse=True):
        by_first.setdefault(phrase.split(" ", 1)[0], []).append((phrase, data))
    return by_first


@functools.cache
def _quantifier_firsts(lang: str) -> frozenset[str]:
    return frozenset(phrase.split(" ", 1)[0] for phrase in QUANTIFIERS[lang])


def read_vague(tokens: list[Token], i: int, lang: str) -> Quantity | None:
    """"duizenden", "Tausende", "tusenvis", "tens of thousands", "mehrere tausend"."""
    if tokens[i].kind != "word":
        return None
    first = tokens[i].low
    for phrase, (label, low, high) in _vague_phrases(lang).get(first, ()):
        j = phrase_at(tokens, i, phrase)
        if j > 0:
            vague = Quantity(None, tokens[i].start, tokens[j - 1].end, j, low=Decimal(low),
                            high=Decimal(high), vague=label, words_only=True)
            return _of_a_multiplier(tokens, vague, lang)
    if first not in _quantifier_firsts(lang):
        return None
    for phrase in QUANTIFIERS[lang]:
        j = phrase_at(tokens, i, phrase)
        if j < 0 or j >= len(tokens) or tokens[j].newline_before:
            continue
        # "mehrere tausend", "several million": the multiplier's size; "enkele honderden" too
        word = tokens[j].low
        label = VAGUE_BY_MAGNITUDE.get(MULTIPLIERS[lang].get(word, 0))
        if label is None:
            label = next((lab for whole, (lab, _, _) in _vague_phrases(lang).get(word, ())
                          if whole == word), None)
        if label:
            lo, hi = VAGUE_RANGES[label]
            return Quantity(None, tokens[i].start, tokens[j].end, j + 1, low=Decimal(lo),
                             high=Decimal(hi), vague=label, words_only=True)
    return None


def _of_a_multiplier(tokens: list[Token], vague: Quantity, lang: str) -> Quantity:
    """ "titalls millioner", "tientallen miljoenen", "hundreds of millions": the vague count is
    of the multiplier ("tens of millions", 10-99 million), one quantity, not "dozens" beside
    "millions"; the range ends where the next magnitude starts, as "tens of thousands" does."""
    j = vague.next
    if word_at(tokens, j) in OF[lang]:
        j += 1
    size = MULTIPLIERS[lang].get(word_at(tokens, j)) or _vague_magnitude(word_at(tokens, j), lang)
    magnitude = VAGUE_BY_MAGNITUDE.get(size) if size >= 1000 else None
    if magnitude is None or tokens[j].newline_before:
        return vague
    label, low = VAGUE_OF_A_MULTIPLIER.get(vague.vague, (vague.vague, vague.low))
    return Quantity(None, vague.start, tokens[j].end, j + 1, low=low * size, high=(vague.high + 1) * size - 1,
                    vague=f"{label} of {magnitude}", words_only=True)


def _vague_magnitude(word: str, lang: str) -> int:
    """The size a vague plural counts in ("miljoenen": a million), 0 for any other word."""
    return next((_MAGNITUDE_OF.get(label, 0) for phrase, (label, _, _) in _vague_phrases(lang).get(word, ()) if phrase == word), 0)


_MAGNITUDE_OF = {label: size for size, label in VAGUE_BY_MAGNITUDE.items()}     # "millions": 10**6
# "titalls millioner" is tens of millions (10-99 million), not dozens of them
VAGUE_OF_A_MULTIPLIER = {"dozens": ("tens", Decimal(10))}


@functools.lru_cache(maxsize=65536)
def may_start_quantity(low: str, lang: str) -> bool:
    """Cheap test before reading: a number word, an article before one, or a vague word."""
    return (low in _vague_phrases(lang) or low in _quantifier_firsts(lang)
            or low in ARTICLE_ONE[lang] or number_word_parts(low, lang) is not None)


def read_range(tokens: list[Token], first: Quantity, i: int, lang: str) -> Quantity:
    """Extend ``first`` to a range: "3-4", "8 tot 13", "tussen 8 en 13", "2 bis 3 Millionen"."""
    j = first.next
    if j >= len(tokens) or first.value is None or tokens[j].newline_before:
        return first
    tok = tokens[j]
    after = -1
    if tok.text in DASHES:
        after = j + 1
    else:
        for phrase in RANGE_WORDS[lang]:
            after = phrase_at(tokens, j, phrase)
            if after > 0:
                break
        before = word_at(tokens, i - 1)
        if before in PHRASE_ARTICLES:                           # "tussen de 30 en 43 procent"
            before = word_at(tokens, i - 2)
        if after < 0 and tok.low in CONNECTORS[lang] and before in BETWEEN[lang]:
            after = j + 1
    if after < 0 or after >= len(tokens) or tokens[after].newline_before:
        return first
    nxt = tokens[after]
    if nxt.kind == "num":
        if nxt.masked or (first.year_like and YEAR.fullmatch(nxt.text)):
            return first                                 # "between 2022 and 2024"
        value, _ = _parse_digits(nxt.text, lang)
        second = Quantity(value, nxt.start, nxt.end, after + 1)
        mult, second.next, end = _multiplier_at(tokens, after + 1, lang)
        if mult:
            second.value, second.multiplier, second.end = value * mult, mult, end
    elif nxt.kind == "word":
        second = read_words(tokens, after, lang)
        if second is None or second.value is None:
            return first
    else:
        return first
    low, high = first.value, second.value
    if first.multiplier is None and second.multiplier and first.value * second.multiplier <= high:
        low = first.value * second.multiplier
    if low >= high:
        if tok.text in DASHES:                # "3-1", "16,5 - 10,5": a score, not a range
            return Quantity(None, first.start, second.end, second.next, vague="score")
        return first
    return Quantity(None, first.start, second.end, second.next, low=low, high=high,
                     words_only=first.words_only and second.words_only,
                     multiplier=second.multiplier or first.multiplier)
