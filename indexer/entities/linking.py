"""Linking a free-text query to entity ids, in any language or spelling."""
from __future__ import annotations

import re

from indexer.entities.candidates import TableMatcher, select
from indexer.entities.resolution import Resolver
from indexer.entities.rules import LETTERS, TOKEN
from indexer.entities.translit import name_key, strip_genitive
from indexer.lang import is_role_word
from indexer.lang.folding import fold_for_names

QUOTED = re.compile(r'"([^"]*)"')


class QueryLinker:
    """``link(query)``: the ids of the entities a query names (see ``EntityExtractor.link``)."""

    def __init__(self, table: TableMatcher, resolver: Resolver):
        self.table = table
        self.resolver = resolver
        self.gazetteer = table.gazetteer
        self._minted_labels: tuple[dict | None, dict[str, str]] = (None, {})

    def link(self, text: str) -> list[str]:
        """Ids of the entities a free-text query names, in any language or spelling.

        Table names match in any case (a weak name, "man", or a short one that is also a
        stopword, "us", only capitalised); other words and word groups are matched by translit
        key, surname, fuzzy key and as demonyms ("Noord-Koreaanse" -> place:KP), and against
        the minted ids the last corpus build saw.  A quoted phrase asks for its words in that
        order, so it links only when it is a name as a whole ('"Kim Jong-un"'), not through
        the names inside it ('"Rutte zei"' is not every article naming Rutte).
        """
        ids = self._link_free(QUOTED.sub(" ", text))
        for phrase in QUOTED.findall(text):
            for entity_id in self._link_name(phrase.strip()):
                if entity_id not in ids:
                    ids.append(entity_id)
        return ids

    def _link_name(self, phrase: str) -> list[str]:
        """The entity ``phrase`` names as a whole (a table name, a minted name, a spelling of
        one) and that a query of the phrase alone links to, else nothing ('"se"' is no place)."""
        whole = self._whole_name(phrase) if phrase else None
        return self.with_implied(whole) if whole and whole in self._link_free(phrase) else []

    def _whole_name(self, phrase: str) -> str | None:
        name = self.gazetteer.lookup(phrase)
        if name is not None:
            return name.entity_id
        learned = self.resolver.learned.get(name_key(phrase))
        if learned is not None:
            return learned[0]
        entry = self.resolver.entry_by_key(phrase, None, strong_only=True)
        return entry.id if entry is not None else None

    def _link_free(self, text: str) -> list[str]:
        ids: list[str] = []
        covered: set[int] = set()
        for cand in select(self.table.candidates(text, query=True)):
            for entity_id in self.with_implied(cand.entity_id):
                if entity_id not in ids:
                    ids.append(entity_id)
            covered.update(range(cand.start, cand.end))
        tokens = [m for m in TOKEN.finditer(text) if m.start() not in covered]
        learned = self.resolver.learned
        used: set[int] = set()
        for size in (3, 2, 1):
            for i in range(len(tokens) - size + 1):
                group = tokens[i:i + size]
                if any(j in used for j in range(i, i + size)):
                    continue
                if any(b.start() - a.end() > 2 for a, b in zip(group, group[1:])):
                    continue
                surface = text[group[0].start():group[-1].end()].strip(".")
                found = self._link_words(surface, size, learned)
                if found and size == 1 and i > 0 and i - 1 not in used and self._other_person(found, tokens[i - 1], group[0]):
                    continue
                if found:
                    used.update(range(i, i + size))
                    for entity_id in self.with_implied(found):
                        if entity_id not in ids:
                            ids.append(entity_id)
        return ids

    def _link_words(self, surface: str, size: int, learned: dict[str, tuple[str, str]]) -> str | None:
        gazetteer = self.gazetteer
        letters = LETTERS.findall(surface)
        folded = fold_for_names(surface)
        if size == 1 and (len(letters) < 4 or folded in gazetteer.stopwords or folded in gazetteer.common_words):
            return None
        if size == 1 and not surface[:1].isupper() and folded in gazetteer.lexicon_words:
            return gazetteer.demonym_of(surface)         # "russische" is a word, and an adjective
        key = name_key(surface)
        entry = self.resolver.entry_by_key(surface, None, strong_only=True)
        if key in learned and not (entry is not None and entry.curated and _last_name_only(learned[key][1], surface)):
            return learned[key][0]      # a name the corpus minted; a last name alone is first a listed person's
        if entry is not None:
            return entry.id
        if size == 1:
            base = strip_genitive(surface, lambda b: name_key(b) in gazetteer.keys)
            if base != surface:
                entry = self.resolver.entry_by_key(base, None, strong_only=True)
                if entry is not None:
                    return entry.id
            return gazetteer.demonym_of(surface)
        return None

    def _other_person(self, entity_id: str, before: re.Match, word: re.Match) -> bool:
        """Whether the capitalised word right ``before`` a last name is another first name: "Mike
        Johnson" is not Boris Johnson ("President Johnson" and "Minister Austin" still are)."""
        label = self._label(entity_id)
        first = before.group()
        if not label or len(label.split()) < 2 or word.start() - before.end() > 2 or not first[:1].isupper():
            return False
        if is_role_word(first) or fold_for_names(first) in self.gazetteer.stopwords:
            return False
        return name_key(first) not in {name_key(part) for part in label.split()[:-1]}

    def _label(self, entity_id: str) -> str:
        """A person's label ("" for anything else): from the tables, or from the minted names of
        the index (a map by id, made once for each set of them: an index may mint 10^5)."""
        entry = self.gazetteer.entries.get(entity_id)
        if entry is not None:
            return entry.label if entry.type == "PER" else ""
        learned = self.resolver.learned
        if self._minted_labels[0] is not learned:
            self._minted_labels = (learned, {learned_id: label for learned_id, label in learned.values()})
        return self._minted_labels[1].get(entity_id, "") if entity_id.startswith("actor:") else ""

    def with_implied(self, entity_id: str) -> list[str]:
        entry = self.gazetteer.entries.get(entity_id)
        return [entity_id] + list(entry.implies if entry else ())


def _last_name_only(label: str, surface: str) -> bool:
    """Whether ``surface`` is one word and ``label`` a longer name ("Frederiksen", "Lars Frederiksen")."""
    return " " not in surface.strip() and len(label.split()) > 1
