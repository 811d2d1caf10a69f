"""Issue 11's bound on the code's size: no module under indexer/ or search_app/ is longer than 600
lines, no class longer than 250 (``SearchService`` had grown to 303 before its rendering moved out)."""
import ast

import pytest

from conftest import REPO

MODULES = sorted(path for folder in ("indexer", "search_app") for path in (REPO / folder).rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(REPO)))
def test_no_module_or_class_is_too_long(path):
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 600, path
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ClassDef):
            assert node.end_lineno - node.lineno + 1 <= 250, (path, node.name)
