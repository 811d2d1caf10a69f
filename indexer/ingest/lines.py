"""Lines of a raw capture and the features the cleaning passes judge them by."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from indexer.ingest.furniture import CLOCK, FUNCTION_WORDS, QUOTE_START, RELATIVE_DAY, RELATIVE_TIME, TERMINAL, WORD


@dataclass
class Line:
    text: str
    words: list[str] = field(init=False)
    reason: str | None = None     # why the line is dropped; None while kept
    kind: str = ""                # "credit", "media", "symbols", ... for neighbour rules

    def __post_init__(self) -> None:
        self.words = WORD.findall(self.text)

    @cached_property
    def n_words(self) -> int:
        return len(self.words)

    @cached_property
    def stems(self) -> set[str]:
        return content_stems(self.text)

    @cached_property
    def stop_share(self) -> float:
        return sum(w.lower() in FUNCTION_WORDS for w in self.words) / max(1, self.n_words)

    @cached_property
    def n_stop(self) -> int:
        return sum(w.lower() in FUNCTION_WORDS for w in self.words)

    @cached_property
    def lower_share(self) -> float:
        return sum(w[0].islower() for w in self.words) / max(1, self.n_words)

    @cached_property
    def letter_share(self) -> float:
        letters = sum(len(word) for word in self.words)         # text is space-normalised
        return min(1.0, letters / max(1, len(self.text) - self.text.count(" ")))

    @cached_property
    def terminal(self) -> bool:
        match = TERMINAL.search(self.text)
        if not match:
            return False
        return not (match.group().startswith((":", ";")) and self.n_words < 4)

    @cached_property
    def sentence(self) -> bool:
        """Reads as running text: a real (if short) sentence, a quote, or a long clause."""
        n = self.n_words
        if n == 0:
            return False
        if self.terminal and QUOTE_START.match(self.text):
            return True
        if n == 1:          # "No." / "Nein!": a one-word reply, kept only inside the article
            return bool(re.search(r"[.!?…][\"'»”’)]*$", self.text)) and len(self.words[0]) >= 2
        if self.terminal and n >= 2 and (self.n_stop >= 1 or n >= 5 or self.lower_share >= 0.3):
            return True
        return n >= 10 and (self.stop_share >= 0.12 or self.lower_share >= 0.4)

    @property
    def kept(self) -> bool:
        return self.reason is None

    def drop(self, reason: str, kind: str = "") -> None:
        if self.reason is None:
            self.reason = reason
            self.kind = kind or self.kind


def normalise(line: str) -> str:
    line = unicodedata.normalize("NFC", line)
    line = re.sub(r"[\u200b-\u200d\u2060\ufeff\u00ad]", "", line)
    return re.sub(r"\s+", " ", line).strip()


def split_lines(text: str) -> list[str]:
    """Normalised lines, with hard-wrapped paragraph lines joined back together."""
    lines = [normalise(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    joined: list[str] = []
    for line in lines:
        previous = joined[-1] if joined else ""
        if (line and previous and len(previous) >= 40 and line[0].islower()
                and not TERMINAL.search(previous) and "|" not in previous and not _time_stamp(line)):
            joined[-1] = previous + " " + line
        else:
            joined.append(line)
    return joined


STAMP_MAX_WORDS = 4


def _time_stamp(line: str) -> bool:
    """"vandaag, 14:32", "i går kl. 10.02", "vor 2 Stunden": a page's time stamp under the
    headline, not the rest of a wrapped sentence, though it starts in lowercase."""
    if len(WORD.findall(line)) > STAMP_MAX_WORDS or TERMINAL.search(line):
        return False
    return bool(RELATIVE_TIME.match(line) or CLOCK.match(line)
                or RELATIVE_DAY.match(line) and CLOCK.search(line))


def words_lower(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def content_stems(text: str) -> set[str]:
    return {w[:6] for w in words_lower(text) if len(w) >= 4 and w not in FUNCTION_WORDS}
