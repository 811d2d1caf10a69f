"""The analyst's routes: page and JSON twin, same parameters, toggle links, 400s naming the parameter."""
import json
from urllib.parse import parse_qsl, urlsplit

import pytest

BAD = [
    ("/api/search", "date_from=2024-1-1", "date_from"), ("/api/search", "date_to=yesterday", "date_to"),
    ("/api/search", "sort=oldest", "sort"), ("/api/search", "format=xml", "format"),
    ("/api/search", "format=csv&date_from=x", "date_from"),
    ("/api/claims", "", "unit"), ("/api/claims", "unit=soldiers&value_max=-1", "value_max"),
    ("/api/claims", "unit=soldiers&sort=size", "sort"), ("/api/claims", "unit=soldiers&date_to=2024-13-01", "date_to"),
    ("/api/facets/actor", "size=x", "size"), ("/api/facets/colour", "prefix=r", "name"),
    ("/api/facets/place", "date_from=1", "date_from"),
    ("/api/search", "number=soldiers:5000-1000", "number"), ("/api/search", "num_min=1,23.4", "num_min"),
    ("/api/claims", "unit=soldiers&value_min=3,5,6", "value_min"),
]


@pytest.mark.parametrize("path, query, name", BAD)
def test_bad_parameters_are_a_400_naming_them(client, path, query, name):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"].startswith(f"{name}:")


@pytest.mark.parametrize("path, query, name", [("/", "date_from=2024-1-1", "date_from"), ("/", "sort=x", "sort"),
                                               ("/claims", "unit=", "unit"), ("/claims", "unit=soldiers&value_min=x", "value_min")])
def test_the_pages_answer_bad_parameters_with_a_400_too(client, path, query, name):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    assert f"{name}:" in response.get_data(as_text=True)


def params_of(url):
    return parse_qsl(urlsplit(url).query)


def test_date_facet_links_narrow_to_the_period_and_back(client):
    data = client.get("/api/search?q=soldaten&page=1").get_json()
    day = data["facets"]["date"][0]
    assert ("date_from", "2024-10-24") in params_of(day["toggle_url"]) and ("date_to", "2024-10-24") in params_of(day["toggle_url"])
    assert ("page", "1") not in params_of(day["toggle_url"])
    assert data["facets"]["date"][-1]["toggle_url"] is None            # "no date" is not a period
    narrowed = client.get(day["toggle_url"]).get_json()
    assert [hit["id"][:3] for hit in narrowed["hits"]] == ["000"]
    assert narrowed["facets"]["date"][0]["selected"]
    widened = params_of(narrowed["facets"]["date"][0]["toggle_url"])
    assert not any(name.startswith("date_") for name, _ in widened)


def test_page_and_json_twin_carry_the_same_links(client):
    data = client.get("/api/search?q=soldaten").get_json()
    assert urlsplit(data["links"]["sort"]["date"]).path == "/api/search"
    assert ("sort", "date") in params_of(data["links"]["sort"]["date"])
    page = client.get("/?q=soldaten").get_data(as_text=True)
    assert 'href="/?q=soldaten&amp;sort=date"' in page
    assert 'href="/api/search?q=soldaten&amp;format=csv"' in page
    assert 'href="/claims?q=soldaten&amp;unit=soldiers"' in page
    assert {v["value"] for v in data["facets"]["source"]} == {"ANP", "New York Post"}
    assert 'data-facet="source"' in page and 'data-facet="agency"' in page


def test_export_is_streamed_as_an_attachment(client):
    response = client.get("/api/search?format=csv&q=soldaten&size=1")
    assert response.is_streamed
    assert response.headers["Content-Type"].startswith("text/csv")
    assert 'filename="search.csv"' in response.headers["Content-Disposition"]
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "id,title,date,source,language,url,actors,places,numbers" and len(lines) == 6
    jsonl = client.get("/api/search?format=jsonl&source=ANP")
    assert jsonl.headers["Content-Type"].startswith("application/x-ndjson")
    assert len(jsonl.get_data(as_text=True).splitlines()) == 1


def test_claims_page_and_json_twin(client):
    data = client.get("/api/claims?unit=soldiers").get_json()
    labels = [group["label"] for group in data["groups"]]     # "thousands" between 3,000 and 10,000
    assert labels == ["1,500 soldiers", "3,000 soldiers", "thousands of soldiers", "10,000 soldiers",
                      "12,000 soldiers"], labels
    claim = data["groups"][1]["claims"][0]
    assert claim["article_url"].startswith("/?id=")
    article_page = client.get(claim["article_url"]).get_data(as_text=True)
    assert f'class="clear-id" href="/">✕ only {claim["id"]}' in article_page      # back to every article
    listed = client.get("/api/search?" + urlsplit(claim["article_url"]).query).get_json()
    assert [hit["id"] for hit in listed["hits"]] == [claim["id"]]
    assert ("source", "ANP") in params_of(data["links"]["sources"]["ANP"])
    page = client.get("/claims?unit=soldiers").get_data(as_text=True)
    assert page.count("<mark>") == data["claims"]
    assert "<svg class=\"timeline\"" in page and "<script" not in page


def test_facet_values_endpoint(client):
    data = client.get("/api/facets/place?prefix=kur").get_json()
    assert [(v["label"], v["count"]) for v in data["values"]] == [("Kursk", 3)]
    assert client.get("/api/facets/source?prefix=new").get_json()["values"][0]["value"] == "New York Post"


@pytest.mark.parametrize("typed", ["Putin", "Poetin", "putin"])
def test_an_actor_typed_by_name_filters_as_its_id(client, typed):
    """The type-ahead's box submits what was typed when no suggestion is picked."""
    by_id = client.get("/api/search?actor=actor:vladimir-putin").get_json()
    by_name = client.get(f"/api/search?actor={typed}").get_json()
    assert by_name["filters"]["actor"] == ["actor:vladimir-putin"]
    assert [h["id"] for h in by_name["hits"]] == [h["id"] for h in by_id["hits"]] and by_id["total"] > 0
    selected = [v for v in by_name["facets"]["actor"] if v["selected"]]
    assert [v["value"] for v in selected] == ["actor:vladimir-putin"]
    assert "actor" not in dict(parse_qsl(urlsplit(selected[0]["toggle_url"]).query))     # and it toggles off
    page = client.get(f"/?actor={typed}")
    assert page.status_code == 200 and b'value="actor:vladimir-putin"' in page.data


def test_a_place_typed_by_name_and_an_unknown_name(client):
    assert client.get("/api/search?place=Kursk").get_json()["filters"]["place"][0].startswith("place:")
    unknown = client.get("/api/search?actor=Zyxwv Qrstu").get_json()
    assert unknown["total"] == 0 and unknown["filters"]["actor"] == ["Zyxwv Qrstu"]


def _read(client, path):
    """Status, headers and text of a (perhaps streamed) response, closed once read."""
    response = client.get(path)
    try:
        return response.status_code, response.headers, response.get_data(as_text=True)
    finally:
        response.close()


@pytest.mark.parametrize("query", ["q=Poetin", "q=Putin", "q=Poetin&lang=nl&lang=nb", "q=soldaten"])
def test_an_export_lists_exactly_the_articles_total_counts(client, query):
    """"Poetin" (Dutch) matches the German and Norwegian articles through Putin's entity only."""
    page = client.get(f"/api/search?{query}&collapse=false&size=100").get_json()
    _, _, csv_text = _read(client, f"/api/search?{query}&format=csv")
    _, _, jsonl_text = _read(client, f"/api/search?{query}&format=jsonl")
    listed = sorted(hit["id"] for hit in page["hits"] if hit["matched"])
    assert len(listed) == page["total"]
    assert sorted(line.split(",", 1)[0] for line in csv_text.splitlines()[1:]) == listed
    assert sorted(json.loads(line)["id"] for line in jsonl_text.splitlines()) == listed
    if query == "q=Poetin":
        assert [doc_id[:3] for doc_id in listed] == ["000", "001", "004"]


@pytest.mark.parametrize("value, media, filename", [("%20csv", "text/csv", "search.csv"), ("jsonl%20", "application/x-ndjson",
                                                    "search.jsonl"), ("+", "application/json", None),
                                                    ("json%20", "application/json", None), ("", "application/json", None)])
def test_the_format_is_trimmed_as_every_value(client, value, media, filename):
    status, headers, _ = _read(client, f"/api/search?q=Putin&format={value}")
    assert status == 200 and headers["Content-Type"].startswith(media)
    assert headers.get("Content-Disposition") == (filename and f'attachment; filename="{filename}"')


def test_an_empty_facet_size_is_the_default(client):
    default = client.get("/api/search").get_json()["facets"]
    empty = client.get("/api/search?facet_size=").get_json()["facets"]
    assert {name: len(values) for name, values in empty.items()} == {name: len(values) for name, values in default.items()}
    assert len(empty["actor"]) > 1


@pytest.mark.parametrize("name, raw, value", [("lang", "%20da", "da"), ("source", "ANP%20", "ANP"),
                                              ("actor", "%20actor:vladimir-putin", "actor:vladimir-putin"),
                                              ("number", "soldiers:3000.0", "soldiers:3000")])
def test_a_selected_value_toggles_off_however_the_url_spells_it(client, name, raw, value):
    data = client.get(f"/api/search?{name}={raw}").get_json()
    assert data["filters"][name] == [value] and data["total"] > 0
    selected = [v for v in data["facets"][name] if v["selected"]]
    assert [v["value"] for v in selected] == [value]
    assert name not in dict(params_of(selected[0]["toggle_url"]))
    others = [v for v in data["facets"][name] if not v["selected"]]
    if name in ("lang", "source"):      # counted sideways: a sibling's link adds it once, keeps the selected one
        assert [v for k, v in params_of(others[0]["toggle_url"]) if k == name] == [raw.replace("%20", " "), others[0]["value"]]


def test_numbers_read_a_decimal_comma_and_keep_thousands_separators(client):
    assert client.get("/api/search?num_min=3,5").get_json()["filters"]["num_min"] == 3.5
    for written in ("10.000", "10,000", "10 000", "10000"):     # "10.000" was read as 10, silently
        assert client.get(f"/api/search?num_min={written}").get_json()["filters"]["num_min"] == 10000, written
    assert client.get("/api/search?num_min=1.234,5").get_json()["filters"]["num_min"] == 1234.5
    assert client.get("/api/search?number=soldiers:12.000").get_json()["filters"]["number"] == ["soldiers:12000"]
    both = client.get("/api/search?num_min=1,234.5&num_max=12,000").get_json()["filters"]
    assert (both["num_min"], both["num_max"]) == (1234.5, 12000)
    brigades = client.get("/api/search?num_min=1,5&num_max=4,5&num_unit=brigades").get_json()    # "4 brigades"
    assert [hit["id"][:3] for hit in brigades["hits"]] == ["003"]
    claims = client.get("/api/claims?unit=soldiers&value_min=1499,5&value_max=1500,5").get_json()
    exact = [group["value"] for group in claims["groups"] if group["value"] is not None]   # "thousands" overlaps
    assert claims["value_min"] == 1499.5 and exact == [1500]


def test_a_number_value_is_read_as_its_facet_key(client):
    exact = client.get("/api/search?number=soldiers:3000").get_json()
    spelled = client.get("/api/search?number=soldiers:3000.0").get_json()
    assert spelled["filters"]["number"] == ["soldiers:3000"] and spelled["total"] == exact["total"] == 2
    # ":45000" is the key of a count of no known unit ("45000 had registered"): none on the seeds.
    unitless = client.get("/api/search?number=:3000")
    assert unitless.status_code == 200 and unitless.get_json()["total"] == 0


def test_num_unit_alone_means_articles_counting_that_unit(client):
    brigades = client.get("/api/search?num_unit=brigades").get_json()
    assert [hit["id"][:3] for hit in brigades["hits"]] == ["003"] and brigades["filters"]["num_unit"] == "brigades"
    assert client.get("/api/search?num_unit=soldiers").get_json()["total"] == 4     # 004 counts casualties
    unknown = client.get("/api/search?num_unit=unicorns")
    assert unknown.status_code == 200 and unknown.get_json()["total"] == 0
    claims = client.get("/api/claims?unit=soldiers&num_unit=brigades").get_json()
    assert claims["articles"] == 1 and {c["id"][:3] for g in claims["groups"] for c in g["claims"]} == {"003"}


@pytest.mark.parametrize("path", ["/api/search", "/api/claims", "/healthz"])
def test_a_wrong_method_on_the_api_is_a_json_405_with_allow(client, path):
    response = client.post(path)
    assert response.status_code == 405 and response.mimetype == "application/json"
    assert "GET" in response.headers["Allow"] and response.get_json()["error"]


@pytest.mark.parametrize("typed, label", [("Poe", "Vladimir Putin"), ("poet", "Vladimir Putin"),
                                          ("Nordk", "North Korea"), ("Koers", "Kursk")])
def test_the_type_ahead_knows_other_spellings(client, typed, label):
    """An analyst types the name as their language spells it: the entity is suggested anyway."""
    kind = "actor" if label == "Vladimir Putin" else "place"
    values = client.get(f"/api/facets/{kind}?prefix={typed}").get_json()["values"]
    assert label in [value["label"] for value in values]


def test_a_value_found_by_another_spelling_says_which(client):
    values = client.get("/api/facets/actor?prefix=poe").get_json()["values"]
    assert [(v["label"], v["spelling"]) for v in values] == [("Vladimir Putin", "Poetin")]
    assert "spelling" not in client.get("/api/facets/actor?prefix=put").get_json()["values"][0]


def test_the_type_ahead_reads_a_label_without_its_diacritics():
    from indexer.search.typeahead import _starts

    for label, typed in (("Sønderborg", "so"), ("Köln", "koln"), ("Århus", "ar"), ("Børsen", "bør")):
        assert _starts({"label": label, "value": f"x:{label}"}, typed), (label, typed)
    assert not _starts({"label": "Sønderborg", "value": "x"}, "sa")


@pytest.mark.parametrize("kind, typed", [("actor", "a"), ("place", "p")])
def test_the_type_ahead_never_matches_an_entitys_id(client, kind, typed):
    """Every id starts "actor:" or "place:": typing "a" must not list every actor."""
    import re

    every = client.get(f"/api/facets/{kind}?size=50").get_json()["values"]
    found = client.get(f"/api/facets/{kind}?prefix={typed}&size=50").get_json()["values"]
    assert found and len(found) < len(every)
    for value in found:
        words = re.split(r"[\s\-/]+", value.get("spelling", value["label"]).casefold())
        assert any(word.startswith(typed) for word in words), value


@pytest.mark.parametrize("query", ["num_unit=Soldiers", "number=Soldiers:3000", "num_unit=SOLDIERS&num_min=1000"])
def test_a_unit_is_read_in_any_case(client, query):
    lower = client.get(f"/api/search?{query.lower()}").get_json()
    data = client.get(f"/api/search?{query}").get_json()
    assert lower["total"] > 0 and data["total"] == lower["total"] and data["filters"] == lower["filters"]
    assert client.get("/api/claims?unit=Soldiers").get_json()["claims"] == \
        client.get("/api/claims?unit=soldiers").get_json()["claims"] > 0
