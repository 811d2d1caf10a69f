"""Retrieval evaluation on NTREX-128: topics, qrels and scores for any engine.

An engine plugs in as ``search_fn(topics, docs_lang_filter) -> run``:

- ``topics``: ``{qid: query text}``; a qid is ``"<query lang>:<article id>"`` (``split_id``).
- ``docs_lang_filter``: the document languages to search (a frozenset such as ``{"de"}``), or
  None for the whole collection.
- ``run``: ``{qid: [(docno, score), ...]}`` best first.  Only the order counts (``score``).

The engine first indexes ``ntrex_collection(ntrex, distractors)``: ``(docno, text, lang)``
triples, one per article body and language (``docno = "<lang>:<article id>"``; the headline is
left out, it is the query), plus optional distractors (``docno = "<lang>:<distractor id>"``).

Tasks (``evaluate``):

- mixed: all 615 bodies (123 articles x en, de, nl, da, nb); every headline in every language is
  a query (615); relevant = the 5 language versions of its article.  nDCG@10, R@100 (and RR@10).
- cross-lingual: headlines in language Q against the bodies in language D only (D != Q);
  relevant = the D version.  RR@10 (MRR@10) per ordered pair.
- monolingual: headlines in L against the bodies in L.  nDCG@10 (one relevant document).

Our engine runs exactly as the app and the CLI do: the collection is written as a JSON Lines
corpus, built with ``build_index`` (what ``python -m indexer build --corpus`` runs) and searched
with ``SearchService.batch_search`` (what ``python -m indexer batch-search`` runs); one index
serves all three tasks (cross-lingual and monolingual through the language filter).

Reproduce (the Lucene baseline needs ``scripts/install_lucene.sh``; without it only ours runs)::

    python -m indexer eval retrieval                       # ours and Pyserini BM25, NTREX only
    python -m indexer eval retrieval --channels            # + each ranking channel alone
    python -m indexer eval retrieval --distractors         # + 10,382 nl/nb/da/de distractors
"""
from __future__ import annotations

import argparse
import copy
import json
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

import ir_measures
from ir_measures import R, RR, nDCG

from indexer.eval.ntrex import DEFAULT_DATA_DIR, NTREX_LANGS, distractor_articles, load_ntrex, first_articles

Run = Mapping[str, list[tuple[str, float]]]
Qrels = dict[str, dict[str, int]]
SearchFn = Callable[[dict[str, str], frozenset[str] | None], Run]
Ntrex = Mapping[str, Mapping[str, tuple[str, str]]]

MEASURES = (nDCG @ 10, RR @ 10, R @ 100)


def make_id(lang: str, article_id: str) -> str:
    """The docno of an article body, and the qid of its headline, in ``lang``."""
    return f"{lang}:{article_id}"


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
    """Mean of each measure over all qrels queries, by ir-measures (``{"nDCG@10": 0.71, ...}``).

    The run's list order is the ranking (re-scored n, n-1, ... so ties cannot reorder it); a
    query with no hits, or missing from the run, counts as 0."""
    measures = list(measures)
    ranked = {qid: {docno: float(len(hits) - i) for i, (docno, _s) in enumerate(hits)}
              for qid, hits in run.items() if hits and qid in qrels}
    totals = {str(m): 0.0 for m in measures}
    for metric in ir_measures.iter_calc(measures, qrels, ranked):
        totals[str(metric.measure)] += metric.value
    n = len(qrels) or 1
    return {name: total / n for name, total in totals.items()}


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


def format_report(result: dict) -> str:
    """The result dict as a short plain-text table."""
    lines = []
    if "collection" in result:
        lines.append("collection: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in result["collection"].items()))
    lines.append("mixed (615 headlines, 5 relevant each): "
                 + "  ".join(f"{k} {v:.3f}" for k, v in result["mixed"].items()))
    lines.append("monolingual nDCG@10: " + "  ".join(f"{lang} {m['nDCG@10']:.3f}"
                                                     for lang, m in result["monolingual"].items()))
    langs = list(result["monolingual"])
    lines.append("cross-lingual MRR@10 (rows: query language, columns: document language)")
    lines.append("      " + "".join(f"{d:>7}" for d in langs))
    for q in langs:
        cells = [result["cross_lingual"].get(f"{q}->{d}", {}).get("RR@10") for d in langs]
        lines.append(f"  {q:<4}" + "".join("      -" if c is None else f"{c:7.3f}" for c in cells))
    return "\n".join(lines)


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


def summary(result: dict) -> dict[str, float]:
    """The headline figures of one engine's result (the issue's targets)."""
    cross = [m["RR@10"] for m in result["cross_lingual"].values()]
    out = {"mixed nDCG@10": result["mixed"]["nDCG@10"], "mixed R@100": result["mixed"]["R@100"],
           "mixed MRR@10": result["mixed"]["RR@10"],
           "cross-lingual MRR@10 (mean of pairs)": sum(cross) / len(cross) if cross else 0.0,
           "cross-lingual MRR@10 (worst pair)": min(cross) if cross else 0.0}
    out.update({f"monolingual nDCG@10 {lang}": m["nDCG@10"] for lang, m in result["monolingual"].items()})
    return out


def format_side_by_side(engines: dict[str, dict]) -> str:
    """One row per figure, one column per engine (Pyserini's BM25 first)."""
    names = list(engines)
    rows = {name: summary(result) for name, result in engines.items()}
    figures = list(next(iter(rows.values())))
    width = max(len(f) for f in figures) + 2
    cols = [max(9, len(name) + 2) for name in names]
    lines = ["".ljust(width) + "".join(name.rjust(c) for name, c in zip(names, cols))]
    for figure in figures:
        lines.append(figure.ljust(width) + "".join(f"{rows[name][figure]:.3f}".rjust(c) for name, c in zip(names, cols)))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indexer eval retrieval",
                                     description="NTREX-128 retrieval: our ranking and Pyserini's BM25 side by side")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="shared/data (default: %(default)s)")
    parser.add_argument("--config", type=Path, help="config file (default: the repo's config.yaml)")
    parser.add_argument("--distractors", action="store_true", help="add the NER-corpus distractor articles")
    parser.add_argument("--channels", action="store_true", help="also measure each ranking channel alone")
    parser.add_argument("--no-baseline", action="store_true", help="skip the Lucene BM25 baseline")
    parser.add_argument("--articles", type=int, default=0, help="only the first N NTREX articles (quick runs)")
    parser.add_argument("--json", action="store_true", help="print the result dict as JSON")
    args = parser.parse_args(argv)

    from indexer.config import load_config

    config = load_config(args.config)
    ntrex = first_articles(load_ntrex(args.data_dir), args.articles)
    distractors = list(distractor_articles(args.data_dir)) if args.distractors else []
    collection = {"ntrex_bodies": sum(len(a) for a in ntrex.values()), "distractors": len(distractors)}
    engines: dict[str, dict] = {}
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="ntrex-eval-") as tmp:
        if not args.no_baseline:
            from indexer.eval.lucene_baseline import lucene_search_fn, lucene_unavailable_reason
            reason = lucene_unavailable_reason()
            if reason:
                print(f"retrieval_eval: Lucene baseline skipped: {reason}", file=sys.stderr)
            else:
                started = time.monotonic()
                search_fn = lucene_search_fn(ntrex_collection(ntrex, distractors), Path(tmp) / "lucene")
                engines["Pyserini BM25"] = evaluate(search_fn, ntrex)
                timings["Pyserini BM25"] = time.monotonic() - started
        started = time.monotonic()
        index_dir = build_ours(config, ntrex_collection(ntrex, distractors), Path(tmp) / "ours")
        timings["build ours"] = time.monotonic() - started
        variants = list(VARIANTS) if args.channels else ["all"]
        for variant in variants:
            name = "ours" if variant == "all" else f"ours: {variant}"
            started = time.monotonic()
            engines[name] = evaluate(ours_search_fn(with_channels(config, VARIANTS[variant]), index_dir), ntrex)
            timings[name] = time.monotonic() - started
            print(f"retrieval_eval: {name} done in {timings[name]:.0f} s", file=sys.stderr)
    result = {"collection": collection, "engines": engines, "seconds": {k: round(v, 1) for k, v in timings.items()}}
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print("collection: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in collection.items()))
    print(format_side_by_side(engines))
    for name, engine in engines.items():
        print(f"\n== {name}\n" + format_report(engine))
    print("\nseconds: " + ", ".join(f"{k} {v:.0f}" for k, v in timings.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
