"""``python -m indexer search`` and ``batch-search`` at their edges: no index, names as filters, a
valid TREC run whatever the ids, the topics file, errors as one line, help texts, a closed pipe."""
import argparse
import importlib
import json
import shutil
import subprocess
import sys
from urllib.parse import unquote

import pytest

from indexer.build.full import build_index
from indexer.cli import TOOLS, _parser, main
from indexer.config import load_config
from indexer.search.service import IndexMissing, SearchService

from conftest import REPO
from test_build import run_cli

NO_INDEX = "run `python -m indexer build` first"


def _errors(capsys) -> list[str]:
    return capsys.readouterr().err.strip().splitlines()


def test_a_folder_without_an_index_is_no_index(tmp_path, capsys):
    empty = tmp_path / "emptyidx"
    empty.mkdir()
    with pytest.raises(IndexMissing, match="no index"):
        SearchService(load_config(index_dir=str(empty))).reader()
    (tmp_path / "topics.tsv").write_text("1\tPutin\n", encoding="utf-8")
    for index in (empty, tmp_path / "missing"):
        for command in (["search", "Putin"],
                        ["batch-search", "--topics", str(tmp_path / "topics.tsv"), "--output", str(tmp_path / "run")]):
            assert main([*command, "--index", str(index)]) == 2
            errors = _errors(capsys)       # one line; no word of vectors the index does not have
            assert len(errors) == 1 and "no index" in errors[0] and NO_INDEX in errors[0], errors


def test_search_reads_actor_and_place_names_as_the_app_does(seed_index, capsys):
    assert main(["search", "--index", str(seed_index), "--actor", "Poetin", "--place", "Kursk", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["filters"]["actor"] == ["actor:vladimir-putin"] and result["filters"]["place"] == ["place:RU-KRS"]
    assert result["total"] == 2


@pytest.fixture(scope="module")
def spaced_index(tmp_path_factory):
    """The seeds and an article whose file name, and so its id, has a space."""
    folder = tmp_path_factory.mktemp("spaced")
    shutil.copytree(REPO / "corpus", folder / "corpus")
    (folder / "corpus" / "putin 24.10.2024.txt").write_text(
        "Putin receives Kim in Moscow\n\nVladimir Putin received Kim Jong-un in Moscow on Thursday.", encoding="utf-8")
    build_index(load_config(index_dir=str(folder / "index")), corpus_dir=folder / "corpus", workers=1)
    return folder / "index"


def _batch(index, topics, output, *extra):
    return main(["batch-search", "--index", str(index), "--topics", str(topics), "--output", str(output), *extra])


def test_batch_search_writes_six_fields_a_line_and_ids_that_map_back(spaced_index, tmp_path, capsys):
    topics, output = tmp_path / "topics.tsv", tmp_path / "run.trec"
    topics.write_bytes("\ufeffq1\tPutin Kim\r\nq2\t \r\nq3\tsoldater\r\n".encode("utf-8"))    # BOM, CRLF
    assert _batch(spaced_index, topics, output, "--hits", "3") == 0
    assert _errors(capsys) == [f"warning: {topics}:2: topic 'q2' has no query: skipped"]
    lines = [line.split() for line in output.read_text(encoding="utf-8").splitlines()]
    assert lines and all(len(fields) == 6 and fields[1] == "Q0" and fields[5] == "newsindex" for fields in lines)
    assert {fields[0] for fields in lines} == {"q1", "q3"}
    assert [int(fields[3]) for fields in lines if fields[0] == "q1"] == [1, 2, 3]
    q1 = [unquote(fields[2]) for fields in lines if fields[0] == "q1"]
    assert "putin 24.10.2024" in q1 and "putin%2024.10.2024" in [fields[2] for fields in lines]


@pytest.mark.parametrize("topics, extra, message", [
    ("1\tPutin\n2\tKursk\n1\tRutte\n", [], "qid '1' again (first on line 1)"),
    ("q 1\tPutin\n", [], "qid: 'q 1' must be one word"),
    ("1\tPutin\n", ["--tag", "my run"], "--tag: 'my run' must be one word"),
    ("1\tPutin\n", ["--tag", ""], "--tag: '' must be one word"),
    ("1\tPutin\n", ["--hits", "0"], "--hits: expected a whole number >= 1, got 0"),
    ("1\tPutin\n", ["--hits", "-1"], "--hits: expected a whole number >= 1, got -1"),
    ("1\tPutin\n", ["--lang", "xx"], "lang: unknown language 'xx'"),
])
def test_batch_search_refuses_what_would_make_a_wrong_run(seed_index, tmp_path, capsys, topics, extra, message):
    (tmp_path / "topics.tsv").write_text(topics, encoding="utf-8")
    assert _batch(seed_index, tmp_path / "topics.tsv", tmp_path / "run.trec", *extra) == 2
    errors = _errors(capsys)
    assert len(errors) == 1 and errors[0].startswith("error: ") and message in errors[0], errors
    assert not (tmp_path / "run.trec").exists()


def test_every_option_of_every_command_says_what_it_is_for():
    commands = next(action for action in _parser()._actions if isinstance(action, argparse._SubParsersAction))
    for name, command in commands.choices.items():
        for action in command._actions:
            assert action.help, f"{name} {action.option_strings or action.dest} has no help text"


@pytest.mark.parametrize("group, tool", [(group, tool) for group in ("train", "eval") for tool in TOOLS[group]])
def test_each_tool_names_itself_in_its_usage(group, tool, capsys):
    with pytest.raises(SystemExit):
        importlib.import_module(TOOLS[group][tool]).main(["--help"])
    assert capsys.readouterr().out.startswith(f"usage: python -m indexer {group} {tool} ")


def test_search_into_a_closed_pipe_stops_quietly(seed_index):
    process = subprocess.Popen([sys.executable, "-m", "indexer", "search", "--index", str(seed_index), "--size", "100"],
                               cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    process.stdout.close()            # the reader is gone (`| head` done) before the first line is written
    stderr = process.stderr.read()
    assert process.wait(timeout=300) == 1
    assert "Broken pipe" not in stderr and "Traceback" not in stderr and "error" not in stderr, stderr


@pytest.mark.parametrize("made", [True, False], ids=["empty-folder", "missing"])
def test_no_index_is_one_line_with_no_word_of_vectors(tmp_path, made):
    index = tmp_path / "idx"
    if made:
        index.mkdir()
    result = run_cli("search", "Putin", "--index", str(index))
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [f"error: no index at {index}: {NO_INDEX}"]


def test_ctrl_c_is_one_line_and_exit_130(monkeypatch, capsys):
    from indexer import cli

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_build", interrupted)
    assert cli.main(["build"]) == 130
    assert capsys.readouterr().err == "interrupted\n"
