"""A hostile corpus: every bad item is named with its reason in the build summary, everything else is
indexed, and nothing an article or a query contains is ever rendered unescaped on the page."""
import json
import re
from html import unescape

import pytest

from indexer.build.full import build_index
from indexer.config import load_config

BODY = "The storm hit the coast of Norway on Monday and the authorities said more rain would follow. "
HOSTILE_TITLE = '<img src=x onerror="alert(1)">Storm warning'
HOSTILE_BODY = ("A storm <script>alert('body')</script> hit the coast \"><svg onload=alert(2)> of Norway on Monday, "
                "and the authorities said more rain would follow. <iframe src=//evil.example></iframe>")
HOSTILE_QUERIES = ['"><script>alert(3)</script>', "storm' onmouseover='alert(4)", "</title><script>alert(5)</script>",
                   "storm <img src=x onerror=alert(6)>"]
BIG_BYTES = 50 * 1024 * 1024


def _write_hostile_corpus(root, outside):
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "zero.jsonl").write_bytes(b"")
    huge = json.dumps({"id": "huge", "text": "x" * 6_000_000})                 # over max_file_bytes (5 MB)
    (corpus / "mixed.jsonl").write_text("\n".join([
        json.dumps({"id": "j-good", "text": BODY * 3, "title": "Good record", "url": "https://example.org/a"}),
        '{"id": "broken", "text": ',
        "[1, 2, 3]",
        huge,
        json.dumps({"id": "j-hostile", "text": HOSTILE_BODY * 2, "title": HOSTILE_TITLE,
                    "url": "javascript:alert(7)"}),
        json.dumps({"id": "j-good", "text": BODY, "title": "The same id again"}),
    ]) + "\n", encoding="utf-8")
    (corpus / "cp1252.txt").write_bytes(("Präsident fordert Hilfe\n\nDer Präsident sagte am Montag „wir brauchen "
                                         "Hilfe“ – die Lage an der Front sei ernst.").encode("cp1252"))
    (corpus / "utf16.txt").write_bytes("Überschrift Sturm\n\nNordkoreanische Soldaten in Kursk, sagte die Zeitung "
                                       "am Montag.\n".encode("utf-16"))
    (corpus / "page.html").write_text(
        "<html><head><title>Storm hits coast</title><style>body{background:url(javascript:alert(8))}</style>"
        "<script>document.write('injected-script-text')</script></head><body><article><h1>Storm hits coast</h1>"
        f"<p>{BODY * 4}</p><iframe src='https://evil.example/frame'>iframe-fallback-text</iframe>"
        f"<p>{BODY * 3}</p><script>alert('inline-script-text')</script></article></body></html>", encoding="utf-8")
    (corpus / "nul-head.txt").write_bytes(b"Storm\n\x00\x00\x00" + BODY.encode() * 3)
    (corpus / "nul-late.txt").write_bytes(b"Late NUL storm\n\n" + BODY.encode() * 100 + b"\x00 after a NUL.")
    with (corpus / "big.txt").open("wb") as handle:                          # 50 MB, written in steps
        line = (BODY + "\n").encode()
        for _ in range(BIG_BYTES // len(line) + 1):
            handle.write(line)
    (corpus / "hostile.txt").write_text(f"{HOSTILE_TITLE}\n\n{HOSTILE_BODY}", encoding="utf-8")
    (corpus / "passwd.txt").symlink_to(outside)
    deep = corpus.joinpath(*[f"level{depth:02d}" for depth in range(40)])
    deep.mkdir(parents=True)
    (deep / "deep.txt").write_text(f"Deep storm\n\n{BODY}", encoding="utf-8")
    for folder in ("dir1", "dir2"):
        (corpus / folder).mkdir()
        (corpus / folder / "same.txt").write_text(f"Same id from {folder}\n\n{BODY}", encoding="utf-8")
    return corpus


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    outside = root / "secret.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n" * 20, encoding="utf-8")
    corpus = _write_hostile_corpus(root, outside)
    config = load_config(index_dir=str(root / "index"))
    report = build_index(config, corpus_dir=corpus, workers=1)
    return root / "index", report.to_dict()


def test_every_bad_item_is_named_with_its_reason(hostile):
    _, summary = hostile
    reasons = {re.sub(r"^.*/corpus/", "", item["path"]): item["reason"] for item in summary["skipped"]}
    assert set(reasons) == {"binary.txt", "empty.txt", "zero.jsonl", "mixed.jsonl:2", "mixed.jsonl:3",
                            "mixed.jsonl:4", "nul-head.txt", "big.txt", "passwd.txt", "mixed.jsonl:6"}, reasons
    assert reasons["binary.txt"].startswith("binary") and reasons["nul-head.txt"].startswith("binary")
    assert reasons["empty.txt"] == reasons["zero.jsonl"] == "empty file"
    assert reasons["mixed.jsonl:2"].startswith("broken JSON line")
    assert reasons["mixed.jsonl:3"] == "JSON line is not an object"
    assert reasons["mixed.jsonl:4"].startswith("record too large")
    assert reasons["big.txt"].startswith("too large (52,4")
    assert "outside the corpus" in reasons["passwd.txt"]
    assert reasons["mixed.jsonl:6"].startswith("duplicate id 'j-good'") and "mixed.jsonl:1" in reasons["mixed.jsonl:6"]


def test_everything_else_is_indexed(hostile, client_for):
    client = client_for(hostile[0])
    titles = {hit["id"]: hit["title"] for hit in client.get("/api/search?size=100&collapse=false").get_json()["hits"]}
    assert set(titles) == {"j-good", "j-hostile", "cp1252", "utf16", "page", "nul-late", "hostile", "deep", "same",
                           "dir2/same"}
    assert hostile[1]["articles"] == len(titles)
    assert titles["j-good"] == "Good record"                  # of two records with one id, the first wins
    assert (titles["same"], titles["dir2/same"]) == ("Same id from dir1", "Same id from dir2")   # two files, two articles
    for query, found in (("Präsident", "cp1252"), ("Nordkoreanische", "utf16"), ("NUL", "nul-late")):
        assert found in [hit["id"] for hit in client.get(f"/api/search?q={query}").get_json()["hits"]], query


def test_no_script_style_iframe_or_nul_reaches_the_index(hostile, client_for):
    hits = client_for(hostile[0]).get("/api/search?size=100&collapse=false").get_json()["hits"]
    text = json.dumps(hits)
    for leaked in ("injected-script-text", "inline-script-text", "iframe-fallback-text", "\\u0000", "root:x:0:0"):
        assert leaked not in text, leaked
    by_id = {hit["id"]: hit for hit in hits}
    assert by_id["j-good"]["url"] == "https://example.org/a"
    assert by_id["j-hostile"]["url"] is None                  # a javascript: link is not kept


def test_hostile_articles_and_queries_are_escaped_on_the_page(hostile, client_for):
    client = client_for(hostile[0])
    for query in ["storm", "Norway", *HOSTILE_QUERIES]:
        html = client.get("/", query_string={"q": query}).get_data(as_text=True)
        for payload in ["<script>alert", "<img src=x", "<svg onload", "<iframe", "onmouseover='", 'onerror="',
                        "javascript:alert"]:
            assert payload not in html, (query, payload)
        assert unescape(query) in unescape(html), query            # shown, as text
    page = client.get("/", query_string={"q": "storm"}).get_data(as_text=True)
    assert "Storm warning" in page and "onerror" not in unescape(page)   # the record's markup read as text


@pytest.fixture(scope="module")
def client_for():
    from search_app import create_app

    def make(index):
        app = create_app(index_dir=str(index), tokens=[])
        app.testing = True
        return app.test_client()
    return make
