"""Numbers as facets: "how many of what", one facet value whatever the language or format.

``extract_numbers(text, lang)`` reads an article body and returns ``NumberMention``
records: "3000 troepen", "3.000 Noord-Koreaanse militairen", "3 000 soldater" and
"three thousand troops" all give ``value=3000, unit="soldiers"`` (key ``soldiers:3000``).

How one number is read (each step is a small function below):

1. ``_masked_spans``: dates ("24/10/2024", "8. Oktober", "tussen 8 en 13 oktober"),
   times ("01:00", "kl. 14.30"), year ranges, phone numbers, ages ("im Alter von 73",
   "Putin (72)") and ids ("nr. 5") are masked and never read as counts.
2. ``_tokenize``: digit groups stay one token ("1.500", "10,000", "600 000" with a space,
   NBSP or thin space); words keep their hyphens ("Noord-Koreaanse").
3. ``_read_digits`` / ``_read_words`` / ``_read_vague`` / ``_read_range``: digits read in
   the article's locale plus a multiplier ("2,5 miljoen", "10 Mio.", "2.5 million", "$5m"),
   or number words ("otte millioner", "vier", Norwegian "tjuefem" - our own tables, one
   grammar for the five languages), or a vague quantity ("duizenden", "Tausende",
   "tusenvis", "thousands of") read as a range.  "tussen 8 en 13", "3-4", "2 bis 3
   Millionen" become ranges.
4. ``_read_unit``: the noun after the quantity, adjectives allowed in between ("3000
   nordkoreanske soldater"), looked up in ``data/units.yaml`` by Snowball stem; a currency
   may come first ("€ 2,5 miljoen").  A duration, age or measure word there ("3 jaar",
   "14 Uhr", "twee keer") means the number is not a count.
5. ``_keep``: years (2022, unless "2000 soldaten"), ordinals ("8.", "3rd"), codes glued to
   letters ("F-16", "MH17"), small or unitless word numbers and ids are dropped.

Labels are English: "3,000 soldiers", "8 million shells", "2.5 million euro", "thousands of
soldiers", "8-13 soldiers", "1,500" (no unit).
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import Stemmer
import yaml

from indexer.lang import LANGUAGES, PHRASE_ARTICLES, STEMMER_NAMES
from indexer.lang.folding import fold_keep_nordic
from indexer.records import NumberMention

UNITS_PATH = Path(__file__).resolve().parent / "data" / "units.yaml"
_LANG_ALIASES = {"no": "nb", "nn": "nb", "nob": "nb", "nld": "nl", "deu": "de", "dan": "da", "eng": "en"}

NOT_A_COUNT = "!"        # unit lookup result: a duration, time, age or measure follows
MAX_GAP = 3              # adjectives allowed between a number and its noun
MIN_STEM = 4             # shorter stems only match their exact spelling ("tot", "won")
MIN_COMPOUND_HEAD = 5    # "Bodentruppen" -> "truppen"; shorter heads are too ambiguous
MIN_UNITLESS = 10        # a number with no known noun is a facet value only from 10 on

# --------------------------------------------------------------------------------------
# Number grammar per language.  Kinds: "unit" 1-9 (and 1.5), "teen" 10-19, "tens" 20-90,
# "mag" 100/1000/10^6..., "conn" the "and" inside "eenentwintig", "femogtyve".

_WORDS: dict[str, dict[str, int | float]] = {
    "nl": {"een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
           "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13,
           "veertien": 14, "vijftien": 15, "zestien": 16, "zeventien": 17, "achttien": 18,
           "negentien": 19, "twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50,
           "zestig": 60, "zeventig": 70, "tachtig": 80, "negentig": 90, "honderd": 100,
           "duizend": 1000},
    "de": {"ein": 1, "eins": 1, "zwei": 2, "zwo": 2, "drei": 3, "vier": 4, "fünf": 5, "fuenf": 5,
           "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12,
           "zwoelf": 12, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15, "fuenfzehn": 15,
           "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19, "zwanzig": 20,
           "dreißig": 30, "dreissig": 30, "vierzig": 40, "fünfzig": 50, "fuenfzig": 50,
           "sechzig": 60, "siebzig": 70, "achtzig": 80, "neunzig": 90, "hundert": 100,
           "tausend": 1000},
    "da": {"en": 1, "et": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7,
           "otte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12, "tretten": 13, "fjorten": 14,
           "femten": 15, "seksten": 16, "sytten": 17, "atten": 18, "nitten": 19, "tyve": 20,
           "tredive": 30, "fyrre": 40, "fyrretyve": 40, "halvtreds": 50, "halvtredsindstyve": 50,
           "tres": 60, "tresindstyve": 60, "halvfjerds": 70, "halvfjerdsindstyve": 70,
           "firs": 80, "firsindstyve": 80, "halvfems": 90, "halvfemsindstyve": 90,
           "hundred": 100, "hundrede": 100, "tusind": 1000, "tusinde": 1000},
    "nb": {"en": 1, "ett": 1, "ei": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6,
           "sju": 7, "syv": 7, "åtte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12,
           "tretten": 13, "fjorten": 14, "femten": 15, "seksten": 16, "sytten": 17, "atten": 18,
           "nitten": 19, "tjue": 20, "tyve": 20, "tretti": 30, "tredve": 30, "førti": 40,
           "firti": 40, "femti": 50, "seksti": 60, "sytti": 70, "åtti": 80, "nitti": 90,
           "hundre": 100, "hundrede": 100, "tusen": 1000},
    "en": {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
           "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
           "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
           "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000},
}
_CONNECTORS = {"nl": ("en", "ën"), "de": ("und",), "da": ("og",), "nb": ("og",), "en": ("and",)}
# "one" that is also an article, and "one and a half": numbers only before a multiplier.
_ARTICLE_ONE: dict[str, dict[str, float]] = {
    "nl": {"een": 1, "één": 1, "anderhalf": 1.5, "anderhalve": 1.5, "half": 0.5},
    "de": {"ein": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "anderthalb": 1.5,
           "eineinhalb": 1.5, "halbe": 0.5, "halben": 0.5},
    "da": {"en": 1, "et": 1, "halvanden": 1.5, "halvandet": 1.5, "halv": 0.5, "halvt": 0.5},
    "nb": {"en": 1, "ett": 1, "ei": 1, "halvannen": 1.5, "halvannet": 1.5, "halv": 0.5,
           "halvt": 0.5},
    "en": {"a": 1, "an": 1, "one": 1, "half": 0.5},
}
# Multipliers after digits or number words ("2,5 miljoen", "otte millioner", "10 Mio.").
_MULTIPLIERS: dict[str, dict[str, int]] = {
    "nl": {"honderd": 100, "duizend": 1000, "miljoen": 10**6, "mln": 10**6, "mio": 10**6,
           "miljard": 10**9, "mld": 10**9, "mrd": 10**9, "biljoen": 10**12},
    "de": {"hundert": 100, "tausend": 1000, "million": 10**6, "millionen": 10**6, "mio": 10**6,
           "milliarde": 10**9, "milliarden": 10**9, "mrd": 10**9, "billion": 10**12,
           "billionen": 10**12, "bio": 10**12},
    "da": {"hundrede": 100, "tusind": 1000, "tusinde": 1000, "million": 10**6,
           "millioner": 10**6, "millioners": 10**6, "mio": 10**6, "mill": 10**6,
           "milliard": 10**9, "milliarder": 10**9, "milliarders": 10**9, "mia": 10**9,
           "mrd": 10**9, "billion": 10**12, "billioner": 10**12},
    "nb": {"hundre": 100, "tusen": 1000, "million": 10**6, "millioner": 10**6,
           "millioners": 10**6, "mill": 10**6, "mio": 10**6, "milliard": 10**9,
           "milliarder": 10**9, "milliarders": 10**9, "mrd": 10**9, "mia": 10**9,
           "billion": 10**12, "billioner": 10**12},
    "en": {"hundred": 100, "thousand": 1000, "million": 10**6, "millions": 10**6, "mn": 10**6,
           "mln": 10**6, "billion": 10**9, "billions": 10**9, "bn": 10**9, "bln": 10**9,
           "trillion": 10**12, "tn": 10**12},
}
# Glued to a currency amount: "$5m", "£2bn", "€300k".
_GLUED_MULTIPLIERS = {"k": 1000, "m": 10**6, "mn": 10**6, "mln": 10**6, "bn": 10**9, "b": 10**9,
                      "bln": 10**9, "mrd": 10**9, "mio": 10**6, "tn": 10**12, "million": 10**6,
                      "billion": 10**9}

# Vague quantities: (label, low, high, words per language; "of" may follow).
_VAGUE: tuple[tuple[str, int, int, dict[str, tuple[str, ...]]], ...] = (
    ("dozens", 20, 99, {
        "nl": ("tientallen",), "de": ("dutzende", "dutzenden"),
        "da": ("dusinvis", "snesevis", "titals"), "nb": ("dusinvis", "titalls", "snesevis"),
        "en": ("dozens",)}),
    ("hundreds", 100, 999, {
        "nl": ("honderden",), "de": ("hunderte", "hunderten"), "da": ("hundredvis", "hundreder"),
        "nb": ("hundrevis", "hundretalls"), "en": ("hundreds",)}),
    ("thousands", 1000, 9999, {
        "nl": ("duizenden",), "de": ("tausende", "tausenden", "abertausende"),
        "da": ("tusindvis", "tusinder"), "nb": ("tusenvis", "tusener"), "en": ("thousands",)}),
    ("tens of thousands", 10_000, 99_999, {
        "nl": ("tienduizenden",), "de": ("zehntausende", "zehntausenden", "zigtausende"),
        "da": ("titusindvis", "titusinder"), "nb": ("titusenvis", "titusener"),
        "en": ("tens of thousands",)}),
    ("hundreds of thousands", 100_000, 999_999, {
        "nl": ("honderdduizenden",), "de": ("hunderttausende", "hunderttausenden"),
        "da": ("hundredtusindvis", "hundredetusindvis", "hundredtusinder"),
        "nb": ("hundretusenvis", "hundretusener"), "en": ("hundreds of thousands",)}),
    ("millions", 10**6, 10**9 - 1, {
        "nl": ("miljoenen",), "de": ("millionen",), "da": ("millionvis", "millioner"),
        "nb": ("millionvis", "millioner"), "en": ("millions",)}),
    ("billions", 10**9, 10**12 - 1, {
        "nl": ("miljarden",), "de": ("milliarden",), "da": ("milliardvis", "milliarder"),
        "nb": ("milliardvis", "milliarder"), "en": ("billions",)}),
)
# "several thousand", "mehrere tausend", "flere tusen": vague, at the multiplier's size.
_QUANTIFIERS = {
    "nl": ("enkele", "een paar", "meerdere", "verscheidene", "vele", "ettelijke"),
    "de": ("mehrere", "einige", "ein paar", "etliche", "viele", "wenige"),
    "da": ("flere", "nogle", "et par", "mange", "få"),
    "nb": ("flere", "noen", "et par", "mange", "få"),
    "en": ("several", "a few", "a couple of", "some", "many", "few"),
}
_VAGUE_BY_MAGNITUDE = {100: "hundreds", 1000: "thousands", 10**6: "millions", 10**9: "billions"}
_VAGUE_RANGES = {label: (low, high) for label, low, high, _ in _VAGUE}

# Range connectors: "3 tot 4", "2 bis 3", "8 til 10", "3 to 4", "3 of 4" (nl "or").
_RANGE_WORDS = {"nl": ("tot en met", "tot", "à", "a", "of"), "de": ("bis", "oder"),
                "da": ("til", "à", "eller"), "nb": ("til", "à", "eller"), "en": ("to", "or")}
_BETWEEN = {"nl": ("tussen",), "de": ("zwischen",), "da": ("mellem",), "nb": ("mellom",),
            "en": ("between",)}
_DASHES = ("-", "–", "—")
# Words between a quantity and its noun: "of" (+ article) and indeclinable fillers.
_OF = {"nl": ("van",), "de": ("von",), "da": ("af",), "nb": ("av",), "en": ("of",)}
_FILLERS = frozenset(("extra", "meer", "mehr", "more", "mer", "flere", "additional", "weitere",
                      "weiteren", "andere", "anderen", "other", "andre", "nye", "new", "neue",
                      "nieuwe"))
# Function words that look like inflected adjectives (they end in -e/-en) but end a phrase.
_STOP = frozenset("""
de die deze alle welke onze jullie hare zijne mijne tegen tussen boven buiten binnen zonder
volgens wegens hebben worden werden zullen zouden kunnen konden moeten moesten willen wilden
gaan gingen komen kwamen waren hadden blijven bleven staan stonden zitten zaten volgen volgden
krijgen kregen maken maakten nemen namen geven gaven vallen vielen sturen stuurden zien zagen
diese jene eine keine meine seine ihre unsere welche solche manche ihren ihrem ihrer seinen
seinem seiner dieser diesen diesem dieses jeder jeden jedem jedes einer einem einen eines keiner
keinen keinem wurden werden sollen sollten haben hatten waren können konnten müssen mussten
wollen wollten gegen neben hinter unter oder aber sowie sondern seien wären hätten wäre hätte
würde würden könnte ohne
den det der disse deres sine være blive have havde blevet bliver skulle kunne ville måtte også
eller efter inde ude oppe nede hele bli ble blitt hadde etter inne ute rundt ikke
the a an to in on at for by with from into and or but have has had were was are is be been
being will would could should may might must can that which who whom this these those it its
their his her they them we he she you per as than do did does not no so if when while after
before since during over under about around last next each every all some many now also
already just only still there here what where out up down off again then said says say
aboard across against along among amid behind below beneath beside between beyond despite
except including inside like near onto outside through toward towards unlike upon via within
without according
""".split())
_ADJECTIVE_ENDINGS = {"nl": ("e", "en"), "de": ("e", "en", "er", "es", "em"),
                      "da": ("e",), "nb": ("e",), "en": None}

# Right before a 4-digit year-like number these make it a year even if a noun follows
# ("seit 2022 Soldaten verloren").
_YEAR_CUES = frozenset("""
in im i sinds sedert seit siden sedan since jaar jahr år året year anno eind ende anfang
ultimo primo medio zomer sommer summer herfst herbst efterår høst høsten autumn winter vinter
voorjaar frühjahr forår våren spring
""".split())
# Before a number these make it an identifier: "nr. 5", "Artikel 5", "vlucht 17".
_ID_CUES = frozenset("""
nr no nummer number num art artikel article artikkel paragraf paragraph resolutie resolution
resolusjon side seite pagina page p pp vlucht flug flight rute route linie lijn line kanal
channel kapitel chapter hoofdstuk kapittel versie version model type typ gate spor bus tog
trein zug train kamer zimmer room rom fase phase stufe niveau level nivå runde ronde round
week woche uge uke kw zone postcode
""".split())

# --------------------------------------------------------------------------------------
# Masked spans: dates, times, year ranges, phones, ages, ids.

_MONTHS = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
           "december|januar|jänner|februar|märz|maerz|mai|dezember|marts|maj|mars|desember|"
           "january|february|april|june|july|august|october|"
           r"jan|feb|febr|mrt|mär|apr|jun|jul|aug|sep|sept|okt|oct|nov|dec|dez|des")
_MONTH = rf"(?:(?i:{_MONTHS})\.?|May|March)(?![\w])"
_DAY = r"\d{1,2}\.?"
_DAY_SEP = (r"(?:\s*[-–—/]\s*"
            r"|\s+(?i:en|und|bis|og|til|to|and|tot en met|tot|t/m|à|a|through|until|till)\s+)")
_MASKS = re.compile(rf"""
    (?<![\w.,]){_DAY}(?:{_DAY_SEP}{_DAY})?\s*(?:(?i:den|de|der)\s+)?{_MONTH}(?:\s+\d{{4}})?
  | \b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:{_DAY_SEP}\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?(?!\d)
  | \b{_MONTH}\s+\d{{4}}(?!\d)
  | (?<![\w.,])\d{{1,2}}[./-]\d{{1,2}}[./-](?:\d{{4}}|\d{{2}})(?![\d])
  | (?<![\w.,])\d{{4}}-\d{{1,2}}-\d{{1,2}}(?!\d)
  | (?<![\w.,])\d{{1,2}}\.\d{{1,2}}\.(?!\d)
  | (?<![\w.,])\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?!\d)
  | (?i:\b(?:kl|klokken|klockan|om|um|at|ab|vanaf|tot|bis|til|fra)\.?\s*)\d{{1,2}}(?:[.:]\d{{2}})\b
  | (?i:\bkl\.?|\bklokken)\s*\d{{1,2}}\b
  | (?<![\w.,])\d{{1,2}}(?:[.:]\d{{2}})?\s*(?i:uur|uhr|o'clock|a\.m\.|p\.m\.|am\b|pm\b|h\b)
  | (?<![\w.,])(?:19|20)\d{{2}}\s*[-–/]\s*(?:(?:19|20)\d{{2}}|\d{{2}})(?![\d])
  | (?i:\b(?:im\s+alter\s+von|alter\s+von|op\s+(?:de\s+)?leeftijd\s+van|leeftijd\s+van
        |at\s+the\s+age\s+of|aged|i\s+en\s+alder\s+a[fv]|alder\s+a[fv]|alderen)\s+)\d{{1,3}}
  | (?<=[^\W\d_])\s\(\d{{1,3}}\)
  | (?:\+|\b00)\d{{1,3}}[\s/-]?(?:\(?\d{{1,4}}\)?[\s/-]?){{2,5}}\d{{2,4}}(?!\d)
  | (?i:\b(?:tel|tlf|telefon|telefoon|phone|fax)\.?:?\s*)[\d\s/()+-]{{6,}}\d
  | [#§№]\s*\d+
  | (?<![\w.,])0\d{{1,4}}[\s/-]?\d{{5,8}}(?!\d)
  | (?<![\w+])\+\d{{1,4}}(?![\d.,%]|\s?(?:%|procent|prozent|prosent|percent))
  | (?<=[^\W\d_]),\s\d{{1,3}},(?=\s)
""", re.X)
_PHONE_LIKE = re.compile(r"(?<![\d.,])\d{2,4}(?:[ \u00a0\u202f\-/]\d{2,4}){2,}(?![\d.,]\d)")
_THOUSANDS_LIKE = re.compile(r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+")

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
class _Token:
    kind: str          # "num" | "word" | "sym" | "punct"
    text: str
    low: str
    start: int
    end: int
    newline_before: bool
    masked: bool = False


def _tokenize(text: str, masks: list[tuple[int, int]]) -> list[_Token]:
    tokens: list[_Token] = []
    mask_starts = [s for s, _ in masks]
    prev_end = 0
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        tok = _Token(m.lastgroup or "punct", m.group(), m.group().lower(), start, end,
                     "\n" in text[prev_end:start])
        if tok.kind == "num" and masks:
            k = bisect.bisect_right(mask_starts, start) - 1
            tok.masked = k >= 0 and masks[k][1] > start
            if not tok.masked and k + 1 < len(masks):
                tok.masked = masks[k + 1][0] < end
        tokens.append(tok)
        prev_end = end
    return tokens


_DIGITS = re.compile(r"\d+")
_YEAR = re.compile(r"19\d\d|20\d\d|2100")
_WINDOW = 60            # characters around digits that the mask patterns look at


def _digit_windows(text: str) -> list[tuple[int, int]]:
    """Stretches of text around digits, cut at whitespace; the masks only run there."""
    windows: list[tuple[int, int]] = []
    for m in _DIGITS.finditer(text):
        start, end = max(0, m.start() - _WINDOW), min(len(text), m.end() + _WINDOW)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    out = []
    for start, end in windows:
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        out.append((start, end))
    return out


def _masked_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for start, end in _digit_windows(text):
        spans.extend(m.span() for m in _MASKS.finditer(text, start, end))
        for m in _PHONE_LIKE.finditer(text, start, end):
            # "12 34 56 78", "020 123 4567" - but not "12 000 000 soldater" (thousands groups)
            if not _THOUSANDS_LIKE.fullmatch(m.group()) and sum(c.isdigit() for c in m.group()) >= 7:
                spans.append(m.span())
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


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
    currencies: dict[str, tuple[str, str]]      # folded spelling -> (singular, plural) label
    currency_stems: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    phrases: dict[str, dict[str, list[tuple[tuple[str, ...], str]]]] = field(default_factory=dict)
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
                      currency_stems={lang: {} for lang in LANGUAGES},
                      phrases={lang: {} for lang in LANGUAGES}, stemmers=stemmers)
    heads: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}

    def add(lang: str, word: str, concept: str) -> None:
        word = str(word).lower()
        if " " in word:                                  # "per cent", "special forces"
            words = tuple(word.split())
            table.phrases[lang].setdefault(words[0], []).append((words, concept))
            return
        table.exact[lang].setdefault(word, concept)
        table.folded[lang].setdefault(fold_keep_nordic(word), concept)
        stem = stemmers[lang].stemWord(word)
        if len(stem) >= MIN_STEM and word.isalpha():
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
        one, many = spec["label"]
        table.concepts[cid] = Concept(cid, one, many, spec.get("countable", True), spec.get("format"))
        for lang, words in (spec.get("words") or {}).items():
            for word in words:
                add(lang, word, cid)
        for cur in (spec.get("currencies") or {}).values():
            for word in cur["words"]:
                table.currencies[fold_keep_nordic(str(word))] = tuple(cur["label"])
                for lang in LANGUAGES:
                    add(lang, word, cid)
                    table.currency_stems[lang].setdefault(
                        stemmers[lang].stemWord(str(word).lower()), tuple(cur["label"]))
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
# Number words.

@functools.cache
def _morpheme_pattern(lang: str) -> re.Pattern:
    parts = list(_WORDS[lang]) + list(_CONNECTORS[lang])
    return re.compile("|".join(sorted(map(re.escape, parts), key=len, reverse=True)))


def _kind(value: float) -> str:
    if value >= 100:
        return "mag"
    if value >= 20:
        return "tens"
    if value >= 10:
        return "teen"
    return "unit"


def _valid_after(prev: tuple[float, str] | None, kind: str, lang: str, spaced: bool) -> bool:
    """May a part of ``kind`` follow ``prev``?  "twenty five" yes, "twee drie" no."""
    if prev is None:
        return kind != "conn"
    pkind = prev[1]
    if kind == "mag":
        return pkind != "conn"
    if kind == "conn":
        return pkind == "mag" or (pkind == "unit" and (not spaced or lang in ("da", "nb")))
    if pkind in ("mag", "conn"):
        return True
    return pkind == "tens" and kind == "unit"


@functools.lru_cache(maxsize=65536)
def _word_parts(low: str, lang: str) -> tuple[tuple[float, str], ...] | None:
    """Split one word into number parts: "eenentwintig" -> ((1,unit),(0,conn),(20,tens))."""
    if lang == "en":
        low = low.replace("-", "")
    if not low or len(low) > 40:
        return None
    words, conns = _WORDS[lang], _CONNECTORS[lang]
    pieces = _morpheme_pattern(lang).findall(low)
    if "".join(pieces) != low:
        return None
    parts: list[tuple[float, str]] = []
    for piece in pieces:
        part = (0, "conn") if piece in conns else (words[piece], _kind(words[piece]))
        if not _valid_after(parts[-1] if parts else None, part[1], lang, spaced=False):
            return None
        parts.append(part)
    if parts[-1][1] == "conn":
        return None
    return tuple(parts)


def _evaluate(parts: list[tuple[float, str]]) -> Decimal:
    total, current = Decimal(0), Decimal(0)
    for value, kind in parts:
        v = Decimal(str(value))
        if kind == "conn":
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


# --------------------------------------------------------------------------------------
# Quantities.

@dataclass
class _Quantity:
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
    currency: tuple[str, str] | None = None
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


def _word_at(tokens: list[_Token], i: int) -> str:
    return tokens[i].low if 0 <= i < len(tokens) and tokens[i].kind == "word" else ""


def _phrase_at(tokens: list[_Token], i: int, phrase: str) -> int:
    """Index after ``phrase`` (space-separated words) if it starts at token i, else -1."""
    for word in phrase.split():
        if _word_at(tokens, i) != word or (tokens[i].newline_before and word != phrase.split()[0]):
            return -1
        i += 1
    return i


def _multiplier_at(tokens: list[_Token], i: int, lang: str) -> tuple[int | None, int, int]:
    """(multiplier, next index, end offset) of a multiplier word at i ("Mio." eats its dot)."""
    low = _word_at(tokens, i)
    mult = _MULTIPLIERS[lang].get(low) if low else None
    if mult is None or tokens[i].newline_before:
        return None, i, -1
    end, nxt = tokens[i].end, i + 1
    if nxt < len(tokens) and tokens[nxt].text == "." and tokens[nxt].start == end and len(low) <= 4:
        end, nxt = tokens[nxt].end, nxt + 1
    return mult, nxt, end


def _read_digits(text: str, tokens: list[_Token], i: int, lang: str) -> _Quantity | None:
    tok = tokens[i]
    if tok.masked or _glued(text, tok, lang):
        return None
    value, alt = _parse_digits(tok.text, lang)
    q = _Quantity(value, tok.start, tok.end, i + 1, alt=alt, raw_digits=tok.text,
                  year_like=bool(_YEAR.fullmatch(tok.text)))
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt is not None and nxt.start == tok.end and nxt.low in _GLUED_MULTIPLIERS:   # "$5m"
        q.multiplier = _GLUED_MULTIPLIERS[nxt.low]
        q.end, q.next, q.glued = nxt.end, i + 2, True
    else:
        mult, q.next, end = _multiplier_at(tokens, i + 1, lang)
        if mult:
            q.multiplier, q.end = mult, end
    if q.multiplier:
        q.value = value * q.multiplier
        q.alt = None if alt is None else alt * q.multiplier
        q.year_like = False
    return q


def _glued(text: str, tok: _Token, lang: str) -> bool:
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
        return suffix is None or suffix.group().lower() not in _GLUED_MULTIPLIERS
    if after in "-–" and after2.isalpha():               # "73-årige", "3000-mann"
        return True
    if after in "/:" and after2.isdigit():
        return True
    if after == "°":
        return True
    if after == "." and lang in ("de", "da", "nb") and re.fullmatch(r"\d{1,3}", tok.text):
        rest = text[e + 1:e + 40]
        m = re.match(r"[ \t\u00a0]+([^\W\d_])", rest)
        if m and (lang == "de" or m.group(1).islower()):
            return True                                   # "der 3. Brigade", "8. plads"
    return False


def _read_words(tokens: list[_Token], i: int, lang: str) -> _Quantity | None:
    """Number words: "vier", "otte millioner", "to hundre og femti", "een miljoen"."""
    first = tokens[i].low
    if first not in _ARTICLE_ONE[lang] and _word_parts(first, lang) is None:
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
        if parts and mult and mult >= 10**6 and _valid_after(parts[-1], "mag", lang, True):
            parts.append((mult, "mag"))
            j, end = after_mult, mult_end
            continue
        if low in _CONNECTORS[lang] and parts:
            nxt = _word_parts(_word_at(tokens, j + 1), lang)
            if (nxt and _valid_after(parts[-1], "conn", lang, spaced=True)
                    and _valid_after((0, "conn"), nxt[0][1], lang, True)):
                parts.append((0, "conn"))
                j += 1
                continue
            break
        word_parts = _word_parts(low, lang)
        if low in _ARTICLE_ONE[lang] and not parts:       # "een miljoen", "a thousand"
            k = j + 2 if low == "half" and _word_at(tokens, j + 1) == "a" else j + 1  # "half a"
            nxt_mult, _, _ = _multiplier_at(tokens, k, lang)
            nxt_parts = _word_parts(_word_at(tokens, k), lang)
            if nxt_mult or (nxt_parts and nxt_parts[0][1] == "mag"):
                parts.append((_ARTICLE_ONE[lang][low], "unit"))
                j, end = k, tokens[k - 1].end
                continue
        if word_parts is None:
            break
        if parts and not _valid_after(parts[-1], word_parts[0][1], lang, spaced=True):
            break
        parts.extend(word_parts)
        j += 1
        end = tok.end
    if not parts:
        return None
    while parts and parts[-1][1] == "conn":
        parts.pop()
    value = _evaluate(parts)
    q = _Quantity(value, tokens[i].start, end, j, words_only=True)
    if value == 1 and not any(k == "mag" for _, k in parts):
        q.value = None                                   # "een", "ein", "en": an article
    biggest = max((v for v, k in parts if k == "mag"), default=0)
    q.multiplier = int(biggest) if biggest >= 1000 else None
    return q


@functools.cache
def _vague_phrases(lang: str) -> dict[str, list[tuple[str, tuple[str, int, int]]]]:
    """First word -> the language's vague phrases (and the English ones), longest first."""
    phrases: dict[str, tuple[str, int, int]] = {}
    for label, low, high, words in _VAGUE:
        for phrase in words.get(lang, ()) + words["en"]:
            phrases.setdefault(phrase, (label, low, high))
    by_first: dict[str, list[tuple[str, tuple[str, int, int]]]] = {}
    for phrase, data in sorted(phrases.items(), key=lambda item: len(item[0]), reverse=True):
        by_first.setdefault(phrase.split(" ", 1)[0], []).append((phrase, data))
    return by_first


@functools.cache
def _quantifier_firsts(lang: str) -> frozenset[str]:
    return frozenset(phrase.split(" ", 1)[0] for phrase in _QUANTIFIERS[lang])


def _read_vague(tokens: list[_Token], i: int, lang: str) -> _Quantity | None:
    """"duizenden", "Tausende", "tusenvis", "tens of thousands", "mehrere tausend"."""
    if tokens[i].kind != "word":
        return None
    first = tokens[i].low
    for phrase, (label, low, high) in _vague_phrases(lang).get(first, ()):
        j = _phrase_at(tokens, i, phrase)
        if j > 0:
            return _Quantity(None, tokens[i].start, tokens[j - 1].end, j, low=Decimal(low),
                             high=Decimal(high), vague=label, words_only=True)
    if first not in _quantifier_firsts(lang):
        return None
    for phrase in _QUANTIFIERS[lang]:
        j = _phrase_at(tokens, i, phrase)
        if j < 0 or j >= len(tokens) or tokens[j].newline_before:
            continue
        # "mehrere tausend", "several million": the multiplier's size; "enkele honderden" too
        word = tokens[j].low
        label = _VAGUE_BY_MAGNITUDE.get(_MULTIPLIERS[lang].get(word, 0))
        if label is None:
            label = next((lab for whole, (lab, _, _) in _vague_phrases(lang).get(word, ())
                          if whole == word), None)
        if label:
            lo, hi = _VAGUE_RANGES[label]
            return _Quantity(None, tokens[i].start, tokens[j].end, j + 1, low=Decimal(lo),
                             high=Decimal(hi), vague=label, words_only=True)
    return None


@functools.lru_cache(maxsize=65536)
def _may_start_quantity(low: str, lang: str) -> bool:
    """Cheap test before reading: a number word, an article before one, or a vague word."""
    return (low in _vague_phrases(lang) or low in _quantifier_firsts(lang)
            or low in _ARTICLE_ONE[lang] or _word_parts(low, lang) is not None)


def _read_range(tokens: list[_Token], first: _Quantity, i: int, lang: str) -> _Quantity:
    """Extend ``first`` to a range: "3-4", "8 tot 13", "tussen 8 en 13", "2 bis 3 Millionen"."""
    j = first.next
    if j >= len(tokens) or first.value is None or tokens[j].newline_before:
        return first
    tok = tokens[j]
    after = -1
    if tok.text in _DASHES:
        after = j + 1
    else:
        for phrase in _RANGE_WORDS[lang]:
            after = _phrase_at(tokens, j, phrase)
            if after > 0:
                break
        before = _word_at(tokens, i - 1)
        if before in PHRASE_ARTICLES:                           # "tussen de 30 en 43 procent"
            before = _word_at(tokens, i - 2)
        if after < 0 and tok.low in _CONNECTORS[lang] and before in _BETWEEN[lang]:
            after = j + 1
    if after < 0 or after >= len(tokens) or tokens[after].newline_before:
        return first
    nxt = tokens[after]
    if nxt.kind == "num":
        if nxt.masked or (first.year_like and _YEAR.fullmatch(nxt.text)):
            return first                                 # "between 2022 and 2024"
        value, _ = _parse_digits(nxt.text, lang)
        second = _Quantity(value, nxt.start, nxt.end, after + 1)
        mult, second.next, end = _multiplier_at(tokens, after + 1, lang)
        if mult:
            second.value, second.multiplier, second.end = value * mult, mult, end
    elif nxt.kind == "word":
        second = _read_words(tokens, after, lang)
        if second is None or second.value is None:
            return first
    else:
        return first
    low, high = first.value, second.value
    if first.multiplier is None and second.multiplier and first.value * second.multiplier <= high:
        low = first.value * second.multiplier
    if low >= high:
        if tok.text in _DASHES:                # "3-1", "16,5 - 10,5": a score, not a range
            return _Quantity(None, first.start, second.end, second.next, vague="score")
        return first
    return _Quantity(None, first.start, second.end, second.next, low=low, high=high,
                     words_only=first.words_only and second.words_only,
                     multiplier=second.multiplier or first.multiplier)


# --------------------------------------------------------------------------------------
# The unit: what is counted.

def _adjective_like(tok: _Token, lang: str) -> bool:
    low = tok.low
    if low in _STOP or low in _FILLERS:
        return low in _FILLERS
    endings = _ADJECTIVE_ENDINGS[lang]
    if endings is None:
        return True
    return low.rsplit("-", 1)[-1].endswith(endings)


def _read_unit(tokens: list[_Token], j: int, lang: str) -> tuple[str, int, str]:
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
            if all(_word_at(tokens, j + n) == w for n, w in enumerate(words)):
                return concept, j + len(words) - 1, tokens[j + len(words) - 1].low
        hit = _lookup(tok.low, lang)
        if hit == NOT_A_COUNT and gap:
            break                                        # "1.127 afhoppere sidste år"
        if hit:
            return hit, j, tok.low
        if tok.low in _OF[lang] and not seen_of:
            seen_of = True
            j += 1
            if _word_at(tokens, j) in PHRASE_ARTICLES:
                j += 1
            continue
        if not _adjective_like(tok, lang):
            break
        gap += 1
        j += 1
    return "", -1, ""


def _currency_before(tokens: list[_Token], i: int) -> tuple[int, tuple[str, str]] | None:
    """A currency written before the amount: "€ 2,5 miljoen", "$10", "USD 5", "US$ 3"."""
    k = i - 1
    if k >= 0 and tokens[k].kind in ("sym", "word") and not tokens[i].newline_before:
        cur = load_units().currencies.get(fold_keep_nordic(tokens[k].low))
        if cur and (tokens[k].kind == "sym" or tokens[k].text.isupper()):     # "$", "USD", "EUR"
            glued_prefix = k and tokens[k - 1].text in ("US", "A", "C", "HK", "NZ") \
                and tokens[k - 1].end == tokens[k].start                   # "US$"
            return (k - 1 if glued_prefix else k), cur
    return None


def _currency(word: str, lang: str) -> tuple[str, str] | None:
    """Label of the currency a money word names: "euro's" -> euro, "US-Dollar" -> dollars."""
    table = load_units()
    for form in (word, word.rsplit("-", 1)[-1]):
        hit = table.currencies.get(fold_keep_nordic(form)) or table.currency_stems[lang].get(
            table.stemmers[lang].stemWord(form.replace("'", "").replace("’", "")))
        if hit:
            return hit
    return None


# --------------------------------------------------------------------------------------
# Labels.

def _fmt(value: Decimal) -> str:
    """3000 -> "3,000"; 8000000 -> "8 million"; 2500000 -> "2.5 million"; 2.5 -> "2.5"."""
    for size, name in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
        if value >= size:
            scaled = value / size
            if scaled == scaled.quantize(Decimal("0.01")):
                return f"{_plain(scaled)} {name}"
            break
    return _plain(value)


def _plain(value: Decimal) -> str:
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def _fmt_range(low: Decimal, high: Decimal) -> str:
    """8..13 -> "8-13"; 2e6..3e6 -> "2-3 million"."""
    first, second = _fmt(low), _fmt(high)
    scale = second.rpartition(" ")[2]
    if " " in first and first.endswith(" " + scale):
        first = first.rpartition(" ")[0]
    return f"{first}-{second}"


def _label(q: _Quantity, concept: Concept | None) -> str:
    plural = True
    if q.value is not None:
        number = _fmt(q.value)
        plural = q.value != 1
    elif q.vague:
        number = q.vague
    else:
        number = _fmt_range(q.low, q.high)
    if concept is None:
        return number
    one, many = q.currency or (concept.one, concept.many)
    noun = many if plural else one
    if q.vague:
        return f"{number} of {noun}"
    if concept.format:
        return concept.format.format(n=number)
    return f"{number} {noun}"


# --------------------------------------------------------------------------------------
# The stage.

def _keep(q: _Quantity, unit: str, lang: str, tokens: list[_Token], i: int) -> bool:
    """Is this quantity a count worth a facet value?  ``i`` is its first token."""
    if unit == NOT_A_COUNT or q.vague == "score":
        return False                                     # "3 jaar", "14 Uhr", "3-1"
    if q.value is None:
        if q.low is None:
            return False                                 # an article ("een", "ein")
        return bool(unit or q.vague or q.high >= MIN_UNITLESS)   # not "1 to 4" (inches)
    if q.words_only and (q.value < 2 or (not unit and q.value < 1000)):
        return False                                     # "twee keer", "ein Mensch", "en av dem"
    if q.year_like and (not unit or unit == "percent" or _word_at(tokens, i - 1) in _YEAR_CUES):
        return False                                     # "in 2024", "2000 soldaten" is kept
    if unit or q.currency:
        return True
    if q.glued:
        return False                                     # "100m" alone is a distance
    if q.value < MIN_UNITLESS:
        return False                                     # "Kommentare (0)", "ifølge 2 kilder"
    digits = q.raw_digits
    if digits.isdigit() and (len(digits) >= 7 or (len(digits) > 1 and digits[0] == "0")):
        return False                                     # ids, "007"
    prev = _word_at(tokens, i - 1)
    if not prev and i >= 2 and tokens[i - 1].text == ".":
        prev = _word_at(tokens, i - 2)
    if prev in _ID_CUES:
        return False                                     # "nr. 5", "Artikel 5", "vlucht 17"
    if prev and lang != "de" and tokens[i - 1].text[0].isupper() and not _sentence_start(tokens, i - 1):
        return False                                     # "Boeing 737", "Windows 11"
    return True


_OPENERS = frozenset((".", "!", "?", ":", "«", '"', "“", "„", "‘", "'", "–", "-", "(", "»"))


def _sentence_start(tokens: list[_Token], i: int) -> bool:
    return i == 0 or tokens[i].newline_before or tokens[i - 1].text in _OPENERS


def _normalise_lang(lang: str | None) -> str:
    lang = (lang or "en").lower().split("-")[0].split("_")[0]
    lang = _LANG_ALIASES.get(lang, lang)
    return lang if lang in LANGUAGES else "en"


def extract_numbers(text: str, lang: str) -> list[NumberMention]:
    """Counts in ``text`` ("how many of what"), with character spans into ``text``."""
    lang = _normalise_lang(lang)
    table = load_units()
    tokens = _tokenize(text, _masked_spans(text))
    mentions: list[NumberMention] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind == "num":
            q = _read_digits(text, tokens, i, lang)
        elif tok.kind == "word" and _may_start_quantity(tok.low, lang):
            q = _read_vague(tokens, i, lang) or _read_words(tokens, i, lang)
        else:
            q = None
        if q is None:
            i += 1
            continue
        if q.value is not None:
            q = _read_range(tokens, q, i, lang)
        start = q.start
        if tok.kind == "num":
            before = _currency_before(tokens, i)
            if before:
                start, q.currency = tokens[before[0]].start, before[1]
        unit, noun_end = "", q.end
        if q.currency:
            unit = "money"
        else:
            unit, k, word = _read_unit(tokens, q.next, lang)
            if unit and unit != NOT_A_COUNT:
                noun_end = tokens[k].end
                if unit == "money":
                    q.currency = _currency(word, lang)
                if k + 1 < len(tokens) and tokens[k + 1].text == "." and word in ("kr", "pct", "pst") \
                        and tokens[k + 1].start == tokens[k].end:
                    noun_end = tokens[k + 1].end
        concept = table.concepts.get(unit)
        if concept and concept.countable and q.alt is not None and q.multiplier is None \
                and q.value is not None and q.alt > q.value:
            q.value = q.alt                              # "2,500 soldaten" is never 2.5 soldiers
        if _keep(q, unit, lang, tokens, i):
            mentions.append(_mention(text, q, unit if concept else "", concept, start, noun_end))
        i = max(q.next, i + 1)
    _inherit_units(text, mentions, table)
    return mentions


def _mention(text: str, q: _Quantity, unit: str, concept: Concept | None, start: int,
             end: int) -> NumberMention:
    as_float = (lambda d: None if d is None else float(d))
    return NumberMention(value=as_float(q.value), unit=unit, text=text[start:end], start=start,
                         end=end, low=as_float(q.low), high=as_float(q.high), label=_label(q, concept))


_SENTENCE_END = re.compile(r"[.!?;:\n]\s|\n")


def _inherit_units(text: str, mentions: list[NumberMention], table: UnitTable) -> None:
    """ "3000 troepen ... en dat er nog duizenden zullen volgen": thousands of soldiers."""
    for prev, cur in zip(mentions, mentions[1:]):
        if cur.unit or cur.value is not None or not prev.unit or prev.unit == "money" \
                or prev.unit == "percent":
            continue
        if _SENTENCE_END.search(text, prev.end, cur.start):
            continue
        concept = table.concepts[prev.unit]
        cur.unit = prev.unit
        cur.label = f"{cur.label} of {concept.many}" if not cur.label[:1].isdigit() else \
            f"{cur.label} {concept.many}"
