"""Query latency of the app's ranking: NTREX headlines against the mixed index of 615 bodies.

    python -m indexer bench search [--queries 300] [--distractors]

Builds the index as ``python -m indexer build --corpus`` does (in a temporary folder), then
times ``SearchService.search`` — the call behind the web page and ``/api/search``: ranking,
facets, snippets — for each query, once with every channel on and once without the dense
channel, and prints p50, p95 and mean in milliseconds.  Each setting gets a warm-up pass over
the first 20 queries (models loaded, query vectors not cached for the timed pass: the queries
are timed in a fresh service with an empty query-vector cache).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path


from indexer.bench import uncached
from indexer.config import load_config  # noqa: E402
from indexer.eval.ntrex import DEFAULT_DATA_DIR, distractor_articles, load_ntrex  # noqa: E402
from indexer.eval.retrieval import VARIANTS, build_ours, ntrex_collection, with_channels  # noqa: E402
from indexer.search.service import SearchService  # noqa: E402

SETTINGS = {"all channels": VARIANTS["all"], "without dense": VARIANTS["all but dense"]}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--distractors", action="store_true", help="add the 10,382 distractor articles")
    args = parser.parse_args(argv)

    from indexer.store import dense

    config = load_config()
    ntrex = load_ntrex(args.data_dir)
    headlines = [headline for articles in ntrex.values() for headline, _ in articles.values()]
    step = max(1, len(headlines) // args.queries)
    queries = headlines[::step][:args.queries]
    distractors = list(distractor_articles(args.data_dir)) if args.distractors else []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        index = build_ours(config, ntrex_collection(ntrex, distractors), Path(tmp))
        rows = []
        for name, channels in SETTINGS.items():
            service = SearchService(uncached(with_channels(config, channels)), index_dir=index)
            for query in headlines[-20:]:                        # warm-up: models, index, caches
                service.search({"q": [query]})
            dense.embed_query.cache_clear()
            times = []
            for query in queries:
                started = time.perf_counter()
                service.search({"q": [query]})
                times.append((time.perf_counter() - started) * 1000)
            rows.append((name, percentile(times, 50), percentile(times, 95), statistics.fmean(times)))
    docs = sum(len(a) for a in ntrex.values()) + len(distractors)
    print(f"{len(queries)} NTREX headline queries, {docs} documents, SearchService.search (ranking, facets, "
          "snippets), ms")
    print(f"| setting | p50 | p95 | mean |\n| --- | ---: | ---: | ---: |")
    for name, p50, p95, mean in rows:
        print(f"| {name} | {p50:.1f} | {p95:.1f} | {mean:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
