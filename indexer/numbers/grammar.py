"""The number grammar of the five languages: number words, multipliers, vague quantities, range
words and cue words, and how a written number word ("eenentwintig", "tjuefem") is evaluated."""
from __future__ import annotations

import functools
import re
from decimal import Decimal

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
CONNECTORS = {"nl": ("en", "ën"), "de": ("und",), "da": ("og",), "nb": ("og",), "en": ("and",)}
# "one" that is also an article, and "one and a half": numbers only before a multiplier.
ARTICLE_ONE: dict[str, dict[str, float]] = {
    "nl": {"een": 1, "één": 1, "anderhalf": 1.5, "anderhalve": 1.5, "half": 0.5},
    "de": {"ein": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "anderthalb": 1.5,
           "eineinhalb": 1.5, "halbe": 0.5, "halben": 0.5},
    "da": {"en": 1, "et": 1, "halvanden": 1.5, "halvandet": 1.5, "halv": 0.5, "halvt": 0.5},
    "nb": {"en": 1, "ett": 1, "ei": 1, "halvannen": 1.5, "halvannet": 1.5, "halv": 0.5,
           "halvt": 0.5},
    "en": {"a": 1, "an": 1, "one": 1, "half": 0.5},
}
# Multipliers after digits or number words ("2,5 miljoen", "otte millioner", "10 Mio.").
MULTIPLIERS: dict[str, dict[str, int]] = {
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
GLUED_MULTIPLIERS = {"k": 1000, "m": 10**6, "mn": 10**6, "mln": 10**6, "bn": 10**9, "b": 10**9,
                      "bln": 10**9, "mrd": 10**9, "mio": 10**6, "tn": 10**12, "million": 10**6,
                      "billion": 10**9}

# Vague quantities: (label, low, high, words per language; "of" may follow).
VAGUE: tuple[tuple[str, int, int, dict[str, tuple[str, ...]]], ...] = (
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
QUANTIFIERS = {
    "nl": ("enkele", "een paar", "meerdere", "verscheidene", "vele", "ettelijke"),
    "de": ("mehrere", "einige", "ein paar", "etliche", "viele", "wenige"),
    "da": ("flere", "nogle", "et par", "mange", "få"),
    "nb": ("flere", "noen", "et par", "mange", "få"),
    "en": ("several", "a few", "a couple of", "some", "many", "few"),
}
VAGUE_BY_MAGNITUDE = {100: "hundreds", 1000: "thousands", 10**6: "millions", 10**9: "billions"}
VAGUE_RANGES = {label: (low, high) for label, low, high, _ in VAGUE}

# Range connectors: "3 tot 4", "2 bis 3", "8 til 10", "3 to 4", "3 of 4" (nl "or").
RANGE_WORDS = {"nl": ("tot en met", "tot", "à", "a", "of"), "de": ("bis", "oder"),
                "da": ("til", "à", "eller"), "nb": ("til", "à", "eller"), "en": ("to", "or")}
BETWEEN = {"nl": ("tussen",), "de": ("zwischen",), "da": ("mellem",), "nb": ("mellom",),
            "en": ("between",)}
DASHES = ("-", "–", "—")
# Words between a quantity and its noun: "of" (+ article) and indeclinable fillers.
OF = {"nl": ("van",), "de": ("von",), "da": ("af",), "nb": ("av",), "en": ("of",)}
FILLERS = frozenset(("extra", "meer", "mehr", "more", "mer", "flere", "additional", "weitere",
                      "weiteren", "andere", "anderen", "other", "andre", "nye", "new", "neue",
                      "nieuwe"))
# Function words that look like inflected adjectives (they end in -e/-en) but end a phrase.
STOP = frozenset("""
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
ADJECTIVE_ENDINGS = {"nl": ("e", "en"), "de": ("e", "en", "er", "es", "em"),
                      "da": ("e",), "nb": ("e",), "en": None}

# Right before a 4-digit year-like number these make it a year even if a noun follows
# ("seit 2022 Soldaten verloren").
YEAR_CUES = frozenset("""
in im i sinds sedert seit siden sedan since jaar jahr år året year anno eind ende anfang
ultimo primo medio zomer sommer summer herfst herbst efterår høst høsten autumn winter vinter
voorjaar frühjahr forår våren spring
""".split())
# Before a number these make it an identifier: "nr. 5", "Artikel 5", "vlucht 17".
ID_CUES = frozenset("""
nr no nummer number num art artikel article artikkel paragraf paragraph resolutie resolution
resolusjon side seite pagina page p pp vlucht flug flight rute route linie lijn line kanal
channel kapitel chapter hoofdstuk kapittel versie version model type typ gate spor bus tog
trein zug train kamer zimmer room rom fase phase stufe niveau level nivå runde ronde round
week woche uge uke kw zone postcode
""".split())

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
def number_word_parts(low: str, lang: str) -> tuple[tuple[float, str], ...] | None:
    """Split one word into number parts: "eenentwintig" -> ((1,unit),(0,conn),(20,tens))."""
    if lang == "en":
        low = low.replace("-", "")
    if not low or len(low) > 40:
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
