"""The files of an index generation, the atomic swap, and noticing when a new one is served.

The configured index path is a symbolic link to one generation folder
(``<index>.generations/<stamp>``).  A build writes a new generation beside the serving one and,
only when it is complete (its manifest written last), repoints the link with one
``os.replace``: atomic on POSIX.  A build that fails or is killed midway leaves the link, and so
the previous index, as it was; its half-written folder (no manifest) is removed by the next build.
One build or update writes at a time (``writing``: a lock file beside the link).

A generation holds the backend's own files plus these, named here and nowhere else:

    manifest.json            what was built from what (written last: a generation without it is unfinished)
    entity-variants.json     names the build minted for this corpus, for the query side's linker
    dense.npy, dense.json    the dense channel's vectors and their rows (``indexer.store.dense``)
    copies.json              groups of near-duplicate articles (``indexer.copies``)
    processed.spool, processed.json   what the per-article stages made of each corpus file, kept
                             so that ``python -m indexer update`` re-runs them only for new and
                             changed files (``indexer.build.processed``)
"""
from __future__ import annotations

import fcntl
import json
import os
from contextlib import contextmanager
import shutil
import time
from pathlib import Path

MANIFEST = "manifest.json"
VARIANTS = "entity-variants.json"
DENSE_VECTORS = "dense.npy"
DENSE_ROWS = "dense.json"
COPIES = "copies.json"
PROCESSED = "processed.spool"
PROCESSED_INDEX = "processed.json"
LOCK = ".writing.lock"     # beside the index link (".<name>.writing.lock"): held by the one build or update writing
KEEP_GENERATIONS = 2  # the serving one and the one before (a reader may still hold it open)


class IndexBusy(RuntimeError):
    """Another build or update is writing a generation of this index."""


@contextmanager
def writing(index_dir: Path):
    """Held while a build or an update writes a generation: one writer per index at a time (a
    second would remove the first one's unfinished generation)."""
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    with (index_dir.parent / f".{index_dir.name}{LOCK}").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexBusy(f"another build or update is writing {index_dir}: try again when it has finished") from None
        yield


class NotAnIndex(ValueError):
    """The index path holds something else: a build must not move it aside (and later delete it)."""


def check_index_path(index_dir: Path) -> None:
    """Refuse an index path that is a file, or a folder that is not an index (a project folder,
    a corpus's parent, someone's notes): the swap would move it aside as an old generation, and
    a later build would delete it as an unfinished one.  An empty folder, or an index from
    before generations existed, is fine."""
    if index_dir.is_symlink() or not index_dir.exists():
        return
    if not index_dir.is_dir():
        raise NotAnIndex(f"index_dir {index_dir} is a file: give the index a folder of its own")
    entries = sorted(entry.name for entry in index_dir.iterdir())
    if entries and not any(name == MANIFEST or name.endswith(".toc") or name.startswith("segments") for name in entries):
        raise NotAnIndex(f"index_dir {index_dir} holds files that are not an index ({len(entries)} entries, "
                         f"{entries[0]!r} among them): give the index an empty or new folder")


def new_generation(index_dir: Path) -> Path:
    """A new, empty generation folder beside the serving one (unfinished ones removed first)."""
    check_index_path(index_dir)
    generations = generations_dir(index_dir)
    generations.mkdir(parents=True, exist_ok=True)
    _remove_unfinished(generations, index_dir)
    # Sortable by time; the nanoseconds keep two builds in one second apart.
    folder = generations / f"{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**9:09d}-{os.getpid()}"
    folder.mkdir()
    return folder


def finish(generation: Path, manifest: dict) -> None:
    """Mark a generation complete: its manifest is the last file written."""
    (generation / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")


def discard(generation: Path) -> None:
    shutil.rmtree(generation, ignore_errors=True)


def swap_in(index_dir: Path, generation: Path) -> None:
    """Serve ``generation`` from now on (one atomic rename), then prune old generations."""
    if index_dir.exists() and not index_dir.is_symlink():
        # An index folder from before generations existed: keep it as a generation.
        index_dir.rename(generations_dir(index_dir) / f"{time.strftime('%Y%m%d-%H%M%S')}-legacy")
    link = index_dir.parent / f".{index_dir.name}.link-{os.getpid()}"
    if link.is_symlink():
        link.unlink()
    link.symlink_to(generation.relative_to(index_dir.parent))
    os.replace(link, index_dir)
    _prune(index_dir)


def serving(index_dir: Path) -> Path | None:
    """The generation folder the index path points at now (None before the first build)."""
    return index_dir.resolve() if index_dir.is_symlink() else (index_dir if index_dir.is_dir() else None)


def read_manifest(generation: Path) -> dict:
    return _read_json(generation / MANIFEST)


def write_learned_variants(generation: Path, variants: dict) -> None:
    (generation / VARIANTS).write_text(json.dumps(variants, ensure_ascii=False), encoding="utf-8")


def read_learned_variants(generation: Path) -> dict:
    """The minted name variants stored with an index generation ({} for an older index)."""
    return _read_json(generation / VARIANTS)


def write_copies(generation: Path, groups: dict) -> None:
    (generation / COPIES).write_text(json.dumps(groups, ensure_ascii=False), encoding="utf-8")


def read_copies(generation: Path) -> dict:
    """The groups of copies stored with an index generation ({} for an older index)."""
    return _read_json(generation / COPIES)


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


class Served:
    """Something opened from the serving generation, reopened when a build swaps a new one in.

    ``Served(index_dir, open_fn).get()`` returns ``open_fn(generation)`` for the generation
    served now; one ``resolve`` per call is all it costs while nothing changes."""

    def __init__(self, index_dir: Path, open_fn, close_fn=None):
        self.index_dir = index_dir
        self._open, self._close = open_fn, close_fn
        self._target: Path | None = None
        self._value = None

    def get(self):
        target = self.index_dir.resolve()
        if self._target != target:
            old, self._value = self._value, self._open(target)
            self._target = target
            if old is not None and self._close is not None:
                self._close(old)
        return self._value


def generations_dir(index_dir: Path) -> Path:
    return index_dir.parent / f"{index_dir.name}.generations"


def _remove_unfinished(generations: Path, index_dir: Path) -> None:
    """Half-written generations of killed builds: a generation without a manifest."""
    current = serving(index_dir)
    for folder in generations.iterdir():
        if folder != current and not (folder / MANIFEST).exists():
            shutil.rmtree(folder, ignore_errors=True)


def _prune(index_dir: Path) -> None:
    finished = sorted(f for f in generations_dir(index_dir).iterdir() if (f / MANIFEST).exists())
    current = serving(index_dir)
    for folder in finished[:-KEEP_GENERATIONS]:
        if folder != current:
            shutil.rmtree(folder, ignore_errors=True)
