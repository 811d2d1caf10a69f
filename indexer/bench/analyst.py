"""The analyst's tools at scale: date chart, date and source filters, claims, facet value search, export.

    python -m indexer bench analyst --articles 5000 [--work var/bench/analyst-5000] [--no-ner] [--data DIR]

Builds the synthetic corpus of ``bench corpus`` (dates over one year, an outlet each) through
``python -m indexer build`` (reused when ``--work`` already holds it), then times, through the
search service (the calls behind the page and the API), each kind of request ``--queries`` times
after a warm-up: p50 / p95 / mean ms.  The export is timed once over every article, with the
growth of the process's peak memory while it streams.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

from indexer.bench import uncached
from indexer.bench.corpus import write_corpus
from indexer.bench.scale import _bench_config, _latency, _read_articles, make_queries, measure_build
from indexer.config import REPO_ROOT, load_config
from indexer.eval.ntrex import DEFAULT_DATA_DIR


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    work = args.work or REPO_ROOT / "var" / "bench" / f"analyst-{args.articles}"
    corpus = work / "corpus" / "articles.jsonl"
    if not corpus.exists() or sum(1 for _ in corpus.open(encoding="utf-8")) != args.articles:
        write_corpus(corpus, args.articles, args.data, args.seed)
    config_path = _bench_config(work, argparse.Namespace(backend=args.backend, dense=False, no_ner=args.no_ner))
    build = None
    if not (work / "index").exists():
        build = measure_build(config_path, corpus.parent, work / "index", args.workers)
    from indexer.search.service import SearchService

    service = SearchService(uncached(load_config(config_path)), work / "index")
    report = {"articles": service.count(), "build": build,
              "requests": measure_requests(service, _read_articles(corpus), args.queries, args.seed),
              "export": measure_export(service)}
    print(json.dumps(report, indent=1))
    return 0


def measure_requests(service, articles: list[dict], count: int, seed: int) -> dict:
    rng = random.Random(seed)
    words = [{"q": params["q"]} for params in make_queries(articles, count, seed)["three words"]]
    days = sorted({a["date"][:10] for a in articles if a.get("date")})
    months = sorted({day[:7] for day in days})
    sources = [v["value"] for v in service.search({})["facets"]["source"]]
    units = [v["value"].rpartition(":")[0] for v in service.search({})["facets"]["number"]]
    units = [unit for unit in units if unit]            # a bare number counts nothing: no claims
    unit = max(set(units), key=units.count) if units else "soldiers"
    actors = [v["label"] for v in service.search({})["facets"]["actor"]] or ["a"]
    kinds = {
        "browse: date chart + every facet (empty query)": lambda p: service.search({}),
        "three words, sort=relevance": lambda p: service.search(p),
        "three words, sort=date": lambda p: service.search({**p, "sort": "date"}),
        "three words + one month (date_from/date_to)": lambda p: service.search(
            {**p, **_month(rng.choice(months))}),
        "three words + a source filter": lambda p: service.search({**p, "source": rng.choice(sources)}),
        f"claims, unit={unit} (every matching article)": lambda p: service.claims({"unit": unit}),
        f"claims, unit={unit}, three words": lambda p: service.claims({**p, "unit": unit}),
        "facet value search, actor, 2-letter prefix": lambda p: service.facet_search(
            "actor", {"prefix": rng.choice(actors)[:2]}),
    }
    timings = {name: _latency(run, words) for name, run in kinds.items()}
    every = service.claims({"unit": unit})
    timings["claims found, every matching article"] = {"unit": unit, "articles": every["articles"],
                                                       "claims": every["claims"], "values": len(every["groups"])}
    return timings


def measure_export(service) -> dict:
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    lines = sum(1 for _ in service.export({}, "csv")) - 1
    seconds = time.perf_counter() - started
    growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before
    return {"articles": lines, "seconds": round(seconds, 2), "articles_per_s": round(lines / seconds),
            "peak_memory_growth_mib": round(growth / 1024, 1)}


def _month(month: str) -> dict:
    year, number = map(int, month.split("-"))
    following = f"{year + number // 12}-{number % 12 + 1:02d}-01"
    from datetime import date, timedelta

    last = date.fromisoformat(following) - timedelta(days=1)
    return {"date_from": f"{month}-01", "date_to": last.isoformat()}


def _arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m indexer bench analyst", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--backend", default="whoosh")
    parser.add_argument("--work", type=Path)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="shared/data (default: %(default)s)")
    parser.add_argument("--queries", type=int, default=50, help="requests of each kind")
    parser.add_argument("--no-ner", action="store_true", help="extract.use_ner: false")
    parser.add_argument("--workers", type=int)
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())
