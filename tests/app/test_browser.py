"""A real browser (Debian's headless Chromium, driven by Playwright) searches and clicks a facet."""
import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--no-first-run", "--disable-component-update", "--disable-sync", "--disable-quic"]

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI needs Debian's chromium for the browser test: scripts/install_browser.sh")
    pytest.skip("Debian's chromium is not installed (scripts/install_browser.sh)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server_url(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def test_search_then_click_a_language_facet(browser, server_url, tmp_path):
    page = browser.new_page()
    page.goto(server_url + "/")
    assert page.locator("li.hit").count() == 5
    page.fill("input[name=q]", "Nordkorea")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**q=Nordkorea**")
    assert page.locator("li.hit").count() == 5
    assert "5 articles" in page.locator(".summary").inner_text()
    page.locator('[data-facet=lang] a[data-value=nl]').click()
    page.wait_for_url("**lang=nl**")
    assert page.locator("li.hit").count() == 2
    assert page.locator("li.hit .lang").all_inner_texts() == ["NL", "NL"]
    assert page.locator('[data-facet=lang] li.selected').count() == 1
    page.screenshot(path=str(tmp_path / "facet.png"), full_page=True)
    page.locator('[data-facet=lang] li.selected a').click()  # toggling it off again
    page.wait_for_url(lambda url: "lang=nl" not in url)
    assert page.locator("li.hit").count() == 5
    page.close()


def test_query_text_is_shown_escaped_in_the_browser(browser, server_url):
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(server_url + "/?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert page.input_value("input[name=q]") == "<script>alert(1)</script>"
    assert dialogs == []
    page.close()


def test_a_date_chart_bar_narrows_to_its_day(browser, server_url, tmp_path):
    page = browser.new_page()
    page.goto(server_url + "/?q=soldaten")
    bars = page.locator("[data-facet=date] svg.date-chart a.bar")
    assert bars.count() == 1            # one dated seed: one period; the undated bar is no link
    assert page.locator("[data-facet=date] svg.date-chart rect").count() == 2
    bars.first.click()
    page.wait_for_url("**date_from=2024-10-24**")
    assert "date_to=2024-10-24" in page.url
    assert page.locator("li.hit").count() == 1
    assert page.locator("li.hit").get_attribute("data-id").startswith("000_")
    page.screenshot(path=str(tmp_path / "date-chart.png"), full_page=True)
    page.locator("[data-facet=date] p.more a").click()      # widen again
    page.wait_for_url(lambda url: "date_from" not in url)
    assert page.locator("li.hit").count() == 5
    page.close()


def test_claims_page_shows_the_timeline_and_the_conflicting_values(browser, server_url, tmp_path):
    page = browser.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(server_url + "/?q=soldaten")
    page.locator(".claims-links a[data-unit=soldiers]").click()
    page.wait_for_url("**/claims?**unit=soldiers**")
    groups = page.locator("tr.group").evaluate_all("rows => rows.map(r => r.dataset.value)")
    for value in ("1500.0", "3000.0", "10000.0", "12000.0"):
        assert value in groups
    assert page.locator("svg.timeline circle").count() >= 8
    assert page.locator("td.sentence mark").count() == page.locator("tr.claim").count()
    page.screenshot(path=str(tmp_path / "claims.png"), full_page=True)
    page.locator("a[data-sort=date]").click()
    page.wait_for_url("**sort=date**")
    assert page.locator("tr.group").first.get_attribute("data-value") in ("3000.0", "1000.0-9999.0")
    assert errors == []                 # no CSP violation, no script error
    page.close()


def test_actor_type_ahead_fills_the_datalist_from_the_facet_api(browser, server_url):
    page = browser.new_page()
    page.goto(server_url + "/")
    page.locator("form.typeahead[data-facet=actor] input[list]").type("Put", delay=30)
    page.locator("#actor-values option").first.wait_for(state="attached")   # (no wait_for_function: the CSP forbids eval)
    options = page.locator("#actor-values option")      # the name shown and put in the box, the id sent
    assert "actor:vladimir-putin" in options.evaluate_all("os => os.map(o => o.dataset.id)")
    assert "Vladimir Putin" in options.evaluate_all("os => os.map(o => o.value)")
    page.close()


@pytest.fixture(scope="module")
def locked_url(seed_index):
    from search_app import create_app

    app = create_app(index_dir=str(seed_index), tokens=["browser-token-5b1e"])
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_the_login_form_lets_a_token_holder_in(browser, locked_url):
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(locked_url + "/?q=Putin")
    assert response.status == 401 and page.locator("li.hit").count() == 0
    page.fill("input[name=token]", "wrong")
    page.click("button[type=submit]")
    assert "not a valid access token" in page.locator(".error").inner_text()
    page.fill("input[name=token]", "browser-token-5b1e")
    page.click("button[type=submit]")
    page.wait_for_url("**/?q=Putin")
    assert page.locator("li.hit").count() >= 3 and "for Putin" in page.locator(".summary").inner_text()
    cookie = next(c for c in context.cookies() if c["name"] == "news_search_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    page.goto(locked_url + "/?q=Nordkorea")            # the session carries on to the next search
    assert page.locator("li.hit").count() == 5
    page.click("form.logout button")                  # and logging out ends it
    page.wait_for_url("**/login")
    assert page.goto(locked_url + "/?q=Nordkorea").status == 401
    context.close()


def test_type_ahead_shows_the_spelling_it_was_found_by(browser, server_url):
    """A Dutch analyst types "Poe": Putin is offered, with "Poetin" in the option's label, so the
    browser's list (which filters its options on what was typed) keeps it."""
    page = browser.new_page()
    page.goto(server_url + "/")
    page.locator("form.typeahead[data-facet=actor] input[list]").type("Poe", delay=30)
    page.locator("#actor-values option").first.wait_for(state="attached")
    options = page.locator("#actor-values option")
    assert options.evaluate_all("os => os.map(o => [o.value, o.label])") == [["Vladimir Putin", "Poetin · 3 articles"]]
    page.close()
