"""Units: the concept table (``data/units.yaml``, loaded once) and reading the noun a quantity counts."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import Stemmer
import yaml

from indexer.lang import LANGUAGES, PHRASE_ARTICLES, STEMMER_NAMES
from indexer.lang.folding import fold_keep_nordic
from indexer.numbers.grammar import ADJECTIVE_ENDINGS, CURRENCY_WORDS_BEFORE, FILLERS, OF, STOP
from indexer.numbers.tokens import Token, word_at

UNITS_PATH = Path(__file__).resolve().parent / "data" / "units.yaml"
NOT_A_COUNT = "!"        # unit lookup result: a duration, time, age or measure follows
MAX_GAP = 3              # adjectives allowed between a number and its noun
MIN_STEM = 4             # shorter stems only match their exact spelling ("tot", "won")
MIN_COMPOUND_HEAD = 5    # "Bodentruppen" -> "truppen"; shorter heads are too ambiguous
# --------------------------------------------------------------------------------------
# The concept table (data/units.yaml), loaded once.

@dataclass(frozen=True)
class Concept:
    id: str
    one: str
    many: str
    countable: bool = True
    format: str | None = None


@dataclass
class UnitTable:
    concepts: dict[str, Concept]
    stems: dict[str, dict[str, tuple[str, tuple[str, ...]]]]   # lang -> stem -> (concept, words)
    exact: dict[str, dict[str, str]]            # lang -> spelling -> concept id | "!"
    folded: dict[str, dict[str, str]]           # lang -> spelling without diacritics -> id
    anywhere: dict[str, str]                    # folded spelling (5+ letters), any language
    heads: dict[str, tuple[re.Pattern, dict[str, str]]]   # lang -> compound head pattern
    currencies: dict[str, str]                  # folded spelling -> currency (a concept id: "euro")
    phrases: dict[str, dict[str, list[tuple[tuple[str, ...], str]]]] = field(default_factory=dict)
    fate_verbs: dict[str, frozenset[str]] = field(default_factory=dict)     # lang -> "wurden", "were", ...
    fate_of: frozenset[str] = frozenset()                                     # "soldiers", "people", ...
    stemmers: dict[str, Stemmer.Stemmer] = field(default_factory=dict)


@functools.cache
def load_units(path: str | None = None) -> UnitTable:
    """Read the concept table once per process (``path`` defaults to data/units.yaml)."""
    raw = yaml.safe_load(Path(path or UNITS_PATH).read_text(encoding="utf-8"))
    # Unit words are matched by PyStemmer's algorithm of the same name as the configured stemmer
    # (for Dutch that is Snowball's newer Dutch stemmer, which the table was written against:
    # it reduces "euro's" and "euro" alike).
    stemmers = {lang: Stemmer.Stemmer(STEMMER_NAMES[lang]) for lang in LANGUAGES}
    table = UnitTable(concepts={}, stems={lang: {} for lang in LANGUAGES},
                      exact={lang: {} for lang in LANGUAGES}, folded={lang: {} for lang in LANGUAGES},
                      anywhere={}, heads={}, currencies={},
                      phrases={lang: {} for lang in LANGUAGES}, stemmers=stemmers)
    heads: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}

    def add(lang: str, word: str, concept: str, stemmed: bool = True) -> None:
        word = str(word).lower()
        if " " in word:                                  # "per cent", "special forces"
            words = tuple(word.split())
            table.phrases[lang].setdefault(words[0], []).append((words, concept))
            return
        table.exact[lang].setdefault(word, concept)
        table.folded[lang].setdefault(fold_keep_nordic(word), concept)
        stem = stemmers[lang].stemWord(word)
        if stemmed and len(stem) >= MIN_STEM and word.isalpha():
            hit = table.stems[lang].setdefault(stem, (concept, ()))
            if hit[0] == concept:
                table.stems[lang][stem] = (concept, hit[1] + (word,))
        if concept != NOT_A_COUNT and len(word) >= MIN_COMPOUND_HEAD:
            # loanwords ("drones" in Dutch); short words are too often words of another language
            # ("barn", "land", "fly")
            table.anywhere.setdefault(fold_keep_nordic(word), concept)
            if word.isalpha():
                heads[lang].setdefault(word, concept)

    for cid, spec in raw["concepts"].items():
        if spec.get("currencies"):          # money: each currency a unit of its own
            for currency, cur in spec["currencies"].items():
                one, many = cur["label"]
                table.concepts[currency] = Concept(currency, one, many, countable=False, format=None)
                for word in cur["words"]:
                    table.currencies[fold_keep_nordic(str(word))] = currency
                    for lang in LANGUAGES:
                        add(lang, word, currency)
            continue
        one, many = spec["label"]
        table.concepts[cid] = Concept(cid, one, many, spec.get("countable", True), spec.get("format"))
        for lang, words in (spec.get("words") or {}).items():
            for word in words:
                add(lang, word, cid, stemmed=not spec.get("spelled"))
    table.fate_verbs = {lang: frozenset(words) for lang, words in raw.get("fate_verbs", {}).items()}
    table.fate_of = frozenset(raw.get("fate_of", ()))
    for lang, words in raw.get("not_counts", {}).items():
        for word in words:
            add(lang, word, NOT_A_COUNT)
    for lang, forms in heads.items():
        if forms:
            alternation = "|".join(sorted(map(re.escape, forms), key=len, reverse=True))
            table.heads[lang] = (re.compile(rf"(?:{alternation})$"), forms)
    return table


@functools.lru_cache(maxsize=65536)
def _lookup(low: str, lang: str) -> str | None:
    """Concept id of a (lower-cased) word, NOT_A_COUNT, or None."""
    table = load_units()
    folded = fold_keep_nordic(low)
    # "Fluechtlinge" may be "Flüchtlinge" written without umlauts, but "töten" is not "Toten"
    hit = table.exact[lang].get(low) or (table.folded[lang].get(folded) if folded == low else None)
    if hit:
        return hit
    concept, words = table.stems[lang].get(table.stemmers[lang].stemWord(low), ("", ()))
    if any(low.startswith(word[:-1]) for word in words):
        # an inflection of a listed word ("Flüchtlingen"), not a word that only shares its
        # stem ("prison" officers, "demonstrations")
        return concept
    if "-" in low:
        return _lookup(low.rsplit("-", 1)[1], lang)
    hit = table.anywhere.get(folded)
    if hit:
        return hit
    if lang != "en" and lang in table.heads:
        pattern, forms = table.heads[lang]
        m = pattern.search(low)
        if m and m.start() >= 3:
            return forms[m.group()]
    return None


# --------------------------------------------------------------------------------------
# The unit: what is counted.

def _adjective_like(tok: Token, lang: str) -> bool:
    low = tok.low
    if low in STOP or low in FILLERS:
        return low in FILLERS
    endings = ADJECTIVE_ENDINGS[lang]
    if endings is None:
        return True
    return low.rsplit("-", 1)[-1].endswith(endings)


def read_unit(tokens: list[Token], j: int, lang: str) -> tuple[str, int, str]:
    """(concept id or NOT_A_COUNT or "", index of the noun, its lower-cased spelling)."""
    gap, seen_of = 0, False
    while j < len(tokens) and gap <= MAX_GAP:
        tok = tokens[j]
        if tok.newline_before:
            break
        if tok.kind == "sym":
            hit = _lookup(tok.low, lang) if tok.text != "°" else NOT_A_COUNT
            return (hit or "", j, tok.low) if gap == 0 else ("", -1, "")
        if tok.kind != "word":
            break
        for words, concept in load_units().phrases[lang].get(tok.low, ()):
            if all(word_at(tokens, j + n) == w for n, w in enumerate(words)):
                return concept, j + len(words) - 1, tokens[j + len(words) - 1].low
        hit = _lookup(tok.low, lang)
        if hit == NOT_A_COUNT and gap:
            break                                        # "1.127 afhoppere sidste år"
        if hit:
            return hit, j, tok.low
        if tok.low in OF[lang] and not seen_of:
            seen_of = True
            j += 1
            if word_at(tokens, j) in PHRASE_ARTICLES:
                j += 1
            continue
        if not _adjective_like(tok, lang):
            break
        gap += 1
        j += 1
    return "", -1, ""


def currency_before(tokens: list[Token], i: int) -> tuple[int, str] | None:
    """A currency written before the amount: "€ 2,5 miljoen", "$10", "USD 5", "US$ 3", "kr. 5 mia."."""
    k = i - 1
    word = k - 1 if k >= 1 and tokens[k].text == "." and tokens[k - 1].end == tokens[k].start else k
    if word >= 0 and tokens[word].low in CURRENCY_WORDS_BEFORE and not tokens[i].newline_before \
            and not _ends_an_amount(tokens, word):
        return word, load_units().currencies[tokens[word].low]                   # "kr. 5.000,-", "kr 5"
    if k >= 0 and tokens[k].kind in ("sym", "word") and not tokens[i].newline_before:
        cur = load_units().currencies.get(fold_keep_nordic(tokens[k].low))
        if cur and (tokens[k].kind == "sym" or tokens[k].text.isupper()):     # "$", "USD", "EUR"
            glued_prefix = k and tokens[k - 1].text in ("US", "A", "C", "HK", "NZ") \
                and tokens[k - 1].end == tokens[k].start                   # "US$"
            return (k - 1 if glued_prefix else k), cur
    return None


def _ends_an_amount(tokens: list[Token], k: int) -> bool:
    """Is the word at ``k`` ("kr") the currency of the amount before it ("5 mia. kr. 300 ...")?"""
    j = k - 1
    if j >= 0 and tokens[j].text == ".":
        j -= 1
    return j >= 0 and (tokens[j].kind == "num" or (tokens[j].kind == "word" and j >= 1
                                                     and tokens[j - 1].kind == "num"))
