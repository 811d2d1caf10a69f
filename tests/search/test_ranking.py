"""The ranking path: each channel once, fused once, one fetch; counts mean "articles that match"."""
import math

import pytest

from indexer.search.ranking import interleave_languages, strictly_decreasing
from indexer.search.service import SearchService


def test_the_total_and_the_facets_count_only_articles_the_query_matches(seed_config):
    service = SearchService(seed_config)
    result = service.search({"q": ["Putin"]})
    assert result["total"] == 3 and result["pages"] == 1
    assert sorted(hit["id"][:3] for hit in result["hits"]) == ["000", "001", "004"]   # they name him
    assert all(hit["matched"] for hit in result["hits"])
    assert sum(value["count"] for value in result["facets"]["lang"]) == 3
    putin = next(value for value in result["facets"]["actor"] if value["label"] == "Vladimir Putin")
    assert putin["count"] == 3
    assert all(value["count"] <= 3 for values in result["facets"].values() for value in values)
    # The dense channel's neighbours that never mention him are listed apart, not counted.
    assert sorted(hit["id"][:3] for hit in result["related"]) == ["002", "003"]
    assert not any(hit["matched"] for hit in result["related"])


def test_related_articles_are_listed_once_on_the_first_page_only(seed_config):
    service = SearchService(seed_config)
    assert service.search({"q": ["Putin"], "size": ["2"], "page": ["2"]})["related"] == []
    first = service.search({"q": ["Putin"], "size": ["2"]})
    assert len(first["related"]) == 2 and {h["id"] for h in first["hits"]}.isdisjoint(h["id"] for h in first["related"])


def test_related_inline_ranks_everything_in_one_list_and_still_counts_only_matches(seed_config):
    service = SearchService(seed_config)
    inline = service.search({"q": ["Putin"], "related": ["inline"]})
    apart = service.search({"q": ["Putin"]})
    assert inline["total"] == apart["total"] == 3 and inline["related"] == []
    assert {h["id"] for h in inline["hits"]} == {h["id"] for h in apart["hits"] + apart["related"]}
    assert sum(not h["matched"] for h in inline["hits"]) == 2
    assert inline["facets"] == apart["facets"]
    run = service.batch_search({"q": "Putin"}, hits=10)["q"]          # batch-search ranks inline
    assert [docid for docid, _ in run] == [h["id"] for h in inline["hits"]]


@pytest.mark.parametrize("size", [1, 2])
def test_related_inline_pages_reach_every_match(seed_config, size):
    # The 3 matches and the 2 related share one list: 5 places, each match on a page up to the last.
    service = SearchService(seed_config)
    params = {"q": ["Putin"], "related": ["inline"], "collapse": ["false"], "size": [str(size)]}
    first = service.search(params)
    assert first["total"] == 3 and first["pages"] == math.ceil(5 / size)
    listed = [hit for page in range(1, first["pages"] + 1)
              for hit in service.search({**params, "page": [str(page)]})["hits"]]
    assert sorted(hit["id"][:3] for hit in listed) == ["000", "001", "002", "003", "004"]
    assert sorted(hit["id"][:3] for hit in listed if hit["matched"]) == ["000", "001", "004"]
    assert service.search({**params, "page": [str(first["pages"] + 1)]})["hits"] == []
    assert service.search({"q": ["Putin"], "size": [str(size)]})["pages"] == math.ceil(3 / size)   # apart: matches


def test_a_bad_related_value_is_a_clear_error(seed_config):
    from indexer.search.service import BadRequest

    with pytest.raises(BadRequest, match="related"):
        SearchService(seed_config).search({"q": ["Putin"], "related": ["everywhere"]})


def test_the_callers_request_is_not_changed(seed_config):
    service = SearchService(seed_config)
    request = service.parse_params({"q": ["Nordkorea Soldaten"]})
    before = repr(request)
    service.rank(request)
    assert repr(request) == before


def test_paging_shows_each_hit_once_in_ranked_order(seed_config):
    service = SearchService(seed_config)
    everything = service.search({"q": ["soldater"], "size": ["10"]})["hits"]
    pages = service.search({"q": ["soldater"], "size": ["2"]})["hits"] + \
        service.search({"q": ["soldater"], "size": ["2"], "page": ["2"]})["hits"]
    assert [hit["id"] for hit in pages] == [hit["id"] for hit in everything[:4]]


def test_interleaving_puts_each_languages_best_first_and_scores_decrease():
    order = interleave_languages([0, 1, 2, 3, 4], ["nl", "nl", "de", "de", "da"])
    assert order == [0, 2, 4, 1, 3]
    assert strictly_decreasing([3.0, 5.0, 1.0, 1.0]) == [3.0, 3.0 - 1e-5, 1.0, 1.0 - 1e-5]


def test_a_language_filter_that_no_word_meets_still_gets_the_related_articles(seed_config):
    # "Putin" matches in nl, nb and de; the Danish seed never names him.  Under a Danish filter
    # the query still matches the collection, so its Danish neighbour comes as related (counted
    # nowhere): cross-language search is what the dense channel is for.
    service = SearchService(seed_config)
    danish = service.search({"q": ["Putin"], "lang": ["da"]})
    assert danish["total"] == 0 and danish["hits"] == []
    assert [hit["id"][:3] for hit in danish["related"]] == ["002"]
    assert not any(value["count"] for value in danish["facets"]["actor"] + danish["facets"]["place"])
    assert service.batch_search({"q": "Putin"}, hits=10, langs=["da"])["q"][0][0].startswith("002")
    # A query that matches nothing anywhere still gets nothing, filtered or not.
    assert service.search({"q": ["Hezbollah"], "lang": ["da"]})["related"] == []
    assert service.batch_search({"q": "Hezbollah"}, hits=10, langs=["da"])["q"] == []


def test_the_query_language_decides_whether_a_word_match_outweighs_a_closer_vector():
    # Constructed channel scores: candidate 0 matches the query's words strongly (BM25 9) but its
    # vector is a little farther than candidate 4's, a neighbour no word matched.
    from indexer.config import load_config
    from indexer.search.ranking import Ranker
    from indexer.store.base import Candidate

    ranker = Ranker(load_config())
    query = "Wie viele Punkte gab die Verteidigung der Panthers ab?"       # German (lingua)
    lexical, cosine = [9.0, 1.0, 1.0, 0.5, 0.0, 0.0], [0.80, 0.83, 0.81, 0.80, 0.82, 0.79]

    def fused(lang: str) -> list[float]:
        candidates = [Candidate(str(i), score, lang, matched=score > 0) for i, score in enumerate(lexical)]
        return [c.score for c in ranker.fused(query, candidates, cosine)]

    same, across = fused("de"), fused("en")
    assert same[0] > same[4]        # in the query's language its own words are strong evidence
    assert across[4] > across[0]    # across languages only names and cognates meet: e5 knows better
    assert across[1] == max(across) and same[1] == max(same)    # the nearest vector with a word match


def test_one_ranked_list_puts_each_languages_best_first_also_a_dense_neighbour():
    from indexer.config import load_config
    from indexer.search.ranking import Ranker
    from indexer.store.base import Candidate

    candidates = [Candidate("en-1", 0.9, "en"), Candidate("en-2", 0.8, "en"),
                  Candidate("de-1", 0.5, "de", matched=False)]        # no English word in German
    ranked = Ranker(load_config()).order(candidates, balance=True)
    assert [c.id for c, _ in ranked] == ["en-1", "de-1", "en-2"]
    assert [s for _, s in ranked] == sorted((s for _, s in ranked), reverse=True)
    assert [c.id for c, _ in Ranker(load_config()).order(candidates, balance=False)] == ["en-1", "en-2", "de-1"]


def test_by_confidence_a_close_language_gets_a_lexical_weight_in_between():
    import dataclasses

    from indexer.config import load_config
    from indexer.search.ranking import Ranker, query_language_confidence
    from indexer.store.base import Candidate

    config = load_config()
    config = dataclasses.replace(config, ranking=dataclasses.replace(config.ranking, lexical_weight_by="confidence"))
    query = "Regjeringen vil senke skatten for alle"                    # Bokmål, a little Danish to lingua
    confidence = query_language_confidence(query, tuple(config.languages))
    assert confidence["nb"] > 0.5 and 0.01 < confidence["da"] < 0.5 and confidence["en"] < 0.01
    candidates = [Candidate(lang, 1.0, lang) for lang in ("nb", "da", "en")]
    weights = dict(zip(("nb", "da", "en"), Ranker(config)._lexical_weights(query, candidates)))
    ranking = config.ranking
    assert ranking.lexical_weight > weights["nb"] > weights["da"] > weights["en"] >= ranking.lexical_weight_across
    assert weights["da"] > ranking.lexical_weight_across + 0.005
