"""``bench steps`` times every step a query runs, the dense channel's too when it is on."""
import pytest

from indexer.bench import uncached
from indexer.bench.steps import main, time_steps
from indexer.config import load_config
from indexer.search.service import SearchService
from indexer.store import dense

DENSE_STEPS = {"query vector (e5)", "dense: nearest articles (a product with every vector)",
               "dense: cosines of the candidates, fusion"}


def steps_of(seed_index, **overrides) -> dict:
    service = SearchService(uncached(load_config(index_dir=str(seed_index), **overrides)))
    return time_steps(service, "Noord-Koreaanse soldaten Koersk")


def test_a_dense_query_is_timed_with_its_vector_computed(seed_index):
    steps = steps_of(seed_index)
    assert DENSE_STEPS <= set(steps)
    assert list(steps)[0] == "link entities" and list(steps)[-1] == "whole SearchService.search"
    assert all(milliseconds >= 0 for milliseconds in steps.values())
    assert dense.embed_query.cache_info().currsize == 1       # the whole call's own vector only


def test_without_the_dense_channel_its_steps_are_not_timed(seed_index):
    steps = steps_of(seed_index, ranking={"channels": {"dense": False}})
    assert not DENSE_STEPS & set(steps)
    assert "backend rank (parse, search, facets, candidates)" in steps


def test_a_folder_without_its_corpus_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "config.yaml").write_text("backend: whoosh\n", encoding="utf-8")
    (tmp_path / "index").mkdir()
    with pytest.raises(SystemExit) as stop:
        main(["--work", str(tmp_path)])
    assert stop.value.code == 2
    error = capsys.readouterr().err
    assert "corpus/articles.jsonl not found" in error and "--corpus" in error and "Traceback" not in error
