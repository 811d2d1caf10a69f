"""Shared fixtures: one real index built from the repo's corpus (the five seeds) per test run."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.build.full import build_index
from indexer.config import load_config

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "corpus").glob("*.txt"))


def seed_id(prefix: str) -> str:
    """The document id of seed 000..004 (the file stem)."""
    return next(path.stem for path in SEEDS if path.name.startswith(prefix))


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("seed-index") / "index"
    report = build_index(load_config(index_dir=str(folder)), corpus_dir=REPO / "corpus")
    assert report.articles == len(SEEDS), report.skipped
    return folder


@pytest.fixture(scope="session")
def seed_config(seed_index):
    return load_config(index_dir=str(seed_index))


@pytest.fixture(scope="session")
def app(seed_index):
    from search_app import create_app

    application = create_app(index_dir=str(seed_index), tokens=[])     # open; tests/app/test_auth.py sets tokens
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
