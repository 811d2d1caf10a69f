"""`eval ner --part`: only the tuning or the held-out sentences of a development set are scored."""
from __future__ import annotations

import json

from indexer.eval.ner import evaluate_file, main as eval_main

# Four sentences, each one entity; the extractor below finds only the names in odd sentences.
SENTENCES = [("Anna", "B-PER"), ("Bergen", "B-LOC"), ("Oslo", "B-LOC"), ("Equinor", "B-ORG")]
FOUND = {"Bergen": [(0, 6, "LOC")], "Equinor": [(0, 7, "ORG")]}


def write_file(tmp_path):
    path = tmp_path / "dev.tsv"
    path.write_text("".join(f"{token}\t{tag}\tO\n.\tO\tO\n\n" for token, tag in SENTENCES), encoding="utf-8")
    return path


def odd_only(text, lang):
    return FOUND.get(text.split()[0], [])


def test_parts_score_their_own_sentences(tmp_path):
    path = write_file(tmp_path)
    heldout = evaluate_file(path, "tsv", "nb", odd_only, part="heldout")
    tuning = evaluate_file(path, "tsv", "nb", odd_only, part="tuning")
    everything = evaluate_file(path, "tsv", "nb", odd_only)
    assert (heldout["sentences"], heldout["f1"]) == (2, 1.0)
    assert (tuning["sentences"], tuning["recall"]) == (2, 0.0)
    assert (everything["sentences"], everything["recall"], everything["part"]) == (4, 0.5, "all")


def test_command_reports_the_part(tmp_path, capsys):
    path = write_file(tmp_path)
    assert eval_main([str(path), "--format", "tsv", "--lang", "da", "--part", "heldout", "--model-only"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["part"] == "heldout" and result["sentences"] == 2


def test_ner_table_scores_the_rows_whose_files_exist(tmp_path, capsys):
    from indexer.eval.ner_table import main as table_main

    danish = tmp_path / "ner" / "danplus-news-da"
    danish.mkdir(parents=True)
    (danish / "da_news_dev.tsv").write_text("".join(f"{token}\t{tag}\tO\n.\tO\tO\n\n" for token, tag in
                                                    [("Mette", "B-PER"), ("København", "B-LOC")] * 2),
                                            encoding="utf-8")
    assert table_main(["--data", str(tmp_path)]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()[1:]]
    assert [(row[0], row[2], row[3]) for row in rows] == [("da", "heldout", "full"), ("da", "heldout", "model")]
    assert all(0.0 <= float(row[6]) <= 1.0 for row in rows)
