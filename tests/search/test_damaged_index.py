"""A damaged index generation (a file cut short or overwritten): one line that says rebuild, a 503
from the app, never a traceback; damaged vectors only turn the dense channel off."""
import shutil

import pytest

from conftest import REPO
from indexer.build.full import build_index
from indexer.config import load_config
from indexer.search.service import IndexDamaged, SearchService


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    index = tmp_path_factory.mktemp("pristine") / "index"
    build_index(load_config(), corpus_dir=REPO / "corpus", index_dir=index, workers=1)
    return index.resolve()


@pytest.fixture()
def index(pristine, tmp_path):
    """A copy of the pristine generation, served from ``tmp_path / "index"``."""
    generation = tmp_path / "generation"
    shutil.copytree(pristine, generation)
    link = tmp_path / "index"
    link.symlink_to(generation)
    return link


def cut(path, keep=0.5):
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


@pytest.mark.parametrize("pattern", ["*.toc", "*.seg", "labels.json"])
def test_a_damaged_index_file_is_one_error_that_says_rebuild(index, pattern):
    cut(next((index.resolve()).glob(pattern)))
    with pytest.raises(IndexDamaged, match="cannot be read .*run `python -m indexer build`"):
        SearchService(load_config(), index_dir=index).search({"q": "Putin"})


def test_damaged_vectors_turn_the_dense_channel_off_and_search_goes_on(index, caplog):
    cut(index.resolve() / "dense.npy")
    data = SearchService(load_config(), index_dir=index).search({"q": "Putin"})
    assert data["total"] == 3 and "searching without the dense channel" in caplog.text
