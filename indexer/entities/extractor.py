"""Actors and places in article text: one id per real-world entity, whatever the spelling.

    extractor = EntityExtractor.from_config(config)
    extractor.extract("Poetin en NAVO-chef Mark Rutte ...", "nl")   # [EntityMention, ...]
    extractor.link("Gerassimow Wladiwostok")   # ['actor:valery-gerasimov', 'place:geonames:2013348']

How a mention is found, in order (follow one article through ``extract``):

1. Table matches (``indexer.gazetteer``): an Aho-Corasick automaton over every folded name
   (lowercase, no diacritics) finds candidate spans in one pass.  A candidate counts when it
   sits on word edges (a hyphen is an edge: "NAVO-chef", "Oost-Rusland"; "Noord-Koreaanse"
   is not "Noord-Korea"), optionally followed by a genitive -s or 's ("Putins", "NATOs",
   "FN's"); when it is capitalised like the name (an acronym of three letters or fewer only
   in capitals: "EU", "VS", "FN", never "us") with no diacritic the name lacks ("Länder" is
   not Lander); when it is not all-caps shouting (a dateline "SEOUL/VLADIVOSTOK" is fine);
   and a one-word city not after an article ("die Welt", "der Rest") nor beside another
   capitalised word ("David Beckham", "Jan Mayen"; not in German).  A *weak* name (also an
   ordinary word, "Man", "Split", "Mitte", or a small town) needs the model to find a name of
   its kind there; without a model it counts only for a foreign town written capitalised
   mid-sentence in an article that names its country ("Bucha" beside "Ukraine"; never in
   German, where every noun is capitalised).  The longest match wins.
2. Statistical NER (``indexer.ner_model.NerTagger``, loaded lazily; absent models are
   logged once and skipped) finds names in no table.  A model span inside a table match is
   dropped (the model's ORG/LOC reading of exactly that span is kept for ``spans``); one that
   extends place names into an organisation or person ("FC Antwerp", "Michael Jordan") or a
   weak name ("Islands Brygge") wins; its separate capitalised words beyond a table name
   become a span of their own ("Pentagon-talskvinne Sabrina Singh").  Spans are linked to a
   table id by exact name, by translit key (``indexer.translit.name_key``), by a known
   person's surname, or by fuzzy key similarity >= ``extract.fuzzy_threshold``; an adjective
   ("Noord-Koreaanse") is no name; failing that a span gets an id minted from its key
   (``actor:key:sabrina-singh``, ``place:key:soedzja``; an acronym keeps its letters).
3. Inside one article, a person named in full is found again by last name alone ("Rutte",
   "Singh"), or by a short name the curated table lists ("Kim" after "Kim Jong Un"), even
   where the word alone would be a city ("Austin" after "Lloyd Austin").
4. ``merge_variants`` (after all articles) merges minted ids whose keys are fuzzy-equal
   across the corpus, and a lone surname into the one full name it belongs to; the label is
   the most English-looking, most frequent spelling.  The build stores the merged keys with
   the index (``entity-variants.json``), and the search side hands them back
   (``use_learned_variants``) so that ``link()`` knows the minted ids too.

Ids: ``place:<ISO 3166-1>`` (place:KP), ``place:<ISO 3166-2>`` (place:RU-KRS),
``place:geonames:<id>`` (cities), ``place:m49:<code>`` (continents), ``place:<slug>`` and
``actor:<slug>`` (curated), ``actor:key:<key>`` / ``place:key:<key>`` (minted).

Demonyms ("Noord-Koreaanse", "nordkoreanske", "südkoreanische", "russische", "Ukrainian")
are NOT place facet values: an article about Russian soldiers is not placed in Russia by that
adjective (and NER corpora label them MISC, not LOC).  ``extract`` returns them as *derived*
place mentions (``EntityMention.derived``: searchable through the entity channel, skipped by
the facets and by ``spans``), and ``link()`` returns the place for them, so a query
"Noord-Koreaanse troepen" finds articles about North Korea in any language.

Not entities: single letters, digits, all-caps shouting, photo credits and boilerplate
words listed under ``not_entities`` in the curated table ("Foto", "Getty Images", "AFP").
"""
from __future__ import annotations

import dataclasses
import logging
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

from indexer.entities.gazetteer import P_SUBDIVISION, Entry, Gazetteer, Name, load_gazetteer
from indexer.records import EntityMention
from indexer.entities.translit import english_likeness, name_key, strip_genitive
from indexer.lang.folding import fold_for_names, fold_in_place

log = logging.getLogger(__name__)

Span = tuple[int, int, str]
ENTITY_TYPES = ("PER", "LOC", "ORG")
MINTED = ":key:"
_OPENERS = set("\"'«»„“”‘’‹›([{-–—•*·|>")
_SENTENCE_END = set(".!?:;")
_TOKEN = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*\.?")
_LETTERS = re.compile(r"[^\W\d_]")
_EDGE_JUNK = "\"'«»„“”‘’‹›()[]{}<>.,;:!?*|/\\-–— \t\n"
_SPAN_EDGE = "\"'«»„“”‘’‹›()[]{}<>,;:*|/\\-–— \t\n"     # a model span keeps a final . ! ?
_MAX_NAME_TOKENS = 6
_ADJECTIVE = re.compile(r"(?<![\w-])[^\W\d_]{3,}(?:-[^\W\d_]+)*(?:sch|sche|schen|scher|sches|schem|se|s|sk|ske|"
                        r"an|ans|ian|ians|ese|ish|i|is|er|ern|en|e|ens|ees)(?![\w-])", re.IGNORECASE)
_HAS_DERIVED = "derived" in getattr(EntityMention, "__dataclass_fields__", {})
# Countries whose small towns' names are likelier words of the language than places.
HOME_COUNTRIES = {"nl": ("NL", "BE", "SR"), "de": ("DE", "AT", "CH", "LI", "LU"), "da": ("DK", "GL", "FO"),
                  "nb": ("NO",), "en": ("US", "GB", "IE", "AU", "NZ", "CA")}
# Articles before a one-word city name make it a noun: "die Welt", "der Rest", "het Metro".
DETERMINERS = {
    "de": {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines", "kein",
           "keine", "keinen", "zum", "zur", "vom", "beim", "dieser", "diese", "dieses", "diesen", "jeder", "jede"},
    "nl": {"de", "het", "een", "deze", "dit", "die", "dat"},
    "da": {"den", "det", "en", "et", "denne", "dette"},
    "nb": {"den", "det", "en", "ei", "et", "denne", "dette"},
    "en": {"the", "a", "an", "this", "that"},
}


@dataclasses.dataclass
class _Cand:
    start: int
    end: int                      # end of the name itself (a genitive -s is included)
    entity_id: str | None         # None: a model span not linked yet
    type: str
    source: str                   # "table" | "ner"
    weak: bool = False
    small: bool = False


class EntityExtractor:
    """Finds actors (PER, ORG) and places (LOC) with canonical ids; see the module docstring."""

    def __init__(self, gazetteer: Gazetteer, tagger=None, fuzzy_threshold: float = 90.0):
        self.gazetteer = gazetteer
        self.tagger = tagger
        self.fuzzy_threshold = float(fuzzy_threshold)
        self._has_model: dict[str, bool] = {}
        self._resolved: dict[tuple[str, str], tuple[str, str, str] | None] = {}
        self._demonyms: dict[str, str | None] = {}
        self._learned: dict[str, tuple[str, str]] = {}        # key -> (minted id, label)
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config) -> "EntityExtractor":
        settings = config.extract
        tagger = _load_tagger(config.shipped_path(settings.ner_models_dir)) if settings.use_ner else None
        if not settings.use_ner:
            log.info("extract.use_ner is false: only names in the tables are found")
        return cls(load_gazetteer(config), tagger, settings.fuzzy_threshold)

    # -- public API ------------------------------------------------------------------------
    def extract(self, text: str, lang: str | None) -> list[EntityMention]:
        """Every actor and place mention in ``text``, in text order."""
        return [mention for mention, _ in self._extract(text, lang, self._ner_spans([text], lang)[0])]

    def extract_many(self, texts: Iterable[str], lang: str | None) -> list[list[EntityMention]]:
        """``extract`` for many texts of one language (the NER model runs in batches)."""
        texts = list(texts)
        return [[mention for mention, _ in self._extract(text, lang, spans)]
                for text, spans in zip(texts, self._ner_spans(texts, lang))]

    def spans(self, text: str, lang: str | None) -> list[Span]:
        """The mentions of ``extract`` as typed character spans ``(start, end, type)``.

        Two differences serve NER scoring: a name that is only the first part of a hyphenated
        word ("NAVO" in "NAVO-chef") is left out, as NER corpora tag such a word as a whole or
        not at all, unless the model tagged the whole hyphenated word ("Brussel-Zuid"), whose
        span is then scored; where the model typed a country ORG at exactly that span
        ("Russland har sendt ...": a state acting), the span carries ORG, while the facet stays
        a place; and a model name the facets leave out only as boilerplate (news agencies:
        "Reuters", "ANP", "AFP") is kept where no mention overlaps it.
        """
        return self.spans_many([text], lang)[0]

    def spans_many(self, texts: Iterable[str], lang: str | None) -> list[list[Span]]:
        texts = list(texts)
        return [self._spans(text, lang, spans) for text, spans in zip(texts, self._ner_spans(texts, lang))]

    def _spans(self, text: str, lang: str | None, ner_spans: list[Span]) -> list[Span]:
        """``spans`` of one text: the typed mentions, plus the model's names that the facets
        leave out only as boilerplate (news agencies and credits: "Reuters", "AFP", "ANP" are
        organisations to NER corpora) where no mention overlaps them."""
        pairs = self._extract(text, lang, ner_spans)
        spans = _typed_spans(text, pairs)
        taken = [(m.start, m.end) for m, _ in pairs]
        for start, end, etype in _model_spans(text, ner_spans):
            inside = [(s, e) for s, e in taken if start < e and s < end]
            surface = text[start:end]
            if inside:
                # a name left out as the first part of a hyphenated word, which the model
                # read as a whole: "Brussel-Zuid"
                add = all(start <= s and e < end and _hyphen_prefix(text, s, e) for s, e in inside)
            else:
                add = _junk(surface, self.gazetteer) and not _junk(surface, self.gazetteer, boilerplate=False)
            if add:
                spans.append((start, end, etype))
                taken.append((start, end))
        return sorted(spans)

    def link(self, text: str) -> list[str]:
        """Ids of the entities a free-text query names, in any language or spelling.

        Table names match in any case (a weak name, "man", or a short one that is also a
        stopword, "us", only capitalised); other words and word groups are matched by translit
        key, surname, fuzzy key and as demonyms ("Noord-Koreaanse" -> place:KP), and against
        the minted ids the last corpus build saw.
        """
        ids: list[str] = []
        covered: set[int] = set()
        for cand in self._select(self._table_candidates(text, query=True)):
            for entity_id in self._with_implied(cand.entity_id):
                if entity_id not in ids:
                    ids.append(entity_id)
            covered.update(range(cand.start, cand.end))
        tokens = [m for m in _TOKEN.finditer(text) if m.start() not in covered]
        learned = self._learned
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
                if found:
                    used.update(range(i, i + size))
                    for entity_id in self._with_implied(found):
                        if entity_id not in ids:
                            ids.append(entity_id)
        return ids

    def merge_variants(self, docs, langs: Mapping[str, str] | None = None):
        """Corpus-level pass: one id for minted name variants seen across documents.

        ``docs``: a list of ``Article`` (their ``actors``/``places`` are rewritten in place) or
        a mapping ``doc_id -> list[EntityMention]`` (lists rewritten in place); ``langs``
        optionally gives each mapping key's language (labels prefer English spellings).
        Returns ``docs``.  The merged keys are kept for ``link()`` (``learned_variants``).
        """
        groups = list(_mention_lists(docs, langs))
        minted: dict[str, dict] = {}
        for lang, lists in groups:
            seen_here = set()
            for mentions in lists:
                for mention in mentions:
                    if MINTED not in mention.id:
                        continue
                    info = minted.setdefault(mention.id, {"docs": 0, "surfaces": Counter(), "en": Counter(),
                                                          "types": Counter(), "kind": mention.kind})
                    if mention.id not in seen_here:
                        info["docs"] += 1
                        seen_here.add(mention.id)
                    surface = _clean_label(mention.text)
                    info["surfaces"][surface] += 1
                    if lang == "en":
                        info["en"][surface] += 1
                    info["types"][mention.type] += 1
        canonical = _cluster(minted, self.fuzzy_threshold)
        members: dict[str, list[str]] = defaultdict(list)
        for entity_id, root in canonical.items():
            members[root].append(entity_id)
        labels = {root: _best_label(minted, ids) for root, ids in members.items()}
        for _, lists in groups:
            for mentions in lists:
                for index, mention in enumerate(mentions):
                    root = canonical.get(mention.id)
                    if root and (root != mention.id or labels[root] != mention.label):
                        mentions[index] = dataclasses.replace(mention, id=root, label=labels[root])
        self.use_learned_variants({_id_key(i): (r, labels[r]) for i, r in canonical.items()})
        return docs

    # -- extraction ------------------------------------------------------------------------
    def _extract(self, text: str, lang: str | None, ner_spans: list[Span]) -> list[tuple[EntityMention, str]]:
        """(mention, span type) pairs; the span type is the model's where it typed exactly the
        span of a table match ORG or LOC differently (see ``spans``)."""
        if not text:
            return []
        has_model = self._model_for(lang)
        ner = _model_spans(text, ner_spans)
        cands = self._table_candidates(text, lang=lang)
        countries = {self.gazetteer.entries[c.entity_id].country for c in cands if not (c.weak or c.small)}
        table = [c for c in cands if self._table_ok(text, c, lang, has_model, ner, countries)]
        chosen = self._select(table)
        free: list[_Cand] = []
        roles: dict[tuple[int, int], str] = {}
        chosen, free = self._combine(text, chosen, ner, roles)
        mentions = [self._table_mention(text, c) for c in chosen]
        for cand in free:
            mention = self._ner_mention(text, cand)
            if mention is not None:
                mentions.append(mention)
        mentions = [m for m in mentions if not _lowercase_elsewhere(text, m)]
        mentions += self._article_names(text, mentions)
        mentions = _resolve_surnames(mentions, self.gazetteer)
        mentions += self._demonym_mentions(text, lang, mentions)
        return [(m, roles.get((m.start, m.end), m.type)) for m in self._finish(mentions)]

    def _combine(self, text: str, chosen: list[_Cand], ner: list[Span],
                 roles: dict[tuple[int, int], str]) -> tuple[list[_Cand], list[_Cand]]:
        """Table matches and model spans together: (table matches kept, model spans to link)."""
        entries = self.gazetteer.entries
        chosen = [c for c in chosen if not _split_by_model(text, c, ner)]
        free: list[_Cand] = []
        for start, end, etype in ner:
            overlapping = [c for c in chosen if c.start < end and start < c.end]
            if not overlapping:
                free.append(_Cand(start, end, None, etype, "ner"))
                continue
            cover = next((c for c in overlapping if c.start <= start and c.end >= end), None)
            if cover is not None:                       # the model found (part of) a table name
                entry = entries[cover.entity_id]
                if (cover.start, cover.end) != (start, end) or etype == entry.type:
                    continue
                if {etype, entry.type} == {"ORG", "LOC"} and not _small_place(entry):
                    roles[(start, end)] = etype         # "Russland" acting (ORG), "Kreml" the place (LOC)
                    continue
                if entry.type != "LOC":
                    continue
                if entry.source in ("city", "subdivision"):
                    chosen.remove(cover)                # "Austin" said of a person, "Solvay" a firm
                    free.append(_Cand(start, end, None, etype, "ner"))
                continue
            exact = self.gazetteer.lookup(strip_genitive(text[start:end]))
            if exact is None and len(overlapping) == 1:     # "Valerij Gerasimow" around "Gerasimow"
                entry = self._entry_by_key(strip_genitive(text[start:end]), etype)
                if entry is not None and entry.id == overlapping[0].entity_id:
                    exact = Name(entry.id, ())
            if exact is not None:                       # the model's longer span is a table name
                chosen = [c for c in chosen if c not in overlapping]
                chosen.append(_Cand(start, end, exact.entity_id, etype, "table"))
                continue
            if any(c.weak or c.small for c in overlapping):  # "Islands Brygge", "Lido di Spina"
                chosen = [c for c in chosen if c not in overlapping]
                free.append(_Cand(start, end, None, etype, "ner"))
                continue
            places_only = all(entries[c.entity_id].kind == "place" for c in overlapping)
            rest = _remainder(text, start, end, overlapping, capitalised=etype == "LOC")
            if etype != "LOC" and places_only and (rest or (len(overlapping) > 1 and any(c.weak for c in overlapping))):
                chosen = [c for c in chosen if c not in overlapping]   # "FC Antwerp", "Michael Jordan"
                free.append(_Cand(start, end, None, etype, "ner"))
                continue
            for piece_start, piece_end in _remainder(text, start, end, overlapping):  # "Pentagon-talskvinne Sabrina Singh"
                if len(text[piece_start:piece_end].split()) >= 2:
                    free.append(_Cand(piece_start, piece_end, None, etype, "ner"))
        return chosen, free

    def _demonym_mentions(self, text: str, lang: str | None, mentions: list[EntityMention]) -> list[EntityMention]:
        """Place adjectives and inhabitants ("Noord-Koreaanse", "russiske", "Ukrainian") as
        *derived* mentions: searchable through the entity channel, never facet values."""
        if not _HAS_DERIVED:
            return []
        taken = bytearray(len(text))
        for mention in mentions:
            taken[mention.start:mention.end] = b"\x01" * (mention.end - mention.start)
        found = []
        for match in _ADJECTIVE.finditer(text):
            word = match.group()
            if lang == "en" and not word[:1].isupper():
                continue
            start, end = match.span()
            if taken[start] or taken[end - 1]:
                continue
            place_id = self._demonym(word)
            entry = self.gazetteer.entries.get(place_id) if place_id else None
            if entry is not None:
                found.append(EntityMention(kind="place", type="LOC", id=entry.id, label=entry.label, text=word,
                                           start=start, end=end, derived=True))
        return found

    def _demonym(self, word: str) -> str | None:
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

    def _article_names(self, text: str, mentions: list[EntityMention]) -> list[EntityMention]:
        """Further mentions of people named in full in this text: their last name alone
        ("Rutte", "Singh"), or a listed short name ("Kim" after "Kim Jong Un")."""
        gazetteer = self.gazetteer
        wanted: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for mention in mentions:
            words = mention.text.split()
            if mention.type == "PER" and len(words) >= 2:
                wanted[strip_genitive(words[-1])].add((mention.id, mention.label))
            for short in gazetteer.shorts.get(mention.id, ()):
                wanted[short].add((mention.id, mention.label))
        names = [name for name, owners in wanted.items()
                 if len(owners) == 1 and len(name) >= 2 and name[:1].isupper() and fold_for_names(name) not in gazetteer.stopwords]
        if not names:
            return []
        taken = [(m.start, m.end) for m in mentions]
        pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
                             + r")(?:s\b|['’]s\b)?(?![\w])")
        found = []
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            if any(start < e and s < end for s, e in taken):
                continue
            person_id, label = next(iter(wanted[match.group(1)]))
            found.append(EntityMention(kind="actor", type="PER", id=person_id, label=label, text=text[start:end],
                                       start=start, end=end))
        return found

    def _table_mention(self, text: str, cand: _Cand) -> EntityMention:
        entry = self.gazetteer.entries[cand.entity_id]
        return EntityMention(kind=entry.kind, type=entry.type, id=entry.id, label=entry.label,
                             text=text[cand.start:cand.end], start=cand.start, end=cand.end)

    def _ner_mention(self, text: str, cand: _Cand) -> EntityMention | None:
        surface = text[cand.start:cand.end]
        resolved = self._resolve(surface, cand.type)
        if resolved is None:
            return None
        entity_id, label, etype = resolved
        return EntityMention(kind=_kind(etype), type=etype, id=entity_id, label=label, text=surface,
                             start=cand.start, end=cand.end)

    def _finish(self, mentions: list[EntityMention]) -> list[EntityMention]:
        out, seen = [], set()
        for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
            extra = [mention]
            entry = self.gazetteer.entries.get(mention.id)
            for implied in entry.implies if entry else ():
                other = self.gazetteer.entries.get(implied)
                if other:
                    extra.append(dataclasses.replace(mention, id=other.id, label=other.label, type=other.type,
                                                     kind=other.kind))
            for item in extra:
                key = (item.start, item.end, item.id)
                if key not in seen:
                    seen.add(key)
                    out.append(item)
        return out

    # -- table matches ---------------------------------------------------------------------
    def _table_candidates(self, text: str, lang: str | None = None, query: bool = False) -> list[_Cand]:
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
            elif (not _case_ok(surface, name.casings) or self._shouting(text, start, start + length, name)
                  or (end > start + length and fold_for_names(text[start:end]) in gazetteer.demonyms)):
                continue                                             # "Nederlands" is not Nederland's
            elif (entry.source in ("city", "subdivision") and " " not in surface and "-" not in surface
                  and self._part_of_other_name(text, start, start + length, lang)):
                continue
            cands.append(_Cand(start, end, name.entity_id, entry.type, "table", weak=name.weak,
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
        letters = _LETTERS.findall(surface)
        if len(letters) <= 3 and fold_for_names(surface) in self.gazetteer.stopwords and not surface.isupper():
            return False
        return True

    def _part_of_other_name(self, text: str, start: int, end: int, lang: str | None) -> bool:
        """A one-word city name that is a noun after an article ("die Welt", "der Rest") or part
        of a longer name ("David Beckham", "Bill Clinton", "Jan Mayen"; not in German, where
        every noun is capitalised)."""
        before = _word_before(text, start)
        if before and fold_for_names(before) in DETERMINERS.get(lang or "", ()):
            return True
        if lang == "de":
            return False
        for word in (before, _word_after(text, end)):
            if (word and word[0].isupper() and not word.isupper() and fold_for_names(word) not in self.gazetteer.stopwords
                    and self.gazetteer.lookup(word) is None):
                return True
        return False

    def _shouting(self, text: str, start: int, end: int, name: Name) -> bool:
        """An all-caps match amid other all-caps words that are not names ("BREAKING NEWS:
        RUSSIA ..."); a dateline "SEOUL/VLADIVOSTOK (ANP)" is not shouting."""
        surface = text[start:end]
        if not surface.isupper() or len(_LETTERS.findall(surface)) < 4:
            return False
        if any(casing.isupper() for casing in name.casings):
            return False                                    # an acronym: NATO, OTAN
        before = _TOKEN.findall(text[max(0, start - 40):start])[-2:]
        after = _TOKEN.findall(text[end:end + 40])[:2]
        for word in before + after:
            if len(word) >= 4 and word.isupper() and self.gazetteer.lookup(word) is None:
                return True
        return False

    def _table_ok(self, text: str, cand: _Cand, lang: str | None, has_model: bool, ner: list[Span],
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
        if (lang == "de" or not text[cand.start].isupper() or entry.kind != "place" or not entry.country
                or entry.country not in countries or entry.country in home
                or fold_for_names(text[cand.start:cand.end]) in self.gazetteer.common_words):
            return False
        return not _sentence_initial(text, cand.start)

    @staticmethod
    def _select(cands: list[_Cand]) -> list[_Cand]:
        """Longest first, then leftmost; no two chosen spans overlap."""
        chosen: list[_Cand] = []
        taken: list[tuple[int, int]] = []
        for cand in sorted(cands, key=lambda c: (-(c.end - c.start), c.start)):
            if all(cand.end <= s or cand.start >= e for s, e in taken):
                chosen.append(cand)
                taken.append((cand.start, cand.end))
        return sorted(chosen, key=lambda c: c.start)

    # -- linking model spans and query words ------------------------------------------------
    def _resolve(self, surface: str, etype: str) -> tuple[str, str, str] | None:
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
        clean = _clean_label(surface)
        base = strip_genitive(clean, lambda b: gazetteer.lookup(b) is not None or name_key(b) in gazetteer.keys)
        if _junk(base, gazetteer):
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
        entry = self._entry_by_key(base, etype)
        if entry is not None:
            return entry.id, entry.label, entry.type
        if base.isupper() and len(_LETTERS.findall(base)) >= 5 and len(base.split()) > 1:
            return None                                  # shouting, not a name
        key = _mint_key(base)
        if len(key.replace(" ", "")) < 2:
            return None
        learned = self._learned.get(key)
        if learned and learned[0].startswith(_kind(etype) + ":"):
            return learned[0], learned[1], etype
        return f"{_kind(etype)}{MINTED}{key.replace(' ', '-')}", base, etype

    def _entry_by_key(self, surface: str, etype: str | None, strong_only: bool = False) -> Entry | None:
        """A table entry whose key equals (or fuzzily matches) the key of ``surface``."""
        gazetteer = self.gazetteer
        key = name_key(surface)
        if len(key) < 4 or (surface.isupper() and " " not in surface):
            return None                                  # acronyms are not transliterated
        candidates = []
        entity_id = gazetteer.keys.get(key)
        if entity_id:
            candidates.append(entity_id)
        if (etype in (None, "PER")) and " " not in key and key in gazetteer.surnames:
            candidates.append(gazetteer.surnames[key])
        for entity_id in candidates:
            entry = gazetteer.entries.get(entity_id)
            if entry and _compatible(etype, entry) and (not strong_only or entry.priority >= P_SUBDIVISION):
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
            if entry and _compatible(etype, entry):
                return entry
        return None

    def _link_words(self, surface: str, size: int, learned: dict[str, tuple[str, str]]) -> str | None:
        gazetteer = self.gazetteer
        letters = _LETTERS.findall(surface)
        folded = fold_for_names(surface)
        if size == 1 and (len(letters) < 4 or folded in gazetteer.stopwords or folded in gazetteer.common_words):
            return None
        if size == 1 and not surface[:1].isupper() and folded in gazetteer.lexicon_words:
            return gazetteer.demonym_of(surface)         # "russische" is a word, and an adjective
        key = name_key(surface)
        if key in learned:
            return learned[key][0]
        entry = self._entry_by_key(surface, None, strong_only=True)
        if entry is not None:
            return entry.id
        if size == 1:
            base = strip_genitive(surface, lambda b: name_key(b) in gazetteer.keys)
            if base != surface:
                entry = self._entry_by_key(base, None, strong_only=True)
                if entry is not None:
                    return entry.id
            return gazetteer.demonym_of(surface)
        return None

    def _with_implied(self, entity_id: str) -> list[str]:
        entry = self.gazetteer.entries.get(entity_id)
        return [entity_id] + list(entry.implies if entry else ())

    # -- NER model ---------------------------------------------------------------------------
    def _model_for(self, lang: str | None) -> bool:
        if self.tagger is None or not lang:
            return False
        if lang not in self._has_model:
            try:
                available = bool(self.tagger.has_model(lang))
            except Exception as error:  # a broken model folder must not stop extraction
                log.warning("NER model for %s unusable: %s", lang, error)
                available = False
            if not available:
                log.info("no NER model for %r: only names in the tables are found in %r text", lang, lang)
            self._has_model[lang] = available
        return self._has_model[lang]

    def _ner_spans(self, texts: list[str], lang: str | None) -> list[list[Span]]:
        if not self._model_for(lang):
            return [[] for _ in texts]
        try:
            return self.tagger.spans_many(texts, lang)
        except Exception as error:  # keep the table matches if the model fails at run time
            log.warning("NER model for %s failed (%s); using the tables alone", lang, error)
            self._has_model[lang] = False
            return [[] for _ in texts]

    # -- learned minted ids (made by merge_variants, stored with the index, read by link) ---
    def learned_variants(self) -> dict[str, tuple[str, str]]:
        """Name key -> (minted id, label) for the names the last corpus pass minted."""
        return dict(self._learned)

    def use_learned_variants(self, learned: Mapping[str, tuple[str, str]]) -> None:
        """Let ``link()`` know the minted ids of an index (the build stores them beside it)."""
        with self._lock:
            self._learned = {key: (value[0], value[1]) for key, value in learned.items()}


# -- helpers -------------------------------------------------------------------------------
def _load_tagger(models_dir: Path):
    try:
        from indexer.entities.ner_model import NerTagger
    except ImportError as error:
        log.info("NER model layer unavailable (%s): only names in the tables are found", error)
        return None
    if not Path(models_dir).is_dir():
        log.info("no NER models in %s (train them with `python -m indexer train-ner`): only names "
                 "in the tables are found", models_dir)
    return NerTagger(models_dir)


_CONJUNCTION = re.compile(r"\s+(?:og|and|en|und|&)\s+")


def _model_spans(text: str, ner_spans: list[Span]) -> list[Span]:
    """The model's PER/LOC/ORG spans, cut and trimmed (``_split``), without "persons" that
    start with an article."""
    return [span for s, e, t in ner_spans if t in ENTITY_TYPES for span in _split(text, s, e, t)
            if not (span[2] == "PER" and _starts_with_article(text, span))]


def _split_by_model(text: str, cand: _Cand, ner: list[Span]) -> bool:
    """Whether the model reads a table name "A og B" as two names ("Svalbard og Jan Mayen")."""
    inside = sorted((s, e) for s, e, _ in ner if cand.start <= s and e <= cand.end and (s, e) != (cand.start, cand.end))
    if len(inside) < 2:
        return False
    return any(_CONJUNCTION.fullmatch(text[a[1]:b[0]]) for a, b in zip(inside, inside[1:]))


_ARTICLES = {"die", "der", "das", "the", "den", "det", "het", "ein", "eine", "een", "et", "ei"}


def _starts_with_article(text: str, span: Span) -> bool:
    """A person's name never starts with an article ("Die Forderung der Ukraine"); Dutch
    "De" does ("De Wever"), and is not in the list."""
    first = text[span[0]:span[1]].split(None, 1)[0]
    return fold_for_names(first) in _ARTICLES and " " in text[span[0]:span[1]]


def _small_place(entry: Entry) -> bool:
    return entry.source == "city" and entry.population < 100_000


def _remainder(text: str, start: int, end: int, inside: list[_Cand], capitalised: bool = True) -> list[tuple[int, int]]:
    """Runs of separate (``capitalised``) words in ``text[start:end]`` outside the ``inside``
    spans; a word glued to a table name by a hyphen ("talskvinne" in "Pentagon-talskvinne")
    is not one."""
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    runs, current = [], []
    for word_start, word_end in words:
        free = all(word_end <= c.start or word_start >= c.end for c in inside)
        token = text[word_start:word_end].strip(_EDGE_JUNK)
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
        trimmed = _trim(text, run[0][0], run[-1][1], "")
        if trimmed:
            out.append((trimmed[0], trimmed[1]))
    return out


def _glued(text: str, start: int, end: int, inside: list[_Cand]) -> bool:
    """Whether a whitespace-separated word overlaps or touches a table match (a compound)."""
    return any(c.start < end and start < c.end for c in inside) or any(
        c.end == start or c.start == end for c in inside)


def _kind(etype: str) -> str:
    return "place" if etype == "LOC" else "actor"


def _compatible(etype: str | None, entry: Entry) -> bool:
    """Whether a name the model typed ``etype`` may be linked to ``entry``."""
    if etype is None:
        return True
    if etype == "PER":
        return entry.type == "PER"
    if etype == "ORG" and entry.type == "LOC" and not (entry.curated or entry.source in ("territory", "region")):
        return False                    # "IOC", "Atari" are no towns; a state acts as an ORG
    return entry.type != "PER"          # ORG and LOC swap: "Kreml", "Russland" (a state acting)


def _hyphen_prefix(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is the first part of a hyphenated word ("NAVO" in "NAVO-chef")."""
    return text[end:end + 1] == "-" and text[end + 1:end + 2].isalnum()


def _typed_spans(text: str, pairs: list[tuple[EntityMention, str]]) -> list[Span]:
    spans, seen = [], set()
    for mention, span_type in pairs:
        if getattr(mention, "derived", False):
            continue
        if _hyphen_prefix(text, mention.start, mention.end):
            continue
        span = (mention.start, mention.end, span_type)
        if span not in seen:
            seen.add(span)
            spans.append(span)
    return spans


def _case_ok(surface: str, casings: tuple[str, ...]) -> bool:
    """Capitalised where a spelling of the name is; short acronyms all-caps; no diacritic
    that no spelling has (German "Länder" is not Lander, Venezuela)."""
    words = re.split(r"[\s-]+", surface)
    short_caps = surface.isupper() and len(_LETTERS.findall(surface)) <= 3
    for casing in casings:
        if not surface.isascii() and not _accents_ok(surface, casing):
            continue
        if short_caps and not casing.isupper():
            continue                                    # "TO" is not Tô
        ok = True
        for word, model in zip(words, re.split(r"[\s-]+", casing)):
            if not word or not model:
                continue
            if model[0].isupper() and not word[0].isupper():
                ok = False
                break
            if model.isupper() and len(_LETTERS.findall(model)) <= 3 and not word.isupper():
                ok = False
                break
        if ok:
            return True
    return False


def _word_before(text: str, start: int) -> str:
    """The word right before ``start``, separated by spaces only ("" after punctuation)."""
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    if i == start or i == 0 or not text[i - 1].isalpha():
        return ""
    j = i
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] in "'’-"):
        j -= 1
    return text[j:i]


def _word_after(text: str, end: int) -> str:
    i = end
    while i < len(text) and text[i] in " \t":
        i += 1
    if i == end or i >= len(text) or not text[i].isalpha():
        return ""
    j = i
    while j < len(text) and (text[j].isalnum() or text[j] in "'’-"):
        j += 1
    return text[i:j]


def _accents_ok(surface: str, casing: str) -> bool:
    if len(surface) != len(casing):
        return True
    return all(a.isascii() or not a.isalpha() or not b.isascii() for a, b in zip(surface, casing))


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0:
        char = text[i]
        if char == "\n":
            return True
        if char.isspace() or char in _OPENERS:
            i -= 1
            continue
        return char in _SENTENCE_END
    return True


_SEPARATORS = re.compile(r"\s*[|;\n]\s*|\s+[-–—]\s+|(?<=[A-Z])/(?=[A-Z]{2})")


def _split(text: str, start: int, end: int, etype: str) -> list[Span]:
    """A model span cut at bars, semicolons, line breaks, dashes between spaces and slashes
    between capitals ("SEOUL/VLADIVOSTOK", "ANP/RTR/AFP"; "München/Hamburg" is one token of
    NER corpora), each part trimmed."""
    parts, cursor = [], start
    for sep in _SEPARATORS.finditer(text, start, end):
        parts.append((cursor, sep.start()))
        cursor = sep.end()
    parts.append((cursor, end))
    return [span for span in (_trim(text, s, e, etype) for s, e in parts) if span]


def _trim(text: str, start: int, end: int, etype: str) -> Span | None:
    """A model span without edge quotes, brackets and dashes (a final "." "!" "?" the model
    included stays: "B.T.", "Yahoo !"); None if nothing is left.  A genitive 's stays: it is
    part of the word ("FN's", "Putin's")."""
    while start < end and text[start] in _EDGE_JUNK:
        start += 1
    while end > start and text[end - 1] in _SPAN_EDGE:
        end -= 1
    if end - start < 2:
        return None
    return start, end, etype


def _clean_label(surface: str) -> str:
    text = " ".join(surface.split()).strip(_EDGE_JUNK)
    return strip_genitive(text) if text.endswith(("'s", "’s")) else text


def _junk(surface: str, gazetteer: Gazetteer, boilerplate: bool = True) -> bool:
    """Obviously not an entity: too short, digits, no capital, boilerplate (unless
    ``boilerplate`` is false), a stopword."""
    letters = _LETTERS.findall(surface)
    digits = sum(char.isdigit() for char in surface)
    if len(letters) < 2 or digits > len(letters) or surface[:1].isdigit() and not letters[0].isupper():
        return True
    if not any(char.isupper() for char in surface):
        return True
    words = surface.split()
    if len(words) > _MAX_NAME_TOKENS:
        return True
    folded = fold_for_names(surface)
    if boilerplate and (surface in gazetteer.not_entities
                        or (folded in gazetteer.not_entities and not folded.isupper())):
        return True
    return len(words) == 1 and folded in gazetteer.stopwords


def _lowercase_elsewhere(text: str, mention: EntityMention) -> bool:
    """A minted one-word name that the text also writes in lowercase is a word ("Honderden")."""
    if MINTED not in mention.id or " " in mention.text.strip() or not mention.text[:1].isupper():
        return False
    word = mention.text.strip()
    lower = word[0].lower() + word[1:]
    return re.search(r"(?<![\w-])" + re.escape(lower) + r"(?![\w])", text) is not None


def _resolve_surnames(mentions: list[EntityMention], gazetteer: Gazetteer) -> list[EntityMention]:
    """A one-word mention that is the last name of a person named in full in the same text
    takes that person's id ("Austin" after "Lloyd Austin")."""
    people: dict[str, dict[str, str]] = defaultdict(dict)
    for mention in mentions:
        words = mention.text.split()
        if mention.type == "PER" and len(words) >= 2:
            people[name_key(strip_genitive(words[-1]))][mention.id] = mention.label
    if not people:
        return mentions
    out = []
    for mention in mentions:
        words = mention.text.split()
        if len(words) == 1:
            key = name_key(strip_genitive(words[0]))
            found = people.get(key)
            if not found and key.endswith("s"):
                found = people.get(key[:-1])
            if found and len(found) == 1 and mention.id not in found:
                entry = gazetteer.entries.get(mention.id)
                if entry is None or entry.source in ("city", "subdivision"):     # minted, or a town
                    person_id, label = next(iter(found.items()))
                    mention = dataclasses.replace(mention, id=person_id, label=label, type="PER", kind="actor")
        out.append(mention)
    return out


def _mention_lists(docs, langs: Mapping[str, str] | None):
    """(lang, [mention lists]) per document, for Articles or a mapping of lists."""
    if isinstance(docs, Mapping):
        for doc_id, mentions in docs.items():
            yield (langs or {}).get(doc_id), [mentions]
        return
    for doc in docs:
        if hasattr(doc, "actors"):
            yield getattr(doc, "lang", None), [doc.actors, doc.places]
        else:
            yield None, [doc]


def _mint_key(surface: str) -> str:
    """The key of a minted id: the translit key, or for an acronym ("CNN") its letters."""
    letters = "".join(_LETTERS.findall(surface))
    if letters.isupper() and len(letters) <= 6:
        return fold_for_names(letters)
    return name_key(surface)


def _id_key(entity_id: str) -> str:
    return entity_id.split(MINTED, 1)[1].replace("-", " ")


def _cluster(minted: dict[str, dict], threshold: float) -> dict[str, str]:
    """Minted id -> canonical minted id: fuzzy-equal keys of one kind share one id, and a
    lone surname joins the one full name of a person that ends in it.

    Candidates for a fuzzy match share the key's first or last three letters (two keys
    ``threshold``-alike almost always do), which keeps this near-linear in the number of ids.
    """
    from rapidfuzz import fuzz, process

    order = sorted(minted, key=lambda i: (-(" " in _id_key(i)), -minted[i]["docs"], len(i), i))
    canonical: dict[str, str] = {}
    blocks: dict[tuple[str, str, str], list[str]] = defaultdict(list)   # (kind, end, 3 letters) -> root ids
    surnames: dict[tuple[str, str], set[str]] = defaultdict(set)        # (kind, last word key) -> roots
    for entity_id in order:
        info = minted[entity_id]
        key = _id_key(entity_id)
        kind = info["kind"]
        person = info["types"].most_common(1)[0][0] == "PER"
        root = None
        if len(key) >= 4:
            candidates = list(dict.fromkeys(blocks.get((kind, "head", key[:3]), [])
                                            + blocks.get((kind, "tail", key[-3:]), [])))
            if candidates:
                best = process.extractOne(key, [_id_key(c) for c in candidates], scorer=fuzz.ratio,
                                          score_cutoff=threshold)
                if best is not None:
                    root = candidates[best[2]]
        if root is None and " " not in key and person:
            owners = surnames.get((kind, key))
            if owners and len(owners) == 1:
                root = next(iter(owners))
        if root is None:
            root = entity_id
            blocks[(kind, "head", key[:3])].append(entity_id)
            blocks[(kind, "tail", key[-3:])].append(entity_id)
            if " " in key and person:
                surnames[(kind, key.rsplit(" ", 1)[1])].add(entity_id)
        canonical[entity_id] = root
    return canonical


def _best_label(minted: dict[str, dict], members: list[str]) -> str:
    full = [m for m in members if " " in _id_key(m)] or members
    surfaces: Counter = Counter()
    english: Counter = Counter()
    for member in full:
        surfaces.update(minted[member]["surfaces"])
        english.update(minted[member]["en"])
    return max(surfaces, key=lambda s: (english[s], english_likeness(s), surfaces[s], -len(s), s))
