"""Our Lucene helper classes (``indexer/store/lucene/java``): compiled on first use, once."""
from __future__ import annotations

import shutil

import pytest

from indexer.store.lucene import jvm

pytestmark = pytest.mark.skipif(shutil.which("javac") is None, reason="no javac on this machine")


def test_the_helpers_are_compiled_once_into_a_folder_named_for_their_sources(tmp_path, monkeypatch):
    shutil.copytree(jvm.HELPER_SOURCES / "news", tmp_path / "news")
    monkeypatch.setattr(jvm, "HELPER_SOURCES", tmp_path)
    first = jvm.helper_classes()
    assert (first / "news" / "lucene" / "Bulk.class").is_file()
    assert first.parent == tmp_path / "classes"
    assert jvm.helper_classes() == first
    source = tmp_path / "news" / "lucene" / "Bulk.java"
    source.write_text(source.read_text() + "\n// changed\n")
    assert jvm.helper_classes() != first


def test_a_source_that_does_not_compile_says_why(tmp_path, monkeypatch):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "Broken.java").write_text("package news; class Broken { int x = ; }")
    monkeypatch.setattr(jvm, "HELPER_SOURCES", tmp_path)
    with pytest.raises(jvm.LuceneUnavailable, match="javac failed"):
        jvm.helper_classes()
    assert not list((tmp_path / "classes").iterdir())      # nothing half-written left behind
