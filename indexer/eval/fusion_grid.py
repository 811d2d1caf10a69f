"""How the fusion settings were chosen: a grid of fusion settings on the tuning (even) half.

    python -m indexer eval fusion-grid [--half even] [--articles N] [--channels-file F]

Builds each benchmark's index once (as ``eval retrieval`` does) and asks every channel once per
query of every task (``Ranker.channels``: the backend's candidates with their lexical scores,
the cosine of each with the query).  Only the fusion and the ordering (``Ranker.fused``,
``Ranker.order``: the code behind ``batch-search``) run again per grid point, so a grid point
costs seconds, not an evaluation.  ``--channels-file`` keeps the channels' answers on disk
(keyed by task and query; a run of another half adds what it lacks), so a new fusion idea is
measured without asking any channel again.  Prints one row per setting (MRR@10 / nDCG@10 per
task group), the dense channel alone and the lexical channels without dense first, as the bars
to beat.  Never run it on the reported half.
"""
from __future__ import annotations

import argparse
import dataclasses
import pickle
import sys
import tempfile
from pathlib import Path

from indexer.eval.benchmarks import HALVES, Benchmark, benchmarks
from indexer.eval.ntrex import DEFAULT_DATA_DIR
from indexer.eval.retrieval import VARIANTS, build_ours, by_group, ours_search_fn, score, with_channels

HITS = 100

# (name, ranking settings): the settings compared, the chosen one (config.yaml) first.
ZSCORE = {"fusion": "zscore", "dense_weight": 1.0, "lexical_weight_by": "guess"}
GRID = [("zscore lex 0.7 / across 0.15 (chosen)", {**ZSCORE, "lexical_weight": 0.7, "lexical_weight_across": 0.15})]
GRID += [(f"rrf k={k} w={w}", {"fusion": "rrf", "rrf_k": float(k), "dense_weight": float(w)})
         for k in (10, 60) for w in (1, 2)]
GRID += [(f"zscore lex {same} / across {across}", {**ZSCORE, "lexical_weight": same, "lexical_weight_across": across})
         for same in (0.5, 0.7, 1.0) for across in (0.0, 0.15, 0.3, same)]
GRID += [(f"zscore lex {same} / across 0.15 by confidence", {**ZSCORE, "lexical_weight": same,
                                                             "lexical_weight_across": 0.15,
                                                             "lexical_weight_by": "confidence"})
         for same in (0.7, 1.0)]


@dataclasses.dataclass
class QueryChannels:
    """What every channel answered to one query of one task, before any fusion."""

    query: str
    langs: tuple[str, ...]          # the task's document languages (empty: all)
    candidates: list                # ``Candidate``s as the backend ranked them (lexical scores)
    sims: object                    # their cosines with the query (numpy array), None without dense


def collect_channels(service, config, bench: Benchmark, known: dict) -> dict:
    """``{(task name, qid): QueryChannels}`` for every query of ``bench``; what ``known``
    already holds is not asked again."""
    from indexer.search.ranking import Ranker
    from indexer.store.base import SearchRequest

    ranker, reader, dense = Ranker(config), service.reader(), service.dense_index()
    depth = max(config.ranking.rerank_depth, HITS)
    for task in bench.tasks:
        langs = tuple(task.doc_langs or ())
        for qid, query in task.topics.items():
            if (task.name, qid) in known:
                continue
            request = SearchRequest(query=query, langs=list(langs), size=HITS, with_facets=False,
                                    related_inline=True, entity_ids=service.link(query))
            vector = ranker.query_vector(query.strip(), dense)
            ranked, sims = ranker.channels(reader, request, dense, vector, depth)
            known[(task.name, qid)] = QueryChannels(query, langs, ranked.candidates, sims)
        print(f"fusion_grid: {task.name}: channels asked", file=sys.stderr)
    return known


def fused_run(channels: dict, task, config) -> dict[str, list[tuple[str, float]]]:
    """The run of ``task`` ranked from the channels' answers with ``config``'s fusion, exactly as
    ``Ranker.rank`` orders them (language interleaving included)."""
    from indexer.search.ranking import Ranker

    ranker, ranking = Ranker(config), config.ranking
    run = {}
    for qid in task.topics:
        answer = channels[(task.name, qid)]
        candidates = answer.candidates
        if not ranking.channels.dense:          # the lexical channels alone: no dense neighbours
            candidates = [c for c in candidates if c.matched]
        elif answer.sims is not None:
            candidates = ranker.fused(answer.query, candidates, answer.sims)
        balance = ranking.balance_languages and len(answer.langs) != 1
        run[qid] = [(c.id, s) for c, s in ranker.order(candidates, balance)[:HITS]]
    return run


def load_channels(path: Path | None) -> dict:
    if path and path.exists():
        with path.open("rb") as f:
            return pickle.load(f)
    return {}


def save_channels(path: Path | None, channels: dict) -> None:
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            pickle.dump(channels, f)


def grid_rows(config, bench: Benchmark, channels: dict, settings, dense_only_fn=None) -> dict[str, dict]:
    """``{setting name: {group: figures}}`` for each ``(name, channel switches, ranking values)``."""
    rows = {}
    for name, switches, values in settings:
        ranked = dataclasses.replace(with_channels(config, switches).ranking, **values)
        setting = dataclasses.replace(config, ranking=ranked)
        per_task = {}
        for task in bench.tasks:
            if name == "dense only":        # the whole collection by cosine: no lexical request
                run = dense_only_fn(task.topics, frozenset(task.doc_langs) if task.doc_langs else None)
            else:
                run = fused_run(channels, task, setting)
            per_task[task.name] = score(run, task.qrels)
        rows[name] = by_group(per_task, bench.tasks)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indexer eval fusion-grid", description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--half", choices=HALVES, default="even", help="the tuning half (default: %(default)s)")
    parser.add_argument("--articles", type=int, default=0, help="only the first N NTREX articles (quick runs)")
    parser.add_argument("--channels-file", type=Path,
                        help="keep the channels' answers here (pickle; reused by the next run, any half)")
    args = parser.parse_args(argv)

    from indexer.config import load_config
    from indexer.search.service import SearchService

    config = load_config()
    settings = [("dense only", VARIANTS["dense only"], {}), ("all but dense", VARIANTS["all but dense"], {})]
    settings += [(name, VARIANTS["all"], values) for name, values in GRID]
    channels = load_channels(args.channels_file)
    rows: dict[str, dict] = {name: {} for name, _, _ in settings}
    with tempfile.TemporaryDirectory(prefix="fusion-grid-") as tmp:
        for bench in benchmarks(args.data_dir, args.half, args.articles):
            index_dir = build_ours(config, bench.collection, Path(tmp) / bench.name)
            service = SearchService(config, index_dir=index_dir)
            collect_channels(service, config, bench, channels)
            save_channels(args.channels_file, channels)
            dense_only = ours_search_fn(with_channels(config, VARIANTS["dense only"]), index_dir)
            for name, figures in grid_rows(config, bench, channels, settings, dense_only).items():
                rows[name].update(figures)
    print(f"queries: the {args.half} half; MRR@10 / nDCG@10")
    print(format_rows(rows))
    return 0


def format_rows(rows: dict[str, dict[str, dict[str, float]]]) -> str:
    """One row per setting, one column per task group."""
    groups = list(dict.fromkeys(g for figures in rows.values() for g in figures))
    width = max(len(name) for name in rows) + 2
    lines = ["".ljust(width) + "".join(g.replace("NTREX ", "N ").replace("XQuAD ", "X ")[:13].rjust(14) for g in groups)]
    for name, figures in rows.items():
        lines.append(name.ljust(width) + "".join(f"{figures[g]['RR@10']:.3f}/{figures[g]['nDCG@10']:.3f}".rjust(14)
                                                 for g in groups))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
