"""backend: lucene against backend: whoosh on the seeds: the same hits, facets and candidates.

The seed acceptance checks of tests/search and tests/app run on both backends through the
parametrised fixtures of tests/conftest.py; here the raw lexical rankings are compared, and the
generation swap is checked on a Lucene index.  Both score with Lucene's BM25 (Whoosh through
``indexer/store/whoosh_scoring.py``; tests/store/test_whoosh_scoring.py compares the scores
themselves on the seeds and NTREX articles).
"""
from __future__ import annotations

import pytest

from conftest import PARITY_QUERIES, lexical_ranking, long_word_ranking, tied_place_facets
from indexer.build.full import build_index
from indexer.config import load_config
from indexer.search.service import SearchService
from indexer.store.base import SearchRequest


def _whoosh(seed_index):
    return load_config(index_dir=str(seed_index))


def _lucene(lucene_seed_index):
    return load_config(index_dir=str(lucene_seed_index), backend="lucene")


@pytest.mark.parametrize("query", PARITY_QUERIES)
def test_same_hits_in_the_same_order_as_whoosh(seed_index, lucene_seed_index, query):
    whoosh = lexical_ranking(_whoosh(seed_index), query)
    assert whoosh, query
    assert lexical_ranking(_lucene(lucene_seed_index), query) == whoosh, query


@pytest.mark.parametrize("request_", [
    SearchRequest(query="soldaten", langs=["nl", "de"], actors=["actor:vladimir-putin"]),
    SearchRequest(langs=["nb", "da"]),
    SearchRequest(query="Kursk", num_min=1000, num_max=20000, num_unit="soldiers"),
    SearchRequest(query="Nordkorea", numbers=["12000"], facet_sizes={"actor": 2, "place": 1}),
], ids=["query+filters", "browse", "number range", "bare number, small facets"])
def test_same_totals_facets_and_order_as_whoosh(seed_index, lucene_seed_index, request_):
    def answer(config):
        result = SearchService(config).reader().search(request_)
        return (result.total, [hit.id for hit in result.hits], result.facets_truncated,
                {name: [(v.value, v.count, v.selected) for v in values] for name, values in result.facets.items()})

    assert answer(_lucene(lucene_seed_index)) == answer(_whoosh(seed_index))


def test_dense_neighbours_join_as_unmatched_candidates_as_with_whoosh(seed_index, lucene_seed_index):
    every_id = [hit.id for hit in SearchService(_whoosh(seed_index)).reader().search(SearchRequest(size=10)).hits]

    def candidates(config, query):
        request = SearchRequest(query=query, langs=["nl", "nb", "de"], extra_ids=every_id + ["no-such-id"])
        ranked = SearchService(config).reader().rank(request, depth=10)
        return ranked.total, [(c.id, c.lang, c.matched) for c in ranked.candidates]

    for query in ("Rutte", "Wladiwostok", "nothingmatchesthis"):
        assert candidates(_lucene(lucene_seed_index), query) == candidates(_whoosh(seed_index), query), query


def test_the_articles_asked_for_by_id_as_with_whoosh(seed_index, lucene_seed_index):
    every_id = [hit.id for hit in SearchService(_whoosh(seed_index)).reader().search(SearchRequest(size=10)).hits]
    for asked in (every_id[:2] + ["no-such-id"], [], every_id, ["no-such-id"]):
        request = SearchRequest(doc_ids=asked, size=10)
        found = {hit.id for hit in SearchService(_lucene(lucene_seed_index)).reader().search(request).hits}
        assert found == {hit.id for hit in SearchService(_whoosh(seed_index)).reader().search(request).hits}
        assert found == set(asked) - {"no-such-id"}, asked


def test_fetch_keeps_the_order_asked_for(seed_index, lucene_seed_index):
    ids = [hit.id for hit in SearchService(_whoosh(seed_index)).reader().search(SearchRequest(size=10)).hits][::-1]
    fetched = SearchService(_lucene(lucene_seed_index)).reader().fetch(ids + ["no-such-id"])
    expected = SearchService(_whoosh(seed_index)).reader().fetch(ids)
    assert [(h.id, h.title, h.date, h.actors, h.numbers) for h in fetched] == \
           [(h.id, h.title, h.date, h.actors, h.numbers) for h in expected]


def test_a_rebuild_is_served_by_the_open_service_and_a_failed_one_changes_nothing(corpus_copy, tmp_path, monkeypatch):
    from indexer.store.lucene.writer import LuceneWriter

    index = tmp_path / "index"
    config = load_config(index_dir=str(index), backend="lucene")
    build_index(config, corpus_dir=corpus_copy)
    service = SearchService(config)
    assert service.count() == 5
    next(corpus_copy.glob("000*")).unlink()
    build_index(config, corpus_dir=corpus_copy)
    assert service.count() == 4 and service.search({"q": ["Wladiwostok"]})["total"] >= 1

    def broken_commit(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(LuceneWriter, "commit", broken_commit)
    next(corpus_copy.glob("001*")).unlink()
    with pytest.raises(RuntimeError, match="disk full"):
        build_index(config, corpus_dir=corpus_copy)
    assert service.count() == 4 and SearchService(config).count() == 4


def test_values_tied_past_the_fetched_ones_are_shown_by_label_as_with_whoosh(lucene_seed_index, tmp_path):
    """Lucene breaks a tie by the value's bytes ("place:AT" before "place:geonames:…"): with
    more tied values than it fetched, Aachen was left out for Cyprus."""
    whoosh = tied_place_facets(load_config(index_dir=str(tmp_path / "w" / "index")), tmp_path / "corpus")
    assert whoosh == ["Aachen", "Austria", "Belgium", "Bulgaria", "Croatia"]
    lucene = load_config(index_dir=str(tmp_path / "l" / "index"), backend="lucene")
    assert tied_place_facets(lucene, tmp_path / "corpus") == whoosh


def test_a_word_longer_than_255_characters_is_one_term_as_with_whoosh(tmp_path):
    whoosh = long_word_ranking(load_config(index_dir=str(tmp_path / "w" / "index")), tmp_path / "corpus")
    assert whoosh[len(whoosh) // 2][0] == "long"        # the quoted word: its own article first
    assert long_word_ranking(load_config(index_dir=str(tmp_path / "l" / "index"), backend="lucene"),
                             tmp_path / "corpus") == whoosh

