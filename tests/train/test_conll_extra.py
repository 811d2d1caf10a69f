"""Readers for the extra NER data (ner-extra): UNER, WikiANN, Europeana running text, SmartData."""
from __future__ import annotations

import gzip
import json

import pytest

from indexer.entities.bio import tags_to_spans
from indexer.train.conll import parse_lines, read_sentences, split_running_text


def spans(sentence):
    tokens, tags = sentence
    return [(" ".join(tokens[a:b]), kind) for a, b, kind in tags_to_spans(tags)]


def test_uner_reader_uses_column_three_and_skips_comments():
    text = ("# sent_id = n01\n# text = Obama traf Merkel in Berlin.\n"
            "1\tObama\tB-PER\t-\t-\n2\ttraf\tO\t-\t-\n3\tMerkel\tB-PER\t-\t-\n4\tin\tO\t-\t-\n"
            "5\tBerlin\tB-LOC\t-\t-\n6\t.\tO\t-\t-\n\n"
            "1\tDie\tO\t-\t-\n2\tVereinten\tB-ORG\t-\t-\n3\tNationen\tI-ORG\t-\t-\n")
    sentences = list(parse_lines(text.splitlines(keepends=True), "uner"))
    assert len(sentences) == 2
    assert sentences[0][0] == ["Obama", "traf", "Merkel", "in", "Berlin", "."]
    assert spans(sentences[0]) == [("Obama", "PER"), ("Merkel", "PER"), ("Berlin", "LOC")]
    assert spans(sentences[1]) == [("Vereinten Nationen", "ORG")]


def test_wikiann_reader_strips_the_language_prefix():
    text = "de:Savoyer\tB-LOC\nde:Voralpen\tI-LOC\nde:im\tO\nde::\tO\n\nnl:Amsterdam\tB-LOC\n"
    sentences = list(parse_lines(text.splitlines(keepends=True), "wikiann"))
    assert sentences[0][0] == ["Savoyer", "Voralpen", "im", ":"]
    assert spans(sentences[0]) == [("Savoyer Voralpen", "LOC")]
    assert spans(sentences[1]) == [("Amsterdam", "LOC")]


def test_europeana_running_text_is_split_into_sentences():
    lines = ["Dr. O\n", "Müller B-PER\n", "kam O\n", "nach O\n", "Wien. B-LOC\n", "Er O\n", "blieb. O\n",
             "F_SBB_00001_18800101 \n", "Der O\n", "Kaiser O\n", "von O\n", "Oesterreich B_LOC\n", "12. O\n",
             "Mai O\n", "? O\n", "Hans B-PEr\n", "I-BER O\n"]
    sentences = list(parse_lines(lines, "bio"))
    texts = [" ".join(tokens) for tokens, _ in sentences]
    # "Dr." and "12." are not sentence ends; "Wien." inside an entity is not either; a page id ends one
    assert texts == ["Dr. Müller kam nach Wien. Er blieb.", "Der Kaiser von Oesterreich 12. Mai ?", "Hans I-BER"]
    assert spans(sentences[0]) == [("Müller", "PER"), ("Wien.", "LOC")]
    assert spans(sentences[1]) == [("Oesterreich", "LOC")]      # sloppy B_LOC repaired
    assert spans(sentences[2]) == [("Hans", "PER")]             # I-PEr repaired


def test_running_text_is_cut_at_the_length_cap():
    rows = [f"w{i} O\n" for i in range(200)]
    lengths = [len(rows) for rows in split_running_text(rows)]
    assert max(lengths) <= 80 and sum(lengths) == 200


def _smartdata_document(text, mentions):
    return {"id": "d", "text": {"string": text}, "conceptMentions": {"array": [
        {"span": {"start": text.index(surface), "end": text.index(surface) + len(surface)}, "type": kind}
        for surface, kind in mentions]}}


def test_smartdata_reader_tokenises_and_maps_concept_types(tmp_path):
    first = _smartdata_document("Stau auf der A100 bei Berlin.\nMichael Peters leitet Euronews.",
                                [("A100", "location-route"), ("Berlin", "location-city"),
                                 ("Michael Peters", "person"), ("Euronews", "organization-company"),
                                 ("leitet", "trigger")])
    second = _smartdata_document("Die Deutsche Bahn meldet Verspätungen", [("Deutsche Bahn", "organization"),
                                                                           ("Deutsche Ba", "organization")])
    path = tmp_path / "sample.json.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps(first, indent=2) + "\n" + json.dumps(second, indent=2))
    sentences = list(read_sentences(path, "smartdata"))
    assert [tokens for tokens, _ in sentences] == [
        ["Stau", "auf", "der", "A100", "bei", "Berlin", "."], ["Michael", "Peters", "leitet", "Euronews", "."],
        ["Die", "Deutsche", "Bahn", "meldet", "Verspätungen"]]
    assert [spans(sentence) for sentence in sentences] == [
        [("Berlin", "LOC")], [("Michael Peters", "PER"), ("Euronews", "ORG")], [("Deutsche Bahn", "ORG")]]
    # streets, stops and routes are kept as MISC when training asks for other types
    assert spans(next(read_sentences(path, "smartdata", other="MISC"))) == [("A100", "MISC"), ("Berlin", "LOC")]


def test_unknown_format_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown NER data format 'xml'"):
        list(parse_lines(["a O\n"], "xml"))
