"""The paired sign-flip test and the 'ours against the best other engine' rows it gives."""
from indexer.eval.benchmarks import Task
from indexer.eval.paired import sign_flip_p, unit_differences
from indexer.eval.retrieval import against_best_other, per_query


def test_no_difference_is_no_evidence():
    assert sign_flip_p([0.0] * 40) == 1.0
    assert sign_flip_p([1.0, -1.0] * 20) == 1.0


def test_a_difference_in_every_unit_is_strong_evidence_and_one_unit_is_none():
    assert sign_flip_p([0.5] * 30) < 0.001
    assert sign_flip_p([0.5] + [0.0] * 29) == 1.0       # one unit: either sign is as likely


def test_the_queries_of_one_unit_are_summed():
    ours = {"en:1": 1.0, "de:1": 1.0, "en:2": 0.5}
    theirs = {"en:1": 0.5, "de:1": 0.0}
    assert sorted(unit_differences(ours, theirs, unit=lambda qid: qid.partition(":")[2])) == [0.5, 1.5]


def test_per_query_values_count_a_query_without_hits_as_zero():
    qrels = {"en:1": {"de:1": 1}, "en:2": {"de:2": 1}}
    values = per_query({"en:1": [("de:9", 2.0), ("de:1", 1.0)]}, qrels)
    assert values["RR@10"] == {"en:1": 0.5, "en:2": 0.0}


def test_ours_is_compared_with_the_other_engine_of_the_best_mean():
    task = Task("pair en->de", "pairs", {}, {}, ("de",))
    ranks = {"ours": [1.0] * 30, "dense only": [1.0] * 29 + [0.0], "lexical only": [0.0] * 30}
    queries = {engine: {task.name: {"RR@10": {f"en:{i}": v for i, v in enumerate(values)},
                                    "nDCG@10": {f"en:{i}": v for i, v in enumerate(values)}}}
               for engine, values in ranks.items()}
    row = against_best_other(queries, [task])["pairs"]["RR@10"]
    assert row["best other"] == "dense only"
    assert abs(row["difference"] - 1 / 30) < 1e-9
    assert row["p"] == 1.0                               # one item better: no evidence either way


def test_without_ours_or_without_another_engine_there_is_nothing_to_compare():
    task = Task("t", "g", {}, {}, None)
    one = {task.name: {"RR@10": {"en:1": 1.0}, "nDCG@10": {"en:1": 1.0}}}
    assert against_best_other({"dense only": one}, [task]) == {}
    assert against_best_other({"ours": one}, [task]) == {}
