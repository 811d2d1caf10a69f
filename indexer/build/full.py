"""Build an index from a corpus folder and swap it in atomically.

The configured index path is a symbolic link to one generation folder
(``<index>.generations/<stamp>``).  A build writes a new generation beside the serving one
and, only when it is complete, repoints the link with one ``os.replace`` — atomic on POSIX.
A build that fails or is killed midway leaves the link, and so the previous index, as it
was; its half-written folder is removed by the next build.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from indexer.store import backend_for
from indexer.config import Config
from indexer.ingest.files import iter_corpus
from indexer.build.pipeline import Pipeline
from indexer.records import Article, Skipped, SourceDocument

MANIFEST = "manifest.json"
VARIANTS = "entity-variants.json"  # names minted for this corpus, for the query side's linker
KEEP_GENERATIONS = 2  # the serving one and the one before (a reader may still hold it open)


@dataclass
class BuildReport:
    index_dir: str
    articles: int = 0
    by_language: dict[str, int] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {"index": self.index_dir, "articles": self.articles, "by_language": self.by_language,
                "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped],
                "seconds": round(self.seconds, 2)}


def build_index(config: Config, corpus_dir: Path | None = None, index_dir: Path | None = None,
                progress: bool = False) -> BuildReport:
    corpus_dir = Path(corpus_dir) if corpus_dir else config.corpus_path
    index_dir = Path(index_dir) if index_dir else config.index_path
    started = time.monotonic()
    report = BuildReport(index_dir=str(index_dir))
    articles, variants = process_corpus(config, corpus_dir, report, progress)
    generation = _new_generation(index_dir)
    try:
        _write(config, articles, generation)
        (generation / VARIANTS).write_text(json.dumps(variants, ensure_ascii=False), encoding="utf-8")
        _write_manifest(generation, corpus_dir, report)
    except BaseException:
        shutil.rmtree(generation, ignore_errors=True)
        raise
    _swap_in(index_dir, generation)
    report.seconds = time.monotonic() - started
    return report


def process_corpus(config: Config, corpus_dir: Path, report: BuildReport, progress: bool) \
        -> tuple[list[Article], dict]:
    """Ingest and process every article (a file that fails is skipped with its reason).

    Returns the articles and the name variants the corpus-level pass minted."""
    pipeline = Pipeline(config)
    items = list(iter_corpus(corpus_dir, config.ingest))
    articles: list[Article] = []
    seen_ids: set[str] = set()
    for item in _progress(items, progress, "articles"):
        if isinstance(item, Skipped):
            report.skipped.append(item)
        elif item.doc_id in seen_ids:
            report.skipped.append(Skipped(item.path, f"duplicate id {item.doc_id!r}"))
        else:
            article = _process_one(pipeline, item, report)
            if article is not None:
                seen_ids.add(item.doc_id)
                articles.append(article)
    variants = pipeline.finish(articles)
    report.articles = len(articles)
    report.by_language = dict(sorted(Counter(a.lang for a in articles).items()))
    return articles, variants


def _process_one(pipeline: Pipeline, document: SourceDocument, report: BuildReport) -> Article | None:
    try:
        article = pipeline.process(document)
    except Exception as error:  # one bad article must not stop the build; say why it was left out
        report.skipped.append(Skipped(document.path, f"processing failed: {type(error).__name__}: {error}"))
        return None
    if not article.body.strip() and not article.title.strip():
        report.skipped.append(Skipped(document.path, "no article text left after cleaning"))
        return None
    return article


def _write(config: Config, articles: list[Article], folder: Path) -> None:
    writer = backend_for(config).writer(folder)
    for article in articles:
        writer.add(article)
    writer.commit()
    if config.ranking.channels.dense:       # the dense channel's vectors, beside the index
        from indexer.store.dense import CACHE_FILE, write_vectors

        write_vectors(articles, folder, config.ranking.dense_lead_chars, config.path(CACHE_FILE))


def read_learned_variants(index_folder: Path) -> dict:
    """The minted name variants stored with an index generation ({} for an older index)."""
    try:
        return json.loads((index_folder / VARIANTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_manifest(folder: Path, corpus_dir: Path, report: BuildReport) -> None:
    manifest = {"corpus": str(corpus_dir), "built_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
                **{key: value for key, value in report.to_dict().items() if key != "seconds"}}
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")


def _generations_dir(index_dir: Path) -> Path:
    return index_dir.parent / f"{index_dir.name}.generations"


def _new_generation(index_dir: Path) -> Path:
    generations = _generations_dir(index_dir)
    generations.mkdir(parents=True, exist_ok=True)
    _remove_unfinished(generations, index_dir)
    # Sortable by time; the nanoseconds keep two builds in one second apart.
    folder = generations / f"{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**9:09d}-{os.getpid()}"
    folder.mkdir()
    return folder


def _remove_unfinished(generations: Path, index_dir: Path) -> None:
    """Half-written generations of killed builds: a generation without a manifest."""
    serving = _serving(index_dir)
    for folder in generations.iterdir():
        if folder != serving and not (folder / MANIFEST).exists():
            shutil.rmtree(folder, ignore_errors=True)


def _serving(index_dir: Path) -> Path | None:
    return index_dir.resolve() if index_dir.is_symlink() else None


def _swap_in(index_dir: Path, generation: Path) -> None:
    if index_dir.exists() and not index_dir.is_symlink():
        # An index folder from before generations existed: keep it as a generation.
        index_dir.rename(_generations_dir(index_dir) / f"{time.strftime('%Y%m%d-%H%M%S')}-legacy")
    link = index_dir.parent / f".{index_dir.name}.link-{os.getpid()}"
    if link.is_symlink():
        link.unlink()
    link.symlink_to(generation.relative_to(index_dir.parent))
    os.replace(link, index_dir)
    _prune(index_dir)


def _prune(index_dir: Path) -> None:
    finished = sorted(f for f in _generations_dir(index_dir).iterdir() if (f / MANIFEST).exists())
    serving = _serving(index_dir)
    for folder in finished[:-KEEP_GENERATIONS]:
        if folder != serving:
            shutil.rmtree(folder, ignore_errors=True)


def _progress(items, enabled: bool, unit: str):
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, unit=f" {unit}", file=sys.stderr, dynamic_ncols=True)
