"""The processed records of a generation: what the per-article stages made of each corpus file.

A build keeps, in its generation, every article as the worker stages left it (before the
corpus-level passes): the ``Article``, its copy signature, its dense vector and the backend's
prepared fields.  ``processed.spool`` holds them (pickles, one file's records one after another),
``processed.json`` says which file they came from, the file's content hash, where its records
are and why any of its articles were skipped, and the fingerprint of each article as written to
the backend.  ``python -m indexer update`` reads the serving generation's store, copies the bytes
of unchanged files' records into the new one, and runs the stages only for new and changed files.

The prepared fields are the bulk of a record and only needed when an article is (re)written to
the backend: they stay pickled inside the record until then.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import pickle
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path, PurePosixPath

from indexer.ingest.files import article_id_of
from indexer.records import Article, EntityMention, Ignored, NumberMention, Skipped
from indexer.store.generations import PROCESSED, PROCESSED_INDEX

CHUNK = 1 << 20
RECORD_LAYOUT = 2      # 2: Lucene's prepared fields are whitespace strings (made in the workers)


@dataclass
class FileEntry:
    path: str                       # relative to the corpus folder
    digest: str                     # sha256 of the file's bytes
    offset: int = 0                 # where its records start in the spool
    length: int = 0                 # their bytes
    count: int = 0
    skipped: list[list[str]] = field(default_factory=list)   # [path, reason] of each article left out


@dataclass
class Record:
    article: Article
    signature: object               # numpy uint32 array or None
    vector: object                  # dense vector or None
    prepared_blob: bytes            # the backend's prepared fields, pickled

    @property
    def prepared(self):
        return pickle.loads(self.prepared_blob)


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def stage_settings(config) -> str:
    """A hash of the settings the per-article stages and the backend's ``prepare`` depend on, and
    of the records' fields: records made under others cannot be reused (``update`` then asks for
    a build)."""
    settings = {"backend": config.backend, "languages": config.languages, "fallback": config.fallback_language,
                "analyzers": {lang: asdict(value) for lang, value in config.analyzers.items()},
                "ingest": asdict(config.ingest), "extract": asdict(config.extract),
                "copies": [config.copies.enabled, config.copies.num_perm, config.copies.shingle_words],
                "dense": [config.ranking.channels.dense, config.ranking.dense_lead_chars],
                "cognate_prefix": config.ranking.cognate_prefix,
                # the record's shape: a store written by code with other Article fields, or another
                # layout of the prepared fields, is not read
                "record_layout": RECORD_LAYOUT,
                "article_fields": [f.name for f in fields(Article)] + [f.name for f in fields(EntityMention)]
                + [f.name for f in fields(NumberMention)]}
    return hashlib.sha1(json.dumps(settings, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def fingerprint(article: Article) -> str:
    """What the backend got for an article: equal fingerprints, nothing to rewrite."""
    data = json.dumps(article.to_dict(), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha1(data.encode("utf-8")).hexdigest()


class ProcessedWriter:
    """A new generation's store, written file by file."""

    def __init__(self, generation: Path, settings: str):
        self.generation = generation
        self.settings = settings
        self.files: dict[str, FileEntry] = {}
        self._out = (generation / PROCESSED).open("wb")

    def begin(self, path: str, digest: str) -> FileEntry:
        entry = self.files[path] = FileEntry(path, digest, offset=self._out.tell())
        return entry

    def add(self, entry: FileEntry, article: Article, prepared, vector, signature) -> None:
        if entry.count == 0:
            entry.offset = self._out.tell()
        record = (article, signature, vector, pickle.dumps(prepared, protocol=pickle.HIGHEST_PROTOCOL))
        pickle.dump(record, self._out, protocol=pickle.HIGHEST_PROTOCOL)
        entry.count += 1
        entry.length = self._out.tell() - entry.offset

    def copy(self, store: "ProcessedStore", old: FileEntry) -> None:
        """An unchanged file: its records' bytes as they are (nothing unpickled)."""
        entry = self.begin(old.path, old.digest)
        entry.count, entry.length, entry.skipped = old.count, old.length, [list(s) for s in old.skipped]
        store.copy_bytes(old, self._out)

    def pending(self) -> "ProcessedStore":
        """The records written so far, readable before the store's index is written."""
        self._out.flush()
        return ProcessedStore(self.generation, [self.files[path] for path in sorted(self.files)], {}, self.settings)

    def close(self) -> None:
        self._out.close()

    def finish(self, fingerprints: dict[str, str]) -> "ProcessedStore":
        self._out.close()
        index = {"settings": self.settings, "files": [asdict(self.files[path]) for path in sorted(self.files)],
                 "fingerprints": fingerprints}
        (self.generation / PROCESSED_INDEX).write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
        return ProcessedStore(self.generation, [self.files[path] for path in sorted(self.files)], fingerprints,
                              self.settings)


class ProcessedStore:
    """A generation's records, read in corpus order."""

    def __init__(self, generation: Path, files: list[FileEntry], fingerprints: dict[str, str], settings: str = ""):
        self.generation = generation
        self.files = {entry.path: entry for entry in files}
        self.fingerprints = fingerprints
        self.settings = settings

    @classmethod
    def open(cls, generation: Path) -> "ProcessedStore | None":
        """The store of ``generation`` (None: built before stores were kept, or not by a build)."""
        try:
            index = json.loads((generation / PROCESSED_INDEX).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not (generation / PROCESSED).is_file():
            return None
        return cls(generation, [FileEntry(**entry) for entry in index["files"]], index.get("fingerprints", {}),
                   index.get("settings", ""))

    def count(self) -> int:
        """The records stored (duplicates and empty articles included)."""
        return sum(entry.count for entry in self.files.values())

    def records(self, skipped: list[Skipped] | None = None) -> Iterator[Record]:
        """Every record that goes into the index, in corpus order; a later article with an id
        seen before, or without text, is left out (and listed in ``skipped`` when given).  The first
        article with an id wins: files come in sorted path order (a JSON Lines file line by line), so
        which one keeps an id depends neither on the file system nor on the workers."""
        seen: dict[str, str] = {}      # id -> where the article that keeps it came from
        with (self.generation / PROCESSED).open("rb") as handle:
            for entry in self.files.values():
                if skipped is not None:
                    # [path, reason, is a warning] ([path, reason] in stores written before warnings)
                    skipped += [(Ignored if warning and warning[0] else Skipped)(path, reason)
                                for path, reason, *warning in entry.skipped]
                handle.seek(entry.offset)
                for _ in range(entry.count):
                    record = _with_unique_file_id(Record(*pickle.load(handle)), entry.path, seen)
                    reason = _left_out(record.article, seen)
                    if reason:
                        if skipped is not None:
                            skipped.append(Skipped(record.article.path, reason))
                        continue
                    seen[record.article.doc_id] = record.article.path
                    yield record

    def copy_bytes(self, entry: FileEntry, out) -> None:
        with (self.generation / PROCESSED).open("rb") as handle:
            handle.seek(entry.offset)
            remaining = entry.length
            while remaining > 0:
                chunk = handle.read(min(CHUNK, remaining))
                if not chunk:
                    raise OSError(f"{self.generation / PROCESSED}: shorter than its index says")
                out.write(chunk)
                remaining -= len(chunk)


def _with_unique_file_id(record: Record, relative: str, seen: dict[str, str]) -> Record:
    """An article file whose name an earlier file already gave its id ("2024/10/article.txt",
    then "2024/11/article.txt"; a mirrored site's "index.html" everywhere) takes its path in the
    corpus folder as its id: two files are two articles.  A JSON Lines record states its id,
    so a second record with one stays a duplicate."""
    article, path = record.article, PurePosixPath(relative)
    if article.doc_id not in seen or article.doc_id != article_id_of(path):
        return record
    return dataclasses.replace(record, article=dataclasses.replace(article, doc_id=str(path.with_name(article.doc_id))))


def _left_out(article: Article, seen: dict[str, str]) -> str | None:
    if article.doc_id in seen:
        return f"duplicate id {article.doc_id!r} (the first, from {seen[article.doc_id]}, is kept)"
    if not article.body.strip() and not article.title.strip():
        return "no article text left after cleaning"
    return None
