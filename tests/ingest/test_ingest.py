import json
import os

from indexer.config import IngestSettings
from indexer.ingest.files import decode, iter_corpus
from indexer.records import Ignored, Skipped, SourceDocument

SETTINGS = IngestSettings()


def ingest(folder):
    items = list(iter_corpus(folder, SETTINGS))
    return ([i for i in items if isinstance(i, SourceDocument)], {i.path.split("/")[-1]: i.reason
                                                                  for i in items if isinstance(i, Skipped)})


def test_plain_text_html_and_jsonl_articles_are_read(tmp_path):
    (tmp_path / "a1.txt").write_text("Headline\n\nBody text here.", encoding="utf-8")
    (tmp_path / "page.html").write_text(
        "<html><head><title>Storm hits coast</title></head><body><nav>Home | News</nav><article>"
        "<h1>Storm hits coast</h1><p>" + "A heavy storm hit the northern coast on Monday, officials said. " * 6 +
        "</p><p>" + "Thousands of homes were left without power overnight. " * 5 + "</p></article>"
        "<footer>Cookie settings</footer></body></html>", encoding="utf-8")
    lines = [{"id": "j1", "text": "Eerste artikel.", "lang": "nl", "date": "2024-10-24T01:00:00Z"},
             {"id": "j2", "text": "Second.", "title": "T2", "url": "https://example.org/2"}]
    (tmp_path / "batch.jsonl").write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    documents, skipped = ingest(tmp_path)
    assert skipped == {}
    by_id = {d.doc_id: d for d in documents}
    assert set(by_id) == {"a1", "page", "j1", "j2"}
    assert by_id["a1"].needs_cleaning and by_id["a1"].title is None
    assert by_id["j1"].lang == "nl" and by_id["j1"].date == "2024-10-24T01:00" and not by_id["j1"].needs_cleaning
    assert by_id["j2"].title == "T2" and by_id["j2"].url == "https://example.org/2"
    assert "storm hit the northern coast" in by_id["page"].text
    assert "Cookie settings" not in by_id["page"].text
    assert by_id["page"].title == "Storm hits coast"


def test_bad_files_and_lines_are_skipped_with_reasons_and_the_rest_is_read(tmp_path):
    (tmp_path / "good.txt").write_text("Title\nText", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n ", encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "big.txt").write_bytes(b"x" * (SETTINGS.max_file_bytes + 1))
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / "mixed.jsonl").write_text('{"id": "ok", "text": "fine"}\n{"id": "broken", "text": \n'
                                          '{"text": "no id"}\n{"id": "x", "text": "t", "lang": 5}\n',
                                          encoding="utf-8")
    documents, skipped = ingest(tmp_path)
    assert [d.doc_id for d in documents] == ["good", "ok", "x"]
    assert skipped["empty.txt"] == "empty file" and skipped["blank.txt"] == "empty file"
    assert skipped["image.txt"].startswith("binary")
    assert skipped["big.txt"].startswith("too large")
    assert "unsupported file type" in skipped["photo.png"]
    assert skipped["mixed.jsonl:2"].startswith("broken JSON line")
    assert skipped["mixed.jsonl:3"] == "JSON line without an 'id'"
    assert "'lang' ignored: must be a string" in skipped["mixed.jsonl:4"]      # a warning: the article is read


def test_a_records_date_in_the_forms_exports_write(tmp_path):
    dates = {"iso": "2024-10-24T01:00:00Z", "unix": 1729731600, "unix-ms": 1729731600000,
             "rss": "Thu, 24 Oct 2024 08:15:00 +0200", "printed": "24.10.2024", "words": "24. oktober 2024 kl. 08.15",
             "none": "not a date", "list": ["2024-10-24"]}
    lines = [{"id": name, "text": "Tekst.", "date": value} for name, value in dates.items()]
    (tmp_path / "dates.jsonl").write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    documents, skipped = ingest(tmp_path)
    assert {d.doc_id: d.date for d in documents} == {
        "iso": "2024-10-24T01:00", "unix": "2024-10-24T01:00", "unix-ms": "2024-10-24T01:00",
        "rss": "2024-10-24T08:15", "printed": "2024-10-24", "words": "2024-10-24T08:15", "none": None, "list": None}
    assert skipped == {"dates.jsonl:8": "JSON field 'date' ignored: must be a string or a Unix time, not a list; "
                                        "the article is indexed without it"}


def test_an_optional_field_of_the_wrong_type_is_left_out_with_a_warning_and_the_article_read(tmp_path):
    """Only id and text are required: "source": {"name": "FAZ"} dropped the whole article."""
    lines = [{"id": "nested", "text": "Airbus streicht Stellen.", "source": {"name": "FAZ"}, "title": "Airbus"},
             {"id": "number", "text": "Tekst.", "title": 123, "source": "NU.nl"},
             {"id": "list", "text": "Tekst.", "date": ["2024-11-13"], "url": 5, "lang": "de"},
             {"id": "fine", "text": "Tekst.", "title": "Kop", "date": "2024-11-13", "source": "NOS", "lang": "nl"}]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    items = list(iter_corpus(tmp_path, SETTINGS))
    documents = {d.doc_id: d for d in items if isinstance(d, SourceDocument)}
    assert set(documents) == {"nested", "number", "list", "fine"}
    assert (documents["nested"].source, documents["nested"].title) == (None, "Airbus")
    assert (documents["number"].title, documents["number"].source) == ("123", "NU.nl")
    assert (documents["list"].date, documents["list"].url, documents["list"].lang) == (None, None, "de")
    warnings = [(i.path.split("/")[-1], i.reason) for i in items if isinstance(i, Skipped)]
    assert all(isinstance(i, Ignored) for i in items if isinstance(i, Skipped))      # warnings, not skips
    read = "; the article is indexed without it"
    assert warnings == [("feed.jsonl:1", "JSON field 'source' ignored: must be a string, not an object" + read),
                        ("feed.jsonl:3", "JSON field 'url' ignored: must be a string, not a number" + read),
                        ("feed.jsonl:3", "JSON field 'date' ignored: must be a string or a Unix time, not a list" + read)]


def test_a_date_that_is_no_day_leaves_the_record_undated_and_the_build_going(tmp_path):
    """No day, never a wrong one: "2024-13-45" was stored as written (and sorted first by date),
    a Unix time of 400 digits stopped the whole build with a traceback."""
    dates = {"huge": 10 ** 400, "nan": float("nan"), "month-13": "2024-13-45", "feb-30": "2024-02-30",
             "zero": "0000-00-00", "hour-25": "2024-10-24T25:99", "unix-string": "1729731600",
             "slashes": "2024/10/24", "fine": "2024-10-24 08:15"}
    lines = [{"id": name, "text": "Tekst.", "date": value} for name, value in dates.items()]
    (tmp_path / "dates.jsonl").write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    documents, skipped = ingest(tmp_path)
    assert skipped == {}
    assert {d.doc_id: d.date for d in documents} == {
        "huge": None, "nan": None, "month-13": None, "feb-30": None, "zero": None, "hour-25": None,
        "unix-string": "2024-10-24T01:00", "slashes": "2024-10-24", "fine": "2024-10-24T08:15"}


def test_a_records_language_is_read_as_the_code_articles_carry(tmp_path):
    """"NO", "nb-NO" and "norsk" are Bokmål (they were kept as written and analysed as English);
    what names no language is detected from the text."""
    langs = {"no": "NO", "region": "nb-NO", "german": "de-DE", "word": "dutch", "other": "fr", "junk": "xx"}
    lines = [{"id": name, "text": "Tekst.", "lang": value} for name, value in langs.items()]
    (tmp_path / "langs.jsonl").write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    documents, _ = ingest(tmp_path)
    assert {d.doc_id: d.lang for d in documents} == {
        "no": "nb", "region": "nb", "german": "de", "word": "nl", "other": "fr", "junk": None}


def test_a_file_name_that_is_not_utf8_is_skipped_with_its_reason(tmp_path):
    """A Danish name saved in Latin-1 ("æ" as one byte) stopped the whole build."""
    (tmp_path / "a.txt").write_text("Overskrift\n\nTekst.", encoding="utf-8")
    with open(os.fsencode(tmp_path) + b"/nyhed_\xe6bler.txt", "wb") as f:
        f.write("Overskrift\n\nTekst.".encode())
    documents, skipped = ingest(tmp_path)
    assert [d.doc_id for d in documents] == ["a"]
    assert skipped == {"nyhed_\\xe6bler.txt": "file name is not UTF-8: rename the file"}


def test_json_lines_saved_as_utf16_are_read(tmp_path):
    """Windows tools save UTF-16 with a byte-order mark: such a file was skipped as binary."""
    def lines(prefix):
        return "\n".join(json.dumps({"id": f"{prefix}-r{n}", "text": "Tropper ved grænsen – 3.000 mand."},
                                    ensure_ascii=False) for n in range(2))

    (tmp_path / "le.jsonl").write_bytes(b"\xff\xfe" + lines("le").encode("utf-16-le"))
    (tmp_path / "be.jsonl").write_bytes(b"\xfe\xff" + lines("be").encode("utf-16-be"))
    documents, skipped = ingest(tmp_path)
    assert skipped == {}
    assert sorted(d.doc_id for d in documents) == ["be-r0", "be-r1", "le-r0", "le-r1"]
    assert {d.text for d in documents} == {"Tropper ved grænsen – 3.000 mand."}


def test_a_page_saved_without_html_in_its_name_is_read_as_a_page(tmp_path):
    """What `curl -O https://nos.nl/artikel/123` saves: the headline was "<!DOCTYPE html>"."""
    page = ("<!DOCTYPE html><html><head><title>Storm hits coast</title>"
            '<meta property="og:title" content="Storm hits coast"></head><body><nav>Home | News</nav>'
            "<article><h1>Storm hits coast</h1><p>" + "A heavy storm hit the northern coast, officials said. " * 6 +
            "</p></article></body></html>")
    (tmp_path / "123").write_text(page, encoding="utf-8")
    (tmp_path / "saved.txt").write_text("<!-- saved -->\n" + page, encoding="utf-8")
    (tmp_path / "plain.txt").write_text("<b> is how tags start\n\nA text about markup.", encoding="utf-8")
    documents, skipped = ingest(tmp_path)
    titles = {d.doc_id: d.title or d.text.splitlines()[0] for d in documents}
    assert titles == {"123": "Storm hits coast", "saved": "Storm hits coast", "plain": "<b> is how tags start"}
    assert skipped == {}


def test_a_dot_in_a_name_that_starts_no_extension_is_part_of_the_name(tmp_path):
    for name in ("putin 24.10.2024", "nrk.no - Putin truer"):
        (tmp_path / name).write_text("Putin truer\n\nTekst.", encoding="utf-8")
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")
    documents, skipped = ingest(tmp_path)
    assert sorted(d.doc_id for d in documents) == ["nrk.no - Putin truer", "putin 24.10.2024"]
    assert skipped == {"report.pdf": "unsupported file type '.pdf'"}


def test_a_records_html_markup_is_read_as_text(tmp_path):
    lines = [{"id": "cms", "title": "Poetin &amp; de NAVO", "text": "<p>Poetin zei dat <b>Rusland</b> reageert.</p>"
              "<script>track()</script><p>De NAVO &amp; de EU ook.</p>"},
             {"id": "plain", "text": "Drie < vijf, en a > b."}]
    (tmp_path / "cms.jsonl").write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    documents, _ = ingest(tmp_path)
    by_id = {d.doc_id: d for d in documents}
    assert by_id["cms"].title == "Poetin & de NAVO"
    assert by_id["cms"].text.split() == "Poetin zei dat Rusland reageert. De NAVO & de EU ook.".split()
    assert by_id["plain"].text == "Drie < vijf, en a > b."


def test_cp1252_and_latin1_text_is_decoded():
    text = "Präsident „Selenskyj“ – 12.000 Soldaten"
    assert decode(text.encode("cp1252"), SETTINGS.encodings) == text
    assert decode("Kæmper i Ukraine".encode("latin-1"), SETTINGS.encodings) == "Kæmper i Ukraine"
    assert decode("\ufeffBOM".encode("utf-8"), SETTINGS.encodings) == "BOM"


def test_hidden_files_are_not_articles(tmp_path):
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    (tmp_path / "a.txt").write_text("T\nB", encoding="utf-8")
    documents, skipped = ingest(tmp_path)
    assert [d.doc_id for d in documents] == ["a"] and skipped == {}


def test_a_link_out_of_the_corpus_folder_is_skipped_and_utf16_is_read(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "passwd.txt").symlink_to(outside)
    (corpus / "inside.txt").write_text("Headline\nA body about Koersk.\n", encoding="utf-8")
    (corpus / "link-inside.txt").symlink_to(corpus / "inside.txt")
    (corpus / "utf16.txt").write_bytes("Überschrift\nNordkoreanische Soldaten in Kursk.\n".encode("utf-16"))
    items = {item.path.split("/")[-1]: item for item in iter_corpus(corpus, SETTINGS)}
    assert isinstance(items["passwd.txt"], Skipped) and "outside" in items["passwd.txt"].reason
    assert not isinstance(items["inside.txt"], Skipped)
    assert "Nordkoreanische Soldaten" in items["utf16.txt"].text


def test_a_large_json_lines_file_is_read_record_by_record(tmp_path):
    from indexer.config import IngestSettings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    good = [json.dumps({"id": f"a{i}", "text": "Soldaten in Kursk. " * 40}) for i in range(300)]
    lines = good[:100] + ["{broken"] + [json.dumps({"id": "huge", "text": "x" * 20_000})] + good[100:]
    (corpus / "export.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    settings = IngestSettings(max_file_bytes=10_000)        # the file is ~250 KB: 25x the limit
    items = list(iter_corpus(corpus, settings))
    documents = [i for i in items if isinstance(i, SourceDocument)]
    skipped = {i.path.rsplit(":", 1)[1]: i.reason for i in items if isinstance(i, Skipped)}
    assert len(documents) == 300
    assert skipped["101"].startswith("broken JSON line") and skipped["102"].startswith("record too large")


def test_a_link_to_a_file_of_the_corpus_is_skipped_naming_that_file(tmp_path):
    """The file is read once, under its own name: read through the link too it would be a second
    article (another id, counted, and a copy group of 2 with itself)."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "nrk.txt").write_text("Headline\nA body about Koersk.\n", encoding="utf-8")
    (tmp_path / "again.txt").symlink_to(tmp_path / "sub" / "nrk.txt")
    (tmp_path / "relative.txt").symlink_to("sub/nrk.txt")
    (tmp_path / "folder").symlink_to(tmp_path / "sub", target_is_directory=True)
    documents, skipped = ingest(tmp_path)
    assert [d.doc_id for d in documents] == ["nrk"]
    for name in ("again.txt", "relative.txt"):
        assert skipped[name].startswith("symbolic link to sub/nrk.txt, a file of the corpus folder"), skipped


def test_a_truncated_json_line_says_what_is_wrong_not_that_its_newline_is(tmp_path):
    (tmp_path / "cut.jsonl").write_text('{"id": "a", "text": "whole"}\n{"id": "b", "text": "cut off in the mi\n'
                                        '{"id": "c", "text": "whole"}\r\n{"id": "d", "text": "cut too\r\n',
                                        encoding="utf-8")
    documents, skipped = ingest(tmp_path)
    assert [d.doc_id for d in documents] == ["a", "c"]
    assert skipped["cut.jsonl:2"] == "broken JSON line: Unterminated string starting at (column 21)"
    assert skipped["cut.jsonl:4"] == "broken JSON line: Unterminated string starting at (column 21)"
