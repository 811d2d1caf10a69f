"""Build an index from a corpus folder into a new generation and swap it in atomically.

Streaming, in two passes, so that memory stays flat whatever the corpus size:

1. the corpus is read file by file (a JSON Lines file record by record) and the per-article
   stages run in worker processes (``indexer.build.workers``); each processed article goes to a
   spool file in the new generation, and only what the corpus-level passes need stays in memory
   (the mentions of names minted for this corpus);
2. the corpus-level passes run (one id for name variants across articles; names without evidence
   kept out of the facets), then the spool is read back, each article gets its merged ids, and
   it goes to the backend's writer (and to the dense channel's encoder).

A build that fails or is killed midway leaves the serving generation as it was
(``indexer.store.generations``).
"""
from __future__ import annotations

import pickle
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from indexer.build.pipeline import Pipeline
from indexer.build.workers import default_workers, process_all
from indexer.config import Config
from indexer.entities.evidence import count_articles_naming, mark_weak_names_in
from indexer.entities.rules import MINTED
from indexer.ingest.files import iter_corpus
from indexer.records import Article, Skipped, SourceDocument
from indexer.store import backend_for, generations

SPOOL = ".articles.spool"   # processed articles between the passes (removed when the build ends)


@dataclass
class BuildReport:
    index_dir: str
    articles: int = 0
    by_language: dict[str, int] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"index": self.index_dir, "articles": self.articles, "by_language": self.by_language,
                "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped],
                "seconds": round(self.seconds, 2), "warnings": self.warnings}


class BuildRefused(RuntimeError):
    """The new generation would replace a good index with a much smaller one: kept out."""


def build_index(config: Config, corpus_dir: Path | None = None, index_dir: Path | None = None,
                progress: bool = False, workers: int | None = None, force: bool = False) -> BuildReport:
    corpus_dir = Path(corpus_dir) if corpus_dir else config.corpus_path
    index_dir = Path(index_dir) if index_dir else config.index_path
    started = time.monotonic()
    report = BuildReport(index_dir=str(index_dir))
    documents = _documents(iter_corpus(corpus_dir, config.ingest), report)  # raises for a missing folder
    generation = generations.new_generation(index_dir)
    spool = _Spool(generation / SPOOL)
    try:
        pipeline = Pipeline(config)
        minted = _process(config, documents, report, spool, workers or default_workers(), progress)
        if not force:
            _check_size(config, report, generations.serving(index_dir))
        pipeline.entities.merge_variants(minted.mentions, minted.langs)
        _write(config, spool, minted, generation)
        generations.write_learned_variants(generation, pipeline.entities.learned_variants())
        generations.finish(generation, _manifest(corpus_dir, report))
    except BaseException:
        spool.close()
        generations.discard(generation)
        raise
    spool.remove()
    generations.swap_in(index_dir, generation)
    report.seconds = time.monotonic() - started
    report.warnings += [w for w in [backend_for(config).size_warning(report.articles)] if w]
    return report


@dataclass
class _Minted:
    """What the corpus-level passes need: per article (by its position in the spool) the
    mentions of minted names, and its language."""

    mentions: dict[int, list] = field(default_factory=dict)
    langs: dict[int, str] = field(default_factory=dict)

    def add(self, position: int, article: Article) -> None:
        found = [m for m in article.actors + article.places if MINTED in m.id]
        if found:
            self.mentions[position] = found
            self.langs[position] = article.lang

    def apply(self, position: int, article: Article) -> None:
        """Give ``article`` the merged ids of its minted mentions (in the order ``add`` saw them)."""
        merged = iter(self.mentions.get(position, ()))
        for mentions in (article.actors, article.places):
            for index, mention in enumerate(mentions):
                if MINTED in mention.id:
                    mentions[index] = next(merged)


def _process(config: Config, documents: Iterable[SourceDocument], report: BuildReport, spool: "_Spool",
             workers: int, progress: bool) -> _Minted:
    minted = _Minted()
    seen_ids: set[str] = set()
    by_language: Counter = Counter()
    for document, article, prepared, vector, error in _progress(process_all(config, documents, workers), progress):
        if error:
            report.skipped.append(Skipped(document.path, error))
        elif document.doc_id in seen_ids:
            report.skipped.append(Skipped(document.path, f"duplicate id {document.doc_id!r}"))
        elif not article.body.strip() and not article.title.strip():
            report.skipped.append(Skipped(document.path, "no article text left after cleaning"))
        else:
            seen_ids.add(document.doc_id)
            minted.add(spool.count, article)
            spool.write(article, prepared, vector)
            by_language[article.lang] += 1
    report.articles = spool.count
    report.by_language = dict(sorted(by_language.items()))
    return minted


def _write(config: Config, spool: "_Spool", minted: _Minted, generation: Path) -> None:
    naming = count_articles_naming(minted.mentions.values())
    writer = backend_for(config).writer(generation)
    vectors = _vector_writer(config, generation)
    for position, (article, prepared, vector) in enumerate(spool.read()):
        minted.apply(position, article)
        mark_weak_names_in(article, naming)
        writer.add(article, prepared)
        if vectors is not None:
            vectors.add(article.doc_id, article.lang, vector)
    writer.commit()
    if vectors is not None:
        vectors.finish()


def _vector_writer(config: Config, generation: Path):
    if not config.ranking.channels.dense:
        return None
    from indexer.store.dense import VectorWriter

    return VectorWriter(generation, config.ranking.dense_lead_chars)


def _documents(items: Iterable[SourceDocument | Skipped], report: BuildReport) -> Iterator[SourceDocument]:
    for item in items:
        if isinstance(item, Skipped):
            report.skipped.append(item)
        else:
            yield item


class _Spool:
    """Processed articles on disk between the two passes (pickles, one after another)."""

    def __init__(self, path: Path):
        self.path = path
        self.count = 0
        self._out = path.open("wb")

    def write(self, article: Article, prepared, vector) -> None:
        pickle.dump((article, prepared, vector), self._out, protocol=pickle.HIGHEST_PROTOCOL)
        self.count += 1

    def read(self) -> Iterator[tuple]:
        self._out.close()
        with self.path.open("rb") as handle:
            for _ in range(self.count):
                yield pickle.load(handle)

    def close(self) -> None:
        self._out.close()

    def remove(self) -> None:
        self.close()
        self.path.unlink(missing_ok=True)


def _check_size(config: Config, report: BuildReport, serving: Path | None) -> None:
    """Refuse to replace the serving index with an empty or a much smaller one."""
    before = generations.read_manifest(serving).get("articles", 0) if serving else 0
    if report.articles == 0:
        raise BuildRefused(f"no articles found ({len(report.skipped)} files skipped): the serving index is kept")
    if before and report.articles < config.build.min_fraction * before:
        raise BuildRefused(f"{report.articles} articles, the serving index has {before} (build.min_fraction "
                           f"{config.build.min_fraction}): the serving index is kept; --force replaces it")


def _manifest(corpus_dir: Path, report: BuildReport) -> dict:
    return {"corpus": str(corpus_dir), "built_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
            **{key: value for key, value in report.to_dict().items() if key != "seconds"}}


def _progress(items, enabled: bool):
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, unit=" articles", file=sys.stderr, dynamic_ncols=True)
