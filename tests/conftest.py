"""Shared fixtures: one real index built from the repo's corpus (the five seeds) per backend and run.

``seed_index`` is the Whoosh index.  ``backend_seed_index`` (with ``seed_backend``) is the same
corpus built on each backend of ``SEED_BACKENDS``; the app fixtures (``app``, ``client``) and
``seed_config`` follow it, so the seed acceptance checks of tests/search and tests/app run on
every backend.  ``NEWS_TEST_BACKENDS=whoosh,lucene,opensearch`` adds the OpenSearch backend
(a cluster must be up: ``make opensearch``; its indexes are named ``news-test-seeds-<pid>-*``).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from indexer.build.full import build_index
from indexer.config import load_config
from indexer.eval.ntrex import DEFAULT_DATA_DIR, first_articles, load_ntrex
from indexer.search.service import SearchService
from indexer.store.base import SearchRequest

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "corpus").glob("*.txt"))
SEED_BACKENDS = os.environ.get("NEWS_TEST_BACKENDS", "whoosh,lucene").split(",")
needs_ntrex = pytest.mark.skipif(not (DEFAULT_DATA_DIR / "ntrex").is_dir(),
                                 reason=f"NTREX data not found at {DEFAULT_DATA_DIR / 'ntrex'}")


def ntrex_articles(count: int) -> dict:
    """The first ``count`` NTREX articles of each language: {lang: {item: (headline, body)}}."""
    return first_articles(load_ntrex(DEFAULT_DATA_DIR), count)


def seed_id(prefix: str) -> str:
    """The document id of seed 000..004 (the file stem)."""
    return next(path.stem for path in SEEDS if path.name.startswith(prefix))


def backend_settings(backend: str) -> dict:
    """The config overrides that put an index on ``backend``."""
    if backend != "opensearch":
        return {"backend": backend}
    settings = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))["opensearch"]
    return {"backend": backend, "opensearch": {**settings, "index": f"news-test-seeds-{os.getpid()}"}}


PARITY_QUERIES = ["Poetin", "Putin", "Nordkorea soldaten", '"Noord-Koreaanse troepen"', '"nordkoreanske soldater"',
                  "Wladiwostok", "Rutte NATO", "Selenskyj", "3000", "Kursk AND Putin", "Truppen Russland",
                  "600 000 soldater", "Putin NOT Kursk", "Poetin troepen NOT Koersk"]


# One article naming 27 countries and a city once each: every place ties at count 1, more of them
# than a server backend fetches past a facet's size, and the city's id sorts after the countries'.
TIED_PLACES_ARTICLE = ("EU leaders meet in Aachen\n\nThe leaders of Austria, Belgium, Bulgaria, Croatia, Cyprus, "
                       "Czechia, Denmark, Estonia, Finland, France, Germany, Greece, Hungary, Ireland, Italy, "
                       "Latvia, Lithuania, Luxembourg, Malta, the Netherlands, Poland, Portugal, Romania, "
                       "Slovakia, Slovenia, Spain and Sweden met in Aachen on Monday.")


def tied_place_facets(config, corpus: Path) -> list[str]:
    """The place facet of the tied-places article at ``facet_size=5`` (labels sort the tie)."""
    corpus.mkdir(parents=True, exist_ok=True)
    (corpus / "eu.txt").write_text(TIED_PLACES_ARTICLE, encoding="utf-8")
    build_index(config, corpus_dir=corpus)
    result = SearchService(config).search({"id": ["eu"], "facet_size": ["5"]})
    return [value["label"] for value in result["facets"]["place"]]


LONG_WORD = "-".join(["Kursk", "Pyongyang", "Wladiwostok", "Chabarowsk"] * 8)       # 305 characters


def long_word_ranking(config, corpus: Path) -> list[tuple[str, float]]:
    """Hits and scores for a hyphenated name longer than 255 characters, plain and quoted: a
    whitespace tokenizer's default cut it in pieces on the server backends."""
    corpus.mkdir(parents=True, exist_ok=True)
    (corpus / "long.txt").write_text(f"A long name\n\nThe station {LONG_WORD} was named on Monday.", encoding="utf-8")
    (corpus / "short.txt").write_text("Kursk and Pyongyang\n\nKursk, Pyongyang and Wladiwostok were named.",
                                      encoding="utf-8")
    build_index(config, corpus_dir=corpus)
    config.ranking.channels.dense = False
    service = SearchService(config)
    return [(hit.id, round(hit.score, 4)) for query in (LONG_WORD, f'"{LONG_WORD}"')
            for hit in service.rank(SearchRequest(query=query, size=10)).hits]


def lexical_ranking(config, query: str, **filters) -> list[str]:
    """The ids of a backend's own ranking of ``query`` (no dense fusion, no language interleaving)."""
    config.ranking.channels.dense = False
    config.ranking.balance_languages = False
    result = SearchService(config).rank(SearchRequest(query=query, size=10, **filters))
    return [hit.id for hit in result.hits]


def _build_seeds(folder: Path, **overrides) -> Path:
    report = build_index(load_config(index_dir=str(folder), **overrides), corpus_dir=REPO / "corpus")
    assert report.articles == len(SEEDS), report.skipped
    return folder


def skip_without_lucene() -> None:
    """Skip (fail in CI) when Lucene cannot start here."""
    from indexer.store.lucene.jvm import lucene_unavailable_reason

    reason = lucene_unavailable_reason()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Lucene unavailable in CI: {reason}")
        pytest.skip(f"Lucene unavailable: {reason}")


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    return _build_seeds(tmp_path_factory.mktemp("seed-index") / "index")


@pytest.fixture(scope="session")
def lucene_seed_index(tmp_path_factory) -> Path:
    skip_without_lucene()
    return _build_seeds(tmp_path_factory.mktemp("lucene-seed-index") / "index", backend="lucene")


@pytest.fixture(scope="session", params=SEED_BACKENDS)
def seed_backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def backend_seed_index(seed_backend, request, tmp_path_factory) -> Path:
    if seed_backend == "whoosh":
        return request.getfixturevalue("seed_index")
    if seed_backend == "lucene":
        return request.getfixturevalue("lucene_seed_index")
    return _build_seeds(tmp_path_factory.mktemp(f"{seed_backend}-seed-index") / "index",
                        **backend_settings(seed_backend))


@pytest.fixture(scope="session")
def seed_config(seed_backend, backend_seed_index):
    return load_config(index_dir=str(backend_seed_index), **backend_settings(seed_backend))


@pytest.fixture(scope="session")
def app(seed_backend, backend_seed_index):
    from search_app import create_app

    application = create_app(index_dir=str(backend_seed_index), tokens=[],    # open: tests/app/test_auth.py sets tokens
                             **backend_settings(seed_backend))
    application.testing = True
    return application


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def corpus_copy(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus", folder)
    return folder
