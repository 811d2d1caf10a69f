"""Extraction and full-build throughput on a larger corpus of real text.

    python -m indexer bench build [--articles 2000] [--data ../shared/data]

The corpus: the 615 NTREX-128 articles (123 in each of en, de, nl, da, nb) followed by
distractor articles assembled from the NER corpora (see ``indexer/ntrex.py``), written as
JSON Lines to a temporary folder.  Each phase runs in its own process so that its peak
memory (max RSS) is its own:
- extract: clean + language + entities + numbers per article (``Pipeline``), no index;
- build:   ``python -m indexer build --corpus`` end to end, index written and swapped in.
Prints a Markdown table; the README quotes it.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from indexer.config import REPO_ROOT as REPO


def write_corpus(data_dir: Path, count: int, target: Path) -> int:
    from indexer.eval.ntrex import distractor_articles, load_ntrex

    records = [{"id": f"ntrex-{lang}-{doc_id}", "title": title, "text": body}
               for lang, articles in load_ntrex(data_dir).items() for doc_id, (title, body) in articles.items()]
    for record in distractor_articles(data_dir):
        if len(records) >= count:
            break
        records.append({"id": record["id"], "title": record["title"], "text": record["text"]})
    records = records[:count]
    # No "lang": the benchmark includes language detection, as for files dropped in a folder.
    target.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return len(records)


def extract_phase(corpus_file: Path) -> dict:
    from indexer.config import load_config
    from indexer.ingest.files import read_file
    from indexer.build.pipeline import Pipeline

    config = load_config()
    documents = list(read_file(corpus_file, config.ingest))
    pipeline = Pipeline(config)
    started = time.perf_counter()
    pipeline.entities  # loading tables and models is reported apart from the per-article rate
    loaded = time.perf_counter()
    articles = [pipeline.process(document) for document in documents]
    pipeline.finish(articles)
    done = time.perf_counter()
    mentions = sum(len(a.actors) + len(a.places) for a in articles)
    numbers = sum(len(a.numbers) for a in articles)
    return {"articles": len(articles), "load_s": loaded - started, "seconds": done - loaded,
            "mentions": mentions, "numbers": numbers, "peak_mib": _peak_mib(resource.RUSAGE_SELF)}


def _peak_mib(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def run_phase(name: str, *args: str) -> dict:
    """Run a phase in a fresh process, so that the peak memory it reports is its own."""
    output = subprocess.run([sys.executable, "-m", "indexer.bench.build", "--phase", name, *args], cwd=REPO, check=True,
                            capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def build_phase(corpus_dir: Path, index_dir: Path) -> dict:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "indexer", "build", "--corpus", str(corpus_dir), "--index",
                    str(index_dir), "--quiet", "--json"], cwd=REPO, check=True, capture_output=True)
    return {"seconds": time.perf_counter() - started, "peak_mib": _peak_mib(resource.RUSAGE_CHILDREN)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--phase", choices=["extract", "build"], help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase == "extract":
        print(json.dumps(extract_phase(args.paths[0])))
        return 0
    if args.phase == "build":
        print(json.dumps(build_phase(args.paths[0], args.paths[1])))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        count = write_corpus(args.data, args.articles, corpus / "articles.jsonl")
        extract = run_phase("extract", str(corpus / "articles.jsonl"))
        build = run_phase("build", str(corpus), str(Path(tmp) / "index"))
    print(f"corpus: {count} articles (NTREX-128 + distractors from the NER corpora), 2 CPU cores\n")
    print("| phase | articles | seconds | articles/s | peak memory |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(f"| extract (clean, language, entities, numbers) | {extract['articles']} | {extract['seconds']:.1f} "
          f"| {extract['articles'] / extract['seconds']:.1f} | {extract['peak_mib']:.0f} MiB |")
    print(f"| full build (`indexer build --corpus`, incl. start-up) | {count} | {build['seconds']:.1f} "
          f"| {count / build['seconds']:.1f} | {build['peak_mib']:.0f} MiB |")
    print(f"\nstart-up of extraction (gazetteer tables, NER models): {extract['load_s']:.1f} s; "
          f"{extract['mentions']} entity mentions and {extract['numbers']} numbers found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
