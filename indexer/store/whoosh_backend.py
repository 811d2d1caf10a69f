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
import threading
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh import columns, qparser, sorting, writing
from whoosh.reading import SegmentReader
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.query import And, ConstantScoreQuery, Every, NullQuery, Or, Phrase, Prefix, Term, TermRange

from indexer.analysis.analyzers import build_analyzer
from indexer.analysis.cognates import cognate_analyzer
from indexer.analysis.prepared import PHRASE_SUFFIX, PreparedAnalyzer, phrase_twin, prepare, token_count
from indexer.config import Config
from indexer.facets import TERM_FACETS, facet_def
from indexer.records import Article
from indexer.store.facet_counts import FacetColumn, mask_of
from indexer.store.facet_labels import LABELS_FILE, FacetLabels, facet_values
from indexer.store.base import (FACET_NAMES, NO_DATE, Backend, Candidate, Hit, IndexReader, IndexWriter, Ranked,
                                SearchRequest, SearchResult)
from indexer.store import whoosh_bulk
from indexer.store.whoosh_scoring import FIELD_LENGTHS, LucenePhrase, LuceneBM25, pack_lengths, scored_fields

FACET_FIELDS = {name: "day" if name == "date" else name for name in FACET_NAMES}   # facet -> field counted
WHOOSH_FILES = ("_MAIN_", "MAIN_")   # the index's own files in a generation folder (Whoosh's index name "MAIN")
MERGE_DELETED_SHARE = 0.1    # an update rewrites a segment with more deleted articles than this share
EXTRA_SCORE = 1e-9      # the score of a document matched only through ``SearchRequest.extra_ids``
# Browsing: newest first, ties by id (not by the order articles were added: an update adds them
# in another order than a build, and both must list alike).
BY_DATE = sorting.MultiFacet(["date", "id"])
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
        return _WhooshReader(whoosh_index.open_dir(str(folder)), folder, self.config)


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
    articles deleted: BM25 statistics count deleted articles until their segment is rewritten
    (as Lucene's do), and an updated index should score as a fresh build does."""
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
    """One entry per entity id (first mention wins), facet mentions only."""
    seen: dict[str, dict] = {}
    for mention in mentions:
        if getattr(mention, "derived", False):
            continue
        seen.setdefault(mention.id, {"id": mention.id, "label": mention.label})
    return list(seen.values())


def _unique_numbers(numbers) -> list[dict]:
    """One entry per facet key, with the character spans (in ``Article.text``) of every mention:
    the claims view cuts each mention's sentence out of the stored headline and body."""
    seen: dict[str, dict] = {}
    for number in numbers:
        entry = seen.setdefault(number.key, {"key": number.key, "value": number.value, "unit": number.unit,
                                             "text": number.text, "label": number.label or number.key,
                                             "low": number.low, "high": number.high, "spans": []})
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


class _WhooshReader(IndexReader):
    def __init__(self, ix, folder: Path, config: Config):
        self._ix = ix
        self._config = config
        self._labels = FacetLabels.load(folder)
        bm25 = config.ranking.bm25
        self._weighting = LuceneBM25(k1=bm25.k1, b=bm25.b)
        self._text_fields = [f"{part}_{lang}" for lang in config.languages for part in ("title", "body")]
        self._parser = make_parser(config, ix.schema)
        self._columns: dict[str, FacetColumn] | None = None
        self._docs = None
        self._local = threading.local()
        self._open_lock = threading.Lock()
        self._open_searchers: list = []

    def count(self) -> int:
        return self._ix.doc_count()

    @contextmanager
    def _searcher(self):
        """This thread's searcher, opened once: opening one reads the segment files' headers
        (~8 ms).  Whoosh searchers are not to be shared between threads."""
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._local.searcher = self._ix.searcher(weighting=self._weighting)
            with self._open_lock:
                self._open_searchers.append(searcher)
        yield searcher

    def close(self) -> None:
        with self._open_lock:
            for searcher in self._open_searchers:
                searcher.close()
            self._open_searchers.clear()
        self._ix.close()

    def search(self, request: SearchRequest) -> SearchResult:
        query = self._query(request)
        by_date = query is None or request.by_date
        with self._searcher() as searcher:
            if query is not None and request.extra_ids and _matches_any(searcher, query):
                # ListMatcher treats a constant 0.0 as "no constant": a tiny one, reported as 0.
                query = Or([query, ConstantScoreQuery(Or([Term("id", i) for i in request.extra_ids]), EXTRA_SCORE)])
            # Not search_page: it clamps a page past the end to the last page; we answer it empty.
            first = (request.page - 1) * request.size
            results = searcher.search(
                Every() if query is None else query, limit=first + request.size, filter=self._filter(request),
                sortedby=BY_DATE if by_date else None, reverse=by_date, terms=False)
            hits = [self._hit(hit, None if by_date else (hit.score if hit.score > 2 * EXTRA_SCORE else 0.0))
                    for hit in results[first:first + request.size]]
            total = len(results)
            counted = self._count_facets(searcher, results.docs()) if request.with_facets else {}
        facet_values, truncated = self._facet_values(counted, request)
        return SearchResult(total=total, hits=hits, facets=facet_values, facets_truncated=truncated)

    def rank(self, request: SearchRequest, depth: int) -> Ranked:
        query = self._query(request)
        if query is None:
            return super().rank(request, depth)
        with self._searcher() as searcher:
            ids, langs, docnum_of = self._doc_table(searcher)
            filter_query = self._filter(request)
            matched = whoosh_bulk.scores(searcher, query, self._weighting)
            if matched is None:     # a phrase or another query that only Whoosh's matchers score
                best, docs, matches_unfiltered = self._whoosh_top(searcher, query, filter_query, depth)
            else:
                matches_unfiltered = len(matched[0]) > 0
                docs, scores = _within(matched, searcher, filter_query)
                chosen = whoosh_bulk.top(docs, scores, depth)
                best = zip(docs[chosen].tolist(), scores[chosen].tolist())
            candidates = [Candidate(ids[docnum], score, langs[docnum]) for docnum, score in best]
            total = len(docs)
            counted = self._count_facets(searcher, docs) if request.with_facets else {}
            # The neighbours join a query that matches something, filters aside (as in ``search``):
            # under a language filter an English headline may match no German word, and the
            # German articles about its story are then exactly what the dense channel is for.
            if request.extra_ids and matches_unfiltered:
                candidates += self._extra_candidates(searcher, request.extra_ids, filter_query, docs)
        facet_values, truncated = self._facet_values(counted, request)
        return Ranked(total, candidates, facet_values, truncated)

    @staticmethod
    def _whoosh_top(searcher, query, filter_query, depth: int):
        """The best ``depth`` (document number, score) pairs by Whoosh's own matchers, every
        matching document's number, and whether the query matches anything, filters aside."""
        results = searcher.search(query, limit=depth, filter=filter_query, terms=False)
        docs = np.fromiter(results.docs(), dtype=np.int64)
        return [(hit.docnum, hit.score) for hit in results], docs, bool(len(docs)) or _matches_any(searcher, query)

    def _extra_candidates(self, searcher, extra_ids, filter_query, matched: np.ndarray) -> list[Candidate]:
        ids, langs, docnum_of = self._doc_table(searcher)
        matched = set(matched.tolist())
        allowed = None if filter_query is None else set(searcher.docs_for_query(filter_query))
        docnums = [docnum_of[i] for i in extra_ids if i in docnum_of]
        return [Candidate(ids[d], 0.0, langs[d], matched=False) for d in docnums
                if d not in matched and (allowed is None or d in allowed)]

    def fetch(self, doc_ids: list[str]) -> list[Hit]:
        with self._searcher() as searcher:
            _, _, docnum_of = self._doc_table(searcher)
            return [self._hit_of(searcher.stored_fields(docnum_of[i]), None) for i in doc_ids if i in docnum_of]

    def _doc_table(self, searcher) -> tuple[list[str], list[str], dict[str, int]]:
        """Document number -> id and language, and id -> document number, read once per open index."""
        if self._docs is None:
            reader = searcher.reader()
            size = searcher.doc_count_all()
            ids, langs = [""] * size, [""] * size
            for field, table in (("id", ids), ("lang", langs)):
                for term in reader.lexicon(field):
                    value = term.decode("utf-8") if isinstance(term, bytes) else term
                    for docnum in reader.postings(field, term).all_ids():
                        table[docnum] = value
            self._docs = ids, langs, {doc_id: docnum for docnum, doc_id in enumerate(ids) if doc_id}
        return self._docs

    def _count_facets(self, searcher, doc_numbers) -> dict[str, dict[str, int]]:
        columns = self._facet_columns(searcher)
        matching = mask_of(doc_numbers, searcher.doc_count_all())
        return {name: dict(column.count(matching)) for name, column in columns.items()}

    def _facet_columns(self, searcher) -> dict[str, FacetColumn]:
        """Each facet field's (document, value) pairs, read once per open index."""
        if self._columns is None:
            reader = searcher.reader()
            self._columns = {name: FacetColumn.from_postings(
                (term.decode("utf-8") if isinstance(term, bytes) else term, reader.postings(field, term).all_ids())
                for term in _lexicon(reader, field)) for name, field in FACET_FIELDS.items()}
        return self._columns

    def _query(self, request: SearchRequest):
        query = ranking_query(request, self._parser, self._config)
        return query if query is None else query.accept(self._on_twin)

    def _on_twin(self, query):
        """A quoted phrase searches its field's twin, as in Lucene (an index from before the twins:
        the field itself)."""
        twin = getattr(query, "fieldname", "") + PHRASE_SUFFIX
        if not isinstance(query, Phrase) or twin not in self._ix.schema:
            return query
        if len(query.words) == 1:
            return Term(twin, query.words[0], boost=query.boost)
        return LucenePhrase(twin, query.words, slop=query.slop, boost=query.boost)

    def _filter(self, request: SearchRequest):
        clauses = []
        for name in TERM_FACETS:        # several values: all of them (AND) or, one value per article, any (OR)
            terms = [Term(FACET_FIELDS[name], value) for value in request.filters_for(name)]
            clauses += terms if facet_def(name).multi else [Or(terms)] if terms else []
        clauses += [_number_filter(value) for value in request.numbers]
        if request.number_unit:         # every number facet key of the unit, exact ("soldiers:3000") or vague
            clauses.append(Prefix("number", f"{request.number_unit}:"))
        if request.date_from or request.date_to:      # NO_DATE sorts after every digit: never in range
            clauses.append(TermRange("day", request.date_from or "0000-00-00", request.date_to or "9999-99-99"))
        if request.doc_ids is not None:     # the dense channel's candidates (ranking, not a user filter)
            clauses.append(Or([Term("id", doc_id) for doc_id in request.doc_ids]) if request.doc_ids
                           else NullQuery)
        if request.num_min is not None or request.num_max is not None:
            unit = request.num_unit if request.num_unit is not None else ANY_UNIT
            low = request.num_min if request.num_min is not None else 0.0
            high = request.num_max if request.num_max is not None else 1e18
            clauses.append(TermRange("numval", number_token(unit, low), number_token(unit, high)))
        if not clauses:
            return None
        return And(clauses) if len(clauses) > 1 else clauses[0]

    def _hit(self, hit, score) -> Hit:
        return self._hit_of(hit.fields(), score)

    def _hit_of(self, fields: dict, score) -> Hit:
        return stored_hit(fields, score)

    def _facet_values(self, counted: dict, request: SearchRequest):
        return facet_values(counted, request, self._config, self._labels)


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
    # Users may not address fields or run wildcard/range queries over our internal fields.
    for plugin in (qparser.FieldsPlugin, qparser.WildcardPlugin, qparser.RangePlugin, qparser.BoostPlugin):
        parser.remove_plugin_class(plugin)
    return parser


def ranking_query(request: SearchRequest, parser: qparser.QueryParser | None, config: Config):
    """The ranking query: the text channels' parsed query OR the entity channel's ids.

    None (no query text) lists by date; a query none of whose channels can match anything
    gives a query that matches nothing."""
    text = request.query.strip()
    if not text:
        return None
    channels = []
    if parser is not None:
        try:
            parsed = parser.parse(text)
        except Exception:  # the parser is lenient; if it still fails, search the words plainly
            parsed = parser.parse(" ".join(_plain_words(text)))
        if parsed is not None and parsed is not NullQuery:
            channels.append(parsed)
    if request.entity_ids and config.ranking.channels.entities:
        boost = config.ranking.entity_boost
        channels.append(Or([Term("entity_ids", eid, boost=boost) for eid in request.entity_ids]))
    if not channels:
        return NullQuery
    return Or(channels) if len(channels) > 1 else channels[0]


def _number_filter(value: str):
    """``unit:value`` is a facet value; a bare number matches that value in any unit."""
    if ":" in value:
        return Term("number", value)
    return Term("numval", number_token(ANY_UNIT, float(value)))


def _within(matched: tuple[np.ndarray, np.ndarray], searcher, filter_query) -> tuple[np.ndarray, np.ndarray]:
    """The matched documents (and scores) that pass the filter."""
    docs, scores = matched
    if filter_query is None or not len(docs):
        return matched
    allowed = mask_of(searcher.docs_for_query(filter_query), searcher.doc_count_all())
    keep = allowed[docs]
    return docs[keep], scores[keep]


def _lexicon(reader, field: str):
    """The terms of ``field`` (none for a field an older index does not have)."""
    return reader.lexicon(field) if field in reader.schema else ()


def _matches_any(searcher, query) -> bool:
    """True if some document matches ``query`` (filters aside): the dense channel may then add
    neighbours; a query that matches nothing stays empty."""
    return next(iter(query.docs(searcher)), None) is not None


def _plain_words(text: str) -> list[str]:
    return [word.strip("\"'()+-*:^~") for word in text.split() if word.strip("\"'()+-*:^~")]
