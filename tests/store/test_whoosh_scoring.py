"""Whoosh scores as Lucene does (``indexer/store/whoosh_scoring.py``): the seeds and real NTREX
articles indexed by both backends, the NTREX headlines and quoted phrases as queries, the same
top 10 in the same order with the same scores (to float precision: Lucene computes in float)."""
from __future__ import annotations

import math
import shutil

import pytest
from whoosh import scoring

from conftest import PARITY_QUERIES, SEEDS, needs_ntrex, ntrex_articles, skip_without_lucene
from indexer.build.full import build_index
from indexer.config import load_config
from indexer.eval.benchmarks import make_id
from indexer.eval.retrieval import write_corpus
from indexer.search.service import SearchService
from indexer.store.base import SearchRequest
from indexer.store.whoosh_scoring import EXACT_LENGTHS, LENGTH_TABLE, byte4_to_int, int_to_byte4

NTREX_ARTICLES = 12         # of each of the five languages: 60 articles beside the five seeds
RELATIVE = 1e-5             # Lucene's float against Python's double, summed over a dozen fields
PHRASES = ['"Noord-Koreaanse troepen"', '"nordkoreanske soldater" Kursk', '"North Korean troops"',
           '"der russischen Armee"', '"Vladimir Putin" "Kim Jong Un"']

@pytest.fixture(scope="module")
def ntrex():
    return ntrex_articles(NTREX_ARTICLES)


@pytest.fixture(scope="module")
def indexes(ntrex, tmp_path_factory):
    """{backend: config} of one corpus (seeds + NTREX bodies) built by each backend."""
    skip_without_lucene()
    folder = tmp_path_factory.mktemp("parity")
    corpus = folder / "corpus"
    write_corpus([(make_id(lang, item), body, lang) for lang, items in ntrex.items()
                  for item, (_headline, body) in items.items()], corpus)
    for seed in SEEDS:
        shutil.copy(seed, corpus / seed.name)
    configs = {}
    for backend in ("whoosh", "lucene"):
        config = load_config(index_dir=str(folder / backend), backend=backend)
        config.extract.use_ner = False      # the gazetteer's entities are enough here, and faster
        report = build_index(config, corpus_dir=corpus)
        assert report.articles == 5 * NTREX_ARTICLES + len(SEEDS), report.skipped
        configs[backend] = config
    return configs


def requests(ntrex) -> list[SearchRequest]:
    """The NTREX headlines (the evaluation's queries), the seed queries, phrases, and the entity channel."""
    headlines = [headline for items in ntrex.values() for headline, _body in items.values()]
    return [SearchRequest(query=query) for query in headlines + PARITY_QUERIES + PHRASES] + [
        SearchRequest(query="Putin Kim", entity_ids=["actor:vladimir-putin", "actor:kim-jong-un"])]


def rankings(config, requests_: list[SearchRequest]) -> list[list[tuple[str, float]]]:
    reader = SearchService(config).reader()
    return [[(c.id, c.score) for c in reader.rank(request, depth=10).candidates] for request in requests_]


def differences(whoosh: list[tuple[str, float]], lucene: list[tuple[str, float]]) -> list[str]:
    """What differs between two top-10s: a hit at another rank (unless its score ties with the
    one there, which each engine orders by its own rounding), or a score beyond float precision."""
    found = [] if len(whoosh) == len(lucene) else [f"{len(whoosh)} hits against {len(lucene)}"]
    for rank, ((w_id, w_score), (l_id, l_score)) in enumerate(zip(whoosh, lucene), 1):
        if not math.isclose(w_score, l_score, rel_tol=RELATIVE):
            found.append(f"rank {rank}: {w_id} {w_score:.6f} against {l_id} {l_score:.6f}")
        elif w_id != l_id and not _ties(lucene, l_score, w_id):
            found.append(f"rank {rank}: {w_id} against {l_id}")
    return found


def _ties(ranked: list[tuple[str, float]], score: float, doc_id: str) -> bool:
    return any(i == doc_id and math.isclose(s, score, rel_tol=RELATIVE) for i, s in ranked)


@pytest.fixture(scope="module")
def lucene_rankings(indexes, ntrex):
    return rankings(indexes["lucene"], requests(ntrex))


@needs_ntrex
def test_whoosh_ranks_and_scores_as_lucene(indexes, ntrex, lucene_rankings):
    whoosh_rankings = rankings(indexes["whoosh"], requests(ntrex))
    checked = {request.query + " " + ",".join(request.entity_ids or []): differences(whoosh, lucene)
               for request, whoosh, lucene in zip(requests(ntrex), whoosh_rankings, lucene_rankings)}
    assert {query: found for query, found in checked.items() if found} == {}
    headlines = lucene_rankings[:5 * NTREX_ARTICLES]
    assert sum(bool(found) for found in headlines) > 0.9 * len(headlines)        # the comparison compared hits
    assert sum(bool(found) for found in lucene_rankings[-1 - len(PHRASES):-1]) >= 3    # and phrases


@needs_ntrex
def test_the_comparison_tells_whooshs_own_bm25f_apart(indexes, ntrex, lucene_rankings, monkeypatch):
    """The check above can fail: with Whoosh's BM25F (as before) most rankings differ."""
    import indexer.store.whoosh_reader as whoosh_reader

    monkeypatch.setattr(whoosh_reader, "LuceneBM25", lambda k1, b: scoring.BM25F(K1=k1, B=b))
    whoosh_rankings = rankings(indexes["whoosh"], requests(ntrex))
    failing = [whoosh for whoosh, lucene in zip(whoosh_rankings, lucene_rankings) if differences(whoosh, lucene)]
    assert len(failing) > len(lucene_rankings) // 2


def test_norm_bytes_are_lucenes_smallfloat():
    skip_without_lucene()
    from indexer.store.lucene.jvm import java, start_jvm

    start_jvm(load_config().lucene.heap_mb)
    small_float = java("org.apache.lucene.util.SmallFloat")
    lengths = list(range(0, 3000)) + [10**k + d for k in range(4, 10) for d in (-1, 0, 1)] + [2**31 - 1]
    assert [int_to_byte4(n) for n in lengths] == [small_float.intToByte4(n) & 0xFF for n in lengths]
    assert LENGTH_TABLE == [small_float.byte4ToInt(norm if norm < 128 else norm - 256) for norm in range(256)]
    assert [byte4_to_int(int_to_byte4(n)) for n in range(EXACT_LENGTHS)] == list(range(EXACT_LENGTHS))


def test_an_index_from_before_the_lengths_column_and_the_twins_still_answers(seed_index, tmp_path, monkeypatch):
    """Built with the schema as it was (phrases on the text fields, no FIELD_LENGTHS, no twins):
    it keeps serving, with the same hits (scores from Whoosh's rounded lengths)."""
    from whoosh.fields import TEXT

    from indexer.store.whoosh_backend import WhooshBackend
    from indexer.store.whoosh_scoring import FIELD_LENGTHS

    def old_schema(backend):
        schema = new_schema(backend)
        for name in [name for name in schema.names() if name.endswith("__p") or name == FIELD_LENGTHS]:
            schema.remove(name)
        for name in backend._text_analyzers():
            schema.remove(name)
            schema.add(name, TEXT(analyzer=new_schema(backend)[name].analyzer, phrase=True))
        return schema

    new_schema = WhooshBackend.schema
    monkeypatch.setattr(WhooshBackend, "schema", old_schema)
    old = load_config(index_dir=str(tmp_path / "old"))
    build_index(old, corpus_dir=SEEDS[0].parent)
    monkeypatch.undo()
    assert "title_nl__p" not in SearchService(old).reader()._ix.schema
    current = load_config(index_dir=str(seed_index))
    for query in PARITY_QUERIES:
        [found], [expected] = (rankings(config, [SearchRequest(query=query)]) for config in (old, current))
        assert sorted(i for i, _ in found) == sorted(i for i, _ in expected), query
