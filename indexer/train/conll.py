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

Blank lines separate sentences in every format.

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

from collections.abc import Iterable, Iterator
from pathlib import Path

FORMATS = ("conllu", "tsv", "conll2002")

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


def tags_to_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Entity spans ``(first token, end token exclusive, type)`` from clean IOB2 tags."""
    spans: list[tuple[int, int, str]] = []
    start, kind = None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, tag_type = tag.partition("-")
        if start is not None and not (prefix == "I" and tag_type == kind):
            spans.append((start, i, kind))
            start, kind = None, None
        if prefix == "B" or (prefix == "I" and start is None):
            start, kind = i, tag_type
    return spans


def join_tokens(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The sentence text (tokens joined by single spaces) and each token's char offsets."""
    offsets: list[tuple[int, int]] = []
    position = 0
    for token in tokens:
        offsets.append((position, position + len(token)))
        position += len(token) + 1
    return " ".join(tokens), offsets


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
        else:
            raise ValueError(f"unknown NER data format {fmt!r} (known: {', '.join(FORMATS)})")
    if rows:
        yield rows


def parse_lines(lines: Iterable[str], fmt: str, other: str | None = None) -> Iterator[Sentence]:
    """Sentences from the lines of a file in format ``fmt``, tags mapped to PER/LOC/ORG.

    ``other``: see ``map_tags`` (None: other types become ``O``).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown NER data format {fmt!r} (known: {', '.join(FORMATS)})")
    for rows in _read_blocks(lines, fmt):
        tokens = [token for token, _ in rows]
        yield tokens, map_tags((tag for _, tag in rows), other)


def read_sentences(path: str | Path, fmt: str, other: str | None = None) -> Iterator[Sentence]:
    """Sentences of the file at ``path`` (UTF-8) in format ``fmt``; ``other``: see ``map_tags``."""
    with open(path, encoding="utf-8") as handle:
        yield from parse_lines(handle, fmt, other)


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
