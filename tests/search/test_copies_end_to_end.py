"""Copies in result lists: one hit per group with "N similar", every copy with collapse=false."""
import json
import sys
from pathlib import Path

import pytest

from indexer.build.full import build_index
from indexer.config import load_config
from indexer.search.service import BadRequest, SearchService

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "copies"))
from wire import write_corpus  # noqa: E402

COPIES = {"wire-original", "wire-copy-1", "wire-copy-2"}


@pytest.fixture(scope="module")
def wire_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wire")
    report = build_index(load_config(index_dir=str(folder / "index")), corpus_dir=write_corpus(folder / "corpus"))
    assert report.articles == 5 and report.copy_groups == 1
    return folder / "index"


@pytest.fixture(scope="module")
def service(wire_index):
    return SearchService(load_config(index_dir=str(wire_index)))


@pytest.mark.parametrize("query", ["North Korean troops Russia", ""])
def test_one_hit_per_group_with_the_number_of_copies(service, query):
    result = service.search({"q": [query], "size": ["20"]})
    ids = [hit["id"] for hit in result["hits"]]
    shown = [hit for hit in result["hits"] if hit["id"] in COPIES]
    assert len(shown) == 1 and shown[0]["similar"] == 2
    assert "wire-de" in ids and "other-desk" in ids          # a translation, a same-story article: not copies
    assert all(hit["similar"] == 0 for hit in result["hits"] if hit["id"] not in COPIES)
    assert result["total"] == 5                               # totals count articles, not groups


def test_collapse_false_shows_every_copy_and_a_group_lists_them(service):
    every = service.search({"q": ["North Korean troops Russia"], "collapse": ["false"], "size": ["20"]})
    assert COPIES <= {hit["id"] for hit in every["hits"]}
    group = every["hits"][0]["group"] if every["hits"][0]["id"] in COPIES else service.copies().group("wire-original")
    listed = service.search({"group": [group]})
    assert {hit["id"] for hit in listed["hits"]} == COPIES and listed["total"] == 3
    with pytest.raises(BadRequest, match="collapse"):
        service.search({"collapse": ["maybe"]})


def test_the_page_and_the_json_link_to_the_copies(wire_index):
    from search_app import create_app

    client = create_app(index_dir=str(wire_index)).test_client()
    data = client.get("/api/search?q=North+Korean+troops").get_json()
    hit = next(hit for hit in data["hits"] if hit["id"] in COPIES)
    assert hit["similar"] == 2 and hit["similar_url"] == f"/api/search?group={hit['group']}"
    assert {h["id"] for h in client.get(hit["similar_url"]).get_json()["hits"]} == COPIES
    assert "collapse=false" in data["links"]["collapse"]
    page = client.get("/?q=North+Korean+troops").get_data(as_text=True)
    assert f'href="/?group={hit["group"]}">2 similar</a>' in page and "show every copy" in page
    bad = client.get("/api/search?collapse=perhaps")
    assert bad.status_code == 400 and "collapse" in bad.get_json()["error"]


def test_exports_and_claims_list_every_copy(service):
    lines = list(service.export({"q": ["North Korean troops"]}, "jsonl"))
    assert COPIES <= {json.loads(line)["id"] for line in lines if line.strip()}
    group = service.copies().group("wire-original")
    grouped = list(service.export({"group": [group]}, "jsonl"))
    assert {json.loads(line)["id"] for line in grouped if line.strip()} == COPIES
    claims = service.claims({"unit": ["soldiers"]})
    ids = {claim["id"] for value in claims["groups"] for claim in value["claims"]}
    assert {"wire-original", "wire-copy-1", "wire-copy-2"} <= ids
