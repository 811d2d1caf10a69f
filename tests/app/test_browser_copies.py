"""In a real browser: a wire story and its two copies show as one hit with "2 similar"; the link
lists the copies, the toggle shows every copy."""
import sys
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from indexer.build.full import build_index
from indexer.config import load_config

from test_browser import browser  # noqa: F401  (the fixture; skips without Debian's chromium)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "copies"))
from wire import write_corpus  # noqa: E402


@pytest.fixture(scope="module")
def wire_url(tmp_path_factory):
    from search_app import create_app

    folder = tmp_path_factory.mktemp("wire-browser")
    build_index(load_config(index_dir=str(folder / "index")), corpus_dir=write_corpus(folder / "corpus"))
    server = make_server("127.0.0.1", 0, create_app(index_dir=str(folder / "index")), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_copies_collapse_into_one_hit_with_a_link_to_them(browser, wire_url):  # noqa: F811
    page = browser.new_page()
    page.goto(wire_url + "/?q=North+Korean+troops+Russia")
    assert page.locator("li.hit").count() == 3                  # one of three copies, the translation, the other
    similar = page.locator("a.similar")
    assert similar.count() == 1 and similar.inner_text() == "2 similar"
    similar.click()
    page.wait_for_url("**group=**")
    assert sorted(page.locator("li.hit").evaluate_all("els => els.map(e => e.dataset.id)")) == \
        ["wire-copy-1", "wire-copy-2", "wire-original"]
    page.goto(wire_url + "/?q=North+Korean+troops+Russia")
    page.locator("a.collapse").click()
    page.wait_for_url("**collapse=false**")
    assert page.locator("li.hit").count() == 5
    assert page.locator("a.collapse").inner_text() == "one article per group of copies"
    page.close()
