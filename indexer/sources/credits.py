"""Credits in an article's text: who wrote it ("with Post wires") and which wire agencies it cites.

- A dateline credit opens a paragraph: "SEOUL/VLADIVOSTOK (ANP/RTR/AFP) - ...", "(dpa) ...",
  "KYIV, Oct 24 (Reuters) - ...", "BERLIN, 24. Oktober 2024 (dpa) - ...".
  Every name in it is an agency, known or not (an unseen agency still gets its own value).
  After a place written in mixed case ("Berlin (dpa) - ...", "Oslo (NTB-AFP): ...") only
  known agencies count: "Geert Wilders (PVV): ..." opens a paragraph the same way.
- A credit line stands alone: "Kilde: Ritzau", "(NTB)", "/ritzau/", "© AFP".
- A wire credit names the outlet that compiled wire reports: "With Post wires", "Med Post ledninger".
- An agency is cited in running text by a form the table lists ("Reuters", "AFP"), or after a
  word for "news agency" in any of our languages ("persbureau Tass", "Nachrichtenagentur Kyodo").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.ingest.dates import DATELINE_DATE
from indexer.ingest.furniture import CREDIT_BY as PHOTO_CREDIT_BY, CREDIT_LINE as PHOTO_CREDIT
from indexer.sources.names import NameTable

_NAME = r"[A-Za-zÀ-ÿ][\w.&-]{0,24}"
_NAMES = rf"{_NAME}(?:\s*[/,]\s*{_NAME}){{0,5}}"
# Reuters' "KYIV, Oct 24 (Reuters) -", dpa's "BERLIN, 24. Oktober 2024 (dpa) -", "Oslo, 24.10.2024 (NTB):"
_DAY = rf",[ \t]*(?:{DATELINE_DATE}|[A-Z][a-z]{{2,8}}\.?[ \t]+\d{{1,2}})"
DATELINE = re.compile(
    rf"^[ \t]*(?:[A-ZÀ-ÞÆØÅ][A-ZÀ-ÞÆØÅ .'/-]{{1,60}}(?:{_DAY})?[ \t]*)?"
    rf"\((?P<names>{_NAMES})\)[ \t]*[-–—:]", re.MULTILINE)
MIXED_CASE_DATELINE = re.compile(
    rf"^[ \t]*[A-ZÀ-ÞÆØÅ][\w'.-]+(?:[ /][A-ZÀ-ÞÆØÅ][\w'.-]+){{0,3}}(?:{_DAY})?"
    rf"[ \t]*\((?P<names>{_NAMES})\)[ \t]*[-–—:]", re.MULTILINE)
CREDIT_LINE = re.compile(
    rf"^[ \t]*(?:(?:kilde|kilder|källa|bron|bronnen|quelle|quellen|source|sources)[ \t]*:[ \t]*|©[ \t]*)?"
    rf"[(/]?[ \t]*(?P<names>{_NAMES})[ \t]*[)/]?[ \t]*$", re.MULTILINE | re.IGNORECASE)
WIRE_CREDIT = re.compile(
    r"^[ \t]*(?:with|med|mit|met)[ \t]+(?P<outlet>[^\n]{2,40}?)[ \t]+"
    r"(?:wires|wire services|ledninger|ledningar|tråder|drähten|leitungen|draden)\.?[ \t]*$",
    re.MULTILINE | re.IGNORECASE)
AGENCY_WORD = re.compile(
    r"\b(?:news agency|press agency|wire service|persbureau|nieuwsagentschap|nachrichtenagentur|"
    r"presseagentur|nyhedsbureau(?:et)?|nyhetsbyrå(?:et|n)?|telegrambyrå(?:et|n)?)\s+"
    r"(?P<name>[A-ZÀ-Þ][\w-]{1,24}(?:\s+[A-ZÀ-Þ][\w-]{1,24})?)")
CREDIT_LINE_CHARS = 60       # a credit line is short; a longer line is text
CLOSING_LINES = 3            # lines after an article's end read for its credit


@dataclass
class Credits:
    wire_outlet: str | None = None                       # "Post" of "with Post wires", as written
    credited: list[str] = field(default_factory=list)    # agencies credited for the text (dateline first)
    cited: list[str] = field(default_factory=list)       # every agency named, credited ones included


def find_credits(text: str, table: NameTable) -> Credits:
    credits = Credits()
    for match in DATELINE.finditer(text):
        _add(credits.credited, _names(match["names"], table, any_name=True))
    for match in MIXED_CASE_DATELINE.finditer(text):
        _add(credits.credited, _names(match["names"], table, any_name=False))
    for match in CREDIT_LINE.finditer(text):
        if len(match.group(0).strip()) <= CREDIT_LINE_CHARS:
            _add(credits.credited, _names(match["names"], table, any_name=False))
    wire = WIRE_CREDIT.search(text)
    if wire:
        credits.wire_outlet = wire["outlet"].strip()
    cited = list(credits.credited)
    for form, agency in table.cited_forms.items():
        if re.search(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text):
            _add(cited, [agency])
    for match in AGENCY_WORD.finditer(text):
        _add(cited, [table.agency(match["name"]) or match["name"]])
    credits.cited = cited
    return credits


def _names(raw: str, table: NameTable, any_name: bool) -> list[str]:
    """The agencies of a credit ("ANP/RTR/AFP"): canonical when the table knows them; an unknown
    name counts only where the form itself says it is a credit (a dateline)."""
    names = []
    for part in re.split(r"\s*[/,]\s*", raw.strip()):
        known = table.agency(part)
        if known:
            names.append(known)
            continue
        joined = [table.agency(piece) for piece in part.split("-")]
        if len(joined) > 1 and all(joined):
            names.extend(joined)                 # "NTB-AFP": two agencies joined by a hyphen
        elif any_name and _looks_like_agency(part):
            names.append(part)
    return names


def _looks_like_agency(name: str) -> bool:
    """An acronym or a single capitalised name ("Tass", "BNO"): not a sentence fragment."""
    return bool(re.fullmatch(r"[A-ZÀ-Þ][\w.&-]{1,24}", name)) and not name.isdigit()


def _add(target: list[str], names: list[str]) -> None:
    for name in names:
        if name not in target:
            target.append(name)


def closing_lines(raw_text: str, body: str) -> str:
    """The few non-empty lines of ``raw_text`` right after the article's last line (where a page
    puts the credit the cleaner drops), photo credits left out, or "" when that line cannot be
    found."""
    last = next((line.strip() for line in reversed(body.splitlines()) if line.strip()), "")
    at = raw_text.rfind(last) if last else -1
    if at < 0:
        return ""
    after = [line.strip() for line in raw_text[at + len(last):].splitlines() if line.strip()]
    return "\n".join([line for line in after if not _photo_credit(line)][:CLOSING_LINES])


def _photo_credit(line: str) -> bool:
    """"Foto: ANP", "Bild: dpa", "Photo by Reuters": who took a picture, not an agency the article cites."""
    return bool(PHOTO_CREDIT.match(line) or PHOTO_CREDIT_BY.match(line))
