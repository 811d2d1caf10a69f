"""Lucene: the in-process backend for large archives (Lucene 10 from the Anserini jar, via pyjnius).

Our analysis stays in Python, as for every backend: each text field of the Whoosh schema
(``title_<lang>``, ``body_<lang>``, ``cognates``) holds the tokens our chains made in the build's
workers (``prepare``, the same tokens Whoosh indexes), joined by spaces and split again by
Lucene's ``WhitespaceAnalyzer``; a twin ``<field>__p`` holds the first token of each position,
which is what a quoted phrase is analysed into (``indexer.analysis.prepared.whitespace_fields``).
Queries are parsed and analysed by the Whoosh query parser (``whoosh_backend.make_parser``) and
the query tree is translated into Lucene queries (``query.to_lucene``), so both backends search
the same terms in the same fields with the same boosts; scores are Lucene's BM25 with the
configured k1 and b.

Facets: ``SortedSetDocValuesFacetField`` per facet, counted by Lucene's facet module over the
documents that match the query and every filter (the Whoosh backend's semantics: a selected
value's siblings in the same facet count the documents that also match the selection).  Filters
are Lucene queries: terms, and points for number ranges.

Files of a generation (beside ``labels.json``): ``lucene/`` (the index, merged into one segment
in the order the articles were added) and ``lucene-docs.json`` (id and language per document
number, so ranking reads no stored fields).  The generation swap is ``indexer.store.generations``'
as for Whoosh; a reader is opened once per generation and shared by every thread.
"""
from __future__ import annotations

from pathlib import Path

from indexer.analysis.prepared import analysed, whitespace_fields
from indexer.config import Config
from indexer.records import Article
from indexer.store.base import Backend, IndexReader, IndexWriter


class LuceneBackend(Backend):
    name = "lucene"

    def __init__(self, config: Config):
        self.config = config
        self._whoosh = None

    def prepare(self, article: Article) -> dict[str, tuple[str, str]]:
        """The article's text fields analysed by our chains (exactly what Whoosh indexes), each
        as the two whitespace-separated strings its field and phrase twin take: made in the build
        workers, so that the writer, one process, only hands them to Lucene."""
        if self._whoosh is None:
            from indexer.store.whoosh_backend import WhooshBackend

            self._whoosh = WhooshBackend(self.config)
        return {name: whitespace_fields(analysed(analyzer, text))
                for name, analyzer, text in self._whoosh.text_fields(article)}

    def writer(self, folder: Path) -> IndexWriter:
        from indexer.store.lucene.writer import LuceneWriter

        return LuceneWriter(folder, self.config, self.prepare)

    def open(self, folder: Path) -> IndexReader:
        from indexer.store.lucene.reader import LuceneReader

        return LuceneReader(folder, self.config)
