"""Why cross-lingual MRR@10 stays under 0.90 here: the experiments behind docs/ranking.md.

    python -m indexer eval dense-ceiling [--data-dir DIR] [--articles N]   # ~20 min: e5 embeds ~40,000 words

Works on the NTREX headlines (queries) and bodies (documents), outside the search engine, so
that each idea is measured on its own before it is worth building into the ranking:

- the dense channel (the vectors the index builds: e5 of the first ``dense_lead_chars`` of the
  body) monolingually and across languages: how much it loses when the language changes;
- two known remedies for cross-lingual embeddings: removing each language's mean vector
  (Libovický et al. 2020) and a hubness penalty (CSLS-like: minus the mean similarity of a
  document to its 10 nearest documents of its language);
- a plain in-memory BM25 (rank-bm25, lowercase words) across languages, alone and fused with
  dense, with its query words expanded through a bilingual lexicon induced by e5 itself (each
  query word's 3 nearest words, cosine >= 0.85, in the vocabulary of the document language).

Every figure is the mean MRR@10 over the 20 ordered language pairs (worst pair in brackets),
documents of the target language only, as in ``python -m indexer eval retrieval``.
"""
from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

import numpy as np

from indexer.config import REPO_ROOT as REPO

from indexer.config import load_config  # noqa: E402
from indexer.store.dense import CACHE_FILE, embed_passages, lead, model  # noqa: E402
from indexer.eval.ntrex import DEFAULT_DATA_DIR, load_ntrex, first_articles  # noqa: E402
from indexer.eval.retrieval import all_pairs  # noqa: E402

LEXICON_NEIGHBOURS, LEXICON_MIN_COSINE = 3, 0.85


def words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text.lower())


def mrr_at_10(scores: np.ndarray) -> float:
    """Rows: queries, columns: documents, the relevant document of query i is document i."""
    ranks = (scores > np.diag(scores)[:, None]).sum(axis=1) + 1
    return float(np.where(ranks <= 10, 1.0 / ranks, 0.0).mean())


def unit(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.linalg.norm(matrix, axis=-1, keepdims=True)


def zscore(scores: np.ndarray) -> np.ndarray:
    return (scores - scores.mean(1, keepdims=True)) / (scores.std(1, keepdims=True) + 1e-9)


def embed_queries(texts: list[str]) -> np.ndarray:
    return unit(np.asarray(model().query(texts), dtype=np.float32))


class Lexicon:
    """Word translations induced by e5: the nearest words of another language's vocabulary."""

    def __init__(self, vocabulary: dict[str, list[str]], query_words: set[str]):
        self.vocabulary = vocabulary
        self.vectors = {lang: embed_queries(ws) for lang, ws in vocabulary.items()}
        ordered = sorted(query_words)
        self.query_vectors = dict(zip(ordered, embed_queries(ordered)))

    def expand(self, query_words: list[str], lang: str) -> Counter:
        terms = Counter(query_words)
        for word in query_words:
            sims = self.vectors[lang] @ self.query_vectors[word]
            for j in np.argsort(-sims)[:LEXICON_NEIGHBOURS]:
                if sims[j] >= LEXICON_MIN_COSINE and self.vocabulary[lang][j] != word:
                    terms[self.vocabulary[lang][j]] += float(sims[j]) ** 4
        return terms


def bm25_scores(bm25, terms: Counter, n: int) -> np.ndarray:
    scores = np.zeros(n)
    for term, weight in terms.items():
        scores += weight * bm25.get_scores([term])
    return scores


def report(name: str, per_pair: dict) -> None:
    values = list(per_pair.values())
    print(f"{name:58s} {np.mean(values):.3f} ({min(values):.3f})", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indexer eval dense-ceiling", description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--articles", type=int, default=0, help="only the first N NTREX articles (quick runs)")
    args = parser.parse_args(argv)
    from rank_bm25 import BM25Okapi

    config = load_config(REPO / "config.yaml")
    ntrex = first_articles(load_ntrex(args.data_dir), args.articles)
    langs, ids = list(ntrex), list(next(iter(ntrex.values())))
    pairs = all_pairs(langs)
    bodies = {lang: [ntrex[lang][i][1] for i in ids] for lang in langs}
    docs = {lang: embed_passages([lead("", body, config.ranking.dense_lead_chars) for body in bodies[lang]],
                                 config.path(CACHE_FILE)) for lang in langs}
    queries = {lang: embed_queries([ntrex[lang][i][0] for i in ids]) for lang in langs}
    dense = {(q, d): queries[q] @ docs[d].T for q, d in pairs}

    print(f"NTREX: {len(ids)} articles x {len(langs)} languages; MRR@10, mean of pairs (worst pair)")
    report("dense, monolingual (5 languages)", {lang: mrr_at_10(queries[lang] @ docs[lang].T) for lang in langs})
    report("dense, cross-lingual", {p: mrr_at_10(s) for p, s in dense.items()})

    mean = {lang: docs[lang].mean(0) for lang in langs}
    report("  - language means removed", {(q, d): mrr_at_10(unit(queries[q] - mean[q]) @ unit(docs[d] - mean[d]).T)
                                          for q, d in pairs})
    neighbours = {}
    for lang in langs:
        sims = docs[lang] @ docs[lang].T
        np.fill_diagonal(sims, -1)
        neighbours[lang] = np.sort(sims, axis=1)[:, -10:].mean(1)
    report("  - hubness penalty (0.5 x mean cosine to 10 nearest)",
           {(q, d): mrr_at_10(s - 0.5 * neighbours[d][None, :]) for (q, d), s in dense.items()})

    bm25 = {lang: BM25Okapi([words(body) for body in bodies[lang]]) for lang in langs}
    headline_words = {lang: [words(ntrex[lang][i][0]) for i in ids] for lang in langs}
    plain = {(q, d): np.stack([bm25_scores(bm25[d], Counter(ws), len(ids)) for ws in headline_words[q]])
             for q, d in pairs}
    print("inducing the e5 lexicon (every body word of every language) ...", flush=True)
    vocabulary = {lang: sorted({w for body in bodies[lang] for w in words(body)}) for lang in langs}
    lexicon = Lexicon(vocabulary, {w for lang in langs for ws in headline_words[lang] for w in ws})
    expanded = {(q, d): np.stack([bm25_scores(bm25[d], lexicon.expand(ws, d), len(ids)) for ws in headline_words[q]])
                for q, d in pairs}
    for name, lexical in (("BM25", plain), ("BM25 + e5 lexicon", expanded)):
        report(f"{name}, cross-lingual", {p: mrr_at_10(s) for p, s in lexical.items()})
        top = {p: np.maximum(s.max(1, keepdims=True), 1e-9) for p, s in lexical.items()}
        report("  fused: lexical/best + 25 x cosine (the engine's)",
               {p: mrr_at_10(lexical[p] / top[p] + 25 * dense[p]) for p in pairs})
        report("  fused: 0.1 z(lexical) + 0.9 z(cosine)",
               {p: mrr_at_10(0.1 * zscore(lexical[p]) + 0.9 * zscore(dense[p])) for p in pairs})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
