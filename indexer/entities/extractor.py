"""Actors and places in article text: one id per real-world entity, whatever the spelling.

    extractor = EntityExtractor.from_config(config)
    extractor.extract("Poetin en NAVO-chef Mark Rutte ...", "nl")   # [EntityMention, ...]
    extractor.link("Gerassimow Wladiwostok")   # ['actor:valery-gerasimov', 'place:geonames:2013348']

How a mention is found, in order (follow one article through ``extract``):

1. Table matches (``indexer.entities.gazetteer``, ``candidates.TableMatcher``): an Aho-Corasick automaton over every folded name
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
2. Statistical NER (``indexer.entities.ner_model.NerTagger``, loaded lazily; absent models are
   logged once and skipped; each line of the text tagged alone) finds names in no table.  Inside
   the article its names are made consistent (``mentions.consistent_model_spans``: the type the
   model gave a name most often, every mention of a person or organisation it found once).
   A model span inside a table match is dropped (the model's ORG/LOC reading of exactly that
   span is kept for ``spans``); one that extends place names into an organisation or person ("FC Antwerp", "Michael Jordan") or a
   weak name ("Islands Brygge") wins; its separate capitalised words beyond a table name
   become a span of their own ("Pentagon-talskvinne Sabrina Singh").  Spans are linked to a
   table id by exact name, by translit key (``indexer.entities.translit.name_key``; ``resolution.Resolver``), by a known
   person's surname, or by fuzzy key similarity >= ``extract.fuzzy_threshold``; an adjective
   ("Noord-Koreaanse") is no name; failing that a span gets an id minted from its key
   (``actor:key:sabrina-singh``, ``place:key:soedzja``; an acronym keeps its letters).
3. Inside one article (``mentions``), a person named in full is found again by last name alone ("Rutte",
   "Singh"), or by a short name the curated table lists ("Kim" after "Kim Jong Un"), even
   where the word alone would be a city ("Austin" after "Lloyd Austin").
4. ``merge_variants`` (``variants``, after all articles) merges minted ids whose keys are fuzzy-equal
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

Queries are linked by ``linking.QueryLinker``; the word-level rules (case, accents, trimming,
junk, minted keys) are in ``rules``.

Not entities: single letters, digits, all-caps shouting, photo credits and boilerplate
words listed under ``not_entities`` in the curated table ("Foto", "Getty Images", "AFP").
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

from indexer.entities.candidates import Cand, TableMatcher, combine, model_spans, select
from indexer.entities.gazetteer import Gazetteer, load_gazetteer
from indexer.entities.linking import QueryLinker
from indexer.entities.mentions import (
    article_names, consistent_model_spans, demonym_mentions, listed_people_by_key, lowercase_elsewhere, resolve_surnames,
    speakers, typed_spans, with_implied_entities,
)
from indexer.entities.resolution import Resolver
from indexer.entities.rules import MINTED, hyphen_prefix, is_junk, kind_for_type, mint_key
from indexer.entities.variants import merge_variants
from indexer.records import ENTITY_TYPES, EntityMention, Span

__all__ = ["EntityExtractor", "MINTED", "ENTITY_TYPES", "Span"]

log = logging.getLogger(__name__)


class EntityExtractor:
    """Finds actors (PER, ORG) and places (LOC) with canonical ids; see the module docstring.

    A facade over the stages: ``TableMatcher`` (table candidates), the NER model, ``combine``,
    ``Resolver`` (ids), ``indexer.entities.mentions`` (in-article rules), ``QueryLinker``
    (queries) and ``merge_variants`` (the corpus pass).
    """

    def __init__(self, gazetteer: Gazetteer, tagger=None, fuzzy_threshold: float = 90.0):
        self.gazetteer = gazetteer
        self.tagger = tagger
        self.fuzzy_threshold = float(fuzzy_threshold)
        self._has_model: dict[str, bool] = {}
        self._table = TableMatcher(gazetteer)
        self._resolver = Resolver(gazetteer, self.fuzzy_threshold)
        self._linker = QueryLinker(self._table, self._resolver)
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config) -> "EntityExtractor":
        settings = config.extract
        tagger = (_load_tagger(config.shipped_path(settings.ner_models_dir), settings.ner_model_folders,
                               config.runs_e5_ner) if settings.use_ner else None)
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
        spans = typed_spans(text, pairs)
        taken = [(m.start, m.end) for m, _ in pairs]
        for start, end, etype in model_spans(text, ner_spans):
            inside = [(s, e) for s, e in taken if start < e and s < end]
            surface = text[start:end]
            if inside:
                # a name left out as the first part of a hyphenated word, which the model
                # read as a whole: "Brussel-Zuid"
                add = all(start <= s and e < end and hyphen_prefix(text, s, e) for s, e in inside)
            else:
                add = is_junk(surface, self.gazetteer) and not is_junk(surface, self.gazetteer, boilerplate=False)
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
        return self._linker.link(text)

    def id_named(self, name: str, kind: str) -> str | None:
        """The id of the actor or place (``kind``) that ``name`` is exactly, as the tables or the
        last corpus pass know it ("Sønderborg", "DSV"): for a filter typed as a name, where the
        query linker reads the words differently (a minted "Sønderborg" actor, a short acronym)."""
        entry = self.gazetteer.entries.get(getattr(self.gazetteer.lookup(name), "entity_id", ""))
        if entry is not None and entry.kind == kind:
            return entry.id
        learned = self._resolver.learned.get(mint_key(name.strip()))
        return learned[0] if learned and learned[0].startswith(f"{kind}:") else None

    def spellings(self, entity_id: str) -> list[str]:
        """The names the tables know for ``entity_id`` in our languages, as written."""
        return self.gazetteer.spellings(entity_id)

    def label(self, entity_id: str) -> str | None:
        """The tables' English label of ``entity_id``; None for a name only a build minted."""
        entry = self.gazetteer.entry(entity_id)
        return entry.label if entry else None

    def merge_variants(self, docs, langs: Mapping[str, str] | None = None):
        """Corpus-level pass: one id for minted name variants seen across documents.

        ``docs``: a list of ``Article`` (their ``actors``/``places`` are rewritten in place) or
        a mapping ``doc_id -> list[EntityMention]`` (lists rewritten in place); ``langs``
        optionally gives each mapping key's language (labels prefer English spellings).
        Returns ``docs``.  The merged keys are kept for ``link()`` (``learned_variants``).
        """
        self.use_learned_variants(merge_variants(docs, langs, self.fuzzy_threshold))
        return docs

    # -- extraction ------------------------------------------------------------------------
    def _extract(self, text: str, lang: str | None, ner_spans: list[Span]) -> list[tuple[EntityMention, str]]:
        """(mention, span type) pairs; the span type is the model's where it typed exactly the
        span of a table match ORG or LOC differently (see ``spans``)."""
        if not text:
            return []
        has_model = self._model_for(lang)
        ner = model_spans(text, ner_spans)
        cands = self._table.candidates(text, lang=lang)
        countries = {self.gazetteer.entries[c.entity_id].country for c in cands if not (c.weak or c.small)}
        table = [c for c in cands if self._table.accepts(text, c, lang, has_model, ner, countries)]
        chosen = select(table)
        roles: dict[tuple[int, int], str] = {}
        chosen, free = combine(text, chosen, ner, roles, self.gazetteer, self._resolver.entry_by_key)
        mentions = [self._table_mention(text, c) for c in chosen]
        for cand in free:
            mention = self._ner_mention(text, cand)
            if mention is not None:
                mentions.append(mention)
        mentions = [m for m in mentions if not lowercase_elsewhere(text, m)]
        mentions += article_names(text, mentions, self.gazetteer)
        mentions += listed_people_by_key(text, mentions, self.gazetteer)
        mentions = speakers(text, resolve_surnames(mentions, self.gazetteer), self.gazetteer)
        mentions += demonym_mentions(text, lang, mentions, self.gazetteer, self._resolver.demonym)
        return [(m, roles.get((m.start, m.end), m.type)) for m in with_implied_entities(mentions, self.gazetteer)]

    def _table_mention(self, text: str, cand: Cand) -> EntityMention:
        entry = self.gazetteer.entries[cand.entity_id]
        return EntityMention(kind=entry.kind, type=entry.type, id=entry.id, label=entry.label,
                             text=text[cand.start:cand.end], start=cand.start, end=cand.end)

    def _ner_mention(self, text: str, cand: Cand) -> EntityMention | None:
        surface = text[cand.start:cand.end]
        resolved = self._resolver.resolve(surface, cand.type)
        if resolved is None:
            return None
        entity_id, label, etype = resolved
        return EntityMention(kind=kind_for_type(etype), type=etype, id=entity_id, label=label, text=surface,
                             start=cand.start, end=cand.end)

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
            found = self.tagger.spans_many(texts, lang)
        except Exception as error:  # keep the table matches if the model fails at run time
            log.warning("NER model for %s failed (%s); using the tables alone", lang, error)
            self._has_model[lang] = False
            return [[] for _ in texts]
        return [consistent_model_spans(text, spans, lang) for text, spans in zip(texts, found)]

    # -- learned minted ids (made by merge_variants, stored with the index, read by link) ---
    def learned_variants(self) -> dict[str, tuple[str, str]]:
        """Name key -> (minted id, label) for the names the last corpus pass minted."""
        return dict(self._resolver.learned)

    def use_learned_variants(self, learned: Mapping[str, tuple[str, str]]) -> None:
        """Let ``link()`` know the minted ids of an index (the build stores them beside it)."""
        with self._lock:
            self._resolver.learned = {key: (value[0], value[1]) for key, value in learned.items()}


def _load_tagger(models_dir: Path, folders: dict[str, str], e5: bool):
    try:
        from indexer.entities.ner_model import NerTagger
    except ImportError as error:
        log.info("NER model layer unavailable (%s): only names in the tables are found", error)
        return None
    if not Path(models_dir).is_dir():
        log.info("no NER models in %s (train them with `python -m indexer train ner`): only names "
                 "in the tables are found", models_dir)
    return NerTagger(models_dir, folders, e5=e5)
