"""The retrieval figures of ``python -m indexer eval retrieval`` (our default ranking, every task of
NTREX and XQuAD) measured through the two CLI commands alone, as Pyserini's reproductions do: a
collection folder in, an index out; topics in, TREC runs out; ir-measures scores the runs.

    python -m indexer eval cli [--work DIR] [--half odd|even|all] [--benchmark NTREX] [--articles N]

Writes into the work folder (a temporary one by default), per benchmark, the JSON Lines corpus,
one topics file (``qid<TAB>query``) and one qrels file per task, then runs, as separate processes,

    python -m indexer build --corpus WORK/B/corpus --index WORK/B/index
    python -m indexer batch-search --index WORK/B/index --topics WORK/B/topics/T.tsv \\
        --output WORK/B/runs/T.trec --hits 100 [--lang D]

and prints the table of ``python -m indexer eval retrieval`` for its ``ours`` column; both must agree.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from indexer.config import REPO_ROOT as REPO

from indexer.eval.benchmarks import HALVES, REPORTED_HALF, Benchmark, Task, benchmarks  # noqa: E402
from indexer.eval.ntrex import DEFAULT_DATA_DIR  # noqa: E402
from indexer.eval.retrieval import by_group, format_table, score, write_corpus  # noqa: E402


def indexer_cli(*args: str) -> None:
    """One ``python -m indexer`` command in its own process; stops on failure."""
    subprocess.run([sys.executable, "-m", "indexer", *args], cwd=REPO, check=True, stdout=subprocess.DEVNULL)


def read_trec_run(path: Path) -> dict[str, list[tuple[str, float]]]:
    """``qid Q0 docid rank score tag`` lines -> ``{qid: [(docid, score), ...]}`` in rank order."""
    run: dict[str, list[tuple[int, str, float]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        qid, _q0, docid, rank, value, _tag = line.split()
        run.setdefault(qid, []).append((int(rank), docid, float(value)))
    return {qid: [(docid, value) for _, docid, value in sorted(hits)] for qid, hits in run.items()}


def write_qrels(qrels: dict[str, dict[str, int]], path: Path) -> None:
    path.write_text("".join(f"{qid} 0 {docid} {rel}\n" for qid, docs in qrels.items() for docid, rel in docs.items()),
                    encoding="utf-8")


def run_task(work: Path, task: Task) -> dict:
    """Topics and qrels of one task to files, ``batch-search`` over them, the run scored."""
    name = task.name.replace(" ", "-").replace(">", "")
    topics_file, run_file = work / "topics" / f"{name}.tsv", work / "runs" / f"{name}.trec"
    topics_file.write_text("".join(f"{qid}\t{text}\n" for qid, text in task.topics.items()), encoding="utf-8")
    write_qrels(task.qrels, work / "qrels" / f"{name}.txt")
    langs = [arg for lang in task.doc_langs or () for arg in ("--lang", lang)]
    indexer_cli("batch-search", "--index", str(work / "index"), "--topics", str(topics_file),
                "--output", str(run_file), "--hits", "100", *langs)
    return score(read_trec_run(run_file), task.qrels)


def run_benchmark(bench: Benchmark, work: Path) -> dict[str, dict[str, float]]:
    """Build the benchmark's collection with ``build --corpus``, run every task with ``batch-search``."""
    for folder in ("topics", "qrels", "runs"):
        (work / folder).mkdir(parents=True, exist_ok=True)
    write_corpus(bench.collection, work / "corpus")
    indexer_cli("build", "--corpus", str(work / "corpus"), "--index", str(work / "index"), "--quiet")
    per_task = {}
    for task in bench.tasks:
        per_task[task.name] = run_task(work, task)
        print(f"eval_through_cli: {task.name} done", file=sys.stderr)
    return by_group(per_task, bench.tasks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indexer eval cli", description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, help="keep corpus, index, topics, qrels and runs here")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--half", choices=HALVES, default=REPORTED_HALF, help="queries of this half (default: %(default)s)")
    parser.add_argument("--benchmark", action="append", choices=("NTREX", "XQuAD"), help="only this benchmark")
    parser.add_argument("--articles", type=int, default=0, help="only the first N NTREX articles (quick runs)")
    args = parser.parse_args(argv)

    groups: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="retrieval-cli-") as tmp:
        work = args.work or Path(tmp)
        for bench in benchmarks(args.data_dir, args.half, args.articles, args.benchmark or ("NTREX", "XQuAD")):
            groups.update(run_benchmark(bench, work / bench.name))
    print(f"queries: the {args.half} half")
    print(format_table({"ours via CLI": groups}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
