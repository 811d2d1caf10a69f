"""Speed and memory at scale, side by side with raw Lucene BM25 on the same documents, in one run.

    python -m indexer bench scale --articles 20000 --backend whoosh|lucene [--work var/bench/20k] [--dense] [--no-ner]
                                  [--reuse-build]

1. corpus: ``--articles`` synthetic articles from real sentences (``indexer.bench.corpus``), or
   ``--corpus FILE`` (JSON Lines); kept in ``--work`` and reused by the next run;
2. build: ``python -m indexer build`` in its own process group: wall time, articles/s, and the
   peak memory of the whole build (the process and its workers, summed, sampled every 0.2 s),
   resident and private (resident less pages shared with files);
3. raw Lucene: the same documents (headline + body) into Anserini, one index per language;
4. queries, each timed alone after a warm-up, through ``SearchService.search`` (the call behind
   ``/api/search``: ranking, the four facets, snippets of the page): three-word queries from
   headlines; browsing (empty query + a language filter); a three-word query with two facet
   filters (an actor and a place).  Raw Lucene runs the same three-word queries (top 10 over the
   per-language indexes) in the same process, and the table gives the ratio.  With ``--dense``
   each kind is timed with its query vectors computed (their memo emptied after the warm-up),
   and the three-word queries once more with their vectors memoised (a user paging or refining).

Absolute times depend on the machine; the ratios are the figures to compare.  On a shared
machine the wall clock includes the time a query waits for a core: the CPU milliseconds of
the process per query are reported beside it.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import yaml

from indexer.bench import uncached
from indexer.bench.corpus import write_corpus
from indexer.config import REPO_ROOT, load_config
from indexer.lang import stopwords

WARM_UP = 10


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    work = args.work or REPO_ROOT / "var" / "bench" / f"{args.backend}-{args.articles}"
    work.mkdir(parents=True, exist_ok=True)
    corpus = _corpus(args, work)
    config_path = _bench_config(work, args)
    build = _build(args, config_path, corpus, work)
    articles = _read_articles(corpus)
    raw_build = _raw_lucene_build(articles, work / "lucene")
    queries = make_queries(articles, args.queries, args.seed)
    timings = measure_queries(config_path, work / "index", work / "lucene", queries)
    report = {"backend": args.backend, "articles": build["articles"], "dense": args.dense, "ner": not args.no_ner,
              "build": build, "raw_lucene_build": raw_build, "queries": timings}
    print(json.dumps(report, indent=1) if args.json else format_report(report))
    return 0


def _arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m indexer bench scale", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--backend", default="whoosh", help="whoosh | lucene | opensearch")
    parser.add_argument("--corpus", type=Path, help="a JSON Lines corpus instead of a synthetic one")
    parser.add_argument("--work", type=Path, help="working folder (default: var/bench/BACKEND-N)")
    parser.add_argument("--queries", type=int, default=200, help="queries of each kind")
    parser.add_argument("--dense", action="store_true", help="dense channel on (as config.yaml ships)")
    parser.add_argument("--no-ner", action="store_true", help="extract.use_ner: false")
    parser.add_argument("--workers", type=int, help="build worker processes (default: CPU cores)")
    parser.add_argument("--reuse-build", action="store_true",
                        help="time the queries on the index the last run of this --work built (its build figures kept)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    return parser.parse_args(argv)


def _corpus(args, work: Path) -> Path:
    if args.corpus:
        return args.corpus
    path = work / "corpus" / "articles.jsonl"
    if not path.exists() or sum(1 for _ in path.open(encoding="utf-8")) != args.articles:
        write_corpus(path, args.articles)
    return path


def _bench_config(work: Path, args) -> Path:
    """config.yaml with the benchmark's backend and channels, paths made absolute."""
    raw = yaml.safe_load((REPO_ROOT / "config.yaml").read_text(encoding="utf-8"))
    raw["backend"] = args.backend
    raw["ranking"]["channels"]["dense"] = bool(args.dense)
    raw["extract"]["use_ner"] = not args.no_ner
    absolute_paths(raw)
    path = work / "config.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    load_config(path)       # validated as the build will read it
    return path


def absolute_paths(raw: dict) -> None:
    """Relative ``*_dir`` and ``*_file`` settings made absolute (a config written elsewhere)."""
    for key, value in raw.items():
        if isinstance(value, dict):
            absolute_paths(value)
        elif isinstance(value, str) and key.endswith(("_dir", "_file")) and not Path(value).is_absolute():
            raw[key] = str(REPO_ROOT / value)


# -- build ---------------------------------------------------------------------------------------

def _build(args, config_path: Path, corpus: Path, work: Path) -> dict:
    """The build's figures: measured now, or those of the last build in ``work`` (``--reuse-build``)."""
    figures = work / "build.json"
    if args.reuse_build and figures.exists() and (work / "index").exists():
        return json.loads(figures.read_text(encoding="utf-8"))
    build = measure_build(config_path, corpus.parent, work / "index", args.workers)
    figures.write_text(json.dumps(build), encoding="utf-8")
    return build


def measure_build(config: Path, corpus_dir: Path, index_dir: Path, workers: int | None) -> dict:
    command = [sys.executable, "-m", "indexer", "build", "--config", str(config), "--corpus", str(corpus_dir),
               "--index", str(index_dir), "--quiet", "--json"] + (["--workers", str(workers)] if workers else [])
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.PIPE, start_new_session=True, text=True)
    sampler = _PeakMemory(process.pid)
    sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    sampler.stop()
    if process.returncode:
        raise RuntimeError(f"the build failed (exit {process.returncode})")
    summary = json.loads(output)
    return {"articles": summary["articles"], "seconds": round(seconds, 1),
            "articles_per_s": round(summary["articles"] / seconds, 1), "peak_mib": round(sampler.peak / 2**20),
            "peak_private_mib": round(sampler.peak_private / 2**20),
            "skipped": len(summary["skipped"]), "phases_s": summary.get("phases", {})}


class _PeakMemory(threading.Thread):
    """The largest summed resident memory of a process group, and the largest summed private
    part of it (resident less the pages shared with files: mapped index files, libraries), sampled."""

    def __init__(self, group: int, every: float = 0.2):
        super().__init__(daemon=True)
        self.group, self.every, self.peak, self.peak_private = group, every, 0, 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(self.every):
            resident, private = group_memory(self.group)
            self.peak, self.peak_private = max(self.peak, resident), max(self.peak_private, private)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _group_processes(group: int) -> Iterator[tuple[str, list[str]]]:
    """(pid, the fields of /proc/<pid>/stat after the command name) of every process of a group."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue        # the process ended meanwhile
        if int(fields[2]) == group:
            yield stat.parent.name, fields


def group_usage(group: int) -> tuple[float, int]:
    """(CPU seconds, resident bytes) of every process of a process group, summed (Linux /proc)."""
    cpu_ticks = rss_pages = 0
    for _, fields in _group_processes(group):
        cpu_ticks += int(fields[11]) + int(fields[12])
        rss_pages += int(fields[21])
    return cpu_ticks / os.sysconf("SC_CLK_TCK"), rss_pages * os.sysconf("SC_PAGE_SIZE")


def group_memory(group: int) -> tuple[int, int]:
    """(resident, private resident) bytes of a process group, summed (/proc/<pid>/statm)."""
    resident = shared = 0
    for pid, _ in _group_processes(group):
        try:
            pages = Path(f"/proc/{pid}/statm").read_text().split()
        except OSError:
            continue
        resident, shared = resident + int(pages[1]), shared + int(pages[2])
    page = os.sysconf("SC_PAGE_SIZE")
    return resident * page, (resident - shared) * page


# -- raw Lucene ------------------------------------------------------------------------------------

def _read_articles(corpus: Path) -> list[dict]:
    with corpus.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _raw_lucene_build(articles: list[dict], root: Path) -> dict:
    from indexer.eval.lucene_baseline import build_multilingual_index

    if root.exists() and any(root.iterdir()):
        return {"reused": True}
    started = time.perf_counter()
    build_multilingual_index(((a["id"], f"{a.get('title', '')}\n{a['text']}", a["lang"]) for a in articles), root)
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 1), "articles_per_s": round(len(articles) / seconds, 1)}


# -- queries ---------------------------------------------------------------------------------------

def make_queries(articles: list[dict], count: int, seed: int) -> dict[str, list[dict]]:
    """Three-word queries from the headlines of random articles, browsing requests, and
    filtered queries (their actor and place filters are filled in once the index answers)."""
    rng = random.Random(seed)
    words = []
    while len(words) < count:
        article = rng.choice(articles)
        stops = stopwords(article["lang"])
        content = [w.strip(".,:;!?\"'()«»„“”") for w in article.get("title", "").split()]
        content = [w for w in content if len(w) >= 4 and w.lower() not in stops]
        if len(content) >= 3:
            words.append(" ".join(rng.sample(content, 3)))
    langs = sorted({a["lang"] for a in articles})
    return {"three words": [{"q": q} for q in words],
            "browse (language filter)": [{"lang": rng.choice(langs)} for _ in range(count)],
            "two facet filters": [{"q": q} for q in words]}


def measure_queries(config_path: Path, index_dir: Path, lucene_root: Path, queries: dict) -> dict:
    from indexer.eval.lucene_baseline import MultilingualSearcher
    from indexer.search.service import SearchService

    service = SearchService(uncached(load_config(config_path)), index_dir)
    queries["two facet filters"] = [_with_facet_filters(service, params) for params in queries["two facet filters"]]
    raw = MultilingualSearcher(lucene_root)
    try:
        out = {kind: _latency(service.search, params, forget_query_vectors) for kind, params in queries.items()}
        if service.config.ranking.channels.dense:      # a user pages and refines: the vector is memoised
            out["three words, query vectors cached"] = _latency(service.search, queries["three words"])
        out["raw Lucene BM25 (three words)"] = _latency(lambda p: raw.search(p["q"], 10), queries["three words"])
    finally:
        raw.close()
    return out


def _with_facet_filters(service, params: dict) -> dict:
    facets = service.search(params)["facets"]
    chosen = dict(params)
    for name in ("actor", "place"):
        if facets.get(name):
            chosen[name] = facets[name][0]["value"]
    return chosen


def forget_query_vectors() -> None:
    """Empty the memo of query vectors: each kind of query is timed with its vectors computed
    (the facet-filter queries repeat the three-word ones, and the warm-up repeats the first)."""
    from indexer.store.dense import embed_query

    embed_query.cache_clear()


def _latency(run, params_list: list[dict], after_warm_up=lambda: None) -> dict:
    """Wall-clock milliseconds per query, and the CPU milliseconds of this process (its JVM
    threads included) per query: on a shared machine the wall clock includes waiting for a core."""
    for params in params_list[:WARM_UP]:
        run(params)
    after_warm_up()
    times, cpu = [], []
    for params in params_list:
        started, started_cpu = time.perf_counter(), time.process_time()
        run(params)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    times.sort()
    cpu.sort()
    return {"n": len(times), "p50_ms": round(statistics.median(times), 1), "p95_ms": round(_p95(times), 1),
            "mean_ms": round(statistics.fmean(times), 1), "cpu_p50_ms": round(statistics.median(cpu), 1),
            "cpu_p95_ms": round(_p95(cpu), 1)}


def _p95(values: list[float]) -> float:
    return values[int(0.95 * (len(values) - 1))]


def format_report(report: dict) -> str:
    build, raw = report["build"], report["queries"]["raw Lucene BM25 (three words)"]
    lines = [f"backend {report['backend']}, {build['articles']} articles, dense {'on' if report['dense'] else 'off'}, "
             f"NER {'on' if report['ner'] else 'off'}", "",
             "| build | seconds | articles/s | peak memory (all processes) | of it private, peak |",
             "| --- | ---: | ---: | ---: | ---: |",
             f"| ours | {build['seconds']} | {build['articles_per_s']} | {build['peak_mib']} MiB "
             f"| {build.get('peak_private_mib', '')} MiB |"]
    if "seconds" in report["raw_lucene_build"]:
        lucene = report["raw_lucene_build"]
        lines.append(f"| raw Lucene (Anserini) | {lucene['seconds']} | {lucene['articles_per_s']} | | |")
    lines += ["", "| queries | n | p50 ms | p95 ms | p95 / raw Lucene p95 | CPU p50 ms | CPU p95 ms |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for kind, t in report["queries"].items():
        lines.append(f"| {kind} | {t['n']} | {t['p50_ms']} | {t['p95_ms']} | {t['p95_ms'] / max(raw['p95_ms'], 0.01):.1f}× "
                     f"| {t.get('cpu_p50_ms', '')} | {t.get('cpu_p95_ms', '')} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
