"""The production server under faults: a new index generation swapped in while clients query, and
the server SIGKILLed mid-load (nothing lost: the index stays intact and a restarted server answers)."""
import json
import http.client
import random
import signal
import threading
import time
from collections import Counter

import pytest
import yaml

from indexer.bench.load import RequestPlan, Server
from indexer.bench.scale import absolute_paths
from indexer.build.full import BuildRefused, build_index
from indexer.config import load_config
from indexer.search.service import SearchService

from conftest import REPO

CLIENTS = 10


@pytest.fixture()
def served(corpus_copy, tmp_path):
    """A fresh index of the seeds and a config serving it."""
    index = tmp_path / "index"
    build_index(load_config(index_dir=str(index)), corpus_dir=corpus_copy, workers=1)
    raw = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    absolute_paths(raw)
    raw["index_dir"] = str(index)
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return config, index


class Clients:
    """``CLIENTS`` threads asking the server until stopped (bounded by ``seconds``); answers by status."""

    def __init__(self, server: Server, seconds: float = 300):
        self.server, self.statuses, self.stopped = server, Counter(), threading.Event()
        self.plan = RequestPlan.from_server(server)
        self.deadline = time.monotonic() + seconds
        self.threads = [threading.Thread(target=self._ask, args=(number,), daemon=True) for number in range(CLIENTS)]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_):
        self.stopped.set()
        for thread in self.threads:
            thread.join(60)

    def _ask(self, number: int) -> None:
        rng, connection = random.Random(number), self.server.connection()
        while not self.stopped.is_set() and time.monotonic() < self.deadline:
            try:
                status, _ = self.server.get(self.plan.next_path(rng), connection)
            except (OSError, http.client.HTTPException) as error:    # a reset mid-answer: counted
                status = type(error).__name__
                connection.close()
                connection = self.server.connection()
            self.statuses[status] += 1


def test_swapping_in_new_generations_or_a_refused_build_while_clients_query_gives_no_error(served, corpus_copy):
    config_file, index = served
    config = load_config(config_file)
    with Server(config_file) as server, Clients(server) as clients:
        before = json.loads(server.get("/api/search?q=Bergen")[1])["total"]     # now in the result cache
        time.sleep(2)
        for number in range(2):          # two rebuilds, each swapping a new generation in
            (corpus_copy / f"extra{number}.txt").write_text(
                f"Extra storm {number}\n\nA storm hit the coast of Bergen on Monday, the police said.", encoding="utf-8")
            build_index(config, corpus_dir=corpus_copy, workers=1)
            time.sleep(1)
        assert json.loads(server.get("/healthz")[1])["articles"] == 7    # the server serves the newest
        empty = corpus_copy.parent / "empty"          # a mistaken build (an empty folder) is refused ...
        empty.mkdir()
        with pytest.raises(BuildRefused):
            build_index(config, corpus_dir=empty, workers=1)
        assert json.loads(server.get("/healthz")[1])["articles"] == 7    # ... and the index keeps answering
        assert json.loads(server.get("/api/search?q=Bergen")[1])["total"] == before + 2   # not a cached answer
    assert set(clients.statuses) == {200}, clients.statuses
    assert clients.statuses[200] >= 50


def test_a_sigkilled_server_loses_nothing(served):
    config_file, index = served
    before = SearchService(load_config(config_file)).search({"q": ["Nordkorea"]})
    with Server(config_file) as server:
        with Clients(server, seconds=60):
            time.sleep(3)
            server.process.send_signal(signal.SIGKILL)     # mid-load, requests in flight
            server.process.wait(30)
    after = SearchService(load_config(config_file)).search({"q": ["Nordkorea"]})
    assert [hit["id"] for hit in after["hits"]] == [hit["id"] for hit in before["hits"]] and after["total"] == 5
    with Server(config_file) as restarted:                 # and a restarted server answers as before
        status, body = restarted.get("/api/search?q=Nordkorea")
        assert status == 200 and [hit["id"] for hit in json.loads(body)["hits"]] == [h["id"] for h in before["hits"]]
