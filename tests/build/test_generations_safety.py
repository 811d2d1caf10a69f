"""The index path: a build never moves aside, and so never later deletes, what is not an index."""
import pytest

from conftest import REPO
from indexer.build.full import build_index
from indexer.config import load_config
from indexer.store.generations import NotAnIndex, check_index_path


def test_a_folder_of_other_files_is_refused_and_left_as_it_is(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "important.txt").write_text("keep me")
    with pytest.raises(NotAnIndex, match="not an index"):
        build_index(load_config(), corpus_dir=REPO / "corpus", index_dir=notes)
    assert (notes / "important.txt").read_text() == "keep me"
    assert not (tmp_path / "notes.generations").exists()


def test_a_project_folder_holding_the_corpus_is_refused(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "config.yaml").write_text("index_dir: .\n")
    with pytest.raises(NotAnIndex):
        check_index_path(tmp_path)


def test_a_file_an_empty_folder_and_an_old_index_folder(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(NotAnIndex, match="is a file"):
        check_index_path(tmp_path / "file")
    (tmp_path / "empty").mkdir()
    check_index_path(tmp_path / "empty")
    check_index_path(tmp_path / "missing")
    old = tmp_path / "old-whoosh"
    old.mkdir()
    (old / "_MAIN_1.toc").write_text("")
    check_index_path(old)


def test_an_index_read_by_another_backend_than_built_it_says_rebuild(tmp_path):
    from indexer.search.service import IndexMissing, SearchService

    index = tmp_path / "index"
    build_index(load_config(), corpus_dir=REPO / "corpus", index_dir=index)
    config = load_config()
    config.backend = "lucene"           # changed in config.yaml after the build
    with pytest.raises(IndexMissing, match="built with the whoosh backend and the config says lucene"):
        SearchService(config, index_dir=index).reader()
