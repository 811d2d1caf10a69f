"""How long ``python -m indexer update`` takes against a full build, on a folder of JSON Lines files.

    python -m indexer bench update --articles 20000 [--added 100] [--per-file 100] [--work var/bench/update-20000]
        [--data ../shared/data]

The bench corpus (``bench corpus``: synthetic articles from real sentences) of ``articles +
added`` articles is split into files of ``per-file`` articles; the first ``articles`` go into the
corpus folder and are built once with ``python -m indexer build`` (timed; reused by later runs of
this command when the index is there).  Then, each through ``python -m indexer update`` (timed,
as a user runs it, with interpreter start): the ``added`` articles as one new file; one file
changed (its first article's text edited); that file and the new one deleted again.
Whoosh, NER on, dense off (as the README's scale figures).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

from indexer.bench.corpus import DEFAULT_DATA_DIR, write_corpus
from indexer.bench.scale import _bench_config, measure_build
from indexer.config import REPO_ROOT


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    work = args.work or REPO_ROOT / "var" / "bench" / f"update-{args.articles}"
    corpus, held_back = _split_corpus(work, args)
    config = _bench_config(work, SimpleNamespace(backend="whoosh", dense=False, no_ner=False))
    build = _build_once(config, corpus, work, args.workers)
    report = {"articles": args.articles, "files": len(list(corpus.glob("*.jsonl"))), "build": build}
    added = corpus / "zz-added.jsonl"
    added.write_text("".join(held_back), encoding="utf-8")
    report["update_add"] = _timed_update(config, corpus, work)
    first = sorted(corpus.glob("part-*.jsonl"))[0]
    original = first.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    record = json.loads(lines[0])
    record["text"] += " Later the ministry corrected the figures."
    first.write_text(json.dumps(record, ensure_ascii=False) + "\n" + "".join(lines[1:]), encoding="utf-8")
    report["update_change"] = _timed_update(config, corpus, work)
    first.unlink()
    added.unlink()
    report["update_delete"] = _timed_update(config, corpus, work)
    first.write_text(original, encoding="utf-8")            # back as built, for the next run
    report["update_restore"] = _timed_update(config, corpus, work)
    report["add_vs_build"] = round(report["update_add"]["seconds"] / build["seconds"], 3)
    print(json.dumps(report, indent=1))
    return 0


def _arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m indexer bench update", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--added", type=int, default=100)
    parser.add_argument("--per-file", type=int, default=100)
    parser.add_argument("--work", type=Path)
    parser.add_argument("--workers", type=int)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="shared/data (bench corpus)")
    return parser.parse_args(argv)


def _split_corpus(work: Path, args) -> tuple[Path, list[str]]:
    """The corpus folder (files of ``per_file`` articles) and the held-back lines."""
    source = work / "source.jsonl"
    if not source.exists():
        write_corpus(source, args.articles + args.added, args.data)
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    corpus = work / "corpus"
    if not corpus.is_dir():
        corpus.mkdir(parents=True)
        for start in range(0, args.articles, args.per_file):
            part = corpus / f"part-{start // args.per_file:05d}.jsonl"
            part.write_text("".join(lines[start:min(start + args.per_file, args.articles)]), encoding="utf-8")
    return corpus, lines[args.articles:args.articles + args.added]


def _build_once(config: Path, corpus: Path, work: Path, workers: int | None) -> dict:
    figures = work / "build.json"
    if figures.exists() and (work / "index").exists():
        return json.loads(figures.read_text(encoding="utf-8"))
    build = measure_build(config, corpus, work / "index", workers)
    figures.write_text(json.dumps(build), encoding="utf-8")
    return build


def _timed_update(config: Path, corpus: Path, work: Path) -> dict:
    command = [sys.executable, "-m", "indexer", "update", "--config", str(config), "--corpus", str(corpus),
               "--index", str(work / "index"), "--quiet", "--json"]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode:
        raise RuntimeError(f"update failed (exit {result.returncode}): {result.stderr[-2000:]}")
    summary = json.loads(result.stdout)
    return {"seconds": round(seconds, 1), "articles": summary["articles"], **summary.get("changes", {})}
