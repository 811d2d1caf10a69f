"""``bench build-cpu``: CPU per article of each build phase, over a real (small) build."""
import json

from indexer.bench.build_cpu import main
from indexer.bench.corpus import write_corpus
from indexer.eval.ntrex import DEFAULT_DATA_DIR


def test_every_phase_is_measured_over_the_articles_asked_for(tmp_path, capsys):
    corpus = tmp_path / "c.jsonl"
    write_corpus(corpus, 50, DEFAULT_DATA_DIR)
    assert main(["--corpus", str(corpus), "--articles", "40", "--warm-up", "10", "--backend", "whoosh",
                 "--no-ner", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["articles"] == 40 and figures["ner"] is False
    assert figures["stages_ms"] > 0 and figures["passes_and_index_ms"] > 0 and figures["main_phase1_ms"] >= 0
    projected = 1000 / (figures["stages_ms"] / 2 + figures["passes_and_index_ms"])
    assert abs(figures["projected_articles_per_s_2_cores"] - projected) < 0.2
