"""The Whoosh backend's bulk scoring (``indexer/store/whoosh_bulk.py``) against Whoosh's own
matchers: the same documents, scores, candidates, totals and facet counts, on the seeds and real
NTREX articles, with filters and the entity channel, before and after an in-place update (a
second segment and deleted documents)."""
from __future__ import annotations

import math
import shutil

import numpy as np
import pytest

from conftest import PARITY_QUERIES, SEEDS, needs_ntrex, ntrex_articles, seed_id
from indexer.build.full import build_index
from indexer.build.update import update_index
from indexer.config import load_config
from indexer.eval.benchmarks import make_id
from indexer.eval.retrieval import write_corpus
from indexer.search.service import SearchService
from indexer.store import whoosh_bulk
from indexer.store.base import SearchRequest

NTREX_ARTICLES = 8          # of each language, beside the seeds

@pytest.fixture(scope="module")
def ntrex():
    return ntrex_articles(NTREX_ARTICLES)


@pytest.fixture(scope="module")
def built(ntrex, tmp_path_factory):
    """(config, corpus folder) of a Whoosh index of the seeds and NTREX bodies."""
    folder = tmp_path_factory.mktemp("bulk")
    corpus = folder / "corpus"
    write_corpus([(make_id(lang, item), body, lang) for lang, items in ntrex.items()
                  for item, (_headline, body) in items.items()], corpus, per_file=NTREX_ARTICLES)
    for seed in SEEDS:
        shutil.copy(seed, corpus / seed.name)
    config = load_config(index_dir=str(folder / "index"))
    config.extract.use_ner = False
    build_index(config, corpus_dir=corpus)
    return config, corpus


def requests(ntrex) -> list[SearchRequest]:
    headlines = [headline for items in ntrex.values() for headline, _body in items.values()]
    plain = [SearchRequest(query=query) for query in headlines + PARITY_QUERIES]
    return plain + [
        SearchRequest(query="Putin Kim", entity_ids=["actor:vladimir-putin", "actor:kim-jong-un"]),
        SearchRequest(query="Noord-Korea soldaten Rusland", langs=["nl", "de"]),
        SearchRequest(query="Putin troops", actors=["actor:vladimir-putin"], date_from="2024-01-01"),
        SearchRequest(query="the of and", sources=["nonexistent"]),
        SearchRequest(query="zzzqx"),
    ]


def both_ways(config, request: SearchRequest, monkeypatch, call: str = "rank") -> tuple:
    """(bulk, Whoosh's own matchers): each a (hits as (id, score), total, facets) of the reader's
    ``rank`` (depth 50) or ``search``."""
    reader = SearchService(config).reader()
    answers = []
    for bulk in (True, False):
        with monkeypatch.context() as patch:
            if not bulk:
                patch.setattr(whoosh_bulk, "scores", lambda *args: None)
                patch.setattr(type(reader), "_search_in_bulk", lambda *args: None)
            if call == "rank":
                answer = reader.rank(request, depth=50)
                hits = answer.candidates
            else:
                answer = reader.search(request)
                hits = answer.hits
        answers.append(([(hit.id, hit.score) for hit in hits], answer.total, answer.facets))
    return tuple(answers)


def assert_alike(bulk, whoosh, label: str) -> None:
    (b_hits, b_total, b_facets), (w_hits, w_total, w_facets) = bulk, whoosh
    assert b_total == w_total, label
    assert b_facets == w_facets, label
    assert len(b_hits) == len(w_hits), label
    for (b_id, b_score), (w_id, w_score) in zip(b_hits, w_hits):
        if b_score is None or w_score is None:      # listed by date: no scores, the same order
            assert (b_id, b_score) == (w_id, w_score), label
            continue
        assert math.isclose(b_score, w_score, rel_tol=1e-12), (label, b_id, w_id)
        # The same order, but for exact ties (each orders them by document number; a sum in
        # another order can break a tie by a last bit).
        assert b_id == w_id or any(i == b_id and math.isclose(s, b_score, rel_tol=1e-12) for i, s in w_hits), label


@needs_ntrex
def test_bulk_scoring_answers_as_whooshs_matchers(built, ntrex, monkeypatch):
    config, _ = built
    answered = 0
    for request in requests(ntrex):
        bulk, whoosh = both_ways(config, request, monkeypatch)
        assert_alike(bulk, whoosh, request.query)
        answered += bool(bulk[1])
    assert answered > 0.9 * len(requests(ntrex))       # the comparison compared hits


@needs_ntrex
def test_after_an_update_in_place_deleted_articles_stay_out(built, ntrex, monkeypatch, tmp_path):
    config, corpus = built
    copy = tmp_path / "corpus"
    shutil.copytree(corpus, copy)
    config = load_config(index_dir=str(tmp_path / "index"))
    config.extract.use_ner = False
    build_index(config, corpus_dir=copy)
    (copy / f"{seed_id('004')}.txt").unlink()       # deleted from the copied segment
    changed = copy / f"{seed_id('001')}.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nPoetin ontkent alles.\n", encoding="utf-8")
    report = update_index(config, corpus_dir=copy)
    assert report.changes["in_place"]
    searcher = SearchService(config).reader()._ix.searcher()
    assert len(searcher.reader().leaf_readers()) > 1 or searcher.reader().has_deletions()
    for request in requests(ntrex)[-12:]:
        bulk, whoosh = both_ways(config, request, monkeypatch)
        assert_alike(bulk, whoosh, request.query)
        assert seed_id("004") not in [doc_id for doc_id, _ in bulk[0]]


def test_phrases_are_left_to_whooshs_matchers(seed_index):
    reader = SearchService(load_config(index_dir=str(seed_index))).reader()
    with reader._searcher() as searcher:
        phrase = reader._query(SearchRequest(query='"Noord-Koreaanse soldaten"'))
        words = reader._query(SearchRequest(query="Noord-Koreaanse soldaten"))
        assert whoosh_bulk.scores(searcher, phrase, reader._weighting) is None
        docs, scores = whoosh_bulk.scores(searcher, words, reader._weighting)
    assert len(docs) and np.all(np.diff(docs) > 0) and np.all(scores > 0)


def test_top_keeps_the_best_and_breaks_ties_by_document_number():
    docs = np.array([3, 5, 8, 9, 12])
    scores = np.array([1.0, 2.0, 2.0, 0.5, 2.0])
    assert whoosh_bulk.top(docs, scores, 2).tolist() == [1, 2]
    assert whoosh_bulk.top(docs, scores, 10).tolist() == [1, 2, 4, 0, 3]
    assert whoosh_bulk.top(docs[:0], scores[:0], 5).tolist() == []


SEARCHES = [SearchRequest(), SearchRequest(langs=["de"]), SearchRequest(langs=["nl", "nb"], page=2, size=3),
            SearchRequest(actors=["actor:vladimir-putin"]), SearchRequest(date_from="2024-10-01", date_to="2024-12-31"),
            SearchRequest(num_min=1000, num_max=20000), SearchRequest(number_unit="soldiers"),
            SearchRequest(query="Putin soldaten", sort="date"), SearchRequest(query="Noord-Korea troepen", size=5),
            SearchRequest(query="Russia Ukraine war", page=3, size=4), SearchRequest(query="Kim", page=99),
            SearchRequest(query='"Noord-Koreaanse soldaten"'), SearchRequest(query="Putin", extra_ids=["x"])]


@needs_ntrex
@pytest.mark.parametrize("request_", SEARCHES, ids=lambda r: f"{r.query}|{r.langs}|{r.page}")
def test_search_in_bulk_answers_as_whooshs_collectors(built, request_, monkeypatch):
    config, _ = built
    bulk, whoosh = both_ways(config, request_, monkeypatch, call="search")
    assert_alike(bulk, whoosh, f"{request_}")
