"""The held-out parts of the NER development sets: deterministic, disjoint from what is tuned on."""
from __future__ import annotations

import pytest

from indexer.train.conll import read_sentences
from indexer.train.heldout import DEV_SPLITS, german_training_part, select_part
from indexer.train.ner import CORPORA, DEFAULT_DATA, load_splits


@pytest.mark.parametrize("lang", sorted(DEV_SPLITS))
def test_parts_are_disjoint_deterministic_and_by_index(lang):
    items = list(range(1000))
    tuning, heldout = select_part(items, lang, "tuning"), select_part(items, lang, "heldout")
    assert tuning and heldout and not set(tuning) & set(heldout)
    assert select_part(iter(items), lang, "heldout") == heldout
    assert select_part(items, lang, "all") == items
    if lang != "de":
        assert sorted(tuning + heldout) == items and heldout[:3] == [1, 3, 5]


def test_german_training_tuning_and_heldout_parts_do_not_overlap():
    items = list(range(40))
    train = german_training_part(items)
    tuning, heldout = select_part(items, "de", "tuning"), select_part(items, "de", "heldout")
    assert tuning == [4, 14, 24, 34] and heldout == [9, 19, 29, 39]
    assert sorted(train + tuning + heldout) == items


def test_unknown_part_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown part 'test'"):
        select_part([1], "nb", "test")


DATA = DEFAULT_DATA            # <repo>/../shared/data/ner


@pytest.mark.skipif(not DATA.is_dir(), reason="the shared NER data is not on this machine")
@pytest.mark.parametrize("name", sorted(CORPORA))
def test_training_selects_only_on_tuning_sentences(name):
    """No held-out sentence is trained on; checkpoints are selected on tuning sentences only."""
    corpus = CORPORA[name]
    train, selection = load_splits(name, DATA)
    texts = {" ".join(tokens) for tokens, _ in train}
    lang = corpus.language(name)
    dev_file = DATA / (corpus.dev or corpus.train)
    fmt = corpus.fmt
    if lang == "nl":                 # every Dutch model is scored on CoNLL-2002's held-out part
        dev_file, fmt = DATA / CORPORA["nl"].dev, CORPORA["nl"].fmt
    heldout = {" ".join(tokens) for tokens, _ in select_part(read_sentences(dev_file, fmt), lang, "heldout")}
    long_heldout = {text for text in heldout if len(text.split()) >= 8}      # short lines repeat across splits
    assert not texts & long_heldout
    if corpus.split == "dev":
        assert selection == select_part(read_sentences(dev_file, fmt), lang, "tuning")
