"""bench ner: every models folder is timed in every round, the model loaded outside the timing."""
from indexer.bench.ner import DEFAULT_MODELS, best_ms_per_article
from indexer.entities.ner_model import NerTagger


class CountingTagger:
    def __init__(self):
        self.calls = []

    def spans_many(self, texts, lang):
        self.calls.append(len(texts))
        return [[] for _ in texts]


def test_each_folder_is_timed_every_round_after_a_warm_up():
    first, second = CountingTagger(), CountingTagger()
    best = best_ms_per_article({"a": first, "b": second}, ["x"] * 5, "da", rounds=3)
    assert first.calls == second.calls == [2, 5, 5, 5]
    assert set(best) == {"a", "b"} and all(0 <= ms < float("inf") for ms in best.values())


def test_the_shipped_danish_model_is_timed():
    texts = ["Statsminister Mette Frederiksen besøgte i går Aalborg."] * 3
    best = best_ms_per_article({"shipped": NerTagger(DEFAULT_MODELS)}, texts, "da", rounds=1)
    assert best["shipped"] > 0
