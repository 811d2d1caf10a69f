"""Index backends behind one interface (``base``); ``backend_for`` picks the configured one."""
from __future__ import annotations

from indexer.config import Config
from indexer.store.base import Backend


def backend_for(config: Config) -> Backend:
    if config.backend == "whoosh":
        from indexer.store.whoosh_backend import WhooshBackend

        return WhooshBackend(config)
    if config.backend == "lucene":
        from indexer.store.lucene import LuceneBackend

        return LuceneBackend(config)
    if config.backend == "opensearch":
        from indexer.store.opensearch_backend import OpenSearchBackend

        return OpenSearchBackend(config)
    raise ValueError(f"unknown backend {config.backend!r}")
