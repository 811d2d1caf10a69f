"""CPU time per article of each phase of a build, measured in one process.

    python -m indexer bench build-cpu --corpus FILE [--articles 3000] [--backend lucene] [--no-ner]

On a shared machine the wall clock of ``bench scale`` moves with whatever else runs; the CPU an
article costs does not (much), and the wall time of a build on idle cores follows from it:

1. *stages*: what a build worker runs per article (``workers._Stages.run_batch``: cleaning,
   language, entities with the NER model, numbers, copy signature, the backend's analysis), after
   a warm-up of ``--warm-up`` articles (the analysis memoises words, as it does in a long build);
2. *main, phase 1*: what the build's own process does per article meanwhile (reading and parsing
   the corpus, storing each processed record);
3. *passes + index*: the corpus-level passes and the backend's writer over those records,
   commit and merge included (one process; Lucene's merge threads counted).

Projected articles/s on W idle cores: 1000 / (stages / W + passes + index), since the main
process's share of phase 1 runs beside the workers.
"""
from __future__ import annotations

import argparse
import itertools
import json
import resource
import tempfile
import time
from pathlib import Path

from indexer.bench.scale import _bench_config
from indexer.build.passes import corpus_passes, write_backend
from indexer.build.processed import ProcessedWriter, stage_settings
from indexer.build.workers import BATCH, _Stages
from indexer.config import load_config
from indexer.ingest.files import read_file
from indexer.records import Skipped


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    with tempfile.TemporaryDirectory(prefix="build-cpu-") as work:
        config = load_config(_bench_config(Path(work), args))
        figures = measure(config, args.corpus, args.articles, args.warm_up, Path(work) / "generation")
    figures.update(backend=args.backend, ner=not args.no_ner)
    print(json.dumps(figures, indent=1) if args.json else _table(figures))
    return 0


def measure(config, corpus: Path, articles: int, warm_up: int, generation: Path) -> dict:
    stages = _Stages(config)
    documents = (item for item in read_file(corpus, config.ingest) if not isinstance(item, Skipped))
    for batch in _batches(itertools.islice(documents, warm_up)):
        stages.run_batch(batch)
    generation.mkdir(parents=True)
    store = ProcessedWriter(generation, stage_settings(config))
    entry = store.begin(corpus.name, "")
    stages_cpu, phase1_started = 0.0, _cpu()
    for batch in _batches(itertools.islice(documents, articles)):    # reading: the main process's share
        started = _cpu()
        outputs = stages.run_batch(batch)
        stages_cpu += _cpu() - started
        for article, prepared, vector, signature, _ in outputs:
            if article is not None:
                store.add(entry, article, prepared, vector, signature)
    main_cpu = _cpu() - phase1_started - stages_cpu
    records = store.pending()
    if config.backend == "lucene":      # the JVM starts once per build, not per article
        from indexer.store.lucene.jvm import start_jvm

        start_jvm(config.lucene.heap_mb)
    started = _cpu()
    passes = corpus_passes(config, records)
    write_backend(config, records, passes.minted, generation)
    passes_cpu = _cpu() - started
    count = max(1, passes.articles)
    per = {"stages_ms": 1000 * stages_cpu / count, "main_phase1_ms": 1000 * main_cpu / count,
           "passes_and_index_ms": 1000 * passes_cpu / count}
    per = {key: round(value, 2) for key, value in per.items()}
    return {"articles": passes.articles, **per,
            "projected_articles_per_s_2_cores": round(1000 / (per["stages_ms"] / 2 + per["passes_and_index_ms"]), 1)}


def _cpu() -> float:
    """CPU seconds of this process, every thread (the JVM's too)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _batches(documents):
    documents = iter(documents)
    while batch := list(itertools.islice(documents, BATCH)):
        yield batch


def _table(figures: dict) -> str:
    return "\n".join([
        f"{figures['articles']} articles, backend {figures['backend']}, NER {'on' if figures['ner'] else 'off'}: "
        "CPU ms per article",
        "| stages (a worker) | main process, phase 1 | passes + index | projected articles/s, 2 idle cores |",
        "| ---: | ---: | ---: | ---: |",
        f"| {figures['stages_ms']} | {figures['main_phase1_ms']} | {figures['passes_and_index_ms']} "
        f"| {figures['projected_articles_per_s_2_cores']} |"])


def _arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m indexer bench build-cpu", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="a JSON Lines corpus (`bench corpus N FILE`)")
    parser.add_argument("--articles", type=int, default=3000, help="articles measured (after the warm-up)")
    parser.add_argument("--warm-up", type=int, default=1000)
    parser.add_argument("--backend", default="lucene", help="whoosh | lucene")
    parser.add_argument("--no-ner", action="store_true", help="extract.use_ner: false")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    args.dense = False
    return args
