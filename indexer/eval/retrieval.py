"""Retrieval evaluation: Pyserini's BM25, each ranking channel alone and our default ranking, on
every task of NTREX-128 and XQuAD (``benchmarks.py``), in one table.

An engine plugs in as ``search_fn(topics, docs_lang_filter) -> run``:

- ``topics``: ``{qid: query text}``; a qid is ``"<query lang>:<item id>"`` (``split_id``).
- ``docs_lang_filter``: the document languages to search (a frozenset such as ``{"de"}``), or
  None for the whole collection.
- ``run``: ``{qid: [(docno, score), ...]}`` best first.  Only the order counts (``score``).

Each benchmark's collection (``(docno, text, lang)``) is indexed once per engine.  Our engine runs
exactly as the app and the CLI do: the collection is written as a JSON Lines corpus, built with
``build_index`` (what ``python -m indexer build --corpus`` runs) and searched with
``SearchService.batch_search`` (what ``python -m indexer batch-search`` runs); one index serves
every task of its benchmark (the language filter does the rest).  Dense vectors are cached by
text (``var/cache/dense-vectors.sqlite``), so only the first run embeds.

Figures are MRR@10 and nDCG@10 per task group (the mean of its tasks, e.g. the 20 cross-lingual
pairs), on the reported (odd) half of the queries unless ``--half`` says otherwise.  Below the
table, per group and measure: ours minus the best other engine, and how likely a difference that
large is between two rankings no better than each other (``paired.py``).

Reproduce (the Lucene baseline needs ``scripts/install_lucene.sh``; without it only ours runs)::

    python -m indexer eval retrieval                  # the table: BM25, each channel, ours (odd half)
    python -m indexer eval retrieval --ours-only      # only our default ranking
    python -m indexer eval retrieval --distractors    # NTREX + 10,382 nl/nb/da/de distractors

The NTREX-only helpers (``evaluate``, ``headline_topics``, ...) serve the tests and
``eval dense-ceiling``.
"""
from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

import ir_measures
from ir_measures import R, RR, nDCG

from indexer.eval.benchmarks import HALVES, REPORTED_HALF, Benchmark, Task, benchmarks, make_id
from indexer.eval.ntrex import DEFAULT_DATA_DIR, NTREX_LANGS, distractor_articles, load_ntrex, first_articles
from indexer.eval.paired import sign_flip_p, unit_differences

Run = Mapping[str, list[tuple[str, float]]]
Qrels = dict[str, dict[str, int]]
SearchFn = Callable[[dict[str, str], frozenset[str] | None], Run]
Ntrex = Mapping[str, Mapping[str, tuple[str, str]]]

MEASURES = (nDCG @ 10, RR @ 10, R @ 100)


def split_id(id_: str) -> tuple[str, str]:
    """``"de:bbc.381790"`` -> ``("de", "bbc.381790")`` (distractor ids keep their own colons)."""
    lang, _, rest = id_.partition(":")
    return lang, rest


def ntrex_collection(ntrex: Ntrex, distractors: Iterable[dict] = ()) -> Iterator[tuple[str, str, str]]:
    """(docno, text, lang) for every NTREX body in every language, then every distractor
    (title and text together)."""
    for lang, articles in ntrex.items():
        for article_id, (_headline, body) in articles.items():
            yield make_id(lang, article_id), body, lang
    for d in distractors:
        yield make_id(d["lang"], d["id"]), (d["title"] + "\n" + d["text"]).strip(), d["lang"]


def headline_topics(ntrex: Ntrex, query_langs: Iterable[str]) -> dict[str, str]:
    """``{qid: headline}`` for every article, in each of ``query_langs``."""
    return {make_id(lang, article_id): headline
            for lang in query_langs for article_id, (headline, _body) in ntrex[lang].items()}


def ntrex_qrels(topics: Iterable[str], target_langs: Iterable[str]) -> Qrels:
    """Relevant documents of each qid: its article's body in each of ``target_langs``."""
    targets = list(target_langs)
    return {qid: {make_id(lang, split_id(qid)[1]): 1 for lang in targets} for qid in topics}


def score(run: Run, qrels: Qrels, measures: Iterable = MEASURES) -> dict[str, float]:
    """Mean of each measure over all qrels queries, by ir-measures (``{"nDCG@10": 0.71, ...}``)."""
    return means(per_query(run, qrels, measures))


def per_query(run: Run, qrels: Qrels, measures: Iterable = MEASURES) -> dict[str, dict[str, float]]:
    """``{measure: {qid: value}}`` for every qrels query, by ir-measures.

    The run's list order is the ranking (re-scored n, n-1, ... so ties cannot reorder it); a
    query with no hits, or missing from the run, counts as 0."""
    measures = list(measures)
    ranked = {qid: {docno: float(len(hits) - i) for i, (docno, _s) in enumerate(hits)}
              for qid, hits in run.items() if hits and qid in qrels}
    values = {str(m): dict.fromkeys(qrels, 0.0) for m in measures}
    for metric in ir_measures.iter_calc(measures, qrels, ranked):
        values[str(metric.measure)][metric.query_id] = metric.value
    return values


def means(values: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
    """``{measure: mean}`` of ``per_query``'s values."""
    return {name: _mean(by_query) for name, by_query in values.items()}


def _mean(values: Mapping) -> float:
    return sum(values.values()) / (len(values) or 1)


def all_pairs(langs: Iterable[str] = NTREX_LANGS) -> list[tuple[str, str]]:
    langs = list(langs)
    return [(q, d) for q in langs for d in langs if q != d]


def tasks(langs: Iterable[str] = NTREX_LANGS, pairs: Iterable[tuple[str, str]] | None = None) \
        -> list[tuple[str, list[str], list[str] | None]]:
    """The three tasks (module docstring) as ``(name, query languages, document languages)``;
    None: the whole collection.  Names: ``mixed``, ``cross_lingual/da->de``, ``monolingual/nl``."""
    langs = list(langs)
    return ([("mixed", langs, None)]
            + [(f"cross_lingual/{q}->{d}", [q], [d]) for q, d in (all_pairs(langs) if pairs is None else pairs)]
            + [(f"monolingual/{lang}", [lang], [lang]) for lang in langs])


def task_qrels(ntrex: Ntrex, query_langs: list[str], doc_langs: list[str] | None) -> tuple[dict[str, str], Qrels]:
    """A task's topics (headlines in ``query_langs``) and qrels (their bodies in ``doc_langs``,
    or in every language)."""
    topics = headline_topics(ntrex, query_langs)
    return topics, ntrex_qrels(topics, doc_langs or list(ntrex))


def put_score(result: dict, task: str, scores: dict[str, float]) -> None:
    """File a task's scores under its name (``cross_lingual/da->de`` -> result["cross_lingual"]["da->de"])."""
    group, _, name = task.partition("/")
    if name:
        result.setdefault(group, {})[name] = scores
    else:
        result[group] = scores


def evaluate(search_fn: SearchFn, ntrex: Ntrex, langs: Iterable[str] = NTREX_LANGS,
             pairs: Iterable[tuple[str, str]] | None = None) -> dict:
    """Run the three tasks (module docstring) through ``search_fn``; a plain result dict."""
    result: dict = {"mixed": {}, "cross_lingual": {}, "monolingual": {}}
    for task, query_langs, doc_langs in tasks(langs, pairs):
        topics, qrels = task_qrels(ntrex, query_langs, doc_langs)
        put_score(result, task, score(search_fn(topics, frozenset(doc_langs) if doc_langs else None), qrels))
    return result


# --- our engine ---------------------------------------------------------------------------------

# Channel settings measured by ``--channels``: each alone, and all together (the config's own
# settings, e.g. language balancing and fusion weights, stay as they are).
CHANNELS = ("lexical", "entities", "cognates", "dense")
VARIANTS = {
    "all": dict.fromkeys(CHANNELS, True),
    **{f"{name} only": {other: other == name for other in CHANNELS} for name in CHANNELS},
    "all but dense": {name: name != "dense" for name in CHANNELS},
}


def with_channels(config, channels: dict[str, bool]):
    """A copy of ``config`` with ``ranking.channels`` set as given."""
    config = copy.deepcopy(config)
    for name, on in channels.items():
        setattr(config.ranking.channels, name, on)
    return config


def write_corpus(collection: Iterable[tuple[str, str, str]], folder: Path, per_file: int = 1000) -> int:
    """The collection as a JSON Lines corpus (``{"id", "text", "lang"}``: bodies, no headline),
    ``per_file`` documents a file (each file stays under ``ingest.max_file_bytes``)."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    out = None
    try:
        for docno, text, lang in collection:
            if count % per_file == 0:
                if out:
                    out.close()
                out = (folder / f"collection-{count // per_file:03d}.jsonl").open("w", encoding="utf-8")
            out.write(json.dumps({"id": docno, "text": text, "lang": lang}, ensure_ascii=False) + "\n")
            count += 1
    finally:
        if out:
            out.close()
    return count


def build_ours(config, collection: Iterable[tuple[str, str, str]], work_dir: Path) -> Path:
    """Build our index of the collection exactly as ``python -m indexer build --corpus`` does
    (every channel's data included, so any channel setting can search it); returns the index."""
    from indexer.build.full import build_index

    write_corpus(collection, work_dir / "corpus")
    index_dir = work_dir / "index"
    report = build_index(with_channels(config, VARIANTS["all"]), corpus_dir=work_dir / "corpus", index_dir=index_dir)
    if report.skipped:
        raise RuntimeError(f"{len(report.skipped)} documents skipped, e.g. {report.skipped[0]}")
    return index_dir


def ours_search_fn(config, index_dir: Path, hits: int = 100) -> SearchFn:
    """``search_fn`` over our index through ``SearchService.batch_search`` (the app's ranking)."""
    from indexer.search.service import SearchService

    service = SearchService(config, index_dir=index_dir)

    def search_fn(topics: dict[str, str], docs_lang_filter: frozenset[str] | None) -> Run:
        return service.batch_search(topics, hits=hits, langs=sorted(docs_lang_filter or ()))

    return search_fn


def evaluate_tasks(search_fn: SearchFn, tasks: Iterable[Task]) -> dict[str, dict[str, dict[str, float]]]:
    """``{task name: {measure: {qid: value}}}`` for every task, each run through ``search_fn``."""
    return {task.name: per_query(search_fn(task.topics, frozenset(task.doc_langs) if task.doc_langs else None),
                                 task.qrels)
            for task in tasks}


def against_best_other(queries: Mapping[str, Mapping[str, dict]], tasks: Iterable[Task]) -> dict[str, dict]:
    """Per task group and table measure: the other engine with the best mean, ours minus it, and
    the paired sign-flip test's p (``paired.py``; the queries of one item flipped together)."""
    groups: dict[str, list[str]] = {}
    for task in tasks:
        groups.setdefault(task.group, []).append(task.name)
    others = [engine for engine in queries if engine != OURS]
    out: dict[str, dict] = {}
    if OURS not in queries or not others:
        return out
    for group, names in groups.items():
        for measure in TABLE_MEASURES:
            pooled = {engine: {(name, qid): value for name in names
                               for qid, value in queries[engine].get(name, {}).get(measure, {}).items()}
                      for engine in [OURS, *others]}
            if not pooled[OURS]:
                continue
            best = max(others, key=lambda engine: _mean(pooled[engine]))
            differences = unit_differences(pooled[OURS], pooled[best], unit=lambda key: split_id(key[1])[1])
            out.setdefault(group, {})[measure] = {
                "best other": best, "difference": _mean(pooled[OURS]) - _mean(pooled[best]),
                "p": sign_flip_p(differences)}
    return out


def format_against_best_other(result: Mapping[str, Mapping[str, dict]]) -> str:
    """``against_best_other`` as lines under the table: per group, each measure's row."""
    lines = ["ours minus the best other engine (paired sign-flip test over items, 10,000 flips: p)"]
    width = max((len(group) for group in result), default=0) + 2
    for group, by_measure in result.items():
        cells = [f"{measure}: {row['best other']} {row['difference']:+.3f} (p {row['p']:.2f})"
                 for measure, row in by_measure.items()]
        lines.append(group.ljust(width) + "   ".join(cells))
    return "\n".join(lines)


def by_group(per_task: Mapping[str, dict[str, float]], tasks: Iterable[Task]) -> dict[str, dict[str, float]]:
    """Each group's mean of its tasks' figures (the 20 cross-lingual pairs are one row), plus the
    worst task of a group of several."""
    groups: dict[str, list[dict[str, float]]] = {}
    for task in tasks:
        if task.name in per_task:
            groups.setdefault(task.group, []).append(per_task[task.name])
    out = {}
    for group, rows in groups.items():
        out[group] = {m: sum(r[m] for r in rows) / len(rows) for m in rows[0]}
        if len(rows) > 1:
            out[group].update({f"worst {m}": min(r[m] for r in rows) for m in TABLE_MEASURES})
    return out


TABLE_MEASURES = ("RR@10", "nDCG@10")


def format_table(engines: Mapping[str, Mapping[str, dict[str, float]]]) -> str:
    """One row per task group, one column per engine: ``MRR@10 / nDCG@10``."""
    names = list(engines)
    groups = list(dict.fromkeys(g for result in engines.values() for g in result))
    width = max(len(g) for g in groups) + 2
    cols = [max(15, len(name) + 2) for name in names]
    lines = ["MRR@10 / nDCG@10".ljust(width) + "".join(name.rjust(c) for name, c in zip(names, cols))]
    for group in groups:
        cells = []
        for name in names:
            figures = engines[name].get(group)
            cells.append("-" if figures is None else f"{figures['RR@10']:.3f} / {figures['nDCG@10']:.3f}")
        lines.append(group.ljust(width) + "".join(cell.rjust(c) for cell, c in zip(cells, cols)))
    return "\n".join(lines)


def run_benchmark(config, bench: Benchmark, work: Path, variants: list[str], baseline: bool,
                  timings: dict[str, float]) -> dict[str, dict[str, dict[str, dict[str, float]]]]:
    """``{engine: {task name: {measure: {qid: value}}}}`` on one benchmark: Pyserini's BM25 (if
    ``baseline``) and our ranking with each channel setting of ``variants``."""
    engines: dict[str, dict] = {}
    if baseline:
        from indexer.eval.lucene_baseline import lucene_search_fn

        started = time.monotonic()
        engines[BASELINE] = evaluate_tasks(lucene_search_fn(bench.collection, work / "lucene"), bench.tasks)
        timings[f"{bench.name} {BASELINE}"] = time.monotonic() - started
    started = time.monotonic()
    index_dir = build_ours(config, bench.collection, work / "ours")
    timings[f"{bench.name} build ours"] = time.monotonic() - started
    for variant in variants:
        name = variant_name(variant)
        started = time.monotonic()
        engines[name] = evaluate_tasks(ours_search_fn(with_channels(config, VARIANTS[variant]), index_dir), bench.tasks)
        timings[f"{bench.name} {name}"] = time.monotonic() - started
        print(f"retrieval_eval: {bench.name} {name} done in {timings[f'{bench.name} {name}']:.0f} s", file=sys.stderr)
    return engines


BASELINE = "Pyserini BM25"
TABLE_VARIANTS = ["lexical only", "entities only", "cognates only", "dense only", "all"]


OURS = "ours"


def variant_name(variant: str) -> str:
    return OURS if variant == "all" else variant


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indexer eval retrieval",
                                     description="NTREX and XQuAD retrieval: Pyserini's BM25, each channel alone, "
                                                 "and our ranking, in one table")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="shared/data (default: %(default)s)")
    parser.add_argument("--config", type=Path, help="config file (default: the repo's config.yaml)")
    parser.add_argument("--half", choices=HALVES, default=REPORTED_HALF,
                        help="queries of the odd (reported, default) or even (tuning) half, or all")
    parser.add_argument("--benchmark", action="append", choices=("NTREX", "XQuAD"),
                        help="only this benchmark (repeatable; default: both)")
    parser.add_argument("--distractors", action="store_true", help="add the NER-corpus distractor articles to NTREX")
    parser.add_argument("--ours-only", action="store_true", help="only our default ranking (no channel alone)")
    parser.add_argument("--variant", action="append", choices=TABLE_VARIANTS,
                        help="only this channel setting of ours (repeatable; default: all of them)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the Lucene BM25 baseline")
    parser.add_argument("--articles", type=int, default=0, help="only the first N NTREX articles (quick runs)")
    parser.add_argument("--json", action="store_true", help="print the result dict as JSON")
    args = parser.parse_args(argv)

    from indexer.config import load_config

    config = load_config(args.config)
    baseline = not args.no_baseline and not _lucene_missing()
    variants = ["all"] if args.ours_only else args.variant or TABLE_VARIANTS
    per_task: dict[str, dict] = {}
    groups: dict[str, dict] = {}
    queries: dict[str, dict] = {}
    all_tasks: list[Task] = []
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="retrieval-eval-") as tmp:
        for bench in benchmarks(args.data_dir, args.half, args.articles, args.benchmark or ("NTREX", "XQuAD")):
            if args.distractors and bench.name == "NTREX":
                bench = dataclasses.replace(bench, collection=bench.collection + list(
                    ntrex_collection({}, distractor_articles(args.data_dir))))
            engines = run_benchmark(config, bench, Path(tmp) / bench.name, variants, baseline, timings)
            all_tasks += bench.tasks
            for engine, by_task in engines.items():
                figures = {name: means(values) for name, values in by_task.items()}
                per_task.setdefault(engine, {}).update(figures)
                groups.setdefault(engine, {}).update(by_group(figures, bench.tasks))
                queries.setdefault(engine, {}).update(by_task)
    significance = against_best_other(queries, all_tasks)
    result = {"half": args.half, "groups": groups, "tasks": per_task, "against best other": significance,
              "seconds": {k: round(v, 1) for k, v in timings.items()}}
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"queries: the {args.half} half (units at {'odd' if args.half == 'odd' else 'even'} positions)"
          if args.half != "all" else "queries: all")
    print(format_table(groups))
    if significance:
        print("\n" + format_against_best_other(significance))
    print("\nseconds: " + ", ".join(f"{k} {v:.0f}" for k, v in timings.items()))
    return 0


def _lucene_missing() -> bool:
    from indexer.eval.lucene_baseline import lucene_unavailable_reason

    reason = lucene_unavailable_reason()
    if reason:
        print(f"retrieval_eval: Lucene baseline skipped: {reason}", file=sys.stderr)
    return bool(reason)


if __name__ == "__main__":
    sys.exit(main())
