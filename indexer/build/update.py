"""Bring the serving index up to date with its corpus folder, as one atomic step.

``update_index`` compares the corpus folder with the serving generation's store of processed
records (``indexer.build.processed``) by each file's content hash: unchanged files' records are
copied as they are, new and changed files go through the per-article stages (in worker
processes, as in a build), deleted files are left out.  The corpus-level passes (name variants,
facet evidence, copies) then run over all records (cheap: they read the stored records), and the
backend's index is updated in a copy (``Backend.updater``) or rebuilt from the records.  All of it
goes into a new generation that is swapped in like a build's: a reader sees the old index or the
new one, never a half.

``watch`` polls the folder (names, sizes and modification times; no extra dependency) and runs
an update whenever they change.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from indexer.build.full import BuildRefused, BuildReport, complete_generation, list_corpus, process_files
from indexer.build.processed import ProcessedStore, ProcessedWriter, file_digest, stage_settings
from indexer.build.workers import default_workers
from indexer.config import Config
from indexer.ingest.files import found_by_listing
from indexer.records import Skipped
from indexer.store import generations


MAX_INTERVAL_S = 86_400     # a folder looked at less often than daily is not being watched


class UpdateImpossible(RuntimeError):
    """There is no index with processed records to update: a full build is needed first."""


def update_index(config: Config, corpus_dir: Path | None = None, index_dir: Path | None = None,
                 progress: bool = False, workers: int | None = None, force: bool = False) -> BuildReport:
    corpus_dir = Path(corpus_dir) if corpus_dir else config.corpus_path
    index_dir = Path(index_dir) if index_dir else config.index_path
    with generations.writing(index_dir):
        return _update(config, corpus_dir, index_dir, progress, workers, force)


def _update(config: Config, corpus_dir: Path, index_dir: Path, progress: bool, workers: int | None,
            force: bool) -> BuildReport:
    started = time.monotonic()
    previous = _serving_store(config, index_dir)
    report = BuildReport(index_dir=str(index_dir))
    files = list_corpus(corpus_dir, index_dir, report)
    changed = _changed_files(files, previous, report)
    if changed or report.changes["removed"]:
        _write_generation(config, corpus_dir, index_dir, files, changed, previous, report, progress, workers, force)
    else:                       # nothing to do: the serving index stays
        _report_serving(previous, report)
    report.seconds = time.monotonic() - started
    return report


def _serving_store(config: Config, index_dir: Path) -> ProcessedStore:
    """The serving generation's processed records, if an update can build on them."""
    serving = generations.serving(index_dir)
    previous = ProcessedStore.open(serving) if serving else None
    if previous is None:
        raise UpdateImpossible(f"no index with processed records at {index_dir}: run `python -m indexer build` first")
    if previous.settings != stage_settings(config):
        raise UpdateImpossible("the settings of the analysis, extraction or backend, or the record format, changed "
                               "since the index was built: run `python -m indexer build`")
    return previous


def _changed_files(files, previous: ProcessedStore, report: BuildReport) -> list:
    """The new and changed files (by content hash); ``report.changes`` says which, and the removed ones."""
    changed, added, modified = [], [], []
    for file in files:
        file.digest = file_digest(file.path)
        old = previous.files.get(file.relative)
        if old is None or old.digest != file.digest:
            changed.append(file)
            (added if old is None else modified).append(file.relative)
    present = {file.relative for file in files}
    report.changes = {"added": added, "changed": modified,
                      "removed": sorted(path for path in previous.files if path not in present),
                      "unchanged": len(files) - len(changed)}
    return changed


def _write_generation(config: Config, corpus_dir: Path, index_dir: Path, files, changed, previous: ProcessedStore,
                      report: BuildReport, progress: bool, workers: int | None, force: bool) -> None:
    """A new generation: unchanged files' records copied, new and changed files processed, the
    corpus passes and the backend's index over all of them; swapped in when complete."""
    generation = generations.new_generation(index_dir)
    store = ProcessedWriter(generation, previous.settings)
    try:
        to_process = {file.relative for file in changed}
        for file in files:
            if file.relative not in to_process:       # unchanged: its records' bytes as they are
                store.copy(previous, previous.files[file.relative])
        process_files(config, changed, store, workers or default_workers(), progress)
        written = complete_generation(config, store, report, corpus_dir, index_dir, force, previous)
        report.changes.update(rewritten=written.rewritten, deleted=written.deleted, in_place=written.in_place)
    except BaseException:
        store.close()
        generations.discard(generation)
        raise
    generations.swap_in(index_dir, generation)


def _report_serving(previous: ProcessedStore, report: BuildReport) -> None:
    """What an update of an unchanged folder would report, without reading the records again: the
    corpus passes over the same records give what they gave the update or build that made the
    serving index, as its manifest says (articles per language, copy groups, warnings, what reading
    the files left out and why).  What the folder's listing passes over is ``report``'s own, afresh."""
    manifest = generations.read_manifest(previous.generation)
    report.articles, report.by_language = manifest.get("articles", 0), manifest.get("by_language", {})
    report.copy_groups = manifest.get("copy_groups", 0)
    report.warnings += manifest.get("warnings", [])
    report.skipped += [Skipped(item["path"], item["reason"]) for item in manifest.get("skipped", [])
                       if not found_by_listing(item["reason"])]


def watch(config: Config, corpus_dir: Path | None = None, index_dir: Path | None = None,
          interval: float | None = None, on_update=print, rounds: int | None = None) -> None:
    """Poll the corpus folder every ``interval`` seconds; update when a file appears, changes or
    goes.  ``rounds`` bounds the number of looks (None: until interrupted)."""
    corpus_dir = Path(corpus_dir) if corpus_dir else config.corpus_path
    interval = checked_interval(interval or config.build.watch_interval_s, "build.watch_interval_s")
    seen = None
    while rounds is None or rounds > 0:
        state = folder_state(corpus_dir)
        if state != seen:
            try:
                on_update(update_index(config, corpus_dir, index_dir))
                seen = state
            except generations.IndexBusy as busy:   # a build or another update: look again next round
                print(f"warning: {busy}", file=sys.stderr)
            except BuildRefused as refused:         # the folder emptied: keep serving, wait for the next change
                print(f"warning: {refused}", file=sys.stderr)
                seen = state
            except FileNotFoundError as missing:    # moved away for a moment (a sync tool): look again
                print(f"warning: {missing}; the index keeps serving", file=sys.stderr)
            except UpdateImpossible:                # settings changed: only a full build can help
                raise
            except Exception as error:              # a watcher outlives one failed update: the next change is tried
                print(f"warning: update failed ({type(error).__name__}: {error}); the index keeps serving",
                      file=sys.stderr)
                seen = state
        if rounds is not None:
            rounds -= 1
            if rounds == 0:
                return
        time.sleep(interval)


def checked_interval(seconds: float, name: str) -> float:
    """A watch interval, refused before the first update rather than by ``time.sleep`` after it
    (infinity and 1e300 overflow it; NaN is no length of time)."""
    if not (0 < seconds <= MAX_INTERVAL_S):      # NaN fails every comparison
        raise ValueError(f"{name}: expected seconds > 0 and at most {MAX_INTERVAL_S:,} (a day), got {seconds}")
    return seconds


def folder_state(corpus_dir: Path) -> frozenset:
    """Names, sizes and modification times of every file under ``corpus_dir``: a cheap look
    that changes whenever a file is added, written or removed (update then compares contents)."""
    state = []
    for root, _, names in os.walk(corpus_dir):
        for name in names:
            try:
                info = os.stat(os.path.join(root, name))
            except OSError:
                continue    # removed while we looked: the next look sees it gone
            state.append((os.path.join(root, name), info.st_size, info.st_mtime_ns))
    return frozenset(state)
