"""Readers for the NER corpora in ``shared/data/ner``: sentences of (tokens, IOB2 tags).

Three formats, one reader each, all yielding ``(tokens: list[str], tags: list[str])`` per
sentence with tags restricted to ``B-``/``I-`` of PER, LOC, ORG (everything else is ``O``):

``conllu``
    NorNE (``no_bokmaal-ud-dev.conllu`` and the rebuilt ``...-train-rebuilt.conll``, which has
    the same 10 tab-separated columns).  Column 2 is the token; column 10 holds
    ``name=<IOB2 tag>`` among ``|``-separated items (e.g. ``SpaceAfter=No|name=B-PER``).
    ``#`` lines are comments; multi-word (``1-2``) and empty-node (``1.1``) lines are skipped.
``tsv``
    DaN+ Danish and GermEval 2014 German: token, outer IOB2 tag, nested IOB2 tag.  Only the
    OUTER column is used.
``conll2002``
    CoNLL-2002 Dutch: token, part of speech, IOB2 tag (space-separated).  ``-DOCSTART-``
    lines mark article boundaries and are skipped (they also end a sentence).
``uner``
    UniversalNER (``ner-extra/uner-german-pud``): tab-separated, ``#`` comments, token in
    column 2, IOB2 tag in column 3.
``wikiann``
    WikiANN (``ner-extra/wikiann-de-nl``): token and IOB2 tag, tab-separated, each token
    prefixed with its language (``de:Berlin``); the prefix is removed.
``bio``
    Europeana Newspapers (``ner-extra/europeana-newspapers-ner``): token and BIO tag,
    space-separated, with NO sentence boundaries (see ``split_running_text``).  Lines that
    are not ``token tag`` (page ids, URLs, ``???``) end a sentence and are skipped; sloppy
    tags (``B_LOC``, ``B.PER``, ``I-PEr``) are repaired, unknown ones (``B-BER``) become ``O``.
``smartdata``
    DFKI SmartData (``ner-extra/dfki-smartdata``, ``*.json.gz``): concatenated JSON documents
    with the text and character-offset concept mentions; see ``read_smartdata``.

Blank lines separate sentences in the line formats (``bio`` excepted).

Tag mapping (source type -> indexed type)::

    PER -> PER        ORG -> ORG        LOC -> LOC
    GPE_LOC -> LOC    GPE_ORG -> ORG                         (NorNE)
    MISC, PROD, EVT, DRV -> O                                (dropped)
    <TYPE>part, <TYPE>deriv (e.g. B-LOCderiv, I-ORGpart) -> O (DaN+ / GermEval; dropped)

For training only, ``other="MISC"`` keeps every dropped entity as one extra ``MISC`` type
instead of ``O`` (so a model learns that "Tour de France" is a name but not PER/LOC/ORG);
the extractor discards MISC predictions.

Broken tags: an ``I-X`` that does not continue an entity of the same *source* type
(the previous tag is not ``B-X``/``I-X``) starts a new entity, i.e. becomes ``B-X`` before
mapping.  So ``O I-PER`` -> ``O B-PER`` and ``B-GPE_LOC I-LOC`` -> ``B-LOC B-LOC``.
"""
from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

FORMATS = ("conllu", "tsv", "conll2002", "uner", "wikiann", "bio", "smartdata")
LINE_FORMATS = FORMATS[:-1]          # one token per line; smartdata is JSON

TYPE_MAP = {
    "PER": "PER",
    "ORG": "ORG",
    "LOC": "LOC",
    "GPE_LOC": "LOC",
    "GPE_ORG": "ORG",
}

Sentence = tuple[list[str], list[str]]


def map_tags(raw_tags: Iterable[str], other: str | None = None) -> list[str]:
    """Repair broken ``I-`` tags, then map source types to PER/LOC/ORG.

    Other types become ``O``, or the type ``other`` when given (e.g. ``"MISC"``).
    """
    tags: list[str] = []
    previous_type: str | None = None          # source type of the previous tag's entity
    for raw in raw_tags:
        prefix, _, source_type = raw.partition("-")
        if prefix not in ("B", "I") or not source_type:
            tags.append("O")
            previous_type = None
            continue
        if prefix == "I" and source_type != previous_type:
            prefix = "B"
        previous_type = source_type
        mapped = TYPE_MAP.get(source_type, other)
        tags.append(f"{prefix}-{mapped}" if mapped else "O")
    return tags


def join_tokens(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The sentence text (tokens joined by single spaces) and each token's char offsets."""
    offsets: list[tuple[int, int]] = []
    position = 0
    for token in tokens:
        offsets.append((position, position + len(token)))
        position += len(token) + 1
    return " ".join(tokens), offsets


def join_lines(lines: list[list[str]]) -> tuple[str, list[tuple[int, int]]]:
    """Sentences as one text, a line each (tokens joined by spaces), and every token's offsets."""
    texts, offsets, base = [], [], 0
    for tokens in lines:
        text, line_offsets = join_tokens(tokens)
        texts.append(text)
        offsets += [(start + base, end + base) for start, end in line_offsets]
        base += len(text) + 1
    return "\n".join(texts), offsets


def _conllu_tag(misc: str) -> str:
    for item in misc.split("|"):
        if item.startswith("name="):
            return item[len("name="):]
    return "O"


def _read_blocks(lines: Iterable[str], fmt: str) -> Iterator[list[tuple[str, str]]]:
    """Sentences as lists of (token, raw outer tag)."""
    rows: list[tuple[str, str]] = []
    for line in lines:
        line = line.rstrip("\r\n")
        if not line.strip():
            if rows:
                yield rows
            rows = []
            continue
        if fmt == "conllu":
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 10 or not cols[0].isdigit():      # 1-2 multi-word, 1.1 empty node
                continue
            rows.append((cols[1], _conllu_tag(cols[9])))
        elif fmt == "tsv":
            cols = line.split("\t")
            rows.append((cols[0], cols[1] if len(cols) > 1 else "O"))
        elif fmt == "conll2002":
            cols = line.split()
            if cols[0] == "-DOCSTART-":
                if rows:
                    yield rows
                rows = []
                continue
            rows.append((cols[0], cols[-1] if len(cols) > 1 else "O"))
        elif fmt == "uner":
            cols = line.split("\t")
            if line.startswith("#") or len(cols) < 3:
                continue
            rows.append((cols[1], cols[2]))
        elif fmt == "wikiann":
            token, _, tag = line.partition("\t")
            rows.append((token.split(":", 1)[-1] if ":" in token[:4] else token, tag.strip() or "O"))
        else:
            raise ValueError(f"unknown NER data format {fmt!r} (known: {', '.join(LINE_FORMATS)})")
    if rows:
        yield rows


def parse_lines(lines: Iterable[str], fmt: str, other: str | None = None) -> Iterator[Sentence]:
    """Sentences from the lines of a file in format ``fmt``, tags mapped to PER/LOC/ORG.

    ``other``: see ``map_tags`` (None: other types become ``O``).
    """
    if fmt not in LINE_FORMATS:
        raise ValueError(f"unknown NER data format {fmt!r} (known: {', '.join(LINE_FORMATS)})")
    blocks = split_running_text(lines) if fmt == "bio" else _read_blocks(lines, fmt)
    for rows in blocks:
        tokens = [token for token, _ in rows]
        yield tokens, map_tags((tag for _, tag in rows), other)


def read_sentences(path: str | Path, fmt: str, other: str | None = None) -> Iterator[Sentence]:
    """Sentences of the file at ``path`` (UTF-8) in format ``fmt``; ``other``: see ``map_tags``."""
    if fmt == "smartdata":
        yield from read_smartdata(path, other)
        return
    with open(path, encoding="utf-8") as handle:
        yield from parse_lines(handle, fmt, other)



def document_numbers(path: str | Path, fmt: str) -> list[int] | None:
    """The document (article) of each sentence of ``read_sentences(path, fmt)``, numbered from 0,
    for a format that marks where articles start (``conll2002``'s ``-DOCSTART-``); None for the
    others, whose sentences stand alone."""
    if fmt != "conll2002":
        return None
    numbers, document = [], 0
    for marker, tokens in read_marked_sentences(Path(path), sep=" ", comments=False):
        if marker == "-DOCSTART-":
            document += bool(numbers)
        else:
            numbers.append(document)
    return numbers

# Europeana ---------------------------------------------------------------------------------

SENTENCE_END = re.compile(r"[.!?]$")
ABBREVIATION = re.compile(r"^(?:\w|\w\w|[A-ZÄÖÜ]\w{0,2}|\d+)\.$")    # "z.", "Dr.", "St.", "12." (a date)
MAX_RUNNING_SENTENCE = 80           # tokens; OCR text without final punctuation is cut here
_BIO_TAG = re.compile(r"^([BI])[-_.]([A-Za-z]+)$")


def split_running_text(lines: Iterable[str]) -> Iterator[list[tuple[str, str]]]:
    """Sentences of (token, tag) from running two-column text without sentence boundaries.

    A sentence ends after a token that is or ends in ``.``, ``!`` or ``?`` (not an
    abbreviation-like token such as ``Dr.`` or ``12.``) and is outside an entity, at a line
    that is not ``token tag``, or after ``MAX_RUNNING_SENTENCE`` tokens at the next ``O``.
    """
    rows: list[tuple[str, str]] = []
    for line in lines:
        cols = line.split()
        tag = _bio_tag(cols[1]) if len(cols) == 2 else None
        if tag is None:
            if rows:
                yield rows
            rows = []
            continue
        rows.append((cols[0], tag))
        if tag != "O":
            continue
        token = cols[0]
        ends = (token in (".", "!", "?") or (SENTENCE_END.search(token) and not ABBREVIATION.match(token)))
        if ends or len(rows) >= MAX_RUNNING_SENTENCE:
            yield rows
            rows = []
    if rows:
        yield rows


def _bio_tag(raw: str) -> str | None:
    """A clean IOB2 tag for a Europeana tag (``O``, ``B-LOC``, ``B_LOC``, ``I-PEr``), None if the
    column is no tag at all (a page id, a URL)."""
    if raw == "O":
        return "O"
    match = _BIO_TAG.match(raw)
    if not match:
        return None
    kind = match.group(2).upper()
    return f"{match.group(1)}-{kind}" if kind in TYPE_MAP else "O"


# DFKI SmartData ----------------------------------------------------------------------------

SMARTDATA_TYPES = {             # concept type -> source type for map_tags (others: not a name)
    "person": "PER",
    "organization": "ORG",
    "organization-company": "ORG",
    "location": "LOC",
    "location-city": "LOC",
    "location-street": "MISC",   # streets, stops and routes are names, but not the places we index
    "location-stop": "MISC",
    "location-route": "MISC",
}
_TOKEN = re.compile(r"(?:\w{1,3}\.){2,}|\w+(?:[-'’.&]\w+)*|[^\w\s]")


def read_smartdata(path: str | Path, other: str | None = None) -> Iterator[Sentence]:
    """Sentences of a SmartData ``*.json.gz`` file (concatenated JSON documents).

    The document text is split into lines, each line into sentences after ``.!?`` tokens, and
    tokenised with ``_TOKEN``; a concept mention of a type in ``SMARTDATA_TYPES`` tags the
    tokens it covers (a mention that does not start and end on token edges is dropped, with
    its tokens ``O``)."""
    for document in _json_documents(path):
        text = (document.get("text") or {}).get("string") or ""
        mentions = ((document.get("conceptMentions") or {}).get("array")) or []
        spans = sorted((m["span"]["start"], m["span"]["end"], SMARTDATA_TYPES[m["type"]])
                       for m in mentions if m.get("type") in SMARTDATA_TYPES)
        for tokens, offsets in _smartdata_sentences(text):
            raw = _char_spans_to_tags(offsets, spans)
            yield tokens, map_tags(raw, other)


def _json_documents(path: str | Path) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        content = handle.read()
    decoder, position = json.JSONDecoder(), 0
    while True:
        while position < len(content) and content[position].isspace():
            position += 1
        if position >= len(content):
            return
        document, position = decoder.raw_decode(content, position)
        yield document


def _smartdata_sentences(text: str) -> Iterator[tuple[list[str], list[tuple[int, int]]]]:
    tokens: list[str] = []
    offsets: list[tuple[int, int]] = []
    for match in _TOKEN.finditer(text):
        if offsets and "\n" in text[offsets[-1][1]:match.start()]:
            yield tokens, offsets
            tokens, offsets = [], []
        tokens.append(match.group())
        offsets.append(match.span())
        if match.group() in (".", "!", "?"):
            yield tokens, offsets
            tokens, offsets = [], []
    if tokens:
        yield tokens, offsets


def _char_spans_to_tags(offsets: list[tuple[int, int]], spans: list[tuple[int, int, str]]) -> list[str]:
    tags = ["O"] * len(offsets)
    starts = {start: i for i, (start, _) in enumerate(offsets)}
    ends = {end: i for i, (_, end) in enumerate(offsets)}
    for start, end, kind in spans:
        first, last = starts.get(start), ends.get(end)
        if first is None or last is None or last < first or any(t != "O" for t in tags[first:last + 1]):
            continue
        tags[first:last + 1] = [f"B-{kind}"] + [f"I-{kind}"] * (last - first)
    return tags


def read_marked_sentences(path: Path, sep: str | None, comments: bool) -> Iterator[tuple[str | None, list[str]]]:
    """(comment or marker, tokens) per sentence of a one-token-per-line file (token = column 1,
    or column 2 for CoNLL-U/NDT files with 10 columns).  The first item is the sentence's
    ``# sent_id`` value, ``"-DOCSTART-"`` for a CoNLL document marker, or None.

    Unlike ``read_sentences`` this keeps where documents start (the distractor articles of
    ``indexer.eval.ntrex`` are cut at those marks) and reads no tags."""
    marker: str | None = None
    tokens: list[str] = []
    with path.open(encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\r\n")
            if comments and line.startswith("#") and "\t" not in line:
                key, _, value = line[1:].partition("=")
                if key.strip() == "sent_id":
                    marker = value.strip()
                continue
            if not line.strip():
                if tokens:
                    yield marker, tokens
                marker, tokens = None, []
                continue
            cols = line.split(sep)
            if cols[0] == "-DOCSTART-":
                if tokens:
                    yield marker, tokens
                    marker, tokens = None, []
                yield "-DOCSTART-", []
                continue
            tokens.append(cols[1] if len(cols) >= 10 else cols[0])
    if tokens:
        yield marker, tokens
