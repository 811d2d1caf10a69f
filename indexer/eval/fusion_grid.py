"""How the fusion settings were chosen: a grid of fusion settings on the tuning (even) half.

    python -m indexer eval fusion-grid [--half even] [--articles N]

Builds each benchmark's index once (as ``eval retrieval`` does), then ranks every query of every
task with our ranking (``Ranker``, the code behind ``batch-search``) once per grid point.  The
backend's answer to a request does not depend on the fusion, so it is asked once per query and
remembered (``RememberingReader``); only the fusion and the ordering run again per grid point.
Prints one row per setting (MRR@10 / nDCG@10 per task group), the dense channel alone and the
lexical channels without dense first, as the bars to beat.  Never run it on the reported half.
"""
from __future__ import annotations

import argparse
import copy
import dataclasses
import sys
import tempfile
from pathlib import Path

from indexer.eval.benchmarks import HALVES, benchmarks
from indexer.eval.ntrex import DEFAULT_DATA_DIR
from indexer.eval.retrieval import VARIANTS, build_ours, by_group, ours_search_fn, score, with_channels

# (name, ranking settings): the settings compared; the first of each kind as in config.yaml before.
GRID = [("score w=25 (before)", {"fusion": "score", "dense_weight": 25.0})]
GRID += [(f"rrf k={k} w={w}", {"fusion": "rrf", "rrf_k": float(k), "dense_weight": float(w)})
         for k in (10, 60) for w in (1, 2)]
GRID += [(f"zscore lex {same} / across {across}", {"fusion": "zscore", "dense_weight": 1.0, "lexical_weight": same,
                                                    "lexical_weight_across": across})
         for same in (0.5, 0.7, 1.0) for across in (0.0, 0.15, 0.3, same)]


class RememberingReader:
    """An index reader that answers each distinct ``rank`` request once (the grid asks again)."""

    def __init__(self, reader):
        self._reader = reader
        self._ranked: dict[str, object] = {}

    def rank(self, request, depth):
        key = repr((request, depth))
        if key not in self._ranked:
            self._ranked[key] = self._reader.rank(request, depth)
        return copy.deepcopy(self._ranked[key])

    def __getattr__(self, name):
        return getattr(self._reader, name)


def grid_search_fn(service, reader, config):
    """``search_fn`` ranking as ``batch-search`` does, with ``config``'s ranking settings."""
    from indexer.search.ranking import Ranker
    from indexer.store.base import SearchRequest

    ranker = Ranker(config)
    dense = service.dense_index() if config.ranking.channels.dense else None

    def search_fn(topics, docs_lang_filter):
        run = {}
        for qid, query in topics.items():
            request = SearchRequest(query=query, langs=sorted(docs_lang_filter or ()), size=100, with_facets=False,
                                    related_inline=True, entity_ids=service.link(query))
            run[qid] = [(hit.id, hit.score or 0.0) for hit in ranker.rank(reader, request, dense).hits]
        return run

    return search_fn


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indexer eval fusion-grid", description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--half", choices=HALVES, default="even", help="the tuning half (default: %(default)s)")
    parser.add_argument("--articles", type=int, default=0, help="only the first N NTREX articles (quick runs)")
    args = parser.parse_args(argv)

    from indexer.config import load_config
    from indexer.search.service import SearchService

    config = load_config()
    settings = [("dense only", VARIANTS["dense only"], {}), ("all but dense", VARIANTS["all but dense"], {})]
    settings += [(name, VARIANTS["all"], values) for name, values in GRID]
    rows: dict[str, dict] = {name: {} for name, _, _ in settings}
    with tempfile.TemporaryDirectory(prefix="fusion-grid-") as tmp:
        for bench in benchmarks(args.data_dir, args.half, args.articles):
            index_dir = build_ours(config, bench.collection, Path(tmp) / bench.name)
            service = SearchService(config, index_dir=index_dir)
            reader = RememberingReader(service.reader())
            for name, channels, values in settings:
                ranked = dataclasses.replace(with_channels(config, channels).ranking, **values)
                search_fn = grid_search_fn(service, reader, dataclasses.replace(config, ranking=ranked))
                if name == "dense only":        # the whole collection by cosine: no lexical request
                    search_fn = ours_search_fn(with_channels(config, channels), index_dir)
                per_task = {t.name: score(search_fn(t.topics, frozenset(t.doc_langs) if t.doc_langs else None), t.qrels)
                            for t in bench.tasks}
                rows[name].update(by_group(per_task, bench.tasks))
                print(f"fusion_grid: {bench.name} {name} done", file=sys.stderr)
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
