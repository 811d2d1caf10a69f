"""The search and claims pages' HTML (Flask test client): every filter visible and removable, error
pages that do not trap, leaving a group of copies, paging that stops at the results, accessible
structure; and the chart geometry of ``search_app.charts``."""
import datetime as dt
import re
import sys
from html import unescape
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from indexer.build.full import build_index
from indexer.config import load_config
from search_app import charts

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "copies"))
from wire import write_corpus  # noqa: E402


def text_of(response) -> str:
    return response.get_data(as_text=True)


def hidden_inputs(html: str) -> list[tuple[str, str]]:
    """The hidden inputs of the page's main search form (the one with role=search)."""
    form = re.search(r'<form[^>]*role="search"[^>]*>(.*?)</form>', html, re.S).group(1)
    return [(unescape(name), unescape(value))
            for name, value in re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', form)]


def active_filters(html: str) -> list[tuple[str, str]]:
    """(link text, href) of each entry of the active-filters list."""
    nav = re.search(r'<nav class="active-filters".*?</nav>', html, re.S)
    if nav is None:
        return []
    return [(" ".join(unescape(re.sub("<[^>]+>", "", text)).split()), unescape(href))
            for href, text in re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', nav.group(0), re.S)]


def params_of(url):
    return parse_qsl(urlsplit(url).query)


# -- 1. filters that leave no results ---------------------------------------------------------
def test_filters_that_leave_nothing_are_listed_with_remove_links(client):
    response = client.get("/?q=Putin&number=kroner:2000000000&agency=AFP")
    html = text_of(response)
    assert response.status_code == 200 and "0 articles" in html
    shown = dict(active_filters(html))
    assert set(shown) == {"✕ Numbers: 2,000,000,000 kroner", "✕ Agencies: AFP", "remove every filter"}
    assert params_of(shown["✕ Agencies: AFP"]) == [("q", "Putin"), ("number", "kroner:2000000000")]
    assert params_of(shown["✕ Numbers: 2,000,000,000 kroner"]) == [("q", "Putin"), ("agency", "AFP")]
    assert params_of(shown["remove every filter"]) == [("q", "Putin")]


def test_the_empty_note_names_the_filters_not_the_words(client):
    html = " ".join(text_of(client.get("/?q=Putin&agency=AFP&lang=nl")).split())    # Putin alone matches three
    assert "passes these filters" in html and "no word of the query" not in html
    words = " ".join(text_of(client.get("/?q=Hezbollah")).split())
    assert "no word of the query" in words and "passes" not in words


def test_the_json_twin_lists_the_filters_too(client):
    data = client.get("/api/search?q=Putin&lang=%20nl&date_from=2024-10-01").get_json()
    listed = [(f["name"], f["value"], f["title"], f["label"]) for f in data["links"]["filters"]]
    assert listed == [("lang", "nl", "Language", "Dutch"), ("date_from", "2024-10-01", "From", "2024-10-01")]
    assert params_of(data["links"]["filters"][0]["remove_url"]) == [("q", "Putin"), ("date_from", "2024-10-01")]


# -- 2. an error page's form does not carry the bad parameter ---------------------------------
@pytest.mark.parametrize("query, bad", [("q=Putin&source=ANP&date_from=2025-01-01&date_to=2024-01-01", "date_from"),
                                        ("q=Putin&source=ANP&lang=xx", "lang"), ("q=Putin&source=ANP&size=1000", "size")])
def test_an_error_page_form_leaves_the_bad_parameter_out(client, query, bad):
    response = client.get(f"/?{query}")
    assert response.status_code == 400
    carried = hidden_inputs(text_of(response))
    assert bad not in dict(carried) and ("source", "ANP") in carried


def test_an_error_naming_no_parameter_carries_no_filter(client):
    response = client.get("/claims?unit=soldiers&value_min=x&source=ANP")
    assert response.status_code == 400
    assert dict(hidden_inputs(text_of(response))) == {"unit": "soldiers", "source": "ANP"}


# -- 3. a group of copies can be left --------------------------------------------------------
def test_a_group_has_a_remove_link_and_a_new_search_leaves_it(client):
    doc_id = client.get("/api/search?q=Putin").get_json()["hits"][0]["id"]
    html = text_of(client.get(f"/?group={doc_id}&lang=en"))
    link = re.search(r'class="clear-group" href="([^"]*)"', html)
    assert link and params_of(unescape(link.group(1))) == [("lang", "en")]
    assert hidden_inputs(html) == [("lang", "en")]


# -- 4. paging stops at the results ----------------------------------------------------------
@pytest.fixture(scope="module")
def wire_client(tmp_path_factory):
    from search_app import create_app

    folder = tmp_path_factory.mktemp("wire-page")
    build_index(load_config(index_dir=str(folder / "index")), corpus_dir=write_corpus(folder / "corpus"))
    app = create_app(index_dir=str(folder / "index"), tokens=[])
    app.testing = True
    return app.test_client()


def test_a_short_collapsed_page_is_the_last(wire_client):
    """Five articles, three hits once the copies collapse: pages counts 3 of size 2, page 2 holds one."""
    data = wire_client.get("/api/search?q=North+Korean+troops+Russia&size=2&page=2").get_json()
    assert data["pages"] == 3 and len(data["hits"]) == 1
    html = text_of(wire_client.get("/?q=North+Korean+troops+Russia&size=2&page=2"))
    assert 'rel="next"' not in html and "page 2 of 2" in html and 'rel="prev"' in html


@pytest.mark.parametrize("query", ["page=4", "q=North+Korean+troops+Russia&size=2&page=3"])
def test_an_empty_page_past_the_end_says_so_and_links_back(wire_client, query):
    html = text_of(wire_client.get(f"/?{query}"))
    assert "No more results" in html and 'rel="next"' not in html
    assert not re.search(r"page (\d+) of (?!\1)", html) and "page 4 of" not in html
    back = re.search(r'<p class="note past-end">.*?<a href="([^"]*)" rel="prev">', html, re.S).group(1)
    page = int(dict(params_of(unescape(back)))["page"])
    assert page < int(dict(params_of("?" + query))["page"])


# -- 8. accessibility ------------------------------------------------------------------------
def test_hits_carry_their_language_and_the_page_its_landmarks(client):
    html = text_of(client.get("/?q=Putin"))
    assert re.search(r'<h3 lang="(nl|de|da|nb|en)">', html) and re.search(r'<p class="snippet" lang="\w+">', html)
    assert '<label for="q" class="visually-hidden">' in html
    assert 'class="skip-link" href="#results"' in html and 'id="results"' in html
    assert re.search(r'<section class="results" id="results"[^>]*>\s*<h2', html)
    for name in ("actor", "place"):
        assert f'<label for="{name}-find"' in html and f'id="{name}-find"' in html
    claims = text_of(client.get("/claims?unit=soldiers"))
    assert '<label for="claims-q"' in claims and 'id="claims-q"' in claims


def test_the_claims_table_scrolls_in_its_own_box(client):
    html = text_of(client.get("/claims?unit=soldiers"))
    assert re.search(r'<div class="table-scroll"[^>]*>\s*<table class="claims-table">', html)


# -- 10. smaller ----------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/", "/claims?unit=soldiers", "/?lang=xx"])
def test_every_page_names_an_inline_favicon(client, path):
    """No request for /favicon.ico (a 404, and a console error, on every page)."""
    assert '<link rel="icon" href="data:,">' in text_of(client.get(path))


def test_the_login_page_names_an_inline_favicon(seed_index):
    from search_app import create_app

    locked = create_app(index_dir=str(seed_index), tokens=["favicon-token"]).test_client()
    assert '<link rel="icon" href="data:,">' in text_of(locked.get("/login"))


@pytest.mark.parametrize("stored, shown", [("2024-12-03T10:00", "2024-12-03 10:00"), ("2025-01-13", "2025-01-13"),
                                           ("2024-12-03T10:00:00+01:00", "2024-12-03 10:00"),
                                           ("2024-10-24T00:00:00", "2024-10-24"), (None, "")])
def test_dates_are_shown_in_one_format(stored, shown):
    from search_app.views import shown_date

    assert shown_date(stored) == shown


def test_a_facet_cut_short_links_to_more_values(client):
    data = client.get("/api/search?facet_size=1").get_json()
    cut = [name for name, truncated in data["facets_truncated"].items() if truncated]
    assert "actor" in cut and set(data["links"]["more_values"]) == set(cut)
    assert ("facet_size", "2") in params_of(data["links"]["more_values"]["actor"])
    html = text_of(client.get("/?facet_size=1"))
    assert 'class="more-values" href="/?facet_size=2"' in html and "more values not shown" not in html


def week(start, count, selected=False):
    end = (dt.date.fromisoformat(start) + dt.timedelta(days=6)).isoformat()
    return {"value": start, "label": f"week of {start}", "count": count, "start": start, "end": end,
            "selected": selected, "toggle_url": f"/?date_from={start}"}


def test_the_date_chart_draws_empty_periods_between():
    values = [week("2024-10-21", 1), week("2024-11-04", 2), {"value": "none", "label": "no date", "count": 3,
                                                              "start": None, "end": None, "toggle_url": None}]
    bars = charts.date_chart(values)["bars"]
    assert [bar["empty"] for bar in bars] == [False, True, False, False]
    assert bars[1]["url"] is None and "2024-10-28" in bars[1]["title"] and ": 0 articles" in bars[1]["title"]
    assert bars[3]["undated"]


def test_the_date_chart_fills_months_by_the_calendar():
    months = [{"value": "2024-01", "label": "2024-01", "count": 1, "start": "2024-01-01", "end": "2024-01-31"},
              {"value": "2024-04", "label": "2024-04", "count": 1, "start": "2024-04-01", "end": "2024-04-30"}]
    filled = charts.with_empty_periods(months)
    assert [(v["start"], v["end"]) for v in filled[1:3]] == [("2024-02-01", "2024-02-29"), ("2024-03-01", "2024-03-31")]


# -- 5, 6. the claims timeline -----------------------------------------------------------------
def many_sources_claims(count=17):
    """``count`` sources stating one value on one of two dates, and one undated claim per source."""
    claims = [{"value": 3000.0, "low": None, "high": None, "label": "3,000", "source": f"Outlet {i:02d}",
               "date": "2024-10-24" if i % 2 else "2025-04-28", "title": "t", "article_url": "/"} for i in range(count)]
    claims += [{**claim, "date": None} for claim in claims]
    return [{"claims": claims}], sorted({claim["source"] for claim in claims})


def test_timeline_marks_stay_in_their_column_and_the_plot():
    groups, sources = many_sources_claims()
    chart = charts.timeline(groups, sources)
    first, last = (date["x"] for date in chart["dates"])
    columns = sorted({first, last, chart["undated_x"]})
    for mark in chart["marks"]:
        assert chart["left"] + 6 <= mark["x"] <= chart["plot_right"] - 6
        nearest = min(columns, key=lambda x: abs(x - mark["x"]))
        assert abs(mark["x"] - nearest) <= charts.MAX_OFFSET
    assert len({mark["x"] for mark in chart["marks"]}) > len(columns)     # still side by side


def test_timeline_date_labels_stay_apart():
    groups, sources = many_sources_claims()
    chart = charts.timeline(groups, sources)
    first, last = chart["dates"]
    assert chart["undated_x"] - last["x"] >= charts.DATE_LABEL_WIDTH and last["x"] - first["x"] >= charts.DATE_LABEL_WIDTH


def test_seventeen_sources_each_have_their_own_mark_in_chart_and_legend():
    groups, sources = many_sources_claims()
    styles = charts.source_styles(sources)
    assert len({(style["colour"], style["shape"]) for style in styles.values()}) == len(sources) == 17
    legend = charts.legend(sources)
    assert {entry["glyph"]["tag"] for entry in legend} == {"circle", "rect"}     # 10 circles, then squares
    marks = charts.timeline(groups, sources)["marks"]
    assert {mark["glyph"]["tag"] for mark in marks} == {"circle", "rect"}
    assert charts.source_styles(["", "NOS"])[""] == charts.NO_SOURCE_STYLE


def test_the_claims_page_draws_each_source_as_its_legend_does(client):
    html = text_of(client.get("/claims?unit=soldiers"))
    legend = re.search(r'<ul class="legend">.*?</ul>', html, re.S).group(0)
    assert legend.count("<svg") == len(client.get("/api/claims?unit=soldiers").get_json()["sources"])


@pytest.mark.parametrize("query, chip, label", [
    ("actor=Poetin&lang=da", "✕ Actors: Vladimir Putin", "Vladimir Putin"),     # a name typed in the box
    ("place=place:geonames:524901&lang=da", "✕ Places: Moscow", "Moscow"),
    ("place=place:LV", "✕ Places: Latvia", "Latvia"),           # no article mentions it: the tables' label
])
def test_a_filter_that_leaves_nothing_shows_the_entitys_label_not_its_id(client, query, chip, label):
    data = client.get(f"/api/search?{query}").get_json()
    assert data["total"] == 0 and data["links"]["filters"][0]["label"] == label
    assert chip in dict(active_filters(text_of(client.get(f"/?{query}"))))
