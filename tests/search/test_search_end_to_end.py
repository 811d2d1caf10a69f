"""The foundation's acceptance checks on the seeds, through the search service and the JSON API."""
from conftest import seed_id


def ids(client, **params):
    response = client.get("/api/search", query_string=params)
    assert response.status_code == 200, response.get_json()
    return [hit["id"] for hit in response.get_json()["hits"]]


def test_language_and_date_of_every_seed(client):
    hits = {hit["id"]: hit for hit in client.get("/api/search?size=10").get_json()["hits"]}
    assert {hit_id[:3]: hit["lang"] for hit_id, hit in hits.items()} == {
        "000": "nl", "001": "nb", "002": "da", "003": "nl", "004": "de"}
    assert hits[seed_id("000")]["date"] == "2024-10-24T01:00"


def test_empty_query_lists_all_articles_newest_first(client):
    data = client.get("/api/search").get_json()
    assert data["total"] == 5
    dates = [hit["date"] for hit in data["hits"] if hit["date"]]
    assert dates == sorted(dates, reverse=True)
    assert data["hits"][0]["id"] == seed_id("000")  # the only seed that states its date


def test_the_issue_queries(client):
    assert set(ids(client, q="troepen")[:2]) == {seed_id("000"), seed_id("003")}
    assert seed_id("004") in ids(client, q="Soldat")
    assert set(ids(client, q="Nordkorea")) == {seed_id(p) for p in ("000", "001", "002", "003", "004")}
    for boilerplate in ("Hezbollah", "Epstein", "Getty", "Vollbildmodus", "Kommentare"):
        assert ids(client, q=boilerplate) == [], boilerplate


def test_a_number_is_one_number_however_its_groups_are_written(client):
    """001 writes "600 000" (a space between groups), 004 "600.000": a query in any of the forms
    finds both (a query parser splits at spaces before the analysis chain sees the words)."""
    for written in ("600 000", "600\u00a0000", "600.000", "600,000", "600000"):
        assert set(ids(client, q=written)) == {seed_id("001"), seed_id("004")}, written


def test_a_quoted_phrase_with_a_number_matches_it_however_its_groups_are_written(client):
    """A phrase keeps one token a position: the number's one way (bare digits), so a quoted
    "35 000 tonn" finds "35 000 tonn", and "35000 tonn" or "35.000 tonn" find it too."""
    for words, seed in (("russiske", "001"), ("soldater", "002")):
        for written in ("600 000", "600.000", "600,000", "600000") if seed == "001" else ("12.000", "12 000", "12000"):
            assert seed_id(seed) in ids(client, q=f'"{written} {words}"'), (written, words)
    assert ids(client, q='"600 000 soldater"') == []


def test_a_quoted_phrase_counts_the_articles_with_the_phrase(client):
    assert ids(client, q='"Putin Rutte Kursk"') == []                  # no article has those words in a row
    assert set(ids(client, q='"Poetin"')) == {seed_id(p) for p in ("000", "001", "004")}   # a name as a whole


def test_korea_meets_compounds_in_every_language(client):
    assert len(ids(client, q="Korea")) == 5


def test_json_shape(client):
    data = client.get("/api/search?q=Rutte").get_json()
    assert set(data) >= {"query", "total", "page", "size", "hits", "facets"}
    hit = data["hits"][0]
    assert set(hit) >= {"id", "title", "lang", "date", "score", "snippet", "actors", "places", "numbers"}
    assert "Rutte" in hit["snippet"]
    lang_values = data["facets"]["lang"]
    assert all(set(value) >= {"value", "label", "count", "selected", "toggle_url"} for value in lang_values)
    assert sum(value["count"] for value in lang_values) == data["total"]


def test_language_filter_and_its_toggle_url(client):
    data = client.get("/api/search?q=Nordkorea").get_json()
    dutch = next(value for value in data["facets"]["lang"] if value["value"] == "nl")
    assert dutch["count"] == 2 and dutch["label"] == "Dutch" and not dutch["selected"]
    filtered = client.get(dutch["toggle_url"]).get_json()
    assert filtered["total"] == 2 and {hit["lang"] for hit in filtered["hits"]} == {"nl"}
    selected = next(value for value in filtered["facets"]["lang"] if value["value"] == "nl")
    assert selected["selected"]
    assert client.get(selected["toggle_url"]).get_json()["total"] == 5


def test_paging(client):
    first = client.get("/api/search?size=2&page=1").get_json()
    third = client.get("/api/search?size=2&page=3").get_json()
    assert len(first["hits"]) == 2 and len(third["hits"]) == 1
    assert client.get("/api/search?size=2&page=9").get_json()["hits"] == []


def test_bad_parameters_are_400_with_a_message(client):
    for query in ("page=0", "page=abc", "size=0", "size=100000", "lang=xx", "num_min=abc", "num_min=5&num_max=1",
                  "number=many", "q=" + "x" * 2000):
        response = client.get("/api/search?" + query)
        assert response.status_code == 400, query
        assert response.get_json()["error"], query
    assert client.get("/?page=-1").status_code == 400


def test_odd_queries_are_searched_as_words(client):
    for query in ('"unbalanced quotes', "AND", "OR NOT", "title:Rutte", "body_nl:troepen", "(((", "*", "Rutte^",
                  "Rutte~", "[a TO z]", "-", "'"):
        response = client.get("/api/search", query_string={"q": query})
        assert response.status_code in (200, 400), query
        assert response.is_json and ("hits" in response.get_json() or "error" in response.get_json())
    assert seed_id("004") in ids(client, q="title:Rutte")


def test_html_page_renders_hits_facets_and_escapes_input(client):
    response = client.get("/?q=<script>alert(1)</script>")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    page = client.get("/?q=Rutte").get_data(as_text=True)
    assert "<mark>Rutte</mark>" in page and 'data-facet="lang"' in page


def test_a_query_that_matches_nothing_says_how_matching_works(client):
    assert 'class="note empty"' in client.get("/?q=Hezbollah").get_data(as_text=True)
    assert 'class="note empty"' not in client.get("/?q=Rutte").get_data(as_text=True)
    assert 'class="note empty"' not in client.get("/").get_data(as_text=True)


def test_unknown_api_route_is_json_404(client):
    response = client.get("/api/nothing")
    assert response.status_code == 404 and response.get_json()["error"]


def test_hits_are_ranked_by_a_real_score(client):
    hits = client.get("/api/search?q=Rutte Kursk").get_json()["hits"]
    scores = [hit["score"] for hit in hits]
    assert scores and all(score > 0 for score in scores) and scores == sorted(scores, reverse=True)


def test_the_json_says_which_entities_the_query_named(client):
    """``linked_entities``: what the entity channel matched for this query (it was always empty)."""
    data = client.get("/api/search", query_string={"q": "Poetin Noord-Korea"}).get_json()
    assert {"actor:vladimir-putin", "place:KP"} <= set(data["linked_entities"])
    assert client.get("/api/search", query_string={"q": "troepen"}).get_json()["linked_entities"] == []


def test_not_leaves_out_the_articles_of_a_word_in_every_language(client):
    """"Putin NOT Kursk" matched every article (Whoosh's NOT inside an OR is "anything without
    Kursk"); now it is the Putin articles without Kursk in any spelling (001 and 004 name it,
    002 writes "Kursk" too), and no Kursk article comes as related either."""
    putin = set(ids(client, q="Putin"))
    kursk = set(ids(client, q="Kursk"))
    for query in ("Putin NOT Kursk", "Poetin NOT Koersk", "Putin NOT Kursk NOT Kursks", 'Putin NOT "Kursk"'):
        data = client.get("/api/search", query_string={"q": query}).get_json()
        assert {hit["id"] for hit in data["hits"]} == putin - kursk == {seed_id("000")}, query
        assert data["total"] == 1 and not {hit["id"] for hit in data["related"]} & kursk, query
    assert ids(client, q="NOT Kursk") == [] and ids(client, q="NOT Hezbollah") == []
    assert set(ids(client, q="Putin NOT Hezbollah")) == putin


def test_a_snippet_marks_the_hits_own_spelling_of_a_name_the_query_gives(client):
    """"Poetin" (Dutch) finds the German and Norwegian articles through Putin's entity; their
    snippets mark "Putin", as a Dutch one marks "Poetin"."""
    hits = client.get("/api/search?q=Poetin").get_json()["hits"]
    marked = {hit["lang"]: hit["snippet_html"] for hit in hits}
    assert "<mark>Putin" in marked["de"] and "<mark>Putin" in marked["nb"], marked
    assert "<mark>Poetin</mark>" in marked["nl"]
