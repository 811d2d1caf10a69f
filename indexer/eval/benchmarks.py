"""The retrieval tasks of ``python -m indexer eval retrieval``: two benchmarks, one list of tasks.

A benchmark is a collection (``(docno, text, lang)`` triples, indexed once) and its tasks; a task
is topics (``{qid: query}``), qrels (``{qid: {docno: 1}}``) and the document languages searched
(None: the whole collection).  Tasks sharing a ``group`` are averaged into one row of the table.

NTREX-128 (``ntrex.py``): a headline is the query, the article bodies are the documents.

- ``NTREX mixed``: every headline in every language against all 615 bodies; relevant = its
  article in all five languages.
- ``NTREX cross-lingual``: headlines in Q against the bodies in D only (20 ordered pairs).
- ``NTREX monolingual``: headlines in L against the bodies in L (5 languages).
- ``NTREX short``: as mixed, the query cut to the headline's first three content words (not a
  stop word of its language): what a user types into a search box.

XQuAD (``load_xquad``): a question is the query, the Wikipedia paragraphs (de and en, parallel)
the documents; relevant = the paragraph the question was asked about.

- ``XQuAD de``: German questions against the German paragraphs.
- ``XQuAD en->de``: English questions against the German paragraphs.
- ``XQuAD mixed``: questions in both languages against all 480 paragraphs; relevant = the
  paragraph in both languages.

Halves (never tune on what you report): every query belongs to a unit (an NTREX article, an
XQuAD Wikipedia article); units at an even position (0, 2, ...) form the ``even`` half, used to
choose the ranking's settings; the ``odd`` half is the one reported.  The collection is always
whole: only the queries are halved.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from indexer.eval.ntrex import NTREX_LANGS, first_articles, load_ntrex

Qrels = dict[str, dict[str, int]]
HALVES = ("odd", "even", "all")
REPORTED_HALF = "odd"
XQUAD_LANGS = ("de", "en")
SHORT_QUERY_WORDS = 3


@dataclass(frozen=True)
class Task:
    name: str                              # "NTREX cross-lingual da->de"
    group: str                             # the row it is averaged into: "NTREX cross-lingual"
    topics: dict[str, str]
    qrels: Qrels
    doc_langs: tuple[str, ...] | None      # None: the whole collection


@dataclass(frozen=True)
class Benchmark:
    name: str
    collection: list[tuple[str, str, str]]  # (docno, text, lang)
    tasks: list[Task]


def make_id(lang: str, item_id: str) -> str:
    """The docno of a document, and the qid of a query, in ``lang``."""
    return f"{lang}:{item_id}"


def in_half(position: int, half: str) -> bool:
    if half not in HALVES:
        raise ValueError(f"half: one of {', '.join(HALVES)}, got {half!r}")
    return half == "all" or (position % 2 == 0) == (half == "even")


# --- NTREX ---------------------------------------------------------------------------------------

_WORD = re.compile(r"\w[\w'’.-]*\w|\w")


def short_query(headline: str, lang: str, words: int = SHORT_QUERY_WORDS) -> str:
    """The first ``words`` content words of a headline (no stop word of ``lang``, no lone digit
    or punctuation): "Trump's impeachment inquiry: ..." -> "Trump's impeachment inquiry"."""
    from indexer.lang import stopwords

    stop = stopwords(lang)
    content = [w for w in _WORD.findall(headline) if w.lower() not in stop and not (len(w) == 1 and not w.isalpha())]
    return " ".join(content[:words])


def ntrex_benchmark(data_dir: Path, half: str, articles: int = 0) -> Benchmark:
    ntrex = first_articles(load_ntrex(data_dir), articles)
    collection = [(make_id(lang, a), body, lang) for lang, bodies in ntrex.items() for a, (_h, body) in bodies.items()]
    kept = [a for i, a in enumerate(ntrex["en"]) if in_half(i, half)]
    langs = list(ntrex)

    def topics(query_langs, shorten=False) -> dict[str, str]:
        return {make_id(q, a): short_query(ntrex[q][a][0], q) if shorten else ntrex[q][a][0]
                for q in query_langs for a in kept}

    def task(name, group, query_langs, doc_langs, shorten=False) -> Task:
        queries = topics(query_langs, shorten)
        targets = doc_langs or langs
        qrels = {qid: {make_id(d, qid.partition(":")[2]): 1 for d in targets} for qid in queries}
        return Task(name, group, queries, qrels, tuple(doc_langs) if doc_langs else None)

    tasks = [task("NTREX mixed", "NTREX mixed", langs, None)]
    tasks += [task(f"NTREX cross-lingual {q}->{d}", "NTREX cross-lingual", [q], [d])
              for q in langs for d in langs if q != d]
    tasks += [task(f"NTREX monolingual {lang}", "NTREX monolingual", [lang], [lang]) for lang in langs]
    tasks.append(task("NTREX short", "NTREX short (3 words)", langs, None, shorten=True))
    return Benchmark("NTREX", collection, tasks)


# --- XQuAD ---------------------------------------------------------------------------------------

def load_xquad(data_dir: Path) -> dict[str, list[dict]]:
    """``{lang: [{"id", "article", "text", "questions": {qa id: question}}, ...]}`` for de and en;
    the paragraphs are parallel (same position, same question ids), their id ``p<article>.<n>``."""
    folder = data_dir if (data_dir / "xquad.de.json").exists() else data_dir / "xquad"
    result = {}
    for lang in XQUAD_LANGS:
        data = json.loads((folder / f"xquad.{lang}.json").read_text(encoding="utf-8"))["data"]
        result[lang] = [{"id": f"p{a:02d}.{p}", "article": a, "text": paragraph["context"],
                         "questions": {qa["id"]: qa["question"] for qa in paragraph["qas"]}}
                        for a, article in enumerate(data) for p, paragraph in enumerate(article["paragraphs"])]
    if [p["questions"].keys() for p in result["de"]] != [p["questions"].keys() for p in result["en"]]:
        raise ValueError(f"{folder}: xquad.de.json and xquad.en.json are not parallel")
    return result


def xquad_benchmark(data_dir: Path, half: str) -> Benchmark:
    xquad = load_xquad(data_dir)
    collection = [(make_id(lang, p["id"]), p["text"], lang) for lang in XQUAD_LANGS for p in xquad[lang]]

    def task(name, query_langs, doc_langs) -> Task:
        topics, qrels = {}, {}
        for q in query_langs:
            for paragraph in xquad[q]:
                if not in_half(paragraph["article"], half):
                    continue
                for qa_id, question in paragraph["questions"].items():
                    qid = make_id(q, qa_id)
                    topics[qid] = question
                    qrels[qid] = {make_id(d, paragraph["id"]): 1 for d in doc_langs or XQUAD_LANGS}
        return Task(name, name, topics, qrels, tuple(doc_langs) if doc_langs else None)

    return Benchmark("XQuAD", collection, [task("XQuAD de", ["de"], ["de"]), task("XQuAD en->de", ["en"], ["de"]),
                                           task("XQuAD mixed", list(XQUAD_LANGS), None)])


def benchmarks(data_dir: Path, half: str = REPORTED_HALF, articles: int = 0,
               names: Iterable[str] = ("NTREX", "XQuAD")) -> Iterator[Benchmark]:
    """The benchmarks asked for, their queries cut to ``half``; ``articles``: only the first N
    NTREX articles (a quick run; XQuAD then keeps its first N Wikipedia articles' questions)."""
    names = set(names)
    if "NTREX" in names:
        yield ntrex_benchmark(data_dir, half, articles)
    if "XQuAD" in names:
        bench = xquad_benchmark(data_dir, half)
        if articles:
            bench = _first_questions(bench, articles * 5)
        yield bench


def _first_questions(bench: Benchmark, count: int) -> Benchmark:
    """Only the first ``count`` queries of every task (quick runs)."""
    tasks = []
    for task in bench.tasks:
        kept = dict(list(task.topics.items())[:count])
        tasks.append(Task(task.name, task.group, kept, {q: task.qrels[q] for q in kept}, task.doc_langs))
    return Benchmark(bench.name, bench.collection, tasks)


__all__ = ["Benchmark", "HALVES", "NTREX_LANGS", "REPORTED_HALF", "Task", "benchmarks", "load_xquad", "short_query"]
