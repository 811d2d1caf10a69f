"""Which sentences of each NER development set may be looked at, and which are only reported.

Every development set is split by 0-based sentence index in file order (sentences as
``indexer.train.conll.read_sentences`` yields them), into

``tuning``
    the part used for every choice: checkpoint selection while training, training settings,
    tables, rules and evidence thresholds of the extractor;
``heldout``
    the part that is scored only to report (README "Named-entity recognition"), never while
    choosing anything.

==== ============================================== ======================= ======================
lang development set                               tuning                  held out
==== ============================================== ======================= ======================
nb   norne-nob/no_bokmaal-ud-dev.conllu             i % 2 == 0 (1,205)      i % 2 == 1 (1,205)
da   danplus-news-da/da_news_dev.tsv                i % 2 == 0 (282)        i % 2 == 1 (282)
nl   conll2002-nl/ned.testa                         i % 2 == 0 (1,448)      i % 2 == 1 (1,447)
de   germeval2014-de/de_news_dev.tsv                i % 10 == 4 (220)       i % 10 == 9 (220)
==== ============================================== ======================= ======================

German has no training split, so the GermEval development file is also its training data:
sentences with ``i % 5 != 4`` (80 %) are trained on, and the remaining 20 % is divided into
the tuning and held-out parts above.  The split is by index and not by document because the
files carry no document ids (CoNLL-2002 shuffles sentences inside an article anyway).

    python -m indexer eval ner FILE --format F --lang L --part heldout
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

Item = TypeVar("Item")
PARTS = ("all", "tuning", "heldout")


@dataclass(frozen=True)
class DevSplit:
    """Sentence ``i`` is in the tuning part when ``i % modulus == tuning``, held out when
    ``i % modulus == heldout``, and in neither part otherwise (German: training data)."""

    modulus: int
    tuning: int
    heldout: int

    def part_of(self, index: int) -> str | None:
        residue = index % self.modulus
        return "tuning" if residue == self.tuning else "heldout" if residue == self.heldout else None


HALVES = DevSplit(2, 0, 1)
GERMAN = DevSplit(10, 4, 9)
GERMAN_TRAIN_EVERY = 5          # German sentences with i % 5 != 4 are training data
DEV_SPLITS: dict[str, DevSplit] = {"nb": HALVES, "da": HALVES, "nl": HALVES, "de": GERMAN}


def dev_split(lang: str) -> DevSplit:
    """The split of ``lang``'s development set (languages without one: halves)."""
    return DEV_SPLITS.get(lang, HALVES)


def select_part(items: Iterable[Item], lang: str, part: str) -> list[Item]:
    """The sentences of one part (``all``, ``tuning`` or ``heldout``) of ``lang``'s dev set."""
    if part not in PARTS:
        raise ValueError(f"unknown part {part!r} (known: {', '.join(PARTS)})")
    items = list(items)
    if part == "all":
        return items
    split = dev_split(lang)
    return [item for i, item in enumerate(items) if split.part_of(i) == part]


def german_training_part(items: Iterable[Item]) -> list[Item]:
    """The GermEval sentences trained on: index ``i % 5 != 4``."""
    return [item for i, item in enumerate(items) if i % GERMAN_TRAIN_EVERY != GERMAN_TRAIN_EVERY - 1]
