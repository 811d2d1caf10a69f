"""Writing a Lucene index generation: one document per article, our tokens in whitespace fields."""
from __future__ import annotations

import json
from pathlib import Path

from indexer.analysis.prepared import one_word, unpack, whitespace_fields
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


class LuceneWriter(IndexWriter):
    def __init__(self, folder: Path, config: Config, prepare):
        start_jvm(config.lucene.heap_mb)
        folder.mkdir(parents=True, exist_ok=True)
        self._folder, self._config, self._prepare = folder, config, prepare
        self._writer = java("org.apache.lucene.index.IndexWriter")(
            schema.directory(folder / schema.INDEX_FOLDER), _writer_config(config))
        self._facets = schema.facets_config()
        self._labels = FacetLabels()
        self._docs: list[tuple[str, str]] = []       # (id, lang) by document number
        self._terms_type = _terms_only()
        self._J = {name: java(f"org.apache.lucene.document.{name}") for name in (
            "Document", "Field", "StringField", "StoredField", "TextField", "DoublePoint", "SortedDocValuesField")}
        self._J["Facet"] = java("org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField")
        self._J["String"] = java("java.lang.String")
        self._no = java("org.apache.lucene.document.Field$Store").NO

    def add(self, article: Article, prepared: dict[str, str] | None = None) -> None:
        J = self._J
        doc = J["Document"]()
        actors, places = _unique_entities(article.actors), _unique_entities(article.places)
        numbers = _unique_numbers(article.numbers)
        doc.add(J["StringField"]("id", article.doc_id, self._no, signature=STRING_FIELD))
        doc.add(J["StoredField"](schema.STORED, json.dumps({
            "id": article.doc_id, "title": article.title, "body": article.body, "lang": article.lang,
            "date": article.date, "meta": stored_meta(article, actors, places, numbers)},
            ensure_ascii=False), signature=STORED_STRING))
        for field, value in ((schema.DATE, article.date or ""), ("id", article.doc_id)):    # the browsing order
            doc.add(J["SortedDocValuesField"](field, schema.bytes_ref(value), signature=SORTED_BYTES))
        for name, packed in (prepared or self._prepare(article)).items():
            every, phrase = whitespace_fields(unpack(packed))
            self._text(doc, name, every)
            doc.add(J["TextField"](name + schema.PHRASE_SUFFIX, phrase, self._no, signature=STRING_FIELD))
        linked = sorted({m.id for m in article.actors + article.places})
        self._text(doc, schema.ENTITY_IDS, " ".join(one_word(i) for i in linked))
        values = {"lang": [article.lang], "source": [article.source], "agency": list(article.agencies),
                  "actor": [a["id"] for a in actors], "place": [p["id"] for p in places],
                  "number": [n["key"] for n in numbers], "date": [day_of(article.date)]}
        for facet, facet_values in values.items():
            for value in dict.fromkeys(v for v in facet_values if v):   # counted, and a filter term too
                doc.add(J["Facet"](facet, value, signature=FACET_VALUE))
        for number in numbers:
            if number["value"] is not None:     # a vague "thousands" has no value to compare with a range
                value = float(number["value"])
                doc.add(J["DoublePoint"](schema.NUMBER_POINTS, value, signature=DOUBLE_POINT))
                doc.add(J["DoublePoint"](schema.number_field(number["unit"] or ""), value, signature=DOUBLE_POINT))
        self._writer.addDocument(self._facets.build(doc))
        self._docs.append((article.doc_id, article.lang))
        self._labels.remember(article.lang, actors, places, numbers)

    def _text(self, doc, name: str, text: str) -> None:
        """A scored field: term frequencies and lengths, no positions (phrases use the twin)."""
        doc.add(self._J["Field"](name, self._J["String"](text), self._terms_type, signature=CHARS_FIELD))

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


def _writer_config(config: Config):
    writer_config = java("org.apache.lucene.index.IndexWriterConfig")(
        java("org.apache.lucene.analysis.core.WhitespaceAnalyzer")())
    writer_config.setOpenMode(java("org.apache.lucene.index.IndexWriterConfig$OpenMode").CREATE)
    writer_config.setRAMBufferSizeMB(float(config.lucene.ram_buffer_mb))
    writer_config.setMergePolicy(java("org.apache.lucene.index.LogByteSizeMergePolicy")())
    bm25 = config.ranking.bm25
    writer_config.setSimilarity(java("org.apache.lucene.search.similarities.BM25Similarity")(bm25.k1, bm25.b))
    return writer_config


def _terms_only():
    field_type = java("org.apache.lucene.document.FieldType")()
    field_type.setIndexOptions(java("org.apache.lucene.index.IndexOptions").DOCS_AND_FREQS)
    field_type.setTokenized(True)
    field_type.freeze()
    return field_type
