"""Whoosh (whoosh-reloaded): the embedded default backend, one field per language, scored with
Lucene's BM25 (``whoosh_scoring``), so that every backend ranks a query alike.

Schema: an article's headline and body go into ``title_<lang>`` / ``body_<lang>`` of its own
language, analysed with that language's chain; a query is parsed against the fields of
every language, each with its own chain, so a query in any language reaches articles in
all of them (the lexical channel).  ``cognates`` holds headline and body once more, analysed
the same way for every language: folded words cut to a prefix, so "Soldaten", "soldater"
and "soldaat" meet (the cognate channel).  Entities and numbers are keyword fields used for
filters, facets and the entity channel of ranking.  ``labels.json`` beside the index maps
facet values to labels.  Which channels a query uses is ``ranking.channels`` in the config.
Each text field has a phrase twin ``<field>__p`` (the first token of each position, with
positions) for quoted phrases, as in Lucene, and ``field_lengths`` keeps every scored field's
exact length, which Lucene's BM25 needs.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import columns, qparser, writing
from whoosh.reading import SegmentReader
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.query import AndNot, NullQuery, Or, Term

from indexer.analysis.analyzers import build_analyzer, join_digit_groups
from indexer.analysis.operators import split_query
from indexer.analysis.cognates import cognate_analyzer
from indexer.analysis.prepared import PHRASE_SUFFIX, PreparedAnalyzer, phrase_twin, prepare, token_count
from indexer.config import Config
from indexer.records import Article
from indexer.store.facet_labels import LABELS_FILE, FacetLabels
from indexer.store.base import FACET_NAMES, NO_DATE, Backend, Hit, IndexReader, IndexWriter, SearchRequest
from indexer.store.whoosh_scoring import FIELD_LENGTHS, pack_lengths, scored_fields

FACET_FIELDS = {name: "day" if name == "date" else name for name in FACET_NAMES}   # facet -> field counted
WHOOSH_FILES = ("_MAIN_", "MAIN_")   # the index's own files in a generation folder (Whoosh's index name "MAIN")
MERGE_DELETED_SHARE = 0.1    # an update rewrites a segment with more deleted articles than this share
# (not every segment with one: rewriting a 20,000-article segment made each `bench update` step 10x slower)
EXTRA_SCORE = 1e-9      # the score of a document matched only through ``SearchRequest.extra_ids``
ANY_UNIT = "*"


def number_token(unit: str, value: float) -> str:
    """Sortable token for range filters: fixed-width, so string order is numeric order."""
    return f"{unit}|{value:024.4f}"


class WhooshBackend(Backend):
    name = "whoosh"
    comfortable_articles = 50_000       # measured: bench scale (README)

    def __init__(self, config: Config):
        self.config = config
        self._analyzers = None

    def schema(self) -> Schema:
        fields = {
            "id": ID(stored=True, unique=True),
            "lang": ID(stored=True),
            "date": ID(stored=True, sortable=True),
            "title": STORED(),
            "body": STORED(),
            "meta": STORED(),
            "actor": KEYWORD(commas=True, lowercase=False),
            "place": KEYWORD(commas=True, lowercase=False),
            "number": KEYWORD(commas=True, lowercase=False),
            "source": ID(),
            "agency": KEYWORD(commas=True, lowercase=False),
            "day": ID(),                 # "YYYY-MM-DD" or NO_DATE: the date facet and date filters
            "numval": KEYWORD(commas=True, lowercase=False),
            "entity_ids": KEYWORD(commas=True, lowercase=False, scorable=True),
            FIELD_LENGTHS: COLUMN(columns.VarBytesColumn()),     # exact lengths for Lucene's BM25
        }
        for name, analyzer in self._text_analyzers().items():
            # As in Lucene: term frequencies in the field, positions (for quoted phrases) in its twin.
            fields[name] = TEXT(analyzer=PreparedAnalyzer(analyzer), phrase=False)
            fields[name + PHRASE_SUFFIX] = TEXT(analyzer=PreparedAnalyzer(analyzer), phrase=True)
        return Schema(**fields)

    def _text_analyzers(self) -> dict:
        """The chain of each text field: headline and body per language, and the cognates."""
        if self._analyzers is None:
            analyzers = {}
            for lang in self.config.languages:
                analyzer = build_analyzer(lang, self.config.analyzers[lang])
                analyzers[f"title_{lang}"] = analyzers[f"body_{lang}"] = analyzer
            analyzers["cognates"] = cognate_analyzer(self.config.languages, self.config.ranking.cognate_prefix)
            self._analyzers = analyzers
        return self._analyzers

    def prepare(self, article: Article) -> dict[str, str]:
        """The article's text fields analysed (run in build workers; see ``indexer.analysis.prepared``)."""
        return {name: prepare(analyzer, text) for name, analyzer, text in self.text_fields(article)}

    def text_fields(self, article: Article) -> list[tuple[str, object, str]]:
        """(field, its analyzer, the article's text for it) of each text field an article fills."""
        lang = article.lang if article.lang in self.config.languages else self.config.fallback_language
        analyzers = self._text_analyzers()
        return [(f"title_{lang}", analyzers[f"title_{lang}"], article.title),
                (f"body_{lang}", analyzers[f"body_{lang}"], article.body),
                ("cognates", analyzers["cognates"], f"{article.title}\n{article.body}")]

    def writer(self, folder: Path) -> IndexWriter:
        folder.mkdir(parents=True, exist_ok=True)
        return _WhooshWriter(whoosh_index.create_in(str(folder), self.schema()), folder, self.config, self.prepare)

    def updater(self, folder: Path, base: Path) -> IndexWriter | None:
        """Whoosh segments are written once and never changed, so a copy of ``base``'s files is
        an index of its own; deletions and new segments go to the copy only."""
        files = [path for path in base.iterdir() if path.name.startswith(WHOOSH_FILES) and "LOCK" not in path.name]
        if not any(path.suffix == ".toc" for path in files) or not (base / LABELS_FILE).is_file():
            return None
        folder.mkdir(parents=True, exist_ok=True)
        for path in files + [base / LABELS_FILE]:
            shutil.copy2(path, folder / path.name)
        return _WhooshWriter(whoosh_index.open_dir(str(folder)), folder, self.config, self.prepare,
                             FacetLabels.load(folder))

    def open(self, folder: Path) -> IndexReader:
        from indexer.store.whoosh_reader import WhooshReader

        return WhooshReader(whoosh_index.open_dir(str(folder)), folder, self.config)


class _WhooshWriter(IndexWriter):
    def __init__(self, ix, folder: Path, config: Config, prepare, labels: FacetLabels | None = None):
        self._writer = ix.writer(limitmb=256)
        self._folder = folder
        self._config = config
        self._prepare = prepare
        self._schema = ix.schema
        self._scored = scored_fields(ix.schema)
        self._labels = labels or FacetLabels()
        self._merge = writing.MERGE_SMALL

    def delete(self, doc_id: str) -> None:
        self._writer.delete_by_term("id", doc_id)
        self._merge = _merge_deleted

    def add(self, article: Article, prepared: dict[str, str] | None = None) -> None:
        prepared = prepared or self._prepare(article)
        actors = _unique_entities(article.actors)
        places = _unique_entities(article.places)
        numbers = _unique_numbers(article.numbers)
        linked = {m.id for m in article.actors + article.places}
        self._writer.add_document(
            id=article.doc_id, lang=article.lang, date=article.date or "",
            title=article.title, body=article.body,
            meta=stored_meta(article, actors, places, numbers),
            actor=",".join(a["id"] for a in actors), place=",".join(p["id"] for p in places),
            number=",".join(n["key"] for n in numbers), day=day_of(article.date),
            agency=",".join(agency.replace(",", " ") for agency in article.agencies),
            **({"source": article.source} if article.source else {}),
            numval=",".join(_number_tokens(numbers)),
            entity_ids=",".join(sorted(linked)),
            **self._text_fields(prepared, linked),
        )
        self._labels.remember(article.lang, actors, places, numbers)

    def _text_fields(self, prepared: dict[str, str], linked: set[str]) -> dict:
        """The text fields, their phrase twins (if the index has them) and the ``FIELD_LENGTHS``
        column: each scored field's token count as Lucene counts it (the twin: one a position,
        gaps included; entity_ids: one per linked entity)."""
        fields, lengths = dict(prepared), {"entity_ids": len(linked)}
        for name, packed in prepared.items():
            lengths[name] = token_count(packed)
            if name + PHRASE_SUFFIX in self._schema:
                fields[name + PHRASE_SUFFIX], lengths[name + PHRASE_SUFFIX] = phrase_twin(packed)
        if FIELD_LENGTHS in self._schema:      # not in an index from before it (updated in place)
            fields[FIELD_LENGTHS] = pack_lengths([lengths.get(name, 0) for name in self._scored])
        return fields

    def commit(self) -> None:
        self._writer.commit(mergetype=self._merge)
        self._labels.save(self._folder)


def _merge_deleted(writer, segments):
    """Whoosh's small-segment merge, plus every segment with more than ``MERGE_DELETED_SHARE`` of its
    articles deleted: a deleted article takes space and time (every query skips it, and the
    scoring counts it out of BM25's statistics, ``whoosh_scoring``) until its segment is rewritten."""
    kept = []
    for segment in segments:
        if segment.deleted_count() > MERGE_DELETED_SHARE * segment.doc_count_all():
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
        else:
            kept.append(segment)
    return writing.MERGE_SMALL(writer, kept)


def _unique_entities(mentions) -> list[dict]:
    """One entry per entity id (first mention wins), facet mentions only, with the names the
    article gives it (a snippet marks them for a query that names the entity otherwise)."""
    seen: dict[str, dict] = {}
    for mention in mentions:
        if getattr(mention, "derived", False):
            continue
        entry = seen.setdefault(mention.id, {"id": mention.id, "label": mention.label, "names": []})
        if mention.text not in entry["names"]:
            entry["names"].append(mention.text)
    return list(seen.values())


def _unique_numbers(numbers) -> list[dict]:
    """One entry per facet key, with the character spans (in ``Article.text``) of every mention:
    the claims view cuts each mention's sentence out of the stored headline and body."""
    seen: dict[str, dict] = {}
    for number in numbers:
        entry = seen.setdefault(number.key, {"key": number.key, "value": number.value, "unit": number.unit,
                                             "text": number.text, "label": number.label or number.key,
                                             "low": number.low, "high": number.high,
                                             "qualifier": number.qualifier, "spans": []})
        entry["spans"].append([number.start, number.end])
    return list(seen.values())


def stored_meta(article: Article, actors: list[dict], places: list[dict], numbers: list[dict]) -> dict:
    """What every backend stores beside the headline and body for hits, claims and exports."""
    return {"actors": actors, "places": places, "numbers": numbers, "path": article.path, "url": article.url,
            "source": article.source, "agencies": list(article.agencies)}


def day_of(date: str | None) -> str:
    """The day a date falls on, the date facet's unit (``NO_DATE`` without a date)."""
    return date[:10] if date and len(date) >= 10 else NO_DATE


def _number_tokens(numbers: list[dict]) -> list[str]:
    """Exact values only: a vague "thousands" has no value to compare with a range."""
    tokens = []
    for number in numbers:
        if number["value"] is not None:
            tokens += [number_token(number["unit"] or "", number["value"]),
                       number_token(ANY_UNIT, number["value"])]
    return tokens


def stored_hit(fields: dict, score) -> Hit:
    """A hit from an article's stored fields (id, title, body, lang, date, and ``meta``: see
    ``stored_meta``)."""
    meta = fields.get("meta") or {}
    return Hit(id=fields["id"], title=fields.get("title", ""), lang=fields.get("lang", ""),
               date=fields.get("date") or None, score=score, body=fields.get("body", ""),
               actors=meta.get("actors", []), places=meta.get("places", []),
               numbers=meta.get("numbers", []), url=meta.get("url"), source=meta.get("source"),
               agencies=meta.get("agencies", []))


def make_parser(config: Config, schema: Schema) -> qparser.QueryParser | None:
    """One parser over the fields of the enabled text channels (lexical: every language's
    headline and body fields, each with its own chain; cognates: the cognate field).
    Every backend parses with it, so a query means the same whatever stores the index."""
    ranking = config.ranking
    boosts = {}
    if ranking.channels.lexical:
        boosts.update({f"{part}_{lang}": (ranking.title_boost if part == "title" else 1.0)
                       for lang in config.languages for part in ("title", "body")})
    if ranking.channels.cognates and "cognates" in schema:
        boosts["cognates"] = ranking.cognate_boost
    if not boosts:
        return None
    # Plain OrGroup: whoosh-reloaded 2.7.5 scores every hit 0 under OrGroup.factory's
    # coordination bonus (Or(scale=...)), which would silently turn ranking off.
    group = qparser.AndGroup if ranking.default_operator == "and" else qparser.OrGroup
    parser = qparser.MultifieldParser(list(boosts), schema, fieldboosts=boosts, group=group)
    # Users may not address fields or run wildcard/range queries over our internal fields; NOT,
    # AND and OR are read before parsing (``analysis.operators``), once for every backend.
    for plugin in (qparser.FieldsPlugin, qparser.WildcardPlugin, qparser.RangePlugin, qparser.BoostPlugin,
                   qparser.OperatorsPlugin):
        parser.remove_plugin_class(plugin)
    return parser


def ranking_query(request: SearchRequest, parser: qparser.QueryParser | None, config: Config):
    """The ranking query: the text channels' parsed query OR the entity channel's ids, less the
    articles the query excludes ("Putin NOT Kursk").

    None (no query text) lists by date; a query none of whose channels can match anything (one
    that only excludes, "NOT Kursk", too) gives a query that matches nothing."""
    if not request.query.strip():
        return None
    parts = split_query(request.query)
    wanted = _channels_query(parts.wanted, request.entity_ids, parser, config)
    excluded = _channels_query(parts.excluded, request.excluded_entity_ids, parser, config)
    if wanted is NullQuery or excluded is NullQuery:
        return wanted
    return AndNot(wanted, excluded)


def _channels_query(text: str, entity_ids: list[str], parser: qparser.QueryParser | None, config: Config):
    """``text`` through the text channels OR ``entity_ids`` through the entity channel."""
    text = join_digit_groups(text.strip())
    channels = []
    if parser is not None and text:
        try:
            parsed = parser.parse(text)
        except Exception:  # the parser is lenient; if it still fails, search the words plainly
            parsed = parser.parse(" ".join(_plain_words(text)))
        if parsed is not None and parsed is not NullQuery:
            channels.append(parsed)
    if entity_ids and config.ranking.channels.entities:
        boost = config.ranking.entity_boost
        channels.append(Or([Term("entity_ids", eid, boost=boost) for eid in entity_ids]))
    if not channels:
        return NullQuery
    return Or(channels) if len(channels) > 1 else channels[0]


def _plain_words(text: str) -> list[str]:
    return [word.strip("\"'()+-*:^~") for word in text.split() if word.strip("\"'()+-*:^~")]
