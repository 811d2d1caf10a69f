"""Plain records that flow between the stages.

files -> ingest (SourceDocument | Skipped) -> clean -> language -> extract -> Article
-> index backend.  Every stage takes plain records in and gives plain records out, so a
stage can be tested, replaced or run alone (``python -m indexer extract``).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

ENTITY_TYPES = ("PER", "LOC", "ORG")   # the entity types the NER models tag and the extractor finds
Span = tuple[int, int, str]            # (start, end, type): a typed character span of a text


@dataclass
class SourceDocument:
    """One article as read from disk, before cleaning."""

    doc_id: str
    path: str
    text: str                      # decoded text; for HTML the extracted main text
    title: str | None = None       # None: the cleaner takes the first non-empty line
    date: str | None = None        # ISO 8601 "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM"
    url: str | None = None
    source: str | None = None
    lang: str | None = None        # an explicit language wins over detection
    needs_cleaning: bool = True    # raw page captures: yes; JSON Lines bodies: no


@dataclass
class Skipped:
    """A file (or JSON line) that was not indexed, and why."""

    path: str
    reason: str


class Ignored(Skipped):
    """A field of a JSON Lines record that was left out, the article itself indexed: a warning,
    not a skip (``path``: file and line)."""


@dataclass
class EntityMention:
    """A mention of an actor (person, organisation) or a place in an article body."""

    kind: str          # "actor" | "place"
    type: str          # "PER" | "ORG" | "LOC"
    id: str            # canonical id, the same across languages and spellings
    label: str         # English display label
    text: str          # surface form as written
    start: int         # character span in Article.text (headline + blank line + body)
    end: int
    derived: bool = False  # from an adjective ("Noord-Koreaanse"): searchable, not a facet value


@dataclass
class NumberMention:
    """A count of something: "3000 troepen", "otte millioner", "duizenden"."""

    value: float | None   # exact value; None for a vague quantity
    unit: str             # concept id of the thing counted ("soldiers", "money", ...) or ""
    text: str             # surface form as written
    start: int
    end: int
    low: float | None = None    # range for vague quantities ("thousands": 1000..9999)
    high: float | None = None
    label: str = ""             # display label: "3,000 soldiers", "thousands of soldiers"
    qualifier: str = ""         # "at least", "up to", "more than", "fewer than", "about", "nearly": no exact count

    @property
    def key(self) -> str:
        """Facet value: one per (unit, quantity) whatever the language or format."""
        if self.value is not None:
            return f"{self.unit}:{_plain_number(self.value)}"
        return f"{self.unit}:{_plain_number(self.low)}-{_plain_number(self.high)}"


def _plain_number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


@dataclass
class Article:
    """A cleaned, language-tagged article with its extracted entities and numbers."""

    doc_id: str
    title: str
    body: str
    lang: str
    path: str = ""
    date: str | None = None
    url: str | None = None
    source: str | None = None     # the outlet, one canonical name (``indexer.sources``)
    agencies: list[str] = field(default_factory=list)   # wire agencies the text credits or cites
    actors: list[EntityMention] = field(default_factory=list)
    places: list[EntityMention] = field(default_factory=list)
    numbers: list[NumberMention] = field(default_factory=list)

    @property
    def text(self) -> str:
        """What extraction reads, and what mention spans point into."""
        return f"{self.title}\n\n{self.body}" if self.title else self.body

    def to_dict(self) -> dict:
        data = asdict(self)
        for number, raw in zip(self.numbers, data["numbers"]):
            raw["key"] = number.key
        return data
