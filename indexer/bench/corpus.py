"""A scale corpus the project owns: N synthetic news articles assembled from real sentences.

    python -m indexer bench corpus 100000 var/bench/corpus-100k.jsonl [--data ../shared/data] [--seed 1]

The sentences are real news text from ``shared/data``: the NTREX-128 bodies (en, de, nl, da, nb)
and the NER corpora's sentences (nl, nb, da, de; see ``indexer.eval.ntrex.distractor_articles``).
Each article takes one language, a headline (a sentence of 5-16 words) and 8-20 body sentences
drawn from that language's pool, a date spread over one year and an outlet of that language, so
that the facets, the date filter and the per-language fields all see realistic data.  The output
is JSON Lines, one record per line, written as it is made (memory stays flat at any N); the same
``--seed`` gives the same file.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from indexer.eval.ntrex import DEFAULT_DATA_DIR, distractor_articles, load_ntrex

# Articles per language, as a share of the corpus: the project's press (nl, de, da, nb) and some English.
LANGUAGE_SHARES = {"nl": 0.25, "de": 0.25, "da": 0.2, "nb": 0.2, "en": 0.1}
OUTLETS = {
    "nl": ("nos.nl", "nrc.nl", "volkskrant.nl", "trouw.nl"),
    "de": ("tagesschau.de", "spiegel.de", "zeit.de", "faz.net"),
    "da": ("dr.dk", "politiken.dk", "berlingske.dk"),
    "nb": ("nrk.no", "aftenposten.no", "vg.no"),
    "en": ("bbc.co.uk", "reuters.com"),
}
FIRST_DAY = date(2024, 1, 1)
DAYS = 366


def sentence_pools(data_dir: Path) -> dict[str, list[str]]:
    """Every real sentence per language, in a fixed order."""
    pools: dict[str, list[str]] = {lang: [] for lang in LANGUAGE_SHARES}
    for lang, articles in load_ntrex(data_dir).items():
        for headline, body in articles.values():
            pools[lang].append(headline)
            pools[lang].extend(body.splitlines())
    for article in distractor_articles(data_dir):
        pools[article["lang"]].append(article["title"])
        pools[article["lang"]].extend(article["text"].splitlines())
    return {lang: [s for s in sentences if s.strip()] for lang, sentences in pools.items()}


def synthetic_articles(pools: dict[str, list[str]], count: int, seed: int = 1) -> Iterator[dict]:
    rng = random.Random(seed)
    langs, shares = zip(*LANGUAGE_SHARES.items())
    headlines = {lang: [s for s in pool if 5 <= len(s.split()) <= 16] or pool for lang, pool in pools.items()}
    for n in range(count):
        lang = rng.choices(langs, shares)[0]
        body = rng.sample(pools[lang], rng.randint(8, 20))
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        yield {"id": f"bench-{n:07d}", "lang": lang, "title": rng.choice(headlines[lang]),
               "text": "\n".join(body), "date": day.isoformat(), "source": rng.choice(OUTLETS[lang])}


def write_corpus(path: Path, count: int, data_dir: Path = DEFAULT_DATA_DIR, seed: int = 1) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    pools = sentence_pools(data_dir)
    with path.open("w", encoding="utf-8") as out:
        for article in synthetic_articles(pools, count, seed):
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indexer bench corpus", description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of articles")
    parser.add_argument("output", type=Path, help="JSON Lines file to write")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="shared/data (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("count: expected a positive number of articles")
    written = write_corpus(args.output, args.count, args.data, args.seed)
    print(f"{written} articles written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
