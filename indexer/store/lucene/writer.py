"""Writing a Lucene index generation: one document per article, our tokens in whitespace fields."""
from __future__ import annotations

import json
from pathlib import Path

from indexer.analysis.prepared import one_word
from indexer.config import Config
from indexer.records import Article
from indexer.store.base import IndexWriter
from indexer.store.facet_labels import FacetLabels
from indexer.store.lucene import schema
from indexer.store.lucene.jvm import java, start_jvm
from indexer.store.whoosh_backend import _unique_entities, _unique_numbers, day_of, stored_meta

# Explicit signatures: pyjnius otherwise tries every overload of a constructor on each call (6x slower).
CHARS_FIELD = "(Ljava/lang/String;Ljava/lang/CharSequence;Lorg/apache/lucene/index/IndexableFieldType;)V"
STRING_FIELD = "(Ljava/lang/String;Ljava/lang/String;Lorg/apache/lucene/document/Field$Store;)V"
STORED_STRING = "(Ljava/lang/String;Ljava/lang/String;)V"
FACET_VALUE = "(Ljava/lang/String;[Ljava/lang/String;)V"
DOUBLE_POINT = "(Ljava/lang/String;[D)V"
SORTED_BYTES = "(Ljava/lang/String;Lorg/apache/lucene/util/BytesRef;)V"
SET_BYTES = "([B)V"


class LuceneWriter(IndexWriter):
    def __init__(self, folder: Path, config: Config, prepare):
        start_jvm(config.lucene.heap_mb)
        folder.mkdir(parents=True, exist_ok=True)
        self._folder, self._config, self._prepare = folder, config, prepare
        self._writer = java("org.apache.lucene.index.IndexWriter")(
            _unmapped_directory(folder / schema.INDEX_FOLDER), _writer_config(config))
        self._facets = schema.facets_config()
        self._labels = FacetLabels()
        self._docs: list[tuple[str, str]] = []       # (id, lang) by document number
        self._fields = _ReusedFields()
        self._doc = java("org.apache.lucene.document.Document")()
        self._facet = java("org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField")

    def add(self, article: Article, prepared: dict[str, tuple[str, str]] | None = None) -> None:
        doc, fields = self._doc, self._fields
        doc.clear()
        fields.next_document()
        actors, places = _unique_entities(article.actors), _unique_entities(article.places)
        numbers = _unique_numbers(article.numbers)
        doc.add(fields.text("string", "id", article.doc_id))
        doc.add(fields.text("stored", schema.STORED, json.dumps({
            "id": article.doc_id, "title": article.title, "body": article.body, "lang": article.lang,
            "date": article.date, "meta": stored_meta(article, actors, places, numbers)}, ensure_ascii=False)))
        for field, value in ((schema.DATE, article.date or ""), ("id", article.doc_id)):    # the browsing order
            doc.add(fields.sorted_bytes(field, value.encode("utf-8")))
        for name, (every, phrase) in (prepared or self._prepare(article)).items():
            doc.add(fields.text("terms", name, every))
            doc.add(fields.text("phrase", name + schema.PHRASE_SUFFIX, phrase))
        linked = sorted({m.id for m in article.actors + article.places})
        doc.add(fields.text("terms", schema.ENTITY_IDS, " ".join(one_word(i) for i in linked)))
        values = {"lang": [article.lang], "source": [article.source], "agency": list(article.agencies),
                  "actor": [a["id"] for a in actors], "place": [p["id"] for p in places],
                  "number": [n["key"] for n in numbers], "date": [day_of(article.date)]}
        for facet, facet_values in values.items():
            for value in dict.fromkeys(v for v in facet_values if v):   # counted, and a filter term too
                doc.add(self._facet(facet, value, signature=FACET_VALUE))
        for number in numbers:
            if number["value"] is not None:     # a vague "thousands" has no value to compare with a range
                value = float(number["value"])
                doc.add(fields.point(schema.NUMBER_POINTS, value))
                doc.add(fields.point(schema.number_field(number["unit"] or ""), value))
        self._writer.addDocument(self._facets.build(doc))
        self._docs.append((article.doc_id, article.lang))
        self._labels.remember(article.lang, actors, places, numbers)

    def commit(self) -> None:
        # One segment: the fastest to search, and merged in order (LogByteSizeMergePolicy merges
        # neighbours only), so document numbers are the order of ``add``, which DOCS_FILE relies on.
        self._writer.forceMerge(1)
        self._writer.commit()
        self._writer.close()
        self._check_order()
        (self._folder / schema.DOCS_FILE).write_text(json.dumps(self._docs, ensure_ascii=False), encoding="utf-8")
        self._labels.save(self._folder)

    def _check_order(self) -> None:
        reader = java("org.apache.lucene.index.DirectoryReader").open(
            schema.directory(self._folder / schema.INDEX_FOLDER))
        try:
            if reader.maxDoc() != len(self._docs):
                raise RuntimeError(f"the Lucene index holds {reader.maxDoc()} documents, {len(self._docs)} were added")
            stored = reader.storedFields()
            for number in {0, len(self._docs) // 2, len(self._docs) - 1} - {-1}:
                found = json.loads(stored.document(number).get(schema.STORED))["id"]
                if found != self._docs[number][0]:
                    raise RuntimeError(f"Lucene document {number} is {found!r}, expected {self._docs[number][0]!r}")
        finally:
            reader.close()


def _unmapped_directory(path: Path):
    """The writer's directory, read with positional reads through the page cache instead of
    memory-mapped: a merge reads whole segments (the last one, the whole index: 2-3 GB at a
    million articles), and mapped, every page it touched would count in the build's resident
    memory until the merge ends.  Searching maps the index (``schema.directory``)."""
    return java("org.apache.lucene.store.NIOFSDirectory")(java("java.io.File")(str(path)).toPath())


def _writer_config(config: Config):
    writer_config = java("org.apache.lucene.index.IndexWriterConfig")(
        java("org.apache.lucene.analysis.core.WhitespaceAnalyzer")())
    writer_config.setOpenMode(java("org.apache.lucene.index.IndexWriterConfig$OpenMode").CREATE)
    writer_config.setRAMBufferSizeMB(float(config.lucene.ram_buffer_mb))
    writer_config.setMergePolicy(java("org.apache.lucene.index.LogByteSizeMergePolicy")())
    bm25 = config.ranking.bm25
    writer_config.setSimilarity(java("org.apache.lucene.search.similarities.BM25Similarity")(bm25.k1, bm25.b))
    return writer_config


class _ReusedFields:
    """Lucene fields made once and given a new value for each document (Lucene allows it once
    ``addDocument`` has returned): setting a value is one cheap call through pyjnius, making a
    field about ten times its cost.  A field name that occurs more than once in a document (a
    number's points) gets one field object per occurrence."""

    def __init__(self):
        J = {name: java(f"org.apache.lucene.document.{name}") for name in (
            "Field", "StringField", "StoredField", "TextField", "DoublePoint", "SortedDocValuesField")}
        no, terms_type = java("org.apache.lucene.document.Field$Store").NO, _terms_only()
        text = java("java.lang.String")
        self._makers = {
            "string": lambda name: J["StringField"](name, "", no, signature=STRING_FIELD),
            "stored": lambda name: J["StoredField"](name, "", signature=STORED_STRING),
            # scored: term frequencies and lengths, no positions (phrases use the twin)
            "terms": lambda name: J["Field"](name, text(""), terms_type, signature=CHARS_FIELD),
            "phrase": lambda name: J["TextField"](name, "", no, signature=STRING_FIELD),
            "point": lambda name: J["DoublePoint"](name, 0.0, signature=DOUBLE_POINT),
            "sorted": lambda name: J["SortedDocValuesField"](name, schema.bytes_ref(""), signature=SORTED_BYTES)}
        self._made: dict[tuple[str, str], list] = {}
        self._used: dict[tuple[str, str], int] = {}

    def next_document(self) -> None:
        self._used.clear()

    def text(self, kind: str, name: str, value: str):
        field = self._next(kind, name)
        field.setStringValue(value)
        return field

    def point(self, name: str, value: float):
        field = self._next("point", name)
        field.setDoubleValue(value)
        return field

    def sorted_bytes(self, name: str, value: bytes):
        field = self._next("sorted", name)
        field.setBytesValue(value, signature=SET_BYTES)
        return field

    def _next(self, kind: str, name: str):
        key = (kind, name)
        used = self._used[key] = self._used.get(key, 0) + 1
        made = self._made.setdefault(key, [])
        if used > len(made):
            made.append(self._makers[kind](name))
        return made[used - 1]


def _terms_only():
    field_type = java("org.apache.lucene.document.FieldType")()
    field_type.setIndexOptions(java("org.apache.lucene.index.IndexOptions").DOCS_AND_FREQS)
    field_type.setTokenized(True)
    field_type.freeze()
    return field_type
