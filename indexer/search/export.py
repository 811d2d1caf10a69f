"""Export every article a search matches, not one page: CSV or JSON Lines, produced as a stream.

The articles come page by page (``search.export_batch`` at a time) from the index the export
started on, in the search's order (relevance, or newest first), so memory stays flat whatever
the number of matches and a build swapping in meanwhile does not mix two indexes.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from indexer.store.base import Hit, IndexReader, SearchRequest

FORMATS = ("csv", "jsonl")
COLUMNS = ("id", "title", "date", "source", "language", "url", "actors", "places", "numbers")
CLAIM_COLUMNS = ("unit", "value", "low", "high", "qualifier", "label", "text", "sentence", "source", "date",
                 "lang", "id", "title", "url")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


def export_lines(reader: IndexReader, request: SearchRequest, fmt: str, batch: int) -> Iterator[str]:
    """The export, a line (or a few) at a time; the CSV starts with its header."""
    if fmt == "csv":
        yield _csv_line(COLUMNS)
    for hit in reader.scan(request, batch):
        record = export_record(hit)
        if fmt == "csv":
            yield _csv_line([_cell(record[column]) for column in COLUMNS])
        else:
            yield json.dumps(record, ensure_ascii=False) + "\n"


def export_claims(result: dict, fmt: str) -> Iterator[str]:
    """The claims of a claims result, one line each (group by group, as listed): what each
    source said, with its qualifier and its sentence, for the analyst's spreadsheet."""
    if fmt == "csv":
        yield _csv_line(CLAIM_COLUMNS)
    for group in result["groups"]:
        for claim in group["claims"]:
            record = {column: claim.get(column) for column in CLAIM_COLUMNS} | {"unit": result["unit"]}
            if fmt == "csv":
                yield _csv_line([_cell(record[column]) for column in CLAIM_COLUMNS])
            else:
                yield json.dumps(record, ensure_ascii=False) + "\n"


def export_record(hit: Hit) -> dict:
    return {"id": hit.id, "title": hit.title, "date": hit.date, "source": hit.source, "language": hit.lang,
            "url": hit.url, "actors": [{"id": a["id"], "label": a["label"]} for a in hit.actors],
            "places": [{"id": p["id"], "label": p["label"]} for p in hit.places],
            "numbers": [{"key": n["key"], "value": n["value"], "low": n.get("low"), "high": n.get("high"),
                         "unit": n["unit"], "label": n["label"], "qualifier": n.get("qualifier") or "",
                         "text": n.get("text") or ""} for n in hit.numbers]}


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A list becomes its labels joined by "; ", a number's with its qualifier ("at least 1,500
    soldiers"; the JSON Lines export keeps ids, values and ranges).  A cell a
    spreadsheet would run as a formula (a headline "=HYPERLINK(...)") starts with an apostrophe,
    so the analyst who opens the export sees the text (OWASP's advice on CSV injection)."""
    if isinstance(value, list):
        text = "; ".join(" ".join(filter(None, (entry.get("qualifier"), entry["label"]))) for entry in value)
    else:
        text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv_line(cells) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    return out.getvalue()
