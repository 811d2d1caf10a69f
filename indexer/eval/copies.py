"""How well copy detection separates agency copies from other articles: precision and recall on
synthetic edits of real news text (NTREX-128, ``../shared/data/ntrex``).

    python -m indexer eval copies [--data ../shared/data] [--json]

Each NTREX article (in each of the five languages) is cut in two: its first half stands for an
agency text and gets two *copies* as a news desk makes them (a credit added, a sentence or two
cut, the last sentence dropped, a few words changed, sometimes a sentence added, a shorter
headline); its second half stands for *another article on the same story* (the same names and
words, other sentences, one sentence of the first quoted).  Copy
detection (the build's signatures and grouping) runs over all of these per language; a pair in
one group is a predicted copy; precision and recall count pairs.

The articles are split by position: the first half *tunes* (the highest threshold whose F1 is
within 0.01 of the best is chosen there), the second half is only *reported* at the chosen and the configured threshold.
"""
from __future__ import annotations

import argparse
import itertools
import json
import random
from pathlib import Path

from indexer.bench.corpus import DEFAULT_DATA_DIR
from indexer.config import load_config
from indexer.copies import CopyFinder, signature
from indexer.eval.ntrex import load_ntrex

THRESHOLDS = [round(0.2 + 0.05 * i, 2) for i in range(15)]
F1_MARGIN = 0.01
CREDITS = {"en": "(Reuters)", "de": "(dpa)", "nl": "(ANP)", "da": "(Ritzau)", "nb": "(NTB)"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indexer eval copies", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--config", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    settings = load_config(args.config).copies
    ntrex = load_ntrex(args.data)
    ids = list(ntrex["en"])
    tune, held_out = ids[:len(ids) // 2], ids[len(ids) // 2:]
    sweep = {t: score(ntrex, tune, t, settings) for t in THRESHOLDS}
    # The highest threshold within F1_MARGIN of the best F1: a margin against texts that share
    # more boilerplate than these do.
    top = max(sweep[t]["f1"] for t in THRESHOLDS)
    best = max(t for t in THRESHOLDS if sweep[t]["f1"] >= top - F1_MARGIN)
    report = {"tune_articles": len(tune), "held_out_articles": len(held_out), "tune_sweep": sweep,
              "chosen_threshold": best, "held_out_at_chosen": score(ntrex, held_out, best, settings),
              "configured_threshold": settings.threshold,
              "held_out_at_configured": score(ntrex, held_out, settings.threshold, settings)}
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        for name in ("held_out_at_chosen", "held_out_at_configured"):
            print(f"{name}: {report[name]}")
        print(f"chosen on the tuning half: {best} (F1 {sweep[best]['f1']})")
    return 0


def score(ntrex: dict, article_ids: list[str], threshold: float, settings) -> dict:
    """Pairwise precision and recall of copy grouping over the synthetic items of ``article_ids``."""
    true_pairs, predicted = set(), set()
    for lang, articles in ntrex.items():
        finder = CopyFinder(threshold, settings.num_perm)
        for n, article_id in enumerate(article_ids):
            rng = random.Random(f"{lang}-{article_id}")
            headline, body = articles[article_id]
            sentences = body.split("\n")
            if len(sentences) < 8:
                continue
            items = synthetic_items(f"{lang}-{n}", headline, sentences, lang, rng)
            for item_id, title, text in items:
                finder.add(item_id, lang, signature(f"{title}\n\n{text}", settings.num_perm, settings.shingle_words))
            copies = [item_id for item_id, _, _ in items if "copy" in item_id or item_id.endswith("original")]
            true_pairs |= {tuple(sorted(pair)) for pair in itertools.combinations(copies, 2)}
        for members in finder.groups().members.values():
            predicted |= {tuple(sorted(pair)) for pair in itertools.combinations(members, 2)}
    hits = len(true_pairs & predicted)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(true_pairs) if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"threshold": threshold, "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "copy_pairs": len(true_pairs), "predicted_pairs": len(predicted)}


def synthetic_items(key: str, headline: str, sentences: list[str], lang: str, rng: random.Random) -> list[tuple]:
    """The story's first half as the agency text (the original) with two edited copies, and its
    second half as another article on the same story that quotes one sentence of the first."""
    half = len(sentences) // 2
    first, second = sentences[:half], sentences[half:]
    return [(f"{key}-original", headline, " ".join(first)),
            (f"{key}-copy1", *agency_copy(headline, first, lang, rng)),
            (f"{key}-copy2", *agency_copy(headline, first, lang, rng)),
            (f"{key}-other", second[0], " ".join(second[1:] + [rng.choice(first)]))]


def agency_copy(headline: str, sentences: list[str], lang: str, rng: random.Random) -> tuple[str, str]:
    """What a desk makes of an agency text: each edit with some chance, at least two of them."""
    kept = list(sentences)
    for _ in range(rng.choice([0, 1, 1, 2])):           # a sentence or two cut
        if len(kept) > 3:
            kept.pop(rng.randrange(1, len(kept)))
    if rng.random() < 0.3 and len(kept) > 4:             # the tail trimmed
        kept = kept[:-1]
    words = " ".join(kept).split()
    for _ in range(max(1, len(words) // 40)):            # a few words changed
        position = rng.randrange(len(words))
        words[position] = rng.choice(words)
    text = " ".join(words)
    if rng.random() < 0.7:
        text = f"{CREDITS[lang]} {text}"
    if rng.random() < 0.3:
        text += f" {rng.choice(sentences)}"
    title = headline if rng.random() < 0.5 else " ".join(headline.split()[: max(3, len(headline.split()) - 2)])
    return title, text
