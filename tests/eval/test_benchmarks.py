"""The retrieval tasks: NTREX and XQuAD, halves that never share a unit, short queries."""
from __future__ import annotations

import pytest

from indexer.eval.benchmarks import benchmarks, in_half, load_xquad, short_query
from indexer.eval.ntrex import DEFAULT_DATA_DIR
from indexer.eval.retrieval import by_group, format_table

needs_data = pytest.mark.skipif(not (DEFAULT_DATA_DIR / "xquad").is_dir() or not (DEFAULT_DATA_DIR / "ntrex").is_dir(),
                                reason=f"NTREX or XQuAD not found under {DEFAULT_DATA_DIR}")


def test_a_short_query_is_the_first_three_content_words():
    assert short_query("Macedonians go to polls in referendum on changing country's name", "en") == \
        "Macedonians go polls"
    assert short_query("Die Truppen des Landes ziehen ab", "de") == "Truppen Landes ziehen"
    assert short_query("- 13 -", "en") == "13"


def test_the_halves_split_units_and_all_is_both():
    assert [p for p in range(6) if in_half(p, "even")] == [0, 2, 4]
    assert [p for p in range(6) if in_half(p, "odd")] == [1, 3, 5]
    assert all(in_half(p, "all") for p in range(6))
    with pytest.raises(ValueError, match="half"):
        in_half(0, "first")


@needs_data
def test_xquad_is_parallel_and_every_question_has_its_paragraph():
    xquad = load_xquad(DEFAULT_DATA_DIR)
    assert len(xquad["de"]) == len(xquad["en"]) == 240
    assert sum(len(p["questions"]) for p in xquad["de"]) == 1190


@needs_data
def test_the_reported_and_the_tuning_half_share_no_query_and_no_relevant_document():
    halves = {half: {b.name: b for b in benchmarks(DEFAULT_DATA_DIR, half)} for half in ("odd", "even")}
    for name in ("NTREX", "XQuAD"):
        odd, even = halves["odd"][name], halves["even"][name]
        assert odd.collection == even.collection                    # the whole collection either way
        for task_odd, task_even in zip(odd.tasks, even.tasks):
            assert task_odd.name == task_even.name and task_odd.topics and task_even.topics
            assert not set(task_odd.topics) & set(task_even.topics)
            relevant = lambda task: {d for docs in task.qrels.values() for d in docs}    # noqa: E731
            assert not relevant(task_odd) & relevant(task_even), task_odd.name
    groups = {t.group for b in halves["odd"].values() for t in b.tasks}
    assert groups == {"NTREX mixed", "NTREX cross-lingual", "NTREX monolingual", "NTREX short (3 words)",
                      "XQuAD de", "XQuAD en->de", "XQuAD mixed"}


@needs_data
def test_every_document_of_a_qrel_is_in_the_collection_and_in_the_searched_languages():
    for bench in benchmarks(DEFAULT_DATA_DIR, "all"):
        docnos = {docno for docno, _text, _lang in bench.collection}
        for task in bench.tasks:
            for docs in task.qrels.values():
                assert set(docs) <= docnos
                assert task.doc_langs is None or {d.split(":")[0] for d in docs} <= set(task.doc_langs)


def test_groups_average_their_tasks_and_the_table_shows_each_engine():
    from indexer.eval.benchmarks import Task

    tasks = [Task("a 1", "a", {}, {}, None), Task("a 2", "a", {}, {}, None), Task("b", "b", {}, {}, None)]
    per_task = {"a 1": {"RR@10": 0.5, "nDCG@10": 0.4}, "a 2": {"RR@10": 1.0, "nDCG@10": 0.8},
                "b": {"RR@10": 0.25, "nDCG@10": 0.2}}
    groups = by_group(per_task, tasks)
    assert groups["a"]["RR@10"] == 0.75 and groups["a"]["worst RR@10"] == 0.5 and "worst RR@10" not in groups["b"]
    table = format_table({"BM25": groups, "ours": groups})
    assert "0.750 / 0.600" in table and table.splitlines()[0].split()[-2:] == ["BM25", "ours"]
