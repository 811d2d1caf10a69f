"""The analyst's routes: page and JSON twin, same parameters, toggle links, 400s naming the parameter."""
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
    values = [group["value"] for group in data["groups"]]
    assert values == sorted(values, key=lambda v: -1 if v is None else v)
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
