"""Milliseconds per article of the NER models alone: ``python -m indexer bench ner``.

    python -m indexer bench ner [--lang da nl de nb] [--models DIR [DIR ...]] [--rounds 5] [--data ../shared/data]

The articles are the 123 NTREX-128 articles of each language (headline and body, as the build
hands them to the model).  Each models folder (default: the shipped
``indexer/entities/ner_models``; give an older checkout's folder beside it to compare) is timed
in turn, round after round, so that a busy machine slows every folder alike; the best round is
reported.  Loading a model is not timed.  Prints one tab-separated row per language and folder.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from indexer.config import REPO_ROOT

DEFAULT_MODELS = REPO_ROOT / "indexer" / "entities" / "ner_models"


def best_ms_per_article(taggers: dict[str, object], texts: list[str], lang: str, rounds: int) -> dict[str, float]:
    """The fastest of ``rounds`` runs of each tagger over ``texts``, in ms per text."""
    best = {name: float("inf") for name in taggers}
    for tagger in taggers.values():
        tagger.spans_many(texts[:2], lang)          # load the model outside the timing
    for _ in range(rounds):
        for name, tagger in taggers.items():
            started = time.perf_counter()
            tagger.spans_many(texts, lang)
            best[name] = min(best[name], (time.perf_counter() - started) * 1000 / len(texts))
    return best


def main(argv: list[str] | None = None) -> int:
    from indexer.entities.ner_model import NerTagger
    from indexer.eval.ntrex import load_ntrex

    parser = argparse.ArgumentParser(prog="python -m indexer bench ner", description=__doc__.splitlines()[0])
    parser.add_argument("--lang", nargs="+", default=["da", "nl", "de", "nb"])
    parser.add_argument("--models", nargs="+", type=Path, default=[DEFAULT_MODELS], help="models folders to time")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--data", type=Path, default=REPO_ROOT.parent / "shared" / "data")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    articles = load_ntrex(args.data)
    print("lang\tmodels\tarticles\tms_per_article")
    for lang in args.lang:
        texts = [f"{title}\n{body}" for title, body in articles[lang].values()]
        taggers = {str(folder): NerTagger(folder) for folder in args.models}
        for folder, ms in best_ms_per_article(taggers, texts, lang, args.rounds).items():
            print(f"{lang}\t{folder}\t{len(texts)}\t{ms:.1f}")
    return 0
