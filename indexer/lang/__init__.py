"""Everything that is per-language data or a per-language lookup, in one place.

    LANGUAGES                       the languages the index knows (config.yaml picks among them)
    normalise_language("nob")       -> "nb" (aliases a JSON Lines file or a caller may use)
    stemmer_for_language("nl")      -> "dutch_porter": the PyStemmer algorithm of a language
    stem("german", "Soldaten")      Snowball stemming, memoised, one stemmer object per thread
    stopwords("da"), lexicon("de")  word lists in ``indexer/lang/stopwords`` and ``lexicon``
    places(), folded_places()       place names every chain keeps unstemmed
    ARTICLES["de"]                  the articles and determiners of a language

Folding (diacritics away, for search, for names, in place) lives in ``indexer.lang.folding``;
where a sentence starts, in ``indexer.lang.sentences``.  The word lists are built by
``python -m indexer train lexicons`` and read once per process, on first use.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

import Stemmer

from .folding import fold_for_search

DATA_DIR = Path(__file__).resolve().parent

LANGUAGES = ("nl", "de", "da", "nb", "en")
COMPOUNDING = ("nl", "de", "da", "nb")      # languages that write compounds closed ("forsvarsminister")
CAPITALISED_NOUNS = ("de",)                  # languages that capitalise every noun: a capital is no sign of a name
ALIASES = {"no": "nb", "nn": "nb", "nob": "nb", "nld": "nl", "deu": "de", "ger": "de", "dan": "da", "eng": "en"}
# Languages named in words, as exports and feeds write them (English and the language's own name).
LANGUAGE_NAMES = {"dutch": "nl", "nederlands": "nl", "german": "de", "deutsch": "de", "danish": "da",
                  "dansk": "da", "norwegian": "nb", "norsk": "nb", "bokmål": "nb", "bokmal": "nb",
                  "english": "en"}

# The stemmer names ``config.yaml`` accepts, per language.  PyStemmer 3 names Snowball's newer
# Dutch stemmer "dutch"; it strips "ge-" anywhere in a word ("gezondheid" -> "zon",
# "regeringsleider" -> "reringsleider"), so "dutch" here runs the classic Snowball Dutch
# stemmer ("dutch_porter" in PyStemmer).
STEMMER_NAMES = {"nl": "dutch", "de": "german", "da": "danish", "nb": "norwegian", "en": "english"}
STEMMERS = (*STEMMER_NAMES.values(), "none")
_ALGORITHMS = {"dutch": "dutch_porter"}

# Articles and determiners per language: before a one-word city name they make it a noun
# ("die Welt", "der Rest", "het Metro").
ARTICLES = {
    "de": frozenset({"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
                     "kein", "keine", "keinen", "zum", "zur", "vom", "beim", "dieser", "diese", "dieses", "diesen",
                     "jeder", "jede"}),
    "nl": frozenset({"de", "het", "een", "deze", "dit", "die", "dat"}),
    "da": frozenset({"den", "det", "en", "et", "denne", "dette"}),
    "nb": frozenset({"den", "det", "en", "ei", "et", "denne", "dette"}),
    "en": frozenset({"the", "a", "an", "this", "that"}),
}
# Articles a person's name never starts with, in any language ("Die Forderung der Ukraine");
# Dutch "De" is not one of them ("De Wever").
NOT_NAME_STARTS = frozenset({"die", "der", "das", "the", "den", "det", "het", "ein", "eine", "een", "et", "ei"})
# Definite articles and demonstratives of every language, skipped inside a number phrase
# ("tussen de 30 en 43 procent", "3000 of the soldiers").
PHRASE_ARTICLES = frozenset({"de", "het", "die", "der", "den", "dem", "des", "the", "disse", "these", "deze",
                             "diese", "those"})


# Verbs of saying right after a name: "Austin told reporters", "Austin zei": the name is a
# person's, whatever town shares it.
SPEECH_VERBS = frozenset({
    "said", "says", "told", "tells", "added", "warned", "stated", "wrote",
    "zei", "zegt", "zeiden", "verklaarde", "schreef", "waarschuwde",
    "sagte", "sagt", "erklärte", "betonte", "warnte", "schrieb",
    "sagde", "siger", "udtalte", "skrev", "advarede",
    "sa", "sier", "uttalte", "advarte",
})


# Titles and roles, folded (fold_for_search), that news writes glued before a name: "Topman Vincent
# Clerc", "Borgmester Jens Christensen", "Eurocommissaris Teresa Ribera", "Defence Secretary John
# Healey".  A word that is one, or a compound ending in one ("forsvarsminister", "havnedirektor",
# "beredskabschef"), is no part of the name.
ROLE_NOUNS = frozenset({
    # nl
    "minister", "president", "burgemeester", "wethouder", "commissaris", "topman", "topvrouw",
    "directeur", "voorzitter", "woordvoerder", "woordvoerster", "secretaris", "generaal", "kolonel", "koning",
    "koningin", "prins", "prinses", "bemiddelaar", "gezant", "ambassadeur", "minister-president", "staatssecretaris",
    "fractievoorzitter", "partijleider", "lijsttrekker", "ceo", "bondscoach", "trainer", "aanvoerder",
    "kapitein", "hoogleraar", "professor", "onderzoeker", "burgervader", "officier", "rechter", "advocaat",
    # de
    "kanzler", "kanzlerin", "ministerin", "prasident", "prasidentin", "burgermeister", "burgermeisterin",
    "sprecher", "sprecherin", "vorsitzender", "vorsitzende", "chef", "chefin", "direktor", "direktorin",
    "generalsekretar", "kommissar", "kommissarin", "botschafter", "botschafterin", "konig", "konigin",
    "papst", "kapitan", "leiter", "leiterin", "vorstand", "fuhrer", "gesandter", "abgeordneter", "abgeordnete",
    # da, nb
    "statsminister", "borgmester", "ordforer", "formand", "formann", "leder", "talsmand", "talsmann",
    "talsperson", "talskvinde", "talskvinne", "sekretaer", "kommissaer", "sendemand", "utsending",
    "konge", "kongen", "dronning", "prinsesse", "general", "oberst", "kaptajn", "kaptein", "landstrener",
    "landstraener", "rektor", "sjef", "forsker", "advokat", "dommer", "biskop", "direktorer",
    # en
    "secretary", "chancellor", "mayor", "spokesman", "spokeswoman", "spokesperson", "chairman", "chairwoman",
    "governor", "senator", "ambassador", "envoy", "king", "queen", "prince", "princess", "pope", "captain",
    "coach", "commander", "colonel", "sergeant", "lieutenant", "judge", "chief", "director", "manager",
    # professions news puts before a name, every language
    "rapper", "singer", "zanger", "zangeres", "sanger", "sangerin", "sangerinde", "sangerinne",
    "actor", "actress", "acteur", "actrice", "schauspieler", "schauspielerin", "skuespiller",
    "journalist", "journaliste", "journalistin", "fotograf", "photographer", "fotograaf",
    "striker", "goalkeeper", "doelman", "keeper", "spits", "sturmer", "angriber", "spiss", "maalmand",
})

# Roles that end compounds ("Forsvars|minister", "Beredskabs|chef"); shorter ones ("king", "prins")
# end too many other words ("Hawking").
_COMPOUND_ROLES = tuple(role for role in ROLE_NOUNS if len(role) >= 5) + ("chef", "sjef")


def is_role_word(word: str) -> bool:
    """Whether ``word`` names a title or role, alone or as the end of a compound ("Havnedirektør")."""
    folded = fold_for_search(word.lower())
    return folded in ROLE_NOUNS or any(folded.endswith(role) and len(folded) - len(role) >= 3 for role in _COMPOUND_ROLES)


def normalise_language(lang: str | None, default: str = "en") -> str:
    """One of ``LANGUAGES`` for a code or alias ("NO", "nob" -> "nb"); ``default`` otherwise."""
    code = (lang or "").strip().lower()
    code = ALIASES.get(code, code)
    return code if code in LANGUAGES else default


def language_code(value: str | None) -> str | None:
    """A language a record states, as the code articles carry: "NO", "nb-NO", "nob", "norsk" ->
    "nb"; "de_DE" -> "de"; another language's ISO 639-1 code as it is ("fr"); None for what
    names no language ("xx", ""), so that the text's own language is detected."""
    text = (value or "").strip().lower()
    code = LANGUAGE_NAMES.get(text) or ALIASES.get(text) or re.split(r"[-_]", text, maxsplit=1)[0]
    code = ALIASES.get(code, code)
    if code in LANGUAGES:
        return code
    import pycountry

    return code if len(code) == 2 and pycountry.languages.get(alpha_2=code) else None


def stemmer_for_language(lang: str) -> str:
    """The PyStemmer algorithm of ``lang``'s configured stemmer name ("nl" -> "dutch_porter")."""
    return algorithm_of(STEMMER_NAMES[lang])


def algorithm_of(stemmer_name: str) -> str:
    """The PyStemmer algorithm behind a stemmer name of ``config.yaml``."""
    return _ALGORITHMS.get(stemmer_name, stemmer_name)


_local = threading.local()


def snowball(algorithm: str):
    """This thread's PyStemmer stemmer (PyStemmer objects must not be shared between threads)."""
    stemmers = _local.__dict__.setdefault("stemmers", {})
    if algorithm not in stemmers:
        stemmers[algorithm] = Stemmer.Stemmer(algorithm)
    return stemmers[algorithm]


@lru_cache(maxsize=200_000)
def stem(algorithm: str, word: str) -> str:
    return snowball(algorithm).stemWord(word)


def read_list(path: Path) -> list[str]:
    """Lines of a word-list file, without comments and blanks."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return [line.strip() for line in handle if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=None)
def lexicon(lang: str) -> dict[str, int]:
    """Word -> frequency rank (0 = commonest) for ``lang``; empty if there is no lexicon."""
    return {word: rank for rank, word in enumerate(read_list(DATA_DIR / "lexicon" / f"{lang}.txt"))}


@lru_cache(maxsize=None)
def number_words() -> dict:
    """The number grammar's word lists (``indexer/lang/numbers.yaml``; its comments say what each
    list is for), read once: the numbers stage and the analysis chains share them."""
    import yaml

    return yaml.safe_load((DATA_DIR / "numbers.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def stopwords(lang: str) -> frozenset[str]:
    """The stop words of ``lang`` (``indexer/lang/stopwords/<lang>.txt``), lowercase."""
    return frozenset(read_list(DATA_DIR / "stopwords" / f"{lang}.txt"))


@lru_cache(maxsize=None)
def all_stopwords(langs: tuple[str, ...] = LANGUAGES) -> frozenset[str]:
    return frozenset().union(*(stopwords(lang) for lang in langs))


@lru_cache(maxsize=None)
def places() -> frozenset[str]:
    """Place names in lowercase (``indexer/lang/lexicon/places.txt``)."""
    return frozenset(read_list(DATA_DIR / "lexicon" / "places.txt"))


@lru_cache(maxsize=None)
def folded_places() -> frozenset[str]:
    return frozenset(fold_for_search(name) for name in places())
