"""The ranking path: each channel once, fused once, one fetch; counts mean "articles that match"."""
from indexer.search.ranking import interleave_languages, strictly_decreasing
from indexer.search.service import SearchService


def test_the_total_and_the_facets_count_only_articles_the_query_matches(seed_config):
    service = SearchService(seed_config)
    result = service.search({"q": ["Putin"]})
    matched = [hit for hit in result["hits"] if hit["matched"]]
    assert result["total"] == len(matched)
    assert all("putin" in (hit["title"] + hit["snippet"]).lower() or any(
        "putin" in actor["label"].lower() for actor in hit["actors"]) for hit in matched)
    counted = sum(value["count"] for value in result["facets"]["lang"])
    assert counted == result["total"] == 3              # 000, 001, 004 name him; 002 and 003 do not
    unmatched = [hit for hit in result["hits"] if not hit["matched"]]
    assert unmatched, "the dense channel still lists its nearest articles, flagged"
    assert result["hits"][:3] == matched                 # below the articles that match


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
