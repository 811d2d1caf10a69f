"""Build an index from a corpus folder into a new generation and swap it in atomically.

Streaming, so that memory stays flat whatever the corpus size:

1. the corpus is read file by file (a JSON Lines file record by record) and the per-article
   stages run in worker processes (``indexer.build.workers``); each processed article goes to the
   generation's store of processed records (``indexer.build.processed``), kept with the index so
   that ``python -m indexer update`` need not process it again;
2. the corpus-level passes run over the store (one id for name variants across articles; names
   without evidence kept out of the facets; copies grouped) and each article goes to the
   backend's writer (``indexer.build.passes``).

A build that fails or is killed midway leaves the serving generation as it was
(``indexer.store.generations``).
"""
from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from indexer.build.passes import Written, corpus_passes, write_backend
from indexer.build.processed import ProcessedStore, ProcessedWriter, file_digest, stage_settings
from indexer.build.workers import default_workers, process_all
from indexer.config import Config
from indexer.ingest.files import corpus_files, read_file
from indexer.records import Ignored, Skipped, SourceDocument
from indexer.store import backend_for, generations


@dataclass
class BuildReport:
    index_dir: str
    articles: int = 0
    by_language: dict[str, int] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    copy_groups: int = 0
    changes: dict = field(default_factory=dict)     # an update: files added, changed, removed; articles rewritten
    phases: dict[str, float] = field(default_factory=dict)   # seconds of each phase (``bench scale`` reports them)

    def to_dict(self) -> dict:
        return {"index": self.index_dir, "articles": self.articles, "by_language": self.by_language,
                "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped],
                "seconds": round(self.seconds, 2), "phases": {k: round(v, 1) for k, v in self.phases.items()},
                "warnings": self.warnings, "copy_groups": self.copy_groups,
                **({"changes": self.changes} if self.changes else {})}


class BuildRefused(RuntimeError):
    """The new generation would replace a good index with a much smaller one: kept out."""


@dataclass
class CorpusFile:
    relative: str
    path: Path
    digest: str | None = None    # computed when the file is read, if not known yet


def build_index(config: Config, corpus_dir: Path | None = None, index_dir: Path | None = None,
                progress: bool = False, workers: int | None = None, force: bool = False) -> BuildReport:
    corpus_dir = Path(corpus_dir) if corpus_dir else config.corpus_path
    index_dir = Path(index_dir) if index_dir else config.index_path
    started = time.monotonic()
    report = BuildReport(index_dir=str(index_dir))
    files = list_corpus(corpus_dir, index_dir, report)
    with generations.writing(index_dir):
        generation = generations.new_generation(index_dir)
        store = ProcessedWriter(generation, stage_settings(config))
        try:
            process_files(config, files, store, workers or default_workers(), progress)
            report.phases["articles"] = time.monotonic() - started
            complete_generation(config, store, report, corpus_dir, index_dir, force)
            report.phases["passes_and_index"] = time.monotonic() - started - report.phases["articles"]
        except BaseException:
            store.close()
            generations.discard(generation)
            raise
        generations.swap_in(index_dir, generation)
    report.seconds = time.monotonic() - started
    report.warnings += [w for w in [backend_for(config).size_warning(report.articles)] if w]
    return report


def list_corpus(corpus_dir: Path, index_dir: Path, report: BuildReport) -> list[CorpusFile]:
    """The corpus's article files (what is not one goes to ``report.skipped``); raises for a
    missing folder, and for an index inside it: each build would index the last one's files,
    and ``watch`` would rebuild for ever."""
    if corpus_dir.is_dir() and index_dir.absolute().parent.resolve().is_relative_to(corpus_dir.resolve()):
        raise ValueError(f"the index {index_dir} is inside the corpus folder {corpus_dir}: put it elsewhere")
    files = []
    for item in corpus_files(corpus_dir):
        if isinstance(item, Skipped):
            report.skipped.append(item)
        else:
            files.append(CorpusFile(item.relative_to(corpus_dir).as_posix(), item))
    return files


def process_files(config: Config, files: list[CorpusFile], store: ProcessedWriter, workers: int,
                  progress: bool) -> None:
    """The per-article stages for every article of ``files``, into ``store`` (file by file)."""
    entry_of: dict[int, object] = {}    # id(document) -> its file's entry, while the document is in flight

    def documents() -> Iterator[SourceDocument]:
        for file in files:
            entry = store.begin(file.relative, file.digest or file_digest(file.path))
            for item in read_file(file.path, config.ingest):
                if isinstance(item, Skipped):
                    entry.skipped.append([item.path, item.reason, isinstance(item, Ignored)])
                else:
                    entry_of[id(item)] = entry
                    yield item

    for document, article, prepared, vector, signature, error in _progress(
            process_all(config, documents(), workers), progress):
        entry = entry_of.pop(id(document))
        if error:
            entry.skipped.append([document.path, error])
        else:
            store.add(entry, article, prepared, vector, signature)


def complete_generation(config: Config, store: ProcessedWriter, report: BuildReport, corpus_dir: Path,
                        index_dir: Path, force: bool, previous: ProcessedStore | None = None) -> Written:
    """The corpus-level passes and the backend's index, from the processed records in ``store``;
    then the generation's other files, its manifest last."""
    records = store.pending()
    passes = corpus_passes(config, records)
    report.articles, report.by_language = passes.articles, passes.by_language
    report.skipped += [item for item in passes.skipped if not isinstance(item, Ignored)]
    report.warnings += [f"{item.path}: {item.reason}" for item in passes.skipped if isinstance(item, Ignored)]
    report.copy_groups = len(passes.copies.members)
    if not force:
        _check_size(config, report, generations.serving(index_dir))
    written = write_backend(config, records, passes.minted, store.generation, previous)
    store.finish(written.fingerprints)
    generations.write_learned_variants(store.generation, passes.variants)
    generations.write_copies(store.generation, passes.copies.to_json())
    generations.finish(store.generation, _manifest(config, corpus_dir, report))
    return written


def _check_size(config: Config, report: BuildReport, serving: Path | None) -> None:
    """Refuse to replace the serving index with an empty or a much smaller one."""
    before = generations.read_manifest(serving).get("articles", 0) if serving else 0
    if report.articles == 0:
        raise BuildRefused(f"no articles found ({len(report.skipped)} files skipped): the serving index is kept")
    if before and report.articles < config.build.min_fraction * before:
        raise BuildRefused(f"{report.articles} articles, the serving index has {before} (build.min_fraction "
                           f"{config.build.min_fraction}): the serving index is kept; --force replaces it")


def _manifest(config: Config, corpus_dir: Path, report: BuildReport) -> dict:
    return {"corpus": str(corpus_dir), "built_at": time.strftime("%Y-%m-%dT%H:%M:%S"), "backend": config.backend,
            **{key: value for key, value in report.to_dict().items() if key not in ("seconds", "phases")}}


def _progress(items, enabled: bool):
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, unit=" articles", file=sys.stderr, dynamic_ncols=True)
