"""The e5 NER tagger (German): real model, real engine, offsets, long lines, its fallback, and
its training."""
import json
import logging

import pytest

from indexer.config import REPO_ROOT, ConfigError, load_config
from indexer.entities import e5_tagger
from indexer.entities.extractor import EntityExtractor
from indexer.entities.ner_model import NerTagger
from indexer.store import e5_engine
from indexer.train.e5_ner import as_tagged, train_e5_model
from indexer.train.ner import CORPORA, model_licence

MODELS = REPO_ROOT / "indexer" / "entities" / "ner_models"
needs_engine = pytest.mark.skipif(e5_engine.installed() is None, reason="no e5 engine built here (no gcc)")
SENTENCE = "Bundeskanzler Olaf Scholz traf am Montag in Berlin den französischen Präsidenten Emmanuel Macron."


@pytest.fixture(scope="module")
def german():
    return NerTagger(MODELS, {"de": "de-e5"})


@needs_engine
def test_it_finds_people_and_places_in_german(german):
    found = {(SENTENCE[start:end], kind) for start, end, kind in german.spans(SENTENCE, "de")}
    assert ("Berlin", "LOC") in found, found
    assert any(kind == "PER" and "Scholz" in name for name, kind in found), found
    assert any(kind == "PER" and "Macron" in name for name, kind in found), found
    assert not any("Präsident" in name or "Montag" in name for name, _ in found), found


@needs_engine
def test_spans_fall_on_word_edges_of_each_line(german):
    text = f"Merkel in Paris\n\n{SENTENCE}"
    for start, end, _ in german.spans(text, "de"):
        assert text[start:end] == text[start:end].strip() and "\n" not in text[start:end]
        assert start == 0 or not text[start - 1].isalnum()
        assert end == len(text) or not text[end].isalnum()


@needs_engine
def test_a_line_longer_than_the_model_takes_is_tagged_in_pieces(german):
    line = " ".join([SENTENCE] * 40)            # about 1,000 pieces: three calls of the engine
    places = [(start, end) for start, end, kind in german.spans(line, "de") if kind == "LOC"]
    assert len(places) >= 30
    assert all(line[start:end] == "Berlin" for start, end in places)


@needs_engine
def test_lines_tagged_together_get_the_features_each_gets_alone():
    # An article's lines share one engine call, each attending to itself only.
    states = e5_engine.token_states()
    lines = [SENTENCE.split(), "Nordkorea schickt 12.000 Soldaten nach Russland".split(), ["Kiel"]]
    together = e5_tagger.word_features(states, lines, 6)
    for line, features in zip(lines, together):
        assert (features == e5_tagger.word_features(states, [line], 6)[0]).all()


@needs_engine
def test_empty_and_blank_lines_give_no_names(german):
    tagger = german._pipeline("de")
    assert tagger.tag_lines(["", "   ", "...", SENTENCE])[:3] == [[], [], []]
    assert e5_tagger.word_features(e5_engine.token_states(), [[], ["Kiel"]], 6)[0].shape == (0, 3 * 384 + 3)


def test_without_the_engine_the_languages_own_model_stands_in(monkeypatch, caplog):
    monkeypatch.setattr(e5_engine, "installed", lambda: None)
    e5_engine.token_states.cache_clear()
    try:
        tagger = NerTagger(MODELS, {"de": "de-e5"})
        with caplog.at_level(logging.WARNING):
            spans = tagger.spans(SENTENCE, "de")
        assert "needs the e5 engine" in caplog.text and "using the de model" in caplog.text
        assert type(tagger._pipeline("de")).__name__ == "_SpacyLines"
        assert spans == NerTagger(MODELS).spans(SENTENCE, "de")
    finally:
        e5_engine.token_states.cache_clear()


def test_a_tagger_told_not_to_run_e5_uses_the_languages_own_model():
    tagger = NerTagger(MODELS, {"de": "de-e5"}, e5=False)
    assert type(tagger._pipeline("de")).__name__ == "_SpacyLines"
    assert tagger.spans(SENTENCE, "de") == NerTagger(MODELS).spans(SENTENCE, "de")


@pytest.mark.parametrize("mode, dense, runs", [("with_dense", True, True), ("with_dense", False, False),
                                               ("always", False, True), ("never", True, False)])
def test_the_build_runs_e5_models_as_extract_e5_ner_says(tmp_path, mode, dense, runs):
    path = tmp_path / "config.yaml"
    path.write_text(f"extract: {{e5_ner: {mode}}}\nranking: {{channels: {{dense: {str(dense).lower()}}}}}\n")
    config = load_config(path)
    assert config.runs_e5_ner is runs
    assert EntityExtractor.from_config(config).tagger.e5 is runs


def test_an_unknown_e5_ner_mode_is_refused(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("extract: {e5_ner: sometimes}\n")
    with pytest.raises(ConfigError, match="e5_ner"):
        load_config(path)


@needs_engine
def test_lines_tagged_in_groups_get_the_spans_they_get_at_once(german, monkeypatch):
    lines = [SENTENCE, "", "Nordkorea schickt 12.000 Soldaten nach Russland, sagt Selenskyj.", SENTENCE[:40]] * 3
    tagger = german._pipeline("de")
    at_once = tagger.tag_lines(lines)
    monkeypatch.setattr(e5_tagger, "GROUP_WORDS", 10)
    assert tagger.tag_lines(lines) == at_once and any(at_once)
    assert list(e5_tagger._groups([3, 5, 0, 20, 1], 8)) == [(0, 3), (3, 4), (4, 5)]


@pytest.mark.parametrize("name", [name for name, corpus in CORPORA.items() if corpus.tagger == "e5"])
def test_the_shipped_models_are_small_and_say_their_licence(name):
    folder = MODELS / name
    assert sum(path.stat().st_size for path in folder.iterdir()) < 5_000_000
    settings = json.loads((folder / e5_tagger.SETTINGS_FILE).read_text(encoding="utf-8"))
    assert settings["license"] == model_licence(CORPORA[name]) and "research" not in settings["license"]
    assert settings["lang"] == CORPORA[name].language(name)
    assert settings["layers"] == CORPORA[name].settings["layers"]


@needs_engine
def test_the_open_dutch_e5_model_finds_names():
    text = "Premier Mark Rutte sprak dinsdag in Brussel met de Franse president Emmanuel Macron."
    found = {(text[s:e], kind) for s, e, kind in NerTagger(MODELS, {"nl": "nl-open-e5"}).spans(text, "nl")}
    assert ("Brussel", "LOC") in found, found
    assert any(kind == "PER" and "Rutte" in name for name, kind in found), found


def test_corpus_sentences_are_labelled_as_the_tagger_splits_them():
    words, labels = as_tagged(["Am", "19.", "Mai", "traf", "Olaf", "Scholz", "in", "München/Hamburg", "ein", "."],
                              ["O", "O", "O", "O", "B-PER", "I-PER", "O", "B-LOC", "O", "O"])
    assert words == ["Am", "19", ".", "Mai", "traf", "Olaf", "Scholz", "in", "München", "/", "Hamburg", "ein", "."]
    assert labels == ["O", "O", "O", "O", "O", "B-PER", "I-PER", "O", "B-LOC", "I-LOC", "I-LOC", "O", "O"]


@needs_engine
def test_a_trained_tagger_is_written_and_loads(tmp_path):
    people = [(["Heute", "sprach", name, "Müller", "."], ["O", "O", "B-PER", "I-PER", "O"])
              for name in ("Anna", "Jonas", "Lena", "Paul", "Mia", "Felix", "Emma", "Noah")]
    places = [(["Wir", "fahren", "nach", city, "."], ["O", "O", "O", "B-LOC", "O"])
              for city in ("Hamburg", "Köln", "Bremen", "Dresden", "Leipzig", "Kiel", "Bonn", "Ulm")]
    summary = train_e5_model("de-test", "de", (people + places) * 4, people[:2] + places[:2],
                             {"layers": 2, "epochs": 3, "hidden": 32}, tmp_path / "de-test", "test", "test data")
    assert 0 <= summary["selection_f1"] <= 1
    tagger = NerTagger(tmp_path, {"de": "de-test"})
    assert tagger.has_model("de")
    assert all(kind in ("PER", "LOC", "ORG") for _, _, kind in tagger.spans("Heute sprach Lena Müller.", "de"))


@needs_engine
def test_english_is_read_by_the_german_e5_model():
    """English has no training data: config.yaml gives it de-e5, and e5's one space for every
    language carries the German model over (names no table lists are found)."""
    extractor = EntityExtractor.from_config(load_config(REPO_ROOT / "config.yaml"))
    text = "Defence Secretary John Healey told reporters that Steve Witkoff had met Yael Adler in Doha."
    people = {m.label for m in extractor.extract(text, "en") if m.type == "PER"}
    assert {"John Healey", "Steve Witkoff", "Yael Adler"} <= people, people


def test_an_english_tagger_without_e5_has_no_model():
    """Where e5 does not run, a model read by e5 gives way to the language's own; English has
    none, so its names come from the tables (and the rules that need a model do not wait for one)."""
    tagger = NerTagger(MODELS, {"en": "de-e5"}, e5=False)
    assert not tagger.has_model("en") and tagger.spans("John Healey told reporters.", "en") == []
