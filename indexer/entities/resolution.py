"""Resolution to ids: a model span or a query word to a table entry (exact name, translit key,
surname, fuzzy key), a demonym to its place, or else an id minted from the name's key."""
from __future__ import annotations

import re

from indexer.entities.gazetteer import P_SUBDIVISION, Entry, Gazetteer
from indexer.entities.rules import LETTERS, MINTED, clean_label, compatible, is_junk, kind_for_type, mint_key
from indexer.entities.translit import name_key, strip_genitive
from indexer.lang.folding import fold_for_names


class Resolver:
    """Ids for names, with the caches one extractor keeps; ``learned`` holds the minted ids a
    corpus pass merged (name key -> (minted id, label))."""

    def __init__(self, gazetteer: Gazetteer, fuzzy_threshold: float):
        self.gazetteer = gazetteer
        self.fuzzy_threshold = fuzzy_threshold
        self.learned: dict[str, tuple[str, str]] = {}
        self._resolved: dict[tuple[str, str], tuple[str, str, str] | None] = {}
        self._demonyms: dict[str, str | None] = {}

    def resolve(self, surface: str, etype: str) -> tuple[str, str, str] | None:
        """(id, label, type) for an NER span's text, or None for junk and adjectives."""
        cache_key = (surface, etype)
        if cache_key in self._resolved:
            return self._resolved[cache_key]
        result = self._resolve_uncached(surface, etype)
        if len(self._resolved) > 100_000:
            self._resolved.clear()
        self._resolved[cache_key] = result
        return result

    def _resolve_uncached(self, surface: str, etype: str) -> tuple[str, str, str] | None:
        gazetteer = self.gazetteer
        clean = clean_label(surface)
        base = strip_genitive(clean, lambda b: gazetteer.lookup(b) is not None or name_key(b) in gazetteer.keys)
        if is_junk(base, gazetteer):
            return None
        for form in (clean, base):
            name = gazetteer.lookup(form)
            if name is not None:
                entry = gazetteer.entries[name.entity_id]
                if etype == "LOC" or entry.type != "LOC" or (etype == "ORG" and entry.source not in
                                                             ("city", "subdivision")):
                    return entry.id, entry.label, entry.type      # a person is never a place
        if gazetteer.demonym_of(base):
            return None                                  # "Noord-Koreaanse": an adjective, not a place
        first, _, rest = base.partition(" ")
        if etype == "PER" and " " in rest and gazetteer.demonym_of(first):
            return self.resolve(rest, etype)             # "Englands Cole Palmer" is Cole Palmer
        named = self._after_adjective(base)
        if named is not None:
            return named.id, named.label, named.type
        entry = self.entry_by_key(base, etype)
        if entry is not None:
            return entry.id, entry.label, entry.type
        if base.isupper() and len(LETTERS.findall(base)) >= 5 and len(base.split()) > 1:
            return None                                  # shouting, not a name
        key = mint_key(base)
        if len(key.replace(" ", "")) < 2:
            return None
        learned = self.learned.get(key)
        if learned and learned[0].startswith(kind_for_type(etype) + ":"):
            return learned[0], learned[1], etype
        return f"{kind_for_type(etype)}{MINTED}{key.replace(' ', '-')}", base, etype

    def _after_adjective(self, surface: str) -> Entry | None:
        """The listed name after a country's adjective the model took into the span: "Duitse
        Flensburg", "Deense Sønderborg" are Flensburg and Sønderborg."""
        first, _, rest = surface.partition(" ")
        country = self.gazetteer.demonym_of(first) if rest else None
        name = self.gazetteer.lookup(rest) if country else None
        entry = self.gazetteer.entries[name.entity_id] if name is not None else None
        if entry is None:
            return None
        # a weak name ("Sønderborg" is also a word somewhere) is sure enough after its own
        # country's adjective ("Danske Bank" is no town in India)
        in_country = entry.kind == "place" and f"place:{entry.country}" == country
        return entry if not name.weak or in_country else None

    def entry_by_key(self, surface: str, etype: str | None, strong_only: bool = False) -> Entry | None:
        """A table entry whose key equals (or fuzzily matches) the key of ``surface``."""
        gazetteer = self.gazetteer
        key = name_key(surface)
        if len(key) < 4 or (surface.isupper() and " " not in surface):
            return None                                  # acronyms are not transliterated
        candidates = []
        entity_by_key = gazetteer.keys.get(key)
        if entity_by_key:
            candidates.append(entity_by_key)
        if (etype in (None, "PER")) and " " not in key and key in gazetteer.surnames:
            candidates.append(gazetteer.surnames[key])
        for entity_id in candidates:
            entry = gazetteer.entries.get(entity_id)
            if entry and (compatible(etype, entry) or _curated_full_name(entry, key, entity_id == entity_by_key)) \
                    and (not strong_only or entry.priority >= P_SUBDIVISION):
                return entry
        if len(key) >= 8:
            entry = self._fuzzy(key, etype)
            if entry is not None:
                return entry
        return None

    def _fuzzy(self, key: str, etype: str | None) -> Entry | None:
        from rapidfuzz import fuzz, process

        block = self.gazetteer.fuzzy_keys.get(key[0])
        if not block:
            return None
        keys, ids = block
        for match, score, index in process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=self.fuzzy_threshold,
                                                   limit=3):
            entry = self.gazetteer.entries.get(ids[index])
            if entry and compatible(etype, entry) and _same_consonants(key, match):
                return entry
        return None

    def demonym(self, word: str) -> str | None:
        cached = self._demonyms.get(word, False)
        if cached is False:
            folded = fold_for_names(word)
            cached = None
            if folded not in self.gazetteer.stopwords and self.gazetteer.lookup(word) is None:
                cached = self.gazetteer.demonym_of(word)
            if len(self._demonyms) > 200_000:
                self._demonyms.clear()
            self._demonyms[word] = cached
        return cached


def _curated_full_name(entry: Entry, key: str, exact: bool) -> bool:
    """Whether ``key`` is exactly a full name of several words the curated table gives ``entry``:
    that outweighs the model's guess of its type ("Sergej Sjojgu" tagged ORG is still the
    person; a single word, "Washington", may be either)."""
    return exact and entry.curated and " " in key


_NOT_CONSONANTS = re.compile(r"[aeiouyj\s-]")


def _same_consonants(key: str, other: str) -> bool:
    """Whether two keys a fuzzy score calls alike differ, word by word, only in vowels or in an
    ending ("kalforni" / "kaliforni", "veisen hauses" / "veisen haus"): spellings of one name.  Other
    consonants are another name: "valkenburg" is not "valdenburg" (Wałbrzych), "den
    internashonale domstolen" not "... strafedomstolen"."""
    words, others = key.split(), other.split()
    pairs = zip(words, others) if len(words) == len(others) else [(key, other)]   # "northeast" / "north east"
    return all(_skeleton(a).startswith(_skeleton(b)) or _skeleton(b).startswith(_skeleton(a)) for a, b in pairs)


def _skeleton(key: str) -> str:
    return _NOT_CONSONANTS.sub("", key)
