"""backend: opensearch on a real local 3-node cluster (scripts/opensearch.sh).

The cluster is started by the first test that needs it (or reused when it already runs) and
stopped at the end of the session if this session started it.  Where it cannot start, the
tests fail in CI (CI=true) and are skipped elsewhere, with the script's output either way.

The seed acceptance checks of tests/search run here once more, against an app whose index is
on the cluster; parity with Whoosh compares the raw lexical rankings of both backends.
"""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import PARITY_QUERIES, lexical_ranking as _lexical_ranking, long_word_ranking, tied_place_facets
from indexer.build.full import build_index
from indexer.config import load_config
from indexer.search.service import SearchService
from indexer.store.base import SearchRequest
from indexer.store.opensearch_backend import MANIFEST_FILE, Cluster

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "opensearch.sh"
PREFIX = f"news-test-{os.getpid()}"          # this session's alias and index prefix: never the app's "news"


def _script(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True, timeout=timeout)


def _opensearch_settings(**changes) -> dict:
    settings = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))["opensearch"]
    return {**settings, "index": PREFIX, **changes}


def _config(index_dir: Path, **changes):
    return load_config(index_dir=str(index_dir), backend="opensearch", opensearch=_opensearch_settings(**changes))


@pytest.fixture(scope="session")
def cluster() -> Cluster:
    was_running = _script("status").stdout.strip().startswith("{")
    started = _script("start")
    if started.returncode != 0:
        message = f"the OpenSearch cluster did not start:\n{started.stdout}\n{started.stderr}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    client = Cluster.from_config(_config(REPO / "var" / "unused"))
    yield client
    for name in client.request("GET", f"/{PREFIX}-*/_alias") or {}:
        client.request("DELETE", f"/{name}", missing_ok=True)
    if not was_running:
        stopped = _script("stop")
        assert stopped.returncode == 0, stopped.stderr


@pytest.fixture(scope="session")
def os_index(cluster, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("os-index") / "index"
    report = build_index(_config(folder), corpus_dir=REPO / "corpus")
    assert report.articles == 5, report.skipped
    return folder


@pytest.fixture(scope="session")
def os_app(os_index):
    from search_app import create_app

    application = create_app(index_dir=str(os_index), backend="opensearch", opensearch=_opensearch_settings())
    application.testing = True
    return application


@pytest.fixture()
def client(os_app):
    """The seed checks below (from tests/search) run against this client: the OpenSearch index."""
    return os_app.test_client()


def _seed_checks(*names: str) -> dict:
    """The test functions of tests/search/<name>.py, to run here with the OpenSearch ``client``."""
    checks = {}
    for name in names:
        spec = importlib.util.spec_from_file_location(f"opensearch_{name}", REPO / "tests" / "search" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        checks.update({key: value for key, value in vars(module).items() if key.startswith("test_")})
    return checks


globals().update(_seed_checks("test_facets_end_to_end", "test_search_end_to_end"))


@pytest.mark.parametrize("query", PARITY_QUERIES)
def test_same_hits_in_the_same_order_as_whoosh(seed_index, os_index, query):
    whoosh = _lexical_ranking(load_config(index_dir=str(seed_index)), query)
    opensearch = _lexical_ranking(_config(os_index), query)
    assert whoosh, query
    assert opensearch == whoosh, query


def test_same_facets_as_whoosh_with_filters(seed_index, os_index):
    def facets(config):
        request = SearchRequest(query="soldaten", langs=["nl", "de"], actors=["actor:vladimir-putin"])
        result = SearchService(config).reader().search(request)
        return result.total, {name: [(v.value, v.count, v.selected) for v in values]
                              for name, values in result.facets.items()}

    assert facets(_config(os_index)) == facets(load_config(index_dir=str(seed_index)))


def test_same_dates_sources_agencies_and_claims_as_whoosh(seed_index, os_index):
    def outcome(config):
        service = SearchService(config)
        one_day = service.search({"date_from": ["2024-10-24"], "date_to": ["2024-10-24"]})
        by_date = service.search({"q": ["soldaten"], "sort": ["date"]})
        anp = service.search({"source": ["ANP"], "agency": ["Reuters"]})
        claims = service.claims({"unit": ["soldiers"]})
        return ([hit["id"] for hit in one_day["hits"]], [hit["id"] for hit in by_date["hits"]],
                {name: by_date["facets"][name] for name in ("date", "source", "agency")},
                [hit["id"] for hit in anp["hits"]],
                [(g["value"], [(c["id"], c["sentence_html"]) for c in g["claims"]]) for g in claims["groups"]])

    assert outcome(_config(os_index)) == outcome(load_config(index_dir=str(seed_index)))


def test_a_phrase_keeps_its_positions_past_stacked_tokens(os_index, seed_index):
    # "Noord-Koreaanse" stacks parts on one position: the next word is still adjacent.
    phrase = '"Noord-Koreaanse troepen"'
    assert _lexical_ranking(_config(os_index), phrase)[:1] == _lexical_ranking(load_config(index_dir=str(seed_index)),
                                                                               phrase)[:1]
    swapped = _lexical_ranking(_config(os_index), '"troepen Noord-Koreaanse"', langs=["nl"])
    assert swapped == _lexical_ranking(load_config(index_dir=str(seed_index)), '"troepen Noord-Koreaanse"',
                                       langs=["nl"])


def test_the_alias_names_the_serving_generation(cluster, os_index):
    manifest = (os_index / MANIFEST_FILE).read_text(encoding="utf-8")
    aliased = cluster.request("GET", f"/_alias/{PREFIX}")
    assert list(aliased) == [json.loads(manifest)["index"]]
    settings = cluster.request("GET", f"/{list(aliased)[0]}/_settings")[list(aliased)[0]]["settings"]["index"]
    assert (settings["number_of_shards"], settings["number_of_replicas"]) == ("3", "1")
    assert settings["similarity"]["default"] == {"type": "BM25", "k1": "1.2", "b": "0.75"}


def test_a_failed_build_leaves_the_alias_and_the_serving_index(cluster, tmp_path, monkeypatch):
    folder = tmp_path / "index"
    build_index(_config(folder), corpus_dir=REPO / "corpus")
    serving = cluster.request("GET", f"/_alias/{PREFIX}")

    from indexer.store import opensearch_backend

    def broken(self, article):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(opensearch_backend._OpenSearchWriter, "_document", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        build_index(_config(folder), corpus_dir=REPO / "corpus")
    monkeypatch.undo()
    assert cluster.request("GET", f"/_alias/{PREFIX}") == serving
    assert SearchService(_config(folder)).count() == 5
    build_index(_config(folder), corpus_dir=REPO / "corpus")         # deletes the failed build's index
    generations = folder.parent / "index.generations"
    mine = {name: mapping["mappings"]["_meta"]["folder"]
            for name, mapping in cluster.request("GET", f"/{PREFIX}-*/_mapping").items()
            if mapping["mappings"]["_meta"]["generations"] == str(generations)}
    assert all(Path(path).exists() for path in mine.values()), mine


def test_an_unreachable_cluster_is_a_503_with_a_message(os_index):
    from search_app import create_app

    app = create_app(index_dir=str(os_index), backend="opensearch",
                     opensearch=_opensearch_settings(hosts=["http://127.0.0.1:9"], retries=0))
    response = app.test_client().get("/api/search", query_string={"q": "Putin"})
    assert response.status_code == 503
    assert "OpenSearch cluster unavailable" in response.get_json()["error"]


def test_an_export_past_the_result_window_has_every_hit_in_the_order_whoosh_gives(seed_index, cluster, tmp_path):
    config = _config(tmp_path / "index")
    config.search.max_page, config.search.max_size, config.ranking.rerank_depth = 1, 1, 1   # a window of 2
    config.search.export_batch = 2
    build_index(config, corpus_dir=REPO / "corpus")
    window = cluster.request("GET", f"/_alias/{PREFIX}")
    index = list(window)[0]
    assert cluster.request("GET", f"/{index}/_settings")[index]["settings"]["index"]["max_result_window"] == "2"
    whoosh = load_config(index_dir=str(seed_index))
    exported = {}
    for params in ({}, {"q": ["soldaten"]}, {"q": ["Putin"], "sort": ["date"]}):
        lines = [json.loads(line) for line in SearchService(config).export(params, "jsonl")]
        expected = [json.loads(line) for line in SearchService(whoosh).export(params, "jsonl")]
        assert lines == expected, params
        exported[json.dumps(params)] = len(lines)
    assert exported["{}"] == 5, exported          # past the window of 2: pages 2 and 3 by search_after


def _update_outcome(config) -> dict:
    service = SearchService(config)
    return {query: ([h["id"] for h in found["hits"]], found["total"], found["facets"])
            for query in UPDATE_QUERIES for found in [service.search({"q": [query], "size": ["20"]})]}


UPDATE_QUERIES = ["", "Noord-Korea soldaten", "Putin", "Kursk", "Selenskyj Waffen", "Storm Bergen"]


def test_update_gives_what_a_full_build_gives_and_the_alias_only_names_complete_indexes(
        cluster, corpus_copy, tmp_path, monkeypatch):
    from indexer.build.update import update_index
    from indexer.store import opensearch_backend

    edits = importlib.util.spec_from_file_location("opensearch_update", REPO / "tests" / "build" / "test_update.py")
    update_tests = importlib.util.module_from_spec(edits)
    edits.loader.exec_module(update_tests)
    moves = []

    def watched_move(client, alias, index):       # each alias move: the index it names must be complete
        move_alias(client, alias, index)
        moves.append((index, client.request("GET", f"/{index}/_count")["count"]))

    move_alias = opensearch_backend.move_alias
    monkeypatch.setattr(opensearch_backend, "move_alias", watched_move)
    updated = _config(tmp_path / "updated")
    build_index(updated, corpus_dir=corpus_copy)
    update_tests._edit_corpus(corpus_copy)

    def broken(self, article):
        raise RuntimeError("disk on fire")

    with monkeypatch.context() as failing:
        failing.setattr(opensearch_backend._OpenSearchWriter, "_document", broken)
        with pytest.raises(RuntimeError, match="disk on fire"):
            update_index(updated, corpus_dir=corpus_copy)
    assert list(cluster.request("GET", f"/_alias/{PREFIX}")) == [moves[-1][0]] and moves[-1][1] == 5
    assert SearchService(updated).count() == 5
    report = update_index(updated, corpus_dir=corpus_copy)
    assert report.articles == 7 and not report.changes["in_place"]     # rebuilt from the stored records
    full = _config(tmp_path / "full")
    build_index(full, corpus_dir=corpus_copy)
    assert [count for _, count in moves] == [5, 7, 7]
    whoosh = load_config(index_dir=str(tmp_path / "whoosh"))
    build_index(whoosh, corpus_dir=corpus_copy)
    assert _update_outcome(updated) == _update_outcome(full) == _update_outcome(whoosh)


def test_search_keeps_answering_when_a_node_is_killed(os_index, client):
    """Last in this file: it kills node-1 (SIGKILL), then brings it back and waits for green."""
    queries = ["Putin", "Poetin", "Nordkorea", "Selenskyj", ""]
    before = {q: client.get("/api/search", query_string={"q": q}).get_json()["hits"] for q in queries}
    killed = _script("kill", "1")
    assert killed.returncode == 0, killed.stderr
    try:
        for _ in range(3):
            for q in queries:
                response = client.get("/api/search", query_string={"q": q})
                assert response.status_code == 200, response.get_json()
                assert [h["id"] for h in response.get_json()["hits"]] == [h["id"] for h in before[q]], q
    finally:
        restarted = _script("start")
        assert restarted.returncode == 0, restarted.stdout + restarted.stderr


def test_values_tied_past_the_fetched_ones_are_shown_by_label_as_with_whoosh(cluster, tmp_path):
    """OpenSearch's terms aggregation breaks a tie by the value's bytes: the tie is fetched whole."""
    whoosh = tied_place_facets(load_config(index_dir=str(tmp_path / "w" / "index")), tmp_path / "corpus")
    assert tied_place_facets(_config(tmp_path / "o" / "index"), tmp_path / "corpus") == whoosh


def test_a_word_longer_than_255_characters_is_one_term_as_with_whoosh(cluster, tmp_path):
    """The ids in order (the scores differ: each of the cluster's shards has its own statistics)."""
    whoosh = long_word_ranking(load_config(index_dir=str(tmp_path / "w" / "index")), tmp_path / "corpus")
    ranking = long_word_ranking(_config(tmp_path / "o" / "index"), tmp_path / "corpus")
    assert [doc_id for doc_id, _ in ranking] == [doc_id for doc_id, _ in whoosh]

