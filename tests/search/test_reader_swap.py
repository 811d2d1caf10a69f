"""A server that outlives many builds: each swapped-in generation is opened once, and the reader
of a replaced one is closed after the grace period that requests still on it may need."""
from __future__ import annotations

from indexer.build.full import build_index
from indexer.config import load_config
from indexer.search import service as service_module
from indexer.search.service import RETIRED_READER_GRACE_S, SearchService


def test_a_replaced_generations_reader_is_closed_after_the_grace_period(corpus_copy, tmp_path, monkeypatch):
    config = load_config(index_dir=str(tmp_path / "index"))
    config.extract.use_ner = False
    build_index(config, corpus_dir=corpus_copy)
    service = SearchService(config)
    first = service.reader()
    assert service.search({"q": ["Putin"]})["total"] > 0

    clock = [1000.0]
    monkeypatch.setattr(service_module.time, "monotonic", lambda: clock[0])
    closed = []
    monkeypatch.setattr(first, "close", lambda: closed.append(first))
    build_index(config, corpus_dir=corpus_copy)         # a new generation swapped in
    second = service.reader()
    assert second is not first and closed == []         # a request may still be on the first
    assert service.search({"q": ["Putin"]})["total"] > 0

    clock[0] += RETIRED_READER_GRACE_S / 2
    assert service.reader() is second and closed == []
    clock[0] += RETIRED_READER_GRACE_S
    assert service.reader() is second and closed == [first]
    clock[0] += 10 * RETIRED_READER_GRACE_S
    service.reader()
    assert closed == [first]                            # closed once
