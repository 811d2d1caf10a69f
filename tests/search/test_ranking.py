"""The ranking path: each channel once, fused once, one fetch; counts mean "articles that match"."""
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
    order = interleave_languages([0, 1, 2, 3, 4], ["nl", "nl", "de", "de", "da"], matched={"nl", "de"})
    assert order == [0, 2, 1, 3, 4]
    assert strictly_decreasing([3.0, 5.0, 1.0, 1.0]) == [3.0, 3.0 - 1e-5, 1.0, 1.0 - 1e-5]
