"""In a real browser (as tests/app/test_browser.py): layout on a narrow screen, the claims timeline
with many sources, contrast, the type-ahead's pick, the skip link, no console errors."""
import json
import re
import threading

import pytest
from werkzeug.serving import make_server

from indexer.build.full import build_index
from indexer.config import load_config

from test_browser import browser, server_url  # noqa: F401  (the fixtures; skip without Debian's chromium)

SOURCES = ["NOS", "NU.nl", "AD", "De Telegraaf", "Der Spiegel", "Die Zeit", "FAZ", "DR", "Politiken", "NRK", "VG",
           "BBC", "The Guardian", "Reuters", "Le Monde", "El País", "Corriere"]
DATES = ["2024-10-24", "2024-10-25", "2024-11-05", "2024-11-06", "2024-12-02", "2024-12-20", "2025-01-13",
         "2025-01-13", "2025-01-14", "2025-02-01", "2025-02-10", "2025-04-28", "2025-04-28", "2025-04-28", None, None, None]
LONG_WORD = "Nordkoreanischesoldatenaufmarschbeobachtungsbericht" * 2
LONG_URL = "https://example.com/" + "a" * 180


def article(i: int, source: str, date: str | None) -> dict:
    value = (3000, 12000, 1500, 600000)[i % 4]
    title = f"{LONG_WORD} {i}" if i == 0 else f"North Korean troops in Kursk, report {i}"
    text = (f"About {value:,} North Korean soldiers are in Russia, {source} reports. Putin thanked Kim Jong-un. "
            f"Source document: {LONG_URL}" + (f" Also {LONG_WORD}." if i == 1 else ""))
    record = {"id": f"a{i:02d}", "title": title, "text": text, "source": source, "lang": "en"}
    return record | ({"date": date} if date else {})


def serve(app) -> tuple[str, object]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


@pytest.fixture(scope="module")
def varied_url(tmp_path_factory):
    """Seventeen outlets, one claim of soldiers each, dates with gaps, a few undated, long words."""
    from search_app import create_app

    folder = tmp_path_factory.mktemp("varied")
    (folder / "corpus").mkdir()
    lines = [json.dumps(article(i, source, date)) for i, (source, date) in enumerate(zip(SOURCES, DATES))]
    (folder / "corpus" / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    build_index(load_config(index_dir=str(folder / "index")), corpus_dir=folder / "corpus")
    base, server = serve(create_app(index_dir=str(folder / "index"), tokens=[]))
    yield base
    server.shutdown()


def page_width(page) -> tuple[int, int]:
    return tuple(page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]"))


def box(locator) -> dict:
    return locator.bounding_box()


@pytest.mark.parametrize("path", ["/?q=soldiers", "/?q=" + LONG_URL, "/?q=" + LONG_WORD])
def test_a_narrow_screen_shows_the_results_first_and_never_scrolls_sideways(browser, varied_url, path):  # noqa: F811
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(varied_url + path)
    scroll, client = page_width(page)
    assert scroll <= client, f"the page is {scroll} px wide on a {client} px screen"
    results, facets = box(page.locator("section.results")), box(page.locator("aside.facets"))
    assert results["y"] < facets["y"]
    if page.locator("li.hit").count():
        assert box(page.locator("li.hit").first)["y"] < 800          # the first hit on the first screen
    page.close()


def test_the_claims_page_fits_a_narrow_screen_and_its_table_scrolls(browser, varied_url):  # noqa: F811
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(varied_url + "/claims?unit=soldiers")
    scroll, client = page_width(page)
    assert scroll <= client, f"the page is {scroll} px wide on a {client} px screen"
    wrapper = page.locator(".table-scroll")
    assert wrapper.evaluate("el => getComputedStyle(el).overflowX") == "auto"
    assert box(page.locator("table.claims-table"))["width"] >= box(wrapper)["width"]
    page.close()


def overlapping(a: dict, b: dict) -> bool:
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and \
        a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def test_timeline_marks_stay_in_the_plot_and_the_labels_apart(browser, varied_url, tmp_path):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(varied_url + "/claims?unit=soldiers")
    svg = page.locator("svg.timeline")
    axis = box(svg.locator("line").nth(1))                 # the value axis: the plot's left edge
    right = box(svg)["x"] + box(svg)["width"]
    marks = svg.locator("a.mark > :last-child")
    assert marks.count() == len(SOURCES)
    for i in range(marks.count()):
        mark = box(marks.nth(i))
        assert axis["x"] < mark["x"] and mark["x"] + mark["width"] <= right
    labels = [box(svg.locator("text").nth(i)) for i in range(svg.locator("text").count())]
    assert not [(a, b) for i, a in enumerate(labels) for b in labels[i + 1:] if overlapping(a, b)]
    shapes = {svg.locator("a.mark > :last-child").nth(i).evaluate("el => el.tagName") for i in range(marks.count())}
    assert len(shapes) > 1                                  # past ten sources, a second shape
    legend = page.locator(".legend svg > *").evaluate_all("els => els.map(e => e.tagName + e.getAttribute('fill'))")
    assert len(set(legend)) == len(legend) == len(SOURCES)
    page.screenshot(path=str(tmp_path / "timeline.png"))
    page.close()


def luminance(css: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", css)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_related_hits_keep_their_contrast(browser, server_url):  # noqa: F811
    page = browser.new_page()
    page.goto(server_url + "/?q=Putin")
    related = page.locator("li.related-hit")
    assert related.count() >= 1
    opacity = related.first.evaluate(
        "el => { let o = 1; for (let e = el; e; e = e.parentElement) o *= +getComputedStyle(e).opacity; return o; }")
    assert opacity == 1
    for part in ("h3", ".snippet", ".meta"):
        colour = related.first.locator(part).evaluate("el => getComputedStyle(el).color")
        assert (1.05) / (luminance(colour) + 0.05) >= 4.5, (part, colour)
    page.close()


def test_picking_a_suggestion_applies_the_filter_and_shows_the_name(browser, server_url):  # noqa: F811
    page = browser.new_page()
    page.goto(server_url + "/")
    box_ = page.locator("form.typeahead[data-facet=actor] input[list]")
    box_.type("Put", delay=30)
    option = page.locator("#actor-values option").first
    option.wait_for(state="attached")
    assert option.get_attribute("value") == "Vladimir Putin" and option.get_attribute("data-id") == "actor:vladimir-putin"
    # what a mouse pick in the datalist does: the box's text replaced by the option's value
    box_.evaluate("(el) => { el.value = 'Vladimir Putin';"
                  " el.dispatchEvent(new InputEvent('input', {inputType: 'insertReplacementText', bubbles: true})); }")
    page.wait_for_url("**actor=actor%3Avladimir-putin**")
    assert "Actors: Vladimir Putin" in page.locator("nav.active-filters").inner_text()
    assert page.locator("li.hit").count() >= 3
    page.close()


def test_a_filter_that_leaves_nothing_is_removed_with_one_click(browser, server_url):  # noqa: F811
    page = browser.new_page()
    page.goto(server_url + "/?q=Putin&agency=AFP")
    assert page.locator("li.hit").count() == 0
    page.locator("nav.active-filters a[data-filter=agency]").click()
    page.wait_for_url(lambda url: "agency" not in url)
    assert page.locator("li.hit").count() == 3
    page.close()


def test_the_skip_link_leads_to_the_results_and_nothing_logs_an_error(browser, server_url):  # noqa: F811
    page = browser.new_page()
    errors, requested = [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("request", lambda request: requested.append(request.url))
    page.goto(server_url + "/?q=Putin")
    skip = page.locator("a.skip-link")
    assert box(skip)["x"] + box(skip)["width"] <= 0          # out of sight until focused
    skip.focus()                                            # (the search box has the autofocus)
    assert box(skip)["x"] >= 0
    page.keyboard.press("Enter")
    page.wait_for_url("**#results")
    page.goto(server_url + "/claims?unit=soldiers")
    assert errors == [] and not [url for url in requested if url.endswith("/favicon.ico")]
    page.close()
