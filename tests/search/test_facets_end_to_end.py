"""The entity-facet acceptance checks on the seeds, through the JSON API and the page."""
from conftest import seed_id

ALL = {"000", "001", "002", "003", "004"}


def api(client, **params):
    response = client.get("/api/search", query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def facet(data, name, label):
    return next((value for value in data["facets"][name] if value["label"] == label), None)


def seeds_of(data):
    return {hit["id"][:3] for hit in data["hits"]}


def test_actor_place_and_number_counts(client):
    data = api(client, size=10)
    expected = {("actor", "Vladimir Putin"): 3, ("actor", "Mark Rutte"): 3, ("actor", "NATO"): 4,
                ("place", "North Korea"): 5, ("place", "Kursk"): 3, ("number", "3,000 soldiers"): 2,
                ("number", "12,000 soldiers"): 2, ("number", "600,000 casualties"): 2}
    for (name, label), count in expected.items():
        value = facet(data, name, label)
        assert value is not None and value["count"] == count, (name, label, value)
    assert facet(data, "number", "8 million shells")["count"] == 1


def test_filters_return_exactly_the_articles_that_mention_the_entity(client):
    data = api(client)
    expectations = {("actor", "Vladimir Putin"): {"000", "001", "004"}, ("place", "Kursk"): {"001", "002", "004"},
                    ("number", "3,000 soldiers"): {"000", "001"}, ("number", "12,000 soldiers"): {"002", "003"},
                    ("number", "600,000 casualties"): {"001", "004"}, ("number", "8 million shells"): {"002"},
                    ("actor", "Mark Rutte"): {"000", "001", "004"}}
    for (name, label), seeds in expectations.items():
        value = facet(data, name, label)
        assert seeds_of(api(client, **{name: value["value"]})) == seeds, label
        assert seeds_of(client.get(value["toggle_url"]).get_json()) == seeds, label


def test_filters_combine_with_and_and_toggle_off(client):
    data = api(client)
    putin, kursk = facet(data, "actor", "Vladimir Putin")["value"], facet(data, "place", "Kursk")["value"]
    both = client.get("/api/search", query_string=[("actor", putin), ("place", kursk)]).get_json()
    assert seeds_of(both) == {"001", "004"}
    selected = facet(both, "place", "Kursk")
    assert selected["selected"] and seeds_of(client.get(selected["toggle_url"]).get_json()) == {"000", "001", "004"}


def test_number_ranges_and_bare_values(client):
    assert seeds_of(api(client, num_min=100000)) == {"001", "002", "004"}
    assert seeds_of(api(client, num_min=100000, num_unit="casualties")) == {"001", "004"}
    assert seeds_of(api(client, num_min=100000, num_unit="soldiers")) == set()
    assert seeds_of(api(client, num_min=2000, num_max=3000, num_unit="soldiers")) == {"000", "001"}
    assert seeds_of(api(client, number="12000")) == {"002", "003"}


def test_no_date_time_or_year_is_a_number_and_no_boilerplate_is_a_facet(client):
    data = api(client, size=10)
    numbers = {value["value"].split(":")[-1] for value in data["facets"]["number"]}
    assert not numbers & {"2024", "2022", "24", "10", "1", "8", "13", "0"}
    labels = {value["label"].lower() for name in ("actor", "place") for value in data["facets"][name]}
    for junk in ("getty images", "associated press", "afp", "hezbollah", "epstein", "canada", "dele",
                 "militært", "brotherhood", "arms"):
        assert junk not in labels, junk


def test_hits_carry_their_entities_and_numbers(client):
    hit = next(h for h in api(client, q="Rutte")["hits"] if h["id"] == seed_id("001"))
    assert {"id", "label"} <= set(hit["actors"][0])
    assert "Mark Rutte" in {actor["label"] for actor in hit["actors"]}
    assert "Kursk" in {place["label"] for place in hit["places"]}
    number = next(n for n in hit["numbers"] if n["value"] == 600000)
    assert number["unit"] == "casualties" and "600" in number["text"]     # "… soldater har blitt drept eller såret"


def test_a_query_in_one_spelling_finds_the_other_spellings(client):
    assert seeds_of(api(client, q="Poetin")) >= {"000", "001", "004"}
    assert seeds_of(api(client, q="Wladiwostok")) >= {"000", "003"}
    assert "002" in seeds_of(api(client, q="Gerasimov"))
    assert seeds_of(api(client, q="Selenskyj")) >= {"002", "003", "004"}


def test_the_page_shows_facets_with_counts_as_toggle_links(client):
    html = client.get("/?q=Nordkorea").get_data(as_text=True)
    assert 'data-facet="actor"' in html and 'data-facet="place"' in html and 'data-facet="number"' in html
    assert "3,000 soldiers" in html and "Vladimir Putin" in html


def test_facet_size_sets_how_many_values_each_facet_lists(client):
    data = api(client, facet_size=1)
    for name in ("actor", "place", "number"):
        assert len(data["facets"][name]) == 1 and data["facets_truncated"][name] is True, name
    wider = api(client, facet_size=3)
    assert [len(wider["facets"][name]) for name in ("actor", "place")] == [3, 3]
    for bad in ("0", "abc", "100000"):
        response = client.get("/api/search", query_string={"facet_size": bad})
        assert response.status_code == 400 and "facet_size" in response.get_json()["error"]


def test_putin_counts_three_matching_articles_and_lists_the_rest_apart(client):
    data = api(client, q="Putin")
    assert data["total"] == 3 and seeds_of(data) == {"000", "001", "004"}
    assert {hit["id"][:3] for hit in data["related"]} == {"002", "003"}
    assert sum(value["count"] for value in data["facets"]["lang"]) == 3
    assert facet(data, "actor", "Vladimir Putin")["count"] == 3
    html = client.get("/?q=Putin").get_data(as_text=True)
    assert "3 articles for <strong>Putin</strong>" in html
    matches, _, related = html.partition("Related articles")
    assert related.count('class="related-hit"') == 2 and matches.count('class="hit"') == 3


def test_a_selected_language_keeps_its_siblings_counted_so_a_second_one_widens(client):
    data = api(client, lang="nl")
    assert seeds_of(data) == {"000", "003"}
    counts = {value["value"]: (value["count"], value["selected"]) for value in data["facets"]["lang"]}
    assert counts == {"nl": (2, True), "de": (1, False), "da": (1, False), "nb": (1, False)}
    german = next(value for value in data["facets"]["lang"] if value["value"] == "de")
    wider = client.get(german["toggle_url"]).get_json()
    assert seeds_of(wider) == {"000", "003", "004"}
    assert all(value["count"] <= 2 for value in data["facets"]["actor"])       # other facets stay narrowed
