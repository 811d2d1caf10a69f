"""Which parameters the routes take: a misspelt or repeated single-value parameter is a 400 naming
it (never ignored, never read as its first value), while every link and form the pages generate,
followed as a reader would, is answered; paging that stops at ``search.max_page``."""
import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from search_app import create_app

TOKEN = "crawl-3e8a1f"


# -- a second value of a single-value parameter ------------------------------------------------
@pytest.mark.parametrize("path, query, name", [
    ("/api/search", "q=Rutte&q=Stubb", "q"), ("/api/search", "size=2&size=500", "size"),
    ("/api/search", "date_from=2024-12-01&date_from=garbage", "date_from"), ("/api/search", "page=1&page=2", "page"),
    ("/api/search", "format=csv&format=json", "format"), ("/api/search", "q=Putin&format=csv&sort=date&sort=date", "sort"),
    ("/api/claims", "unit=soldiers&unit=brigades", "unit"), ("/api/facets/actor", "prefix=a&prefix=b", "prefix"),
])
def test_a_single_value_parameter_given_twice_is_a_400_naming_it(client, path, query, name):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"] == f"{name}: takes one value, got 2"


def test_the_page_says_so_too_and_its_form_leaves_the_parameter_out(client):
    response = client.get("/?q=Putin&lang=de&size=2&size=500")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "size: takes one value, got 2" in html
    assert 'name="size"' not in html and 'name="lang" value="de"' in html


def test_repeatable_parameters_keep_working(client):
    data = client.get("/api/search?lang=nl&lang=de&actor=actor:vladimir-putin&actor=Poetin&id=x&id=y").get_json()
    assert data["filters"]["lang"] == ["nl", "de"] and data["filters"]["id"] == ["x", "y"]
    both = client.get("/api/search?place=place:KP&place=place:RU&agency=ANP&agency=AFP&number=3000&number=12000")
    assert both.status_code == 200


# -- a parameter the route does not take -------------------------------------------------------
@pytest.mark.parametrize("query, message", [
    ("date-from=2024-12-01", "date-from: unknown parameter (did you mean date_from?)"),
    ("language=nl", "language: unknown parameter (did you mean lang?)"),
    ("sort_by=date", "sort_by: unknown parameter (did you mean sort?)"),
    ("q=Putin&limit=3", "limit: unknown parameter (known: actor, agency, collapse, date_from, "),
])
def test_an_unknown_parameter_is_a_400_naming_it(client, query, message):
    response = client.get(f"/api/search?{query}")
    assert response.status_code == 400 and response.get_json()["error"].startswith(message)


def test_the_page_names_an_unknown_parameter_readably(client):
    response = client.get("/?q=Putin&lang=de&language=nl")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "language: unknown parameter (did you mean lang?)" in html
    assert 'name="language"' not in html and 'name="lang" value="de"' in html
    exported = client.get("/claims?unit=soldiers&format=csv")
    assert exported.status_code == 400 and "format: this page is HTML only; /api/claims" in exported.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/api/search", "/api/claims?unit=soldiers"])
def test_a_wrong_format_lists_every_accepted_one(client, path):
    response = client.get(f"{path}{'&' if '?' in path else '?'}format=xml")
    assert response.get_json()["error"] == "format: expected one of json, csv, jsonl, got 'xml'"
    assert client.get(f"{path}{'&' if '?' in path else '?'}format=%20json").status_code == 200


# -- every link and form of the pages ----------------------------------------------------------
START = ["/", "/?q=Putin", "/?q=soldaten&lang=de&lang=nl&sort=date", "/?q=Putin&size=1&page=2&collapse=false",
         "/?actor=Poetin&lang=da", "/?q=Putin&facet_size=1&number=soldiers:3000", "/?place=Noord-Korea&agency=ANP",
         "/claims?unit=soldiers", "/claims?unit=soldiers&q=Putin&sort=date&value_min=1000"]


@pytest.fixture(scope="module")
def reader(seed_index):
    """A reader logged in through the page's own login form, as the browser would be."""
    app = create_app(index_dir=str(seed_index), tokens=[TOKEN])
    app.testing = True
    client = app.test_client()
    login = Page(client.get(START[2]).get_data(as_text=True))
    form = next(form for form in login.forms if form["method"] == "post")
    answer = client.post(form["action"], data={**dict(form["hidden"]), "token": TOKEN})
    assert answer.status_code == 303 and answer.headers["Location"] == START[2]
    return client


def test_every_link_and_form_of_the_pages_is_answered(reader):
    refused = {}
    for start in START:
        page = Page(_answered(reader, start, refused))
        for url in page.links + [request for form in page.forms for request in _form_requests(form)]:
            _answered(reader, url, refused)
    assert not refused, refused


def _answered(client, url: str, refused: dict) -> str:
    response = client.get(url)
    if response.status_code >= 400:
        refused[url] = response.status_code
    return response.get_data(as_text=True)


def _form_requests(form: dict) -> list[str]:
    """What a GET form sends: its words typed into the box; a type-ahead form also what its script
    asks (``typeahead.js``: the hidden inputs, ``prefix`` and ``size``) and a picked entity's id."""
    if form["method"] != "get":
        return []
    hidden, box = form["hidden"], form["box"]
    typed = {"q": "Putin", "actor": "Poetin", "place": "Noord-Korea"}.get(box, "x")
    sent = [f"{form['action']}?{urlencode(hidden + [(box, typed)])}"]
    if form["api"]:
        asked = [(k, v) for k, v in hidden if k not in ("prefix", "size")] + [("prefix", typed[:3]), ("size", "10")]
        sent += [f"{form['api']}?{urlencode(asked)}", f"{form['action']}?{urlencode(hidden + [(box, box + ':x')])}"]
    return sent


class Page(HTMLParser):
    """The site's own links (``href="/..."``, not the stylesheet) and forms of a page."""

    def __init__(self, html: str):
        super().__init__()
        self.links, self.forms = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        href = attrs.get("href") or ""
        if tag == "a" and href.startswith("/") and not href.startswith("/static/"):
            self.links.append(href)
        elif tag == "form":
            self.forms.append({"method": attrs.get("method", "get"), "action": attrs["action"],
                               "api": attrs.get("data-api"), "hidden": [], "box": None})
        elif tag == "input" and self.forms and attrs.get("name"):
            if attrs.get("type") == "hidden":
                self.forms[-1]["hidden"].append((attrs["name"], attrs.get("value") or ""))
            elif attrs.get("type") in ("search", "text"):
                self.forms[-1]["box"] = attrs["name"]


def test_the_crawl_sees_the_pages_links_and_forms(reader):
    """The crawl above is not vacuous: a results page has facet, chip, sort, export and paging links,
    and its search and type-ahead forms."""
    page = Page(reader.get("/?q=Putin&size=1").get_data(as_text=True))
    paths = {urlsplit(url).path for url in page.links}
    assert {"/", "/api/search", "/claims"} <= paths and any(("page", "2") in parse_qsl(urlsplit(url).query)
                                                             for url in page.links)
    assert sorted(form["box"] for form in page.forms if form["method"] == "get") == ["actor", "place", "q"]
    assert any(form["action"] == "/logout" for form in page.forms)


# -- paging stops at search.max_page -----------------------------------------------------------
@pytest.fixture(scope="module")
def short_pages(seed_index):
    app = create_app(index_dir=str(seed_index), tokens=[], search={"max_page": 2})
    app.testing = True
    return app.test_client()


def test_pages_stop_at_max_page_and_no_link_leads_past_it(short_pages):
    data = short_pages.get("/api/search?size=1&page=2").get_json()
    assert data["total"] == 5 and data["pages"] == 2
    html = short_pages.get("/?size=1&page=2").get_data(as_text=True)
    assert 'rel="next"' not in html and "page 2 of 2 (pages stop at 2: narrow the search for the rest)" in html
    first = short_pages.get("/?size=1").get_data(as_text=True)
    assert "page 1 of 2" in first and re.search(r'href="[^"]*page=2" rel="next"', first)
    assert short_pages.get("/?size=1&page=3").status_code == 400
