"""The analyst's tools on real indexes: dates, sources, claims, facet value search, export."""
import csv
import io
import json

import pytest

from conftest import backend_settings
from indexer.build.full import build_index
from indexer.config import load_config
from indexer.search.service import BadRequest, SearchService

SOLDIER_CLAIMS = {1500.0: {"002", "003"}, 3000.0: {"000", "001"}, 10000.0: {"001"}, 12000.0: {"002", "003"}}


@pytest.fixture(scope="module")
def service(seed_config):
    return SearchService(seed_config)


def seeds(result):
    return [hit["id"][:3] for hit in result["hits"]]


def test_one_day_returns_the_one_article_of_that_day(service):
    assert seeds(service.search({"date_from": ["2024-10-24"], "date_to": ["2024-10-24"]})) == ["000"]
    assert seeds(service.search({"date_from": ["2024-10-25"]})) == []
    assert seeds(service.search({"q": ["soldaten"], "date_to": ["2024-10-24"]})) == ["000"]


def test_the_date_facet_counts_the_day_and_the_articles_without_a_date(service):
    facet = service.search({"q": ["soldaten"]})["facets"]["date"]
    assert [(v["value"], v["count"], v["start"], v["end"]) for v in facet] == [
        ("2024-10-24", 1, "2024-10-24", "2024-10-24"), ("none", 4, None, None)]


def test_sort_by_date_puts_the_undated_last_and_drops_nothing(service):
    relevance = service.search({"q": ["soldaten"]})
    by_date = service.search({"q": ["soldaten"], "sort": ["date"]})
    assert relevance["sort"] == "relevance" and by_date["sort"] == "date"
    assert by_date["total"] == relevance["total"] == 5
    assert seeds(by_date)[0] == "000" and sorted(seeds(by_date)) == sorted(seeds(relevance))
    assert service.search({})["sort"] == "date"          # an empty query lists newest first, as before


@pytest.mark.parametrize("params, name", [
    ({"date_from": ["24-10-2024"]}, "date_from"), ({"date_to": ["2024-02-30"]}, "date_to"),
    ({"date_from": ["2024-10-25"], "date_to": ["2024-10-24"]}, "date_from"), ({"sort": ["newest"]}, "sort"),
])
def test_bad_date_and_sort_parameters_name_themselves(service, params, name):
    with pytest.raises(BadRequest, match=f"^{name}:"):
        service.search(params)


def test_sources_and_agencies_of_the_seeds(service):
    facets = service.search({})["facets"]
    assert {v["value"]: v["count"] for v in facets["source"]} == {"ANP": 1, "New York Post": 1}
    assert {v["value"] for v in facets["agency"]} == {"ANP", "AFP", "Reuters"}
    assert seeds(service.search({"agency": ["Reuters"]})) == ["003"]
    assert seeds(service.search({"source": ["New York Post"]})) == ["001"]


def test_claims_for_soldiers_list_every_reported_value_with_its_sentence(service):
    result = service.claims({"unit": ["soldiers"]})
    by_value = {group["value"]: group for group in result["groups"]}
    for value, expected in SOLDIER_CLAIMS.items():
        assert {claim["id"][:3] for claim in by_value[value]["claims"]} == expected, value
    for group in result["groups"]:
        for claim in group["claims"]:
            assert claim["text"] in claim["sentence"]
            assert f"<mark>{claim['text']}</mark>" in claim["sentence_html"]
            assert claim["lang"] and "id" in claim
            assert not (group["value"] and 1900 <= group["value"] <= 2100)     # no year as a claim
    vague = [group for group in result["groups"] if group["value"] is None]
    assert [(g["low"], g["high"]) for g in vague] == [(1000.0, 9999.0)]         # "duizenden"


def test_claims_filters_ranges_and_sorts(service):
    ranged = service.claims({"unit": ["soldiers"], "value_min": ["2000"], "value_max": ["11000"]})
    assert {g["value"] for g in ranged["groups"]} == {None, 3000.0, 10000.0}   # the vague 1,000-9,999 overlaps
    anp = service.claims({"unit": ["soldiers"], "source": ["ANP"]})
    assert {c["id"][:3] for g in anp["groups"] for c in g["claims"]} == {"003"}
    by_date = service.claims({"unit": ["soldiers"], "sort": ["date"]})
    assert by_date["groups"][0]["claims"][0]["date"].startswith("2024-10-24")
    assert service.claims({"unit": ["unicorns"]})["groups"] == []
    assert service.claims({"unit": "soldiers"})["claims"] == service.claims({"unit": ["soldiers"]})["claims"] > 0
    for params, name in (({}, "unit"), ({"unit": ["soldiers"], "value_min": ["many"]}, "value_min"),
                         ({"unit": ["soldiers"], "value_min": ["5"], "value_max": ["1"]}, "value_min"),
                         ({"unit": ["soldiers"], "sort": ["relevance"]}, "sort")):
        with pytest.raises(BadRequest, match=f"^{name}:"):
            service.claims(params)


def test_a_claim_sentence_is_html_escaped():
    from indexer.search.claims import ClaimsRequest, claims_of
    from indexer.store.base import Hit

    body = "<b>Seoul</b> zegt: 3000 soldaten & meer."
    hit = Hit("x", "Kop", "nl", None, None, body, numbers=[
        {"key": "soldiers:3000", "value": 3000.0, "unit": "soldiers", "text": "3000 soldaten", "label": "3,000 soldiers",
         "low": None, "high": None, "spans": [[5 + body.index("3000"), 5 + body.index("3000") + 13]]}])
    [claim] = claims_of(hit, ClaimsRequest("soldiers", None, None, "value"))
    assert claim["sentence_html"] == "&lt;b&gt;Seoul&lt;/b&gt; zegt: <mark>3000 soldaten</mark> &amp; meer."


def test_facet_value_search_counts_under_the_current_filters(service):
    found = service.facet_search("actor", {"prefix": ["put"]})
    assert [(v["label"], v["count"]) for v in found["values"]] == [("Vladimir Putin", 3)]
    narrowed = service.facet_search("actor", {"prefix": ["put"], "lang": ["de"]})
    assert [(v["label"], v["count"]) for v in narrowed["values"]] == [("Vladimir Putin", 1)]
    assert service.facet_search("place", {"prefix": ["korea"]})["values"]       # a word inside the label
    with pytest.raises(BadRequest, match="^name:"):
        service.facet_search("date", {})
    with pytest.raises(BadRequest, match="^size:"):
        service.facet_search("actor", {"size": ["0"]})


def test_export_streams_every_matching_article_not_one_page(seed_config):
    search = {**{k: getattr(seed_config.search, k) for k in ("default_size", "max_size", "max_page", "snippet_chars",
                                                             "claims_max_articles", "facet_search_values")},
              "export_batch": 2}
    small = SearchService(load_config(index_dir=str(seed_config.index_path), search=search,
                                      **backend_settings(seed_config.backend)))
    lines = small.export({"q": ["soldaten"], "size": ["1"]}, "jsonl")
    assert not isinstance(lines, (list, str))                       # a generator: streamed
    records = [json.loads(line) for line in lines]
    assert sorted(r["id"][:3] for r in records) == ["000", "001", "002", "003", "004"]
    assert set(records[0]) == {"id", "title", "date", "source", "language", "url", "actors", "places", "numbers"}
    rows = list(csv.DictReader(io.StringIO("".join(small.export({"source": ["ANP"]}, "csv")))))
    assert [(row["id"][:3], row["source"], row["language"]) for row in rows] == [("003", "ANP", "nl")]
    assert "12,000 soldiers" in rows[0]["numbers"]


JSONL = [
    {"id": "a1", "title": "Kabinet valt", "text": "Het kabinet is gevallen na een ruzie over asiel.",
     "source": "NOS Nieuws", "date": "2024-03-01", "lang": "nl"},
    {"id": "a2", "title": "Kabinet weg", "text": "Het kabinet is gevallen, zegt de premier.",
     "source": "nos.nl", "date": "2024-03-02", "lang": "nl"},
    {"id": "b1", "title": "Regierung fällt", "text": "Die Regierung in Den Haag ist zerbrochen.",
     "source": "Der Spiegel", "date": "2024-03-01", "lang": "de"},
    {"id": "c1", "title": "Kabinettet faldt", "text": "Den hollandske regering er faldet.",
     "url": "https://www.dr.dk/nyheder/udland/x", "lang": "da"},
    {"id": "d1", "title": "Kabinet gevallen", "text": "DEN HAAG (ANP) - Het kabinet is gevallen.", "lang": "nl"},
    {"id": "v1", "title": "Aan het front", "text": "Tausende Soldaten wurden an die Front geschickt.", "lang": "de"},
    {"id": "f1", "title": '=HYPERLINK("https://evil.example","klik")', "text": "Een formule in de kop.", "lang": "nl"},
]


@pytest.fixture(scope="module")
def jsonl_service(tmp_path_factory):
    root = tmp_path_factory.mktemp("jsonl-sources")
    (root / "corpus").mkdir()
    (root / "corpus" / "news.jsonl").write_text("\n".join(json.dumps(r) for r in JSONL), encoding="utf-8")
    config = load_config(index_dir=str(root / "index"))
    report = build_index(config, corpus_dir=root / "corpus", workers=1)
    assert report.articles == len(JSONL), report.skipped
    return SearchService(config)


def test_a_jsonl_corpus_with_sources_gets_a_source_facet_whose_filter_is_exact(jsonl_service):
    facet = {v["value"]: v["count"] for v in jsonl_service.search({})["facets"]["source"]}
    assert facet == {"NOS": 2, "Der Spiegel": 1, "DR": 1, "ANP": 1}
    for source, ids in {"NOS": {"a1", "a2"}, "Der Spiegel": {"b1"}, "DR": {"c1"}, "ANP": {"d1"}}.items():
        assert {hit["id"] for hit in jsonl_service.search({"source": [source]})["hits"]} == ids
    both = jsonl_service.search({"source": ["NOS", "DR"]})      # one outlet per article: either of them
    assert {hit["id"] for hit in both["hits"]} == {"a1", "a2", "c1"}
    assert [hit["id"] for hit in jsonl_service.search({"q": ["kabinet"], "sort": ["date"]})["hits"]][:2] == ["a2", "a1"]
    assert jsonl_service.facet_search("source", {"prefix": ["no"]})["values"][0]["value"] == "NOS"


def test_a_headline_a_spreadsheet_would_run_is_exported_as_text(jsonl_service):
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO("".join(jsonl_service.export({}, "csv"))))}
    assert rows["f1"]["title"] == """'=HYPERLINK("https://evil.example","klik")"""
    assert rows["a1"]["title"] == "Kabinet valt"
    record = next(json.loads(line) for line in jsonl_service.export({}, "jsonl") if '"f1"' in line)
    assert record["title"].startswith("=HYPERLINK")                   # JSON keeps the text as it is


def test_an_article_whose_only_claim_is_vague_is_listed_with_its_range(jsonl_service):
    result = jsonl_service.claims({"unit": ["soldiers"]})
    assert [(g["low"], g["high"], [c["id"] for c in g["claims"]]) for g in result["groups"]] == [(1000.0, 9999.0, ["v1"])]
    assert result["groups"][0]["claims"][0]["sentence_html"] == \
        "<mark>Tausende Soldaten</mark> wurden an die Front geschickt."
    assert jsonl_service.claims({"unit": ["soldiers"], "value_min": ["20000"]})["groups"] == []


def test_a_claim_says_when_its_number_is_no_exact_count(client):
    """004 writes "Mehr als 600.000 russische Soldaten …": the claim carries "more than", its
    sentence marks the words, and the export keeps the qualifier, the range and the wording."""
    data = client.get("/api/claims", query_string={"unit": "casualties"}).get_json()
    claims = [claim for group in data["groups"] for claim in group["claims"] if claim["id"].startswith("004")]
    assert [(claim["value"], claim["qualifier"]) for claim in claims] == [(600000, "more than")]
    assert "<mark>Mehr als 600.000 russische Soldaten wurden in Putins Krieg getötet oder verwundet</mark>" \
        in claims[0]["sentence_html"]
    export = client.get("/api/search", query_string={"id": claims[0]["id"], "format": "csv"}).get_data(as_text=True)
    assert "more than 600,000 casualties" in export


def test_the_claims_export_has_a_line_a_claim_with_its_sentence(client):
    """``/api/claims?format=csv`` was ignored (JSON came back): no way to take the table away."""
    data = client.get("/api/claims", query_string={"unit": "soldiers"}).get_json()
    claims = [claim for group in data["groups"] for claim in group["claims"]]
    csv_text = client.get("/api/claims", query_string={"unit": "soldiers", "format": "csv"})
    assert csv_text.status_code == 200 and csv_text.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(csv_text.get_data(as_text=True))))
    assert [(row["id"], row["value"]) for row in rows] == [(c["id"], str(c["value"] or "")) for c in claims]
    assert all(row["unit"] == "soldiers" and row["sentence"] for row in rows)
    lines = client.get("/api/claims", query_string={"unit": "soldiers", "format": "jsonl"}).get_data(as_text=True)
    assert [json.loads(line)["id"] for line in lines.splitlines()] == [c["id"] for c in claims]
    assert client.get("/api/claims", query_string={"unit": "soldiers", "format": "xml"}).status_code == 400
    page = client.get("/claims", query_string={"unit": "soldiers"}).get_data(as_text=True)
    assert "/api/claims?unit=soldiers&amp;format=csv" in page


def test_a_claim_quotes_the_body_where_the_headline_only_repeats_it(client):
    """003's headline says "Noord-Korea stuurt eerste 1500 soldaten"; the body says who claims it
    ("SEOUL/VLADIVOSTOK (ANP/RTR/AFP) - Noord-Korea heeft 1500 soldaten …"): the claim quotes that."""
    data = client.get("/api/claims", query_string={"unit": "soldiers"}).get_json()
    claim = next(c for g in data["groups"] for c in g["claims"] if c["id"].startswith("003") and c["value"] == 1500)
    assert "Noord-Korea heeft <mark>1500 soldaten</mark>" in claim["sentence_html"]
    assert claim["mentions"] == 2

