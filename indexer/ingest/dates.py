"""The publication date of a raw capture, read from a meta line near the top, else from the dateline
that opens the article ("BERLIN, 24. Oktober 2024 (dpa) - ...")."""
from __future__ import annotations

import datetime as _dt
import email.utils
import re
from dataclasses import dataclass
from typing import Iterable

from indexer.ingest.furniture import CAPTION_TAIL, CLOCK, CLOCK_WORD, PUBLISHED, FUNCTION_WORDS, UPDATED, WORD
from indexer.ingest.lines import normalise

__all__ = ["find_publication_date", "dateline_date", "date_hits", "date_meta", "metadata_date",
           "DATELINE_DATE", "KEYWORD_TOP_LINES"]

MONTHS = {
    **dict.fromkeys(["january", "januari", "januar", "jänner", "jan"], 1),
    **dict.fromkeys(["february", "februari", "februar", "feb", "febr"], 2),
    **dict.fromkeys(["march", "maart", "märz", "maerz", "marts", "mars", "mar", "mär", "mrt"], 3),
    **dict.fromkeys(["april", "apr"], 4),
    **dict.fromkeys(["may", "mei", "mai", "maj"], 5),
    **dict.fromkeys(["june", "juni", "jun"], 6),
    **dict.fromkeys(["july", "juli", "jul"], 7),
    **dict.fromkeys(["august", "augustus", "aug"], 8),
    **dict.fromkeys(["september", "sept", "sep"], 9),
    **dict.fromkeys(["october", "oktober", "okt", "oct"], 10),
    **dict.fromkeys(["november", "nov"], 11),
    **dict.fromkeys(["december", "dezember", "desember", "dec", "dez", "des"], 12),
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# The year of a written-out date; a clock time may be glued on: Reuters' "October 24, 20248:15 AM".
_YEAR = r"(?P<y>\d{4})(?:\b|(?=\d{1,2}:\d{2}\b))"
DATE_PATTERNS = (
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2}))?"),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:\.|st|nd|rd|th)?\s*(?:of\s+)?(?P<mon>{_MONTH})\b\.?,?\s+{_YEAR}",
               re.IGNORECASE),
    re.compile(rf"\b(?P<mon>{_MONTH})\b\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th|\.)?,?\s+{_YEAR}",
               re.IGNORECASE),
    re.compile(r"\b(?P<a>\d{1,2})[./-](?P<b>\d{1,2})[./-](?P<y>\d{4}|\d{2})\b"),
)
# The date of a dateline, year or not: "Oct 24", "October 24, 2024", "24. Oktober 2024", "24.10.2024".
DATELINE_DATE = (rf"(?:(?i:{_MONTH})\.?[ \t]+\d{{1,2}}(?:st|nd|rd|th|\.)?(?:,?[ \t]+\d{{4}})?"
                 rf"|\d{{1,2}}(?:\.|st|nd|rd|th)?[ \t]*(?i:{_MONTH})\.?(?:,?[ \t]+\d{{4}})?"
                 r"|\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2}))(?!\w)")
# "BERLIN, 24. Oktober 2024 (dpa) - ...", "Oslo, 24.10.2024: ...": a paragraph opening with its place and date.
DATELINE_WITH_DATE = re.compile(
    rf"^[A-ZÀ-ÞĀ-Ž][\w'.\-/ ]{{1,40}}?,[ \t]*(?P<date>{DATELINE_DATE})"
    r"[ \t]*(?:\([^)]{1,30}\))?[ \t]*[-–—:][ \t]")
DATELINE_PARAGRAPHS = 3     # the article's first paragraphs, where a dateline opens one
TIME_AFTER = re.compile(
    rf"^[\s,|·–—-]*(?:(?P<pre>{CLOCK_WORD}|,)\s*)?"
    r"(?P<H>\d{1,2})(?P<sep>[:.h])(?P<M>\d{2})\b(?:\s*(?P<ampm>[ap]\.?\s?m\b\.?))?(?:\s*(?P<suf>uhr|uur))?",
    re.IGNORECASE,
)
TIME_BEFORE = re.compile(r"(?P<H>\d{1,2}):(?P<M>\d{2})\s*(?:uhr|uur)?\s*[,|·–—-]?\s*(?:\w+,?\s+)?$",
                         re.IGNORECASE)
ISO_DATE = re.compile(r"^(\d{4})[-/](\d{2})[-/](\d{2})(?:[T ](\d{2}):(\d{2})(:\d{2})?)?")
UNIX_TIME = re.compile(r"^-?\d{9,13}(\.\d+)?$")      # a Unix time written as a string ("1729757700")
EPOCH_MILLISECONDS = 100_000_000_000     # a larger Unix time is in ms (1e11 ms is 1973, 1e11 s the year 5138)
DATE_TOP_LINES = 8          # a date line without a keyword counts only this near the top
KEYWORD_TOP_LINES = 15      # "Published ..." lines count this near the top


@dataclass
class _DateHit:
    value: str
    start: int
    end: int


def date_hits(line: str) -> list[_DateHit]:
    """Every calendar date in ``line`` (with its time when one is written next to it)."""
    hits: list[_DateHit] = []
    taken: list[tuple[int, int]] = []
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(line):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            date = _to_date(match.groupdict())
            if date is None:
                continue
            hour_minute = None
            if match.groupdict().get("H"):
                hour_minute = (int(match["H"]), int(match["M"]))
            else:
                hour_minute = _time_near(line, match.start(), match.end())
            value = date.isoformat()
            if hour_minute and hour_minute[0] < 24 and hour_minute[1] < 60:
                value += f"T{hour_minute[0]:02d}:{hour_minute[1]:02d}"
            taken.append((match.start(), match.end()))
            hits.append(_DateHit(value, match.start(), match.end()))
    return sorted(hits, key=lambda hit: hit.start)


def _to_date(groups: dict) -> _dt.date | None:
    year = int(groups["y"])
    if year < 100:
        year += 2000
    if groups.get("mon"):
        month, day = MONTHS[groups["mon"].lower()], int(groups["d"])
        candidates = [(month, day)]
    elif groups.get("a"):
        first, second = int(groups["a"]), int(groups["b"])
        candidates = [(second, first), (first, second)]       # day first, US order if not
    else:
        candidates = [(int(groups["m"]), int(groups["d"]))]
    for month, day in candidates:
        try:
            date = _dt.date(year, month, day)
        except ValueError:
            continue
        if 1990 <= date.year <= 2100:
            return date
    return None


def _time_near(line: str, start: int, end: int) -> tuple[int, int] | None:
    after = TIME_AFTER.match(line[end:end + 24])
    if after:
        dotted = after["sep"] != ":"
        if not dotted or after["pre"] and after["pre"] != "," or after["suf"]:
            hour = int(after["H"])
            ampm = (after["ampm"] or "").lower().replace(".", "").replace(" ", "")
            if ampm == "pm" and hour < 12:
                hour += 12
            elif ampm == "am" and hour == 12:
                hour = 0
            return hour, int(after["M"])
    before = TIME_BEFORE.search(line[max(0, start - 24):start])
    if before:
        return int(before["H"]), int(before["M"])
    return None


def date_meta(line: str) -> tuple[str, str] | None:
    """(date, kind) when ``line`` is a meta line stating a date; kind is published/updated/plain."""
    if not any(c.isdigit() for c in line):
        return None
    hits = date_hits(line)
    if not hits or len(WORD.findall(line)) > 25 or CAPTION_TAIL.search(line):
        return None                         # "Pyongyang, 10. oktober 2024. Foto: KCNA": the photo's date
    published = [m.end() for m in PUBLISHED.finditer(line)]
    updated = [m.end() for m in UPDATED.finditer(line)]
    if re.search(r"[.!?][\"'»”)]*$", line) and not (PUBLISHED.match(line) or UPDATED.match(line)):
        published = updated = []            # "The report, published on 24 May 2024, found ..."
    for hit in hits:
        before_pub = [pos for pos in published if pos <= hit.start]
        before_upd = [pos for pos in updated if pos <= hit.start]
        if before_pub and (not before_upd or max(before_pub) > max(before_upd)):
            return hit.value, "published"
    if updated and any(pos <= hits[0].start for pos in updated):
        return hits[0].value, "updated"
    rest = line
    for hit in reversed(hits):
        rest = rest[:hit.start] + " " + rest[hit.end:]
    rest = CLOCK.sub(" ", rest)           # with its "kl.", which would read as a sentence's end
    rest_words = WORD.findall(rest)
    stopwords = sum(word.lower() in FUNCTION_WORDS for word in rest_words)
    if len(rest_words) <= 5 and stopwords <= 1 and not rest.rstrip().endswith((".", "!", "?")):
        return hits[0].value, "plain"
    return None


def find_publication_date(lines: Iterable[str] | str) -> str | None:
    """The publication date stated in a meta line near the top, as ISO 8601.

    ``"Gepubliceerd op 24/10/2024 01:00 in Buitenland"`` gives ``"2024-10-24T01:00"``;
    a date without a time gives ``"YYYY-MM-DD"``.  A line that names the publication
    ("Published", "Veröffentlicht", "Udgivet", ...) wins over a bare date line, which wins
    over an "Updated" line.  Dates inside article sentences are not taken.
    """
    if isinstance(lines, str):
        lines = lines.splitlines()
    found: dict[str, str] = {}
    position = 0
    for raw in lines:
        line = normalise(raw)
        if not line:
            continue
        position += 1
        if position > KEYWORD_TOP_LINES:
            break
        meta = date_meta(line)
        if meta is None:
            continue
        value, kind = meta
        if kind == "plain" and position > DATE_TOP_LINES:
            continue
        found.setdefault(kind, value)
    for kind in ("published", "plain", "updated"):
        if kind in found:
            return found[kind]
    return None


def dateline_date(paragraphs: Iterable[str]) -> str | None:
    """The date a dateline states at the start of one of the article's first paragraphs
    ("BERLIN, 24. Oktober 2024 (dpa) - ..." gives "2024-10-24"); None without a year ("KYIV, Oct 24
    (Reuters) - ...") or without a dateline."""
    for number, paragraph in enumerate(paragraphs):
        if number >= DATELINE_PARAGRAPHS:
            break
        match = DATELINE_WITH_DATE.match(paragraph)
        hits = date_hits(match["date"]) if match else []
        if hits:
            return hits[0].value
    return None


def metadata_date(value) -> str | None:
    """A date field's value (a JSON Lines ``date``, a page's metadata) as ``YYYY-MM-DD`` or
    ``YYYY-MM-DDTHH:MM``, the clock time as written; None when it states no date.

    Read: ISO 8601 ("2024-10-24T01:00:00Z"), a Unix time in seconds or milliseconds (UTC), an
    RSS/e-mail date ("Thu, 24 Oct 2024 08:15:00 +0200") and the forms news pages print
    ("24.10.2024", "24. oktober 2024 kl. 08.15", "October 24, 2024")."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return _from_unix_time(value)
    text = str(value).strip()
    if UNIX_TIME.match(text):
        return _from_unix_time(float(text))
    match = ISO_DATE.match(text)
    if match:
        return _iso_date(match)
    try:
        return email.utils.parsedate_to_datetime(text).strftime("%Y-%m-%dT%H:%M")
    except (TypeError, ValueError, IndexError):
        pass
    hits = date_hits(normalise(text))           # a date field: the first date in it is the one
    return hits[0].value if hits else None


def _iso_date(match: re.Match) -> str | None:
    """An ISO date ("2024-10-24", "2024/10/24", with a clock time or not), None when there is
    no such day or time ("2024-02-30", "0000-00-00", "T25:99"): no date, never a wrong one."""
    year, month, day, hour, minute = (int(part) if part else None for part in match.groups()[:5])
    try:
        moment = _dt.datetime(year, month, day, hour or 0, minute or 0)
    except ValueError:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M" if hour is not None else "%Y-%m-%d")


def _from_unix_time(value: float) -> str | None:
    try:
        seconds = value / 1000 if abs(value) >= EPOCH_MILLISECONDS else value
        moment = _dt.datetime.fromtimestamp(seconds, _dt.timezone.utc)
    except (OverflowError, OSError, ValueError):     # 10**400, NaN, out of range
        return None
    return moment.strftime("%Y-%m-%dT%H:%M") if 1990 <= moment.year <= 2100 else None
