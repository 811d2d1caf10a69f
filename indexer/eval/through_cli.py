"""The NTREX retrieval figures measured through the two CLI commands alone, as Pyserini's
reproductions do: a collection folder in, an index out; topics in, TREC runs out; ir-measures
scores the runs.

    python -m indexer eval cli [--work DIR] [--distractors] [--articles N]

Writes into the work folder (a temporary one by default) the JSON Lines corpus, one topics
file (``qid<TAB>headline``) and one qrels file per task, then runs, as separate processes,

    python -m indexer build --corpus WORK/corpus --index WORK/index
    python -m indexer batch-search --index WORK/index --topics WORK/topics/T.tsv \\
        --output WORK/runs/T.trec --hits 100 [--lang D]

and prints the same summary as ``python -m indexer eval retrieval``; both must agree.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from indexer.config import REPO_ROOT as REPO

from indexer.eval.ntrex import DEFAULT_DATA_DIR, distractor_articles, load_ntrex, first_articles  # noqa: E402
from indexer.eval.retrieval import (format_side_by_side, ntrex_collection, put_score, score,  # noqa: E402
                                    task_qrels, tasks, write_corpus)


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


def run_task(work: Path, ntrex, task: str, query_langs: list[str], doc_langs: list[str] | None) -> dict:
    """Topics and qrels of one task to files, ``batch-search`` over them, the run scored."""
    topics, qrels = task_qrels(ntrex, query_langs, doc_langs)
    name = task.replace("/", "-").replace(">", "")
    topics_file, run_file = work / "topics" / f"{name}.tsv", work / "runs" / f"{name}.trec"
    topics_file.write_text("".join(f"{qid}\t{text}\n" for qid, text in topics.items()), encoding="utf-8")
    write_qrels(qrels, work / "qrels" / f"{name}.txt")
    langs = [arg for lang in doc_langs or () for arg in ("--lang", lang)]
    indexer_cli("batch-search", "--index", str(work / "index"), "--topics", str(topics_file),
                "--output", str(run_file), "--hits", "100", *langs)
    return score(read_trec_run(run_file), qrels)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, help="keep corpus, index, topics, qrels and runs here")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--distractors", action="store_true", help="add the NER-corpus distractor articles")
    parser.add_argument("--articles", type=int, default=0, help="only the first N NTREX articles (quick runs)")
    args = parser.parse_args(argv)

    ntrex = first_articles(load_ntrex(args.data_dir), args.articles)
    distractors = list(distractor_articles(args.data_dir)) if args.distractors else []
    with tempfile.TemporaryDirectory(prefix="ntrex-cli-") as tmp:
        work = args.work or Path(tmp)
        for folder in ("topics", "qrels", "runs"):
            (work / folder).mkdir(parents=True, exist_ok=True)
        write_corpus(ntrex_collection(ntrex, distractors), work / "corpus")
        indexer_cli("build", "--corpus", str(work / "corpus"), "--index", str(work / "index"), "--quiet")
        result: dict = {}
        for task, query_langs, doc_langs in tasks(list(ntrex)):
            put_score(result, task, run_task(work, ntrex, task, query_langs, doc_langs))
            print(f"eval_through_cli: {task} done", file=sys.stderr)
    print(f"collection: {sum(len(a) for a in ntrex.values())} ntrex bodies, {len(distractors)} distractors")
    print(format_side_by_side({"ours via CLI": result}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
