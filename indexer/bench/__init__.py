"""Tools that measure speed and memory, side by side with raw Lucene BM25."""
from __future__ import annotations

import dataclasses


def uncached(config):
    """``config`` without the search service's result cache: a latency benchmark times the
    work of every query, not a lookup of an answer it computed during its warm-up (the facet-filter
    queries of ``bench scale`` are made by searching the three-word ones first, and browse
    queries repeat)."""
    return dataclasses.replace(config, search=dataclasses.replace(config.search, cache_size=0))
