"""Ingest: every file under a corpus folder -> ``SourceDocument`` records, or ``Skipped``.

Formats, chosen by file extension (settings ``ingest.extensions_*``):
- plain text: one article per file, first non-empty line is the headline (the cleaner takes it);
- HTML: one article per file, main text and metadata extracted with trafilatura;
- JSON Lines: one article per line, ``{"id","title","text","url","date","source","lang"}``
  (``id`` and ``text`` required).

A file that cannot be used (binary, empty, oversized, undecodable, broken JSON line) is
reported as ``Skipped`` with its reason and the rest goes on.  A JSON Lines record's optional field of
the wrong type is left out and reported as ``Ignored`` (a ``Skipped`` that says the article was
read): only ``id`` and ``text`` decide whether a record is indexed.
"""
from __future__ import annotations

import html
import io
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from indexer.config import EXTENSION, IngestSettings
from indexer.ingest.dates import metadata_date
from indexer.lang import language_code
from indexer.records import Ignored, Skipped, SourceDocument

FIELD_TYPES = {"date": (str, int, float)}      # a record's optional fields are strings; a date may be a Unix time
NUMBER_AS_TEXT = ("title",)                     # a number there is read as its text ("title": 1984)
OPTIONAL_FIELDS = ("title", "url", "date", "source", "lang")
# Why ``corpus_files`` passes a file over without reading it: only a listing of the folder finds
# these, where every other reason comes from reading the file (``update`` keeps those).
NAME_NOT_UTF8 = "file name is not UTF-8: rename the file"
LINK = "symbolic link to "


def iter_corpus(corpus_dir: Path, settings: IngestSettings) -> Iterator[SourceDocument | Skipped]:
    """All articles of a folder (recursively, in a stable order), or why a file was skipped."""
    for path in corpus_files(corpus_dir):
        if isinstance(path, Skipped):
            yield path
        else:
            yield from read_file(path, settings)


def corpus_files(corpus_dir: Path) -> Iterator[Path | Skipped]:
    """The article files of a folder (recursively, sorted), or why a file is not one."""
    if not corpus_dir.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus_dir}")
    root = corpus_dir.resolve()
    for path in sorted(p for p in corpus_dir.rglob("*") if p.is_file()):
        if any(part.startswith(".") for part in path.relative_to(corpus_dir).parts):
            continue  # hidden files and folders (.git, .DS_Store) are not articles
        if not _utf8_name(path):
            # The name is stored with the article (its id, the build's record): a name saved in
            # Latin-1 by an old zip tool cannot be, and must not stop the build.
            yield Skipped(os.fsencode(path).decode("utf-8", "backslashreplace"), NAME_NOT_UTF8)
            continue
        problem = _link_problem(path, corpus_dir, root)
        if problem:
            yield Skipped(str(path), problem)
            continue
        yield path


def _link_problem(path: Path, corpus_dir: Path, root: Path) -> str | None:
    """Why a file reached through a symbolic link (the file's or a folder's on its path) is not
    read, None for a file that is where its name says."""
    target = path.resolve()
    if not target.is_relative_to(root):
        # A link out of the corpus folder (to /etc/passwd, say) must not make that file searchable.
        return f"{LINK}a file outside the corpus folder"
    if target != root / path.relative_to(corpus_dir):
        # A link to a file of the corpus would index that article twice (a second id, a copy group of 2).
        return (f"{LINK}{target.relative_to(root).as_posix()}, a file of the corpus folder: "
                "each file is read under its own name")
    return None


def found_by_listing(reason: str) -> bool:
    """Whether ``reason`` is one ``corpus_files`` gives (the folder's listing), not one of reading a file."""
    return reason == NAME_NOT_UTF8 or reason.startswith(LINK)


def _utf8_name(path: Path) -> bool:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:          # undecodable bytes of the name, kept as surrogates
        return False
    return True


def read_file(path: Path, settings: IngestSettings) -> Iterator[SourceDocument | Skipped]:
    kind = _kind_of(path, settings)
    if kind is None:
        yield Skipped(str(path), f"unsupported file type {_extension(path)!r}")
        return
    if kind == "jsonl":
        yield from _stream_jsonl(path, settings)
        return
    try:
        size = path.stat().st_size
        # A huge file is refused before it is read: a 50 GB log dropped in the corpus must not fill memory.
        data = path.read_bytes() if size <= settings.max_file_bytes else b""
    except OSError as error:
        yield Skipped(str(path), f"unreadable: {error.strerror or error}")
        return
    problem = _too_large(size, settings) or _problem_with(data)
    if problem:
        yield Skipped(str(path), problem)
        return
    text = decode(data, settings.encodings)
    if text is None:
        yield Skipped(str(path), f"cannot be decoded as {', '.join(settings.encodings)}")
        return
    text = without_controls(text)
    if kind == "html" or _looks_like_html(text):
        yield _read_html(path, text)
    else:
        yield SourceDocument(doc_id=article_id_of(path), path=str(path), text=text)


def decode(data: bytes, encodings: list[str]) -> str | None:
    """Decode with the first encoding that fits; latin-1 fits anything, so order matters.

    cp1252 before latin-1: it maps 0x80-0x9f to the quotes and dashes that Windows text
    actually contains, where latin-1 would give control characters.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for bom, encoding in _UTF16_BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                return None
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


_UTF16_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def without_controls(text: str) -> str:
    """The text without NUL and the other control characters (tab, newlines, form feed stay): a
    stray NUL past the binary check must not reach the index, a snippet or the page."""
    return _CONTROLS.sub("", text)


def _kind_of(path: Path, settings: IngestSettings) -> str | None:
    suffix = _extension(path)
    for kind, extensions in (("jsonl", settings.extensions_jsonl), ("html", settings.extensions_html),
                             ("text", settings.extensions_text)):
        if suffix in extensions:
            return kind
    return None


def _extension(path: Path) -> str:
    """The file's extension, lower case; a name's last dot that starts no extension ("putin
    24.10.2024", "nrk.no - Putin truer") leaves it without one, as a saved article."""
    suffix = path.suffix.lower()
    return suffix if EXTENSION.fullmatch(suffix) else ""


def article_id_of(path: Path | PurePosixPath) -> str:
    """An article file's id: its name without its extension."""
    extension = _extension(path)
    return path.name[:-len(extension)] if extension else path.name


def _looks_like_html(text: str) -> bool:
    """A page saved without .html ("curl -O .../artikel/123", or as .txt): its markup is no text."""
    return _HTML_START.match(text) is not None


_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)


def _too_large(size: int, settings: IngestSettings) -> str | None:
    if size > settings.max_file_bytes:
        return f"too large ({size:,} bytes > {settings.max_file_bytes:,})"
    return None


def _problem_with(data: bytes) -> str | None:
    if not data.strip():
        return "empty file"
    if _looks_binary(data) and not data.startswith(tuple(bom for bom, _ in _UTF16_BOMS)):
        return "binary file (not text)"
    return None


def _looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KiB: not an article."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    return controls > len(head) * 0.05


def _read_html(path: Path, html: str) -> SourceDocument | Skipped:
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    extracted = trafilatura.bare_extraction(html, include_comments=False, include_tables=False,
                                            with_metadata=True)
    data = extracted.as_dict() if hasattr(extracted, "as_dict") else (extracted or {})
    text = (data.get("text") or "").strip()
    if not text:
        return Skipped(str(path), "HTML page without article text")
    return SourceDocument(doc_id=article_id_of(path), path=str(path), text=text, title=data.get("title") or None,
                          date=metadata_date(data.get("date")), url=web_url(data.get("url")),
                          source=data.get("sitename") or None, lang=None, needs_cleaning=True)


def _stream_jsonl(path: Path, settings: IngestSettings) -> Iterator[SourceDocument | Skipped]:
    """The records of a JSON Lines file of any size, read line by line: ``max_file_bytes`` limits
    each record, and a broken, oversized or undecodable line is skipped with its line number."""
    try:
        handle = path.open("rb")
    except OSError as error:
        yield Skipped(str(path), f"unreadable: {error.strerror or error}")
        return
    with handle:
        head = handle.read(8192)
        handle.seek(0)
        lines = _utf16_as_utf8(handle, head)
        if lines is None and _looks_binary(head):
            yield Skipped(str(path), "binary file (not text)")
            return
        records = 0
        for number, (raw, length) in enumerate(_bounded_lines(lines or handle, settings.max_file_bytes), start=1):
            if length <= settings.max_file_bytes and not raw.strip():
                continue
            records += 1
            yield from _record_of(raw, length, f"{path}:{number}", settings)
    if not records:
        yield Skipped(str(path), "empty file")


class _Utf8Lines:
    """A UTF-16 file (a byte-order mark first, as Windows tools save it) read line by line as
    UTF-8 bytes, the form every other JSON Lines file is read in."""

    def __init__(self, text):
        self.text = text

    def readline(self, size: int) -> bytes:
        return self.text.readline(size).encode("utf-8", "surrogatepass")


def _utf16_as_utf8(handle, head: bytes) -> _Utf8Lines | None:
    for bom, encoding in _UTF16_BOMS:
        if head.startswith(bom):
            handle.read(len(bom))
            return _Utf8Lines(io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline=""))
    return None


def _bounded_lines(handle, limit: int) -> Iterator[tuple[bytes, int]]:
    """``(line, its length)`` per line; a line longer than ``limit`` is measured but not kept, so
    that one endless line (a file without newlines) never sits in memory whole."""
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        length = len(line)
        if length > limit and not line.endswith(b"\n"):
            line = b""
            while True:
                chunk = handle.readline(1 << 20)
                length += len(chunk)
                if not chunk or chunk.endswith(b"\n"):
                    break
        yield line, length


def _record_of(raw: bytes, length: int, where: str, settings: IngestSettings) -> Iterator[SourceDocument | Skipped]:
    """The article of one JSON line and, after it, each of its optional fields that was left out
    (``Ignored``); or why the line was skipped."""
    if length > settings.max_file_bytes:
        yield Skipped(where, f"record too large ({length:,} bytes > {settings.max_file_bytes:,})")
        return
    line = decode(raw, settings.encodings)
    if line is None:
        yield Skipped(where, f"cannot be decoded as {', '.join(settings.encodings)}")
        return
    try:
        # Without its line ending: a truncated line's newline would be the "invalid control
        # character" json reports, hiding the real fault (an unterminated string, say).
        record = json.loads(line.rstrip("\r\n"))
    except json.JSONDecodeError as error:
        yield Skipped(where, f"broken JSON line: {error.msg} (column {error.colno})")
        return
    yield from _document_from_record(record, where)


def _document_from_record(record, where: str) -> Iterator[SourceDocument | Skipped]:
    """Only ``id`` and ``text`` are required: an optional field of the wrong type (``"source":
    {"name": "FAZ"}``, ``"date": ["2024-11-13"]``) is left out with a warning, and the article read."""
    if not isinstance(record, dict):
        yield Skipped(where, "JSON line is not an object")
        return
    doc_id, body = record.get("id"), record.get("text")
    if doc_id is None or str(doc_id).strip() == "":
        yield Skipped(where, "JSON line without an 'id'")
        return
    if not isinstance(body, str) or not body.strip():
        yield Skipped(where, "JSON line without a 'text'")
        return
    optional, ignored = {}, []
    for name in OPTIONAL_FIELDS:
        value = record.get(name)
        if name in NUMBER_AS_TEXT and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if value is None or not isinstance(value, bool) and isinstance(value, FIELD_TYPES.get(name, str)):
            optional[name] = value
        else:
            optional[name] = None
            kind = "a string or a Unix time" if name == "date" else "a string"
            ignored.append(Ignored(where, f"JSON field {name!r} ignored: must be {kind}, not {_json_type(value)}; "
                                          "the article is indexed without it"))
    yield SourceDocument(doc_id=without_controls(str(doc_id)).strip(), path=where,
                         text=without_controls(text_of_markup(body)),
                         title=without_controls(text_of_markup(optional["title"] or "")).strip() or None,
                         date=metadata_date(optional["date"]), url=web_url(optional["url"]), source=optional["source"],
                         lang=language_code(optional["lang"]), needs_cleaning=False)
    yield from ignored


def _json_type(value) -> str:
    """A JSON value's type as JSON names it: "an object", "a list", "true"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return {dict: "an object", list: "a list", int: "a number", float: "a number", str: "a string"}.get(
        type(value), type(value).__name__)


MARKUP = re.compile(r"</?(?:p|br|div|span|b|i|em|strong|a|h[1-6]|li|ul|ol|blockquote|figure|figcaption|img)"
                    r"\b[^>]*>|&(?:amp|lt|gt|quot|nbsp|#\d+|#x[0-9a-f]+);", re.IGNORECASE)
BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|div|h[1-6]|li|blockquote|figcaption)>", re.IGNORECASE)
HIDDEN = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def text_of_markup(text: str) -> str:
    """A record's text as plain text when a CMS exported it as HTML ("<p>...</p>", "&amp;"):
    paragraphs and line breaks kept as line breaks, tags dropped, entities decoded.  Plain text
    is returned as it is."""
    if not MARKUP.search(text):
        return text
    text = BLOCK_END.sub("\n\n", HIDDEN.sub(" ", text))
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def web_url(value: str | None) -> str | None:
    """An article's link, kept only if it is an http(s) address: the page makes it a link, and a
    ``javascript:`` or ``data:`` one from a hostile record must never become clickable."""
    value = without_controls(value or "").strip()
    return value if re.match(r"(?i)^https?://[^\s/]", value) else None
