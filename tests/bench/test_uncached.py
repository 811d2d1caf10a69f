"""Latency benchmarks time the work of every query: the result cache is off for them."""
from indexer.bench import uncached
from indexer.config import load_config


def test_benchmarks_run_without_the_result_cache_and_leave_the_config_as_it_was():
    config = load_config()
    assert config.search.cache_size > 0
    assert uncached(config).search.cache_size == 0
    assert config.search.cache_size > 0 and uncached(config).search.max_size == config.search.max_size
