"""The per-article stages in worker processes, streamed: documents in, processed articles out.

Each worker holds its own ``Pipeline`` (gazetteer tables, NER models) and the backend's
``prepare`` (the analysis chains), loaded once at start.  Documents go out in batches, at most
two batches in flight, so the corpus is never held in memory whatever its size; results come back
in corpus order.  ``workers=1`` runs everything in this process (no start-up cost: tests, tiny
corpora).  Workers are spawned, not forked: a parent that has started a JVM (the Lucene backend)
must not be forked.
"""
from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Iterable, Iterator

from indexer.build.pipeline import Pipeline
from indexer.config import Config
from indexer.records import Article, SourceDocument
from indexer.store import backend_for
from indexer.store.dense import CACHE_FILE as VECTOR_CACHE

BATCH = 64          # documents per task: large enough that pickling is cheap, small enough to share out
SMALL = 4 * BATCH   # fewer documents than this are processed here: starting a worker takes seconds


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def process_all(config: Config, documents: Iterable[SourceDocument], workers: int) -> Iterator[tuple]:
    """(document, article, prepared, vector, signature, error) per document, in order: ``prepared``
    is what the backend's writer takes (the analysed fields), ``vector`` the dense channel's (None
    when it is off), ``signature`` the copy detection's (``indexer.copies``; None when it is off);
    ``article`` is None and ``error`` says why when the stages failed on it."""
    documents = iter(documents)
    head = list(itertools.islice(documents, SMALL))
    documents = itertools.chain(head, documents)
    if workers <= 1 or len(head) < SMALL:     # a small corpus is done before workers would have started
        stages = _Stages(config)
        for batch in _batches(documents, BATCH):
            yield from zip(batch, *zip(*stages.run_batch(batch)))
        return
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_start_worker, initargs=(config,)) as pool:
        pending = []
        for batch in _batches(documents, BATCH * workers):
            pending.append((batch, pool.map_async(_run_batch, _batches(batch, BATCH))))
            if len(pending) > 1:
                yield from _collect(*pending.pop(0))
        for batch, result in pending:
            yield from _collect(batch, result)


class _Stages:
    def __init__(self, config: Config):
        self.pipeline = Pipeline(config)
        self.prepare = backend_for(config).prepare
        ranking = config.ranking
        self.lead_chars = ranking.dense_lead_chars if ranking.channels.dense else None
        self.vector_cache = config.path(VECTOR_CACHE)
        self.copies = config.copies if config.copies.enabled else None

    def run_batch(self, documents: list[SourceDocument]) -> list[tuple]:
        outputs = [self._prepared(article) for article in self.pipeline.process_many(documents)]
        vectors = self._vectors([article for article, _, _ in outputs])
        return [(article, prepared, vectors.get(id(article)), self._signature(article), error)
                for article, prepared, error in outputs]

    def _signature(self, article: Article | None):
        if self.copies is None or article is None:
            return None
        from indexer.copies import signature

        return signature(article.text, self.copies.num_perm, self.copies.shingle_words)

    def _prepared(self, article: Article | Exception) -> tuple[Article | None, object, str | None]:
        """(article, its prepared fields, None), or (None, None, why it was left out): one bad
        article must not stop the build."""
        if isinstance(article, Exception):
            return None, None, _failure(article)
        try:
            return article, self.prepare(article), None
        except Exception as error:
            return None, None, _failure(error)

    def _vectors(self, articles: list[Article | None]) -> dict[int, object]:
        """The dense channel's vectors of a batch (by ``id`` of the article), cached by text."""
        articles = [article for article in articles if article is not None]
        if self.lead_chars is None or not articles:
            return {}
        from indexer.store.dense import embed_passages, lead

        texts = [lead(article.title, article.body, self.lead_chars) for article in articles]
        return {id(article): vector for article, vector in zip(articles, embed_passages(texts, self.vector_cache))}


def _failure(error: Exception) -> str:
    return f"processing failed: {type(error).__name__}: {error}"


_worker_stages: _Stages | None = None


def _start_worker(config: Config) -> None:
    global _worker_stages
    _worker_stages = _Stages(config)


def _run_batch(documents: list[SourceDocument]) -> list[tuple]:
    return _worker_stages.run_batch(documents)


def _collect(batch: list[SourceDocument], result) -> Iterator[tuple]:
    outputs = [output for chunk in result.get() for output in chunk]
    for document, output in zip(batch, outputs):
        yield (document, *output)


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
