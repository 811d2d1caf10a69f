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

Reproduce the Lucene BM25 baseline (needs ``scripts/install_lucene.sh``)::

    python -m indexer.retrieval_eval                       # NTREX only
    python -m indexer.retrieval_eval --distractors         # + 10,382 nl/nb/da/de distractors
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

import ir_measures
from ir_measures import R, RR, nDCG

from indexer.ntrex import DEFAULT_DATA_DIR, NTREX_LANGS, distractor_articles, load_ntrex

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


def evaluate(search_fn: SearchFn, ntrex: Ntrex, langs: Iterable[str] = NTREX_LANGS,
             pairs: Iterable[tuple[str, str]] | None = None) -> dict:
    """Run the three tasks (module docstring) through ``search_fn``; a plain result dict."""
    langs = list(langs)
    topics = headline_topics(ntrex, langs)
    result: dict = {"mixed": score(search_fn(topics, None), ntrex_qrels(topics, langs)),
                    "cross_lingual": {}, "monolingual": {}}
    for q, d in (all_pairs(langs) if pairs is None else pairs):
        topics = headline_topics(ntrex, [q])
        result["cross_lingual"][f"{q}->{d}"] = score(search_fn(topics, frozenset([d])), ntrex_qrels(topics, [d]))
    for lang in langs:
        topics = headline_topics(ntrex, [lang])
        result["monolingual"][lang] = score(search_fn(topics, frozenset([lang])), ntrex_qrels(topics, [lang]))
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indexer.retrieval_eval",
                                     description="NTREX-128 retrieval scores of the Lucene BM25 baseline")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="shared/data (default: %(default)s)")
    parser.add_argument("--distractors", action="store_true", help="add the NER-corpus distractor articles")
    parser.add_argument("--json", action="store_true", help="print the result dict as JSON")
    args = parser.parse_args(argv)

    from indexer.lucene_baseline import lucene_search_fn, lucene_unavailable_reason
    reason = lucene_unavailable_reason()
    if reason:
        print(f"retrieval_eval: Lucene baseline unavailable: {reason}", file=sys.stderr)
        return 1
    ntrex = load_ntrex(args.data_dir)
    distractors = list(distractor_articles(args.data_dir)) if args.distractors else []
    with tempfile.TemporaryDirectory(prefix="ntrex-lucene-") as tmp:
        search_fn = lucene_search_fn(ntrex_collection(ntrex, distractors), Path(tmp))
        result = evaluate(search_fn, ntrex)
    result["collection"] = {"ntrex_bodies": sum(len(a) for a in ntrex.values()), "distractors": len(distractors)}
    print(json.dumps(result, indent=2) if args.json else format_report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
