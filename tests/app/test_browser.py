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
