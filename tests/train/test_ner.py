"""NER data readers, the `eval ner` scoring and the shipped statistical models."""
from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from indexer.config import REPO_ROOT, load_config
from indexer.entities.bio import tags_to_spans
from indexer.train.conll import document_numbers, join_tokens, map_tags, parse_lines, read_sentences
from indexer.eval.ner import evaluate_file, evaluate_sentences, main as eval_main
from indexer.entities.ner_model import NerTagger
from indexer.records import EntityMention
from indexer.eval.ntrex import NTREX_FILES
from indexer.train.ner import (CORPORA, LANGUAGES, SHIPPED_CONFIG_MODELS, model_licence, project_ntrex,
                               silver_tokens)

MODELS = REPO_ROOT / "indexer" / "entities" / "ner_models"

CONLLU = """\
# sent_id = 1
# text = Kong Harald besøkte Oslo og Stortinget.
1\tKong\tkonge\tNOUN\t_\t_\t2\tnmod\t_\tname=O
2\tHarald\tHarald\tPROPN\t_\t_\t3\tnsubj\t_\tname=B-PER
3\tbesøkte\tbesøke\tVERB\t_\t_\t0\troot\t_\tname=O
4\tOslo\tOslo\tPROPN\t_\t_\t3\tobj\t_\tname=B-GPE_LOC
5\tog\tog\tCCONJ\t_\t_\t6\tcc\t_\tname=O
6\tStortinget\tStorting\tPROPN\t_\t_\t4\tconj\t_\tSpaceAfter=No|name=B-GPE_ORG
7\t.\t$.\tPUNCT\t_\t_\t3\tpunct\t_\tname=O

# sent_id = 2
1\tHan\than\tPRON\t_\t_\t2\tnsubj\t_\tname=O
2\tleste\tlese\tVERB\t_\t_\t0\troot\t_\tname=O
3\tAftenposten\tAftenposten\tPROPN\t_\t_\t2\tobj\t_\tname=B-PROD
4\tom\tom\tADP\t_\t_\t5\tcase\t_\tname=O
5\tnorske\tnorsk\tADJ\t_\t_\t2\tobl\t_\tname=B-DRV
6\tNord\tNord\tPROPN\t_\t_\t2\tobl\t_\tname=I-LOC
7\tNorge\tNorge\tPROPN\t_\t_\t6\tflat\t_\tname=I-LOC
"""

TSV = """\
Gestern\tO\tO
besuchte\tO\tO
Olaf\tB-PER\tO
Scholz\tI-PER\tO
die\tO\tO
Berliner\tB-LOCderiv\tO
Charité-Klinik\tB-ORGpart\tB-ORG
in\tO\tO
Bonn\tI-LOC\tO
.\tO\tO

Der\tO\tO
FC\tB-ORG\tO
Bayern\tI-ORG\tB-LOC
München\tI-ORG\tB-LOC
gewann\tO\tO
"""

CONLL2002 = """\
-DOCSTART- -DOCSTART- O
Jan N B-PER
Peeters N I-PER
woont V O
in Prep O
Gent N B-LOC
. Punc O

De Art O
Tour N B-MISC
de N I-MISC
France N I-MISC
en Conj O
VRT N B-ORG
-DOCSTART- -DOCSTART- O
Brussel N B-LOC
"""


# --- readers ---------------------------------------------------------------------------

def test_conllu_reader_maps_gpe_and_drops_other_types():
    sentences = list(parse_lines(CONLLU.splitlines(), "conllu"))
    assert len(sentences) == 2
    tokens, tags = sentences[0]
    assert tokens == ["Kong", "Harald", "besøkte", "Oslo", "og", "Stortinget", "."]
    assert tags == ["O", "B-PER", "O", "B-LOC", "O", "B-ORG", "O"]
    tokens, tags = sentences[1]
    # PROD and DRV dropped; an I-LOC after a DRV starts a new LOC entity
    assert tags == ["O", "O", "O", "O", "O", "B-LOC", "I-LOC"]


def test_tsv_reader_uses_outer_column_and_drops_part_deriv():
    sentences = list(parse_lines(TSV.splitlines(), "tsv"))
    assert len(sentences) == 2
    tokens, tags = sentences[0]
    assert tokens[2:4] == ["Olaf", "Scholz"]
    assert tags == ["O", "O", "B-PER", "I-PER", "O", "O", "O", "O", "B-LOC", "O"]
    assert sentences[1][1] == ["O", "B-ORG", "I-ORG", "I-ORG", "O"]      # nested LOC ignored


def test_conll2002_reader_skips_docstart_and_misc():
    sentences = list(parse_lines(CONLL2002.splitlines(), "conll2002"))
    assert [tokens for tokens, _ in sentences] == [
        ["Jan", "Peeters", "woont", "in", "Gent", "."],
        ["De", "Tour", "de", "France", "en", "VRT"],
        ["Brussel"],
    ]
    assert sentences[0][1] == ["B-PER", "I-PER", "O", "O", "B-LOC", "O"]
    assert sentences[1][1] == ["O", "O", "O", "O", "O", "B-ORG"]
    assert sentences[2][1] == ["B-LOC"]


def test_read_sentences_from_file(tmp_path):
    path = tmp_path / "sample.tsv"
    path.write_text(TSV, encoding="utf-8")
    assert list(read_sentences(path, "tsv")) == list(parse_lines(TSV.splitlines(), "tsv"))
    with pytest.raises(ValueError):
        list(parse_lines(["a b c"], "iob"))


def test_broken_i_tags_start_entities():
    assert map_tags(["I-PER", "I-PER", "O", "I-ORG"]) == ["B-PER", "I-PER", "O", "B-ORG"]
    assert map_tags(["B-PER", "I-ORG", "I-ORG"]) == ["B-PER", "B-ORG", "I-ORG"]
    assert map_tags(["B-GPE_LOC", "I-GPE_LOC", "I-LOC"]) == ["B-LOC", "I-LOC", "B-LOC"]
    assert map_tags(["B-LOCderiv", "I-LOCderiv", "B-MISC", "I-MISC"]) == ["O"] * 4
    assert tags_to_spans(["B-PER", "I-PER", "B-PER", "O", "B-LOC"]) == [(0, 2, "PER"), (2, 3, "PER"), (4, 5, "LOC")]


def test_silver_tokens_split_like_the_corpora():
    assert silver_tokens("Bei „MWP“ (z.B. U.S.A.) sagte Trump's Kreml-Chef 3.5 Mio.") == [
        "Bei", "„", "MWP", "“", "(", "z.B.", "U.S.A.", ")", "sagte", "Trump's", "Kreml-Chef", "3.5", "Mio", "."]


def _mention(text, surface, etype, entity_id, derived=False):
    start = text.index(surface)
    return EntityMention(kind="place" if etype == "LOC" else "actor", type=etype, id=entity_id, label=surface,
                         text=surface, start=start, end=start + len(surface), derived=derived)


def test_ntrex_projection(tmp_path):
    lines = {"nb": ["Donald Trump besøkte Tyskland og NATO.", "Ingen navn her."],
             "da": ["Donald Trump besøgte Tyskland og NATO.", "Ingen navne her."],
             "de": ["Donald Trump besuchte Deutschland und die NATO.", "Keine Namen hier."]}
    for lang, text in lines.items():
        (tmp_path / NTREX_FILES[lang]).write_text("\n".join(text) + "\n", encoding="utf-8")

    def extract_many(texts, lang):
        out = []
        for text in texts:
            found = []
            if "Trump" in text:
                found = [_mention(text, "Donald Trump", "PER", "actor:trump"),
                         _mention(text, "Tyskland", "LOC", "place:DE"),
                         _mention(text, "NATO", "ORG" if lang == "nb" else "LOC", "actor:nato")]
            out.append(found)
        return out

    def tables_many(texts, lang):
        return [[_mention(t, "Deutschland", "LOC", "place:DE"), _mention(t, "Donald", "PER", "actor:other")]
                if "Deutschland" in t else [] for t in texts]

    silver = project_ntrex(tmp_path, "de", ["nb", "da"], extract_many, tables_many)
    assert silver[1] == (["Keine", "Namen", "hier", "."], ["O"] * 4)
    tokens, tags = silver[0]
    spans = {(" ".join(tokens[a:b]), kind) for a, b, kind in tags_to_spans(tags)}
    # exact surfaces project; a tie between types goes to the first source; the target's own
    # table match counts only for an id the sources name ("Deutschland" for "Tyskland")
    assert spans == {("Donald Trump", "PER"), ("NATO", "ORG"), ("Deutschland", "LOC")}


def test_licence_notes():
    assert "research use only" in model_licence(CORPORA["nl"])
    assert "WikiANN" in model_licence(CORPORA["nl"]) and "unclear" in model_licence(CORPORA["nl"])
    for name in ("nl-open", "de", "da", "nb"):
        corpus = CORPORA[name]
        assert "commercial use allowed" in model_licence(corpus)
        assert "conll2002" not in corpus.train and "nl" not in corpus.add_train + corpus.silver
        # data whose licence is unclear or research-only never trains a shipped model
        assert not any("wikiann" in path or "smartdata" in path for path, _ in corpus.extra_files)
    assert "CC0" in model_licence(CORPORA["nl-open"])
    assert "research use only" in model_licence(replace(CORPORA["de"], add_train=["nl"]))


# --- scoring ---------------------------------------------------------------------------

HAND_MADE = [
    (["Jan", "Peeters", "woont", "in", "Gent", "."], ["B-PER", "I-PER", "O", "O", "B-LOC", "O"]),
    (["De", "VRT", "en", "Brussel"], ["O", "B-ORG", "O", "B-LOC"]),
]
PREDICTIONS = {
    "Jan Peeters woont in Gent .": [(0, 11, "PER"), (21, 24, "LOC")],    # "Gen": not on token edges
    "De VRT en Brussel": [(3, 6, "LOC"), (10, 17, "LOC"), (0, 2, "MISC")],  # wrong type; MISC ignored
}


def fake_spans(text, lang):
    return PREDICTIONS[text]


def test_scoring_hand_made_case():
    assert join_tokens(HAND_MADE[1][0]) == ("De VRT en Brussel", [(0, 2), (3, 6), (7, 9), (10, 17)])
    result = evaluate_sentences(HAND_MADE, "nl", fake_spans)
    # tp: Jan Peeters, Brussel; fp: "Gen", VRT as LOC; fn: Gent, VRT as ORG
    assert result["precision"] == pytest.approx(0.5)
    assert result["recall"] == pytest.approx(0.5)
    assert result["f1"] == pytest.approx(0.5)
    assert result["sentences"] == 2
    assert result["per_type"]["PER"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}
    loc = result["per_type"]["LOC"]
    assert (loc["precision"], loc["recall"], loc["support"]) == (pytest.approx(1 / 3), 0.5, 2)
    assert loc["f1"] == pytest.approx(0.4)
    assert result["per_type"]["ORG"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}


def conll2002_file(path, articles):
    """A CoNLL-2002 file of ``articles`` (lists of sentences), each after a ``-DOCSTART-`` line."""
    blocks = ["-DOCSTART- -DOCSTART- O\n\n" + "\n\n".join("\n".join(f"{t} X {g}" for t, g in zip(*s)) for s in sentences)
              for sentences in articles]
    path.write_text("\n\n".join(blocks), encoding="utf-8")
    return path


def test_scoring_batched_equals_one_by_one(tmp_path):
    path = conll2002_file(tmp_path / "hand.conll", [[sentence] for sentence in HAND_MADE])
    calls = []

    def many(texts, lang):
        calls.append(len(texts))
        return [fake_spans(text, lang) for text in texts]

    one = evaluate_file(path, "conll2002", "nl", fake_spans)
    batched = evaluate_file(path, "conll2002", "nl", fake_spans, find_spans_many=many)
    assert one == batched
    assert calls == [2]


def test_the_sentences_of_one_article_are_scored_as_one_text(tmp_path):
    """As indexing gives an article to the extractor whole, so does scoring: its sentences, a
    line each; each span is scored in the sentence it falls in, one across two lines in none."""
    path = conll2002_file(tmp_path / "article.conll", [HAND_MADE])
    text = "Jan Peeters woont in Gent .\nDe VRT en Brussel"
    seen = []

    def spans(text_given, lang):
        seen.append(text_given)
        return [(0, 11, "PER"), (21, 25, "LOC"), (26, 30, "ORG"), (38, 45, "LOC")]     # ". De": across

    result = evaluate_file(path, "conll2002", "nl", spans)
    assert seen == [text] and result["sentences"] == 2
    assert result["per_type"]["PER"]["f1"] == 1.0 and result["per_type"]["LOC"]["f1"] == 1.0
    org = result["per_type"]["ORG"]
    assert (org["precision"], org["recall"], org["support"]) == (0.0, 0.0, 1)
    assert document_numbers(path, "conll2002") == [0, 0]
    assert document_numbers(conll2002_file(tmp_path / "two.conll", [[s] for s in HAND_MADE]), "conll2002") == [0, 1]
    assert document_numbers(path, "tsv") is None        # a format without articles: each sentence alone


# --- the shipped models ----------------------------------------------------------------

SENTENCES = {
    "nl": ("Burgemeester Pieter de Wilde opende gisteren in Utrecht een nieuwe brug.", "de Wilde", "Utrecht"),
    "de": ("Bundeskanzler Olaf Scholz reiste am Dienstag nach Hamburg.", "Scholz", "Hamburg"),
    "da": ("Statsminister Mette Frederiksen besøgte i går Aalborg sammen med ministrene.", "Frederiksen", "Aalborg"),
    "nb": ("Statsminister Jonas Gahr Støre reiste til Bergen på mandag.", "Støre", "Bergen"),
}


@pytest.fixture(scope="module")
def tagger():
    return NerTagger(MODELS)


@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_model_finds_person_and_place(tagger, lang):
    text, person, place = SENTENCES[lang]
    assert tagger.has_model(lang)
    found = [(text[start:end], kind) for start, end, kind in tagger.spans(text, lang)]
    assert any(kind == "PER" and person in name for name, kind in found), found
    assert (place, "LOC") in found, found
    assert tagger.spans_many([text, ""], lang) == [tagger.spans(text, lang), []]


def test_each_line_is_tagged_on_its_own(tmp_path):
    """A headline and paragraphs: the model is given each line alone (no empty ones), and its
    spans are put back where the line stands in the text."""
    seen = []

    class Pipeline:                     # stands in for a model: the capitalised words are names
        def tag_lines(self, lines):
            seen.extend(lines)
            return [[(m.start(), m.end(), "PER") for m in re.finditer(r"\b[A-Z]\w+", line)] for line in lines]

    tagger = NerTagger(tmp_path)
    tagger._pipelines["nl"] = Pipeline()
    text = "Rutte in Kyiv\n\n  Volgens Zelensky ...\n"
    assert tagger.spans(text, "nl") == [(0, 5, "PER"), (9, 13, "PER"), (17, 24, "PER"), (25, 33, "PER")]
    assert seen == ["Rutte in Kyiv", "  Volgens Zelensky ..."]


def test_open_dutch_model_is_selected_by_folder():
    text, person, place = SENTENCES["nl"]
    tagger = NerTagger(MODELS, {"nl": "nl-open"})
    assert tagger.model_path("nl") == MODELS / "nl-open" and tagger.has_model("nl")
    meta = json.loads((MODELS / "nl-open" / "meta.json").read_text(encoding="utf-8"))
    assert "CC0" in meta["license"] and "research" not in meta["license"]
    found = [(text[start:end], kind) for start, end, kind in tagger.spans(text, "nl")]
    assert (place, "LOC") in found, found


@pytest.mark.parametrize("name", ["nl", "nl-open", "de", "da", "nb"])
def test_shipped_models_are_small_and_say_their_licence(name):
    folder = MODELS / name
    assert sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) < 15_000_000
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["license"] == model_licence(CORPORA[name])


def test_train_ner_by_default_trains_every_model_config_yaml_uses():
    folders = load_config(REPO_ROOT / "config.yaml").extract.ner_model_folders
    # the language's own folder is used where config.yaml's model is read by e5 and e5 does not run
    used = {folders.get(lang, lang) for lang in LANGUAGES} | set(LANGUAGES)
    assert used == set(SHIPPED_CONFIG_MODELS)
    assert all((MODELS / name).is_dir() for name in used)


def test_language_without_model(tagger):
    assert not tagger.has_model("en")
    assert tagger.spans("Joe Biden visited London.", "en") == []
    assert tagger.spans_many(["a", "b"], "en") == [[], []]


def test_only_ner_runs(tagger):
    tagger.spans("Test.", "nl")
    assert tagger._pipeline("nl").nlp.pipe_names == ["ner"]


def test_eval_ner_command_prints_one_json_object(tmp_path, capsys):
    path = tmp_path / "hand.conll"
    path.write_text("\n\n".join("\n".join(f"{t} X {g}" for t, g in zip(*s)) for s in HAND_MADE), encoding="utf-8")
    assert eval_main([str(path), "--format", "conll2002", "--lang", "nl", "--model-only"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"precision", "recall", "f1", "per_type", "sentences", "part"}
    assert result["sentences"] == 2
    assert set(result["per_type"]) == {"PER", "LOC", "ORG"}
