"""Candidate mentions: table matches (the gazetteer's automaton) and the NER model's spans,
and how the two are combined (which wins where they overlap)."""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from indexer.entities.gazetteer import Entry, Gazetteer, Name
from indexer.entities.rules import (
    EDGE_JUNK, LETTERS, MAX_NAME_CHARS, TOKEN, case_ok, small_place, split_span, starts_with_article, trim_span, word_after,
    word_before,
)
from indexer.entities.translit import strip_genitive
from indexer.lang import ARTICLES, CAPITALISED_NOUNS
from indexer.lang.folding import fold_for_names, fold_in_place
from indexer.lang.sentences import sentence_start
from indexer.records import ENTITY_TYPES, Span

HOME_COUNTRIES = {"nl": ("NL", "BE", "SR"), "de": ("DE", "AT", "CH", "LI", "LU"), "da": ("DK", "GL", "FO"),
                  "nb": ("NO",), "en": ("US", "GB", "IE", "AU", "NZ", "CA")}
# Articles before a one-word city name make it a noun: "die Welt", "der Rest", "het Metro".


@dataclasses.dataclass
class Cand:
    start: int
    end: int                      # end of the name itself (a genitive -s is included)
    entity_id: str | None         # None: a model span not linked yet
    type: str
    source: str                   # "table" | "ner"
    weak: bool = False
    small: bool = False


class TableMatcher:
    """Table matches in a text or a query, and whether each counts (see ``indexer.entities.extractor``)."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer

    def candidates(self, text: str, lang: str | None = None, query: bool = False) -> list[Cand]:
        gazetteer = self.gazetteer
        folded = fold_in_place(text)
        size = len(folded)
        cands = []
        for last, (length, key) in gazetteer.automaton.iter(folded):
            start, end = last - length + 1, last + 1
            if start > 0 and folded[start - 1].isalnum():
                continue
            genitive_ok = length >= 3 or text[start:start + length].isupper()    # not "Wa"+s, "Ob's"
            if end < size and folded[end].isalnum():
                if genitive_ok and folded[end] == "s" and (end + 1 == size or not folded[end + 1].isalnum()):
                    if folded[start:end + 1] in gazetteer.names:
                        continue                                     # "Hamas" is Hamas, not Hama's
                    end += 1                                         # genitive: Putins, NATOs
                else:
                    continue
            elif genitive_ok and folded[end:end + 2] == "'s" and (end + 2 == size or not folded[end + 2].isalnum()):
                end += 2                                             # genitive: FN's, Putin's
            name = gazetteer.names[key]
            if name.weak and folded[end:end + 1] == "-" and folded[end + 1:end + 2].isalpha():
                continue                                             # "Noord-Koreaanse", "Zuid-Korea"
            surface = text[start:start + length]
            entry = gazetteer.entries[name.entity_id]
            if query:
                if not self._query_name_ok(surface, name):
                    continue
            elif (not case_ok(surface, name.casings) or self._shouting(text, start, start + length, name)
                  or (end > start + length and fold_for_names(text[start:end]) in gazetteer.demonyms)):
                continue                                             # "Nederlands" is not Nederland's
            elif (entry.source in ("city", "subdivision") and " " not in surface and "-" not in surface
                  and self._part_of_other_name(text, start, start + length, lang)):
                continue
            cands.append(Cand(start, end, name.entity_id, entry.type, "table", weak=name.weak,
                               small=getattr(name, "small", False)))
        return cands

    def _query_name_ok(self, surface: str, name: Name) -> bool:
        entry = self.gazetteer.entries[name.entity_id]
        if (not surface[:1].isupper() and not entry.curated and " " not in surface
                and fold_for_names(surface) in self.gazetteer.lexicon_words):
            return False                                # "bank", "rest" typed in lowercase: words
        if name.weak:
            entry = self.gazetteer.entries[name.entity_id]
            if (not surface[:1].isupper() or fold_for_names(surface) in self.gazetteer.common_words
                    or (entry.source == "city" and entry.population < 100_000)):
                return False
        letters = LETTERS.findall(surface)
        if len(letters) <= 3 and fold_for_names(surface) in self.gazetteer.stopwords and not surface.isupper():
            return False
        return True

    def _part_of_other_name(self, text: str, start: int, end: int, lang: str | None) -> bool:
        """A one-word city name that is a noun after an article ("die Welt", "der Rest") or part
        of a longer name ("David Beckham", "Bill Clinton", "Jan Mayen"; not in German, where
        every noun is capitalised)."""
        before = word_before(text, start)
        if before and fold_for_names(before) in ARTICLES.get(lang or "", ()):
            return True
        if lang in CAPITALISED_NOUNS:
            return False
        for word in (before, word_after(text, end)):
            if (word and word[0].isupper() and not word.isupper() and fold_for_names(word) not in self.gazetteer.stopwords
                    and self.gazetteer.lookup(word) is None):
                return True
        return False

    def _shouting(self, text: str, start: int, end: int, name: Name) -> bool:
        """An all-caps match amid other all-caps words that are not names ("BREAKING NEWS:
        RUSSIA ..."); a dateline "SEOUL/VLADIVOSTOK (ANP)" is not shouting."""
        surface = text[start:end]
        if not surface.isupper() or len(LETTERS.findall(surface)) < 4:
            return False
        if any(casing.isupper() for casing in name.casings):
            return False                                    # an acronym: NATO, OTAN
        before = TOKEN.findall(text[max(0, start - 40):start])[-2:]
        after = TOKEN.findall(text[end:end + 40])[:2]
        for word in before + after:
            if len(word) >= 4 and word.isupper() and self.gazetteer.lookup(word) is None:
                return True
        return False

    def accepts(self, text: str, cand: Cand, lang: str | None, has_model: bool, ner: list[Span],
                  countries: set[str]) -> bool:
        """Whether a table match counts (see the module docstring).

        A weak name counts where the model finds a name of its kind there.  A small town
        counts where the model does, or where the article names its country ("Bucha" beside
        "Ukraine"), or, read by a model, in its own country's language ("Tromsø" in Norwegian).
        Without a model, weak names and towns count only as foreign towns written capitalised
        mid-sentence beside their country, never in a home country of the language (where the
        name is likelier a word: "Lage", "Best") and never in German (every noun is capitalised).
        """
        if not (cand.weak or cand.small):
            return True
        entry = self.gazetteer.entries[cand.entity_id]
        home = HOME_COUNTRIES.get(lang or "", ())
        if has_model:
            if any(s < cand.end and cand.start < e and (t == entry.type or {t, entry.type} == {"ORG", "LOC"}
                                                       and entry.source != "city") for s, e, t in ner):
                return True
            return cand.small and not cand.weak and (entry.country in countries or entry.country in home)
        if (lang in CAPITALISED_NOUNS or not text[cand.start].isupper() or entry.kind != "place" or not entry.country
                or entry.country not in countries or entry.country in home
                or fold_for_names(text[cand.start:cand.end]) in self.gazetteer.common_words):
            return False
        return not sentence_start(text, cand.start)


def select(cands: list[Cand]) -> list[Cand]:
    """Longest first, then leftmost; no two chosen spans overlap."""
    chosen: list[Cand] = []
    taken: list[tuple[int, int]] = []
    for cand in sorted(cands, key=lambda c: (-(c.end - c.start), c.start)):
        if all(cand.end <= s or cand.start >= e for s, e in taken):
            chosen.append(cand)
            taken.append((cand.start, cand.end))
    return sorted(chosen, key=lambda c: c.start)


def combine(text: str, chosen: list[Cand], ner: list[Span], roles: dict[tuple[int, int], str],
            gazetteer: Gazetteer, entry_by_key: Callable[[str, str], Entry | None]) -> tuple[list[Cand], list[Cand]]:
    """Table matches and model spans together: (table matches kept, model spans to link).

    ``roles`` receives the model's type where it typed a table match ORG or LOC differently.
    """
    entries = gazetteer.entries
    chosen = [c for c in chosen if not split_by_model(text, c, ner)]
    free: list[Cand] = []
    for start, end, etype in ner:
        overlapping = [c for c in chosen if c.start < end and start < c.end]
        if not overlapping:
            free.append(Cand(start, end, None, etype, "ner"))
            continue
        cover = next((c for c in overlapping if c.start <= start and c.end >= end), None)
        if cover is not None:                       # the model found (part of) a table name
            entry = entries[cover.entity_id]
            if (cover.start, cover.end) != (start, end) or etype == entry.type:
                continue
            if {etype, entry.type} == {"ORG", "LOC"} and not small_place(entry):
                roles[(start, end)] = etype         # "Russland" acting (ORG), "Kreml" the place (LOC)
                continue
            if entry.type != "LOC":
                continue
            if entry.source in ("city", "subdivision"):
                chosen.remove(cover)                # "Austin" said of a person, "Solvay" a firm
                free.append(Cand(start, end, None, etype, "ner"))
            continue
        exact = gazetteer.lookup(strip_genitive(text[start:end]))
        if exact is None and len(overlapping) == 1:     # "Valerij Gerasimow" around "Gerasimow"
            entry = entry_by_key(strip_genitive(text[start:end]), etype)
            if entry is not None and entry.id == overlapping[0].entity_id:
                exact = Name(entry.id, ())
        if exact is not None:                       # the model's longer span is a table name
            chosen = [c for c in chosen if c not in overlapping]
            chosen.append(Cand(start, end, exact.entity_id, etype, "table"))
            continue
        if any(c.weak or c.small for c in overlapping):  # "Islands Brygge", "Lido di Spina"
            chosen = [c for c in chosen if c not in overlapping]
            free.append(Cand(start, end, None, etype, "ner"))
            continue
        places_only = all(entries[c.entity_id].kind == "place" for c in overlapping)
        rest = remainder(text, start, end, overlapping, capitalised=etype == "LOC")
        if etype != "LOC" and places_only and (rest or (len(overlapping) > 1 and any(c.weak for c in overlapping))):
            chosen = [c for c in chosen if c not in overlapping]   # "FC Antwerp", "Michael Jordan"
            free.append(Cand(start, end, None, etype, "ner"))
            continue
        for piece_start, piece_end in remainder(text, start, end, overlapping):  # "Pentagon-talskvinne Sabrina Singh"
            if len(text[piece_start:piece_end].split()) >= 2:
                free.append(Cand(piece_start, piece_end, None, etype, "ner"))
    return chosen, free


_CONJUNCTION = re.compile(r"\s+(?:og|and|en|und|&)\s+")


def model_spans(text: str, ner_spans: list[Span]) -> list[Span]:
    """The model's PER/LOC/ORG spans, cut and trimmed (``split_span``), without "persons" that
    start with an article, and without spans too long for a name (a chain of names joined by
    hyphens: the table's names inside it stay)."""
    return [span for s, e, t in ner_spans if t in ENTITY_TYPES for span in split_span(text, s, e, t)
            if not (span[2] == "PER" and starts_with_article(text, span)) and span[1] - span[0] <= MAX_NAME_CHARS]


def split_by_model(text: str, cand: Cand, ner: list[Span]) -> bool:
    """Whether the model reads a table name "A og B" as two names ("Svalbard og Jan Mayen")."""
    inside = sorted((s, e) for s, e, _ in ner if cand.start <= s and e <= cand.end and (s, e) != (cand.start, cand.end))
    if len(inside) < 2:
        return False
    return any(_CONJUNCTION.fullmatch(text[a[1]:b[0]]) for a, b in zip(inside, inside[1:]))


def remainder(text: str, start: int, end: int, inside: list[Cand], capitalised: bool = True) -> list[tuple[int, int]]:
    """Runs of separate (``capitalised``) words in ``text[start:end]`` outside the ``inside``
    spans; a word glued to a table name by a hyphen ("talskvinne" in "Pentagon-talskvinne")
    is not one."""
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    runs, current = [], []
    for word_start, word_end in words:
        free = all(word_end <= c.start or word_start >= c.end for c in inside)
        token = text[word_start:word_end].strip(EDGE_JUNK)
        if free and token and (token[:1].isupper() or not capitalised) and not _glued(text, word_start, word_end, inside):
            current.append((word_start, word_end))
            continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    out = []
    for run in runs:
        trimmed = trim_span(text, run[0][0], run[-1][1], "")
        if trimmed:
            out.append((trimmed[0], trimmed[1]))
    return out


def _glued(text: str, start: int, end: int, inside: list[Cand]) -> bool:
    """Whether a whitespace-separated word overlaps or touches a table match (a compound)."""
    return any(c.start < end and start < c.end for c in inside) or any(
        c.end == start or c.start == end for c in inside)
