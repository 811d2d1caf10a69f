"""A NER tagger that reads e5's token states: names where the training data is small.

The spaCy models learn every word from their training sentences alone; German has 1,760 gold
news sentences here, and a model that has seen so few tags nouns as names (German capitalises
them all).  multilingual-e5-small has read far more text than any NER corpus: this tagger runs
the first ``layers`` of its encoder over a line (``indexer.store.e5_engine``), takes the state of
each word's first piece with its two neighbours' and three shape features, and a small network
(one hidden layer, trained by ``python -m indexer train ner --lang de-e5`` or ``nl-open-e5``) gives each word a
BIO tag.  Its folder holds ``e5_tagger.json`` (settings, labels, data, licence) and
``weights.npz`` (feature scaling and the network).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

from indexer.entities.bio import tags_to_spans
from indexer.records import Span
from indexer.store.e5_engine import MAX_TOKENS, token_states

SETTINGS_FILE = "e5_tagger.json"
WEIGHTS_FILE = "weights.npz"
LABELS = ("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG")
# Words about as the NER corpora split them: abbreviations (z.B., U.S.), words with inner
# hyphens, apostrophes, dots or ampersands, and single marks.
WORD = re.compile(r"(?:\w{1,3}\.){2,}|\w+(?:[-'’.&]\w+)*|[^\w\s]")
UNKNOWN_PIECE = 3                     # XLM-R's <unk>: a word the tokenizer gives no piece


def is_e5_folder(folder: Path) -> bool:
    return (Path(folder) / SETTINGS_FILE).is_file()


def words_of(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word of ``text``."""
    return [match.span() for match in WORD.finditer(text)]


def word_features(states_model, sentences: list[list[str]], layers: int) -> list[np.ndarray]:
    """For each word list, one row per word: its first piece's state, its neighbours' (zeros at
    the edges), and whether it is capitalised, all capitals, or holds a digit.  Shared by
    training and tagging; the engine runs once per ``CALL_TOKENS`` tokens of the lists."""
    states = [np.zeros((len(words), states_model.dim), dtype=np.float32) for words in sentences]
    pieces = [(index, first, chunk) for index, words in enumerate(sentences)
              for first, chunk in _chunks(states_model, words)]
    for call in _calls(pieces):
        hidden = states_model.states([[p for word in chunk for p in word] for _, _, chunk in call], layers)
        for (index, first, chunk), chunk_states in zip(call, hidden):
            starts = np.cumsum([0] + [len(word) for word in chunk[:-1]])
            states[index][first:first + len(chunk)] = chunk_states[1 + starts]
    return [_with_context(word_states, words) for word_states, words in zip(states, sentences)]


# Tokens of one engine call: several short lines share a pass over the weights.  Measured per
# German article: 128 to 1,024 tokens the same (about 175 ms NTREX, 140 ms bench corpus), 2,048
# and more slower (the activations no longer stay in the cache), one line a call 30 % slower.
CALL_TOKENS = 512


def _calls(pieces):
    """Runs of ``(index, first, chunk)`` whose sequences (``<s>`` and ``</s>`` included) fit one call."""
    sizes = [sum(len(word) for word in chunk) + 2 for _, _, chunk in pieces]
    for first, end in _groups(sizes, CALL_TOKENS):
        yield pieces[first:end]


def _with_context(states: np.ndarray, words: list[str]) -> np.ndarray:
    if not words:
        return np.zeros((0, 3 * states.shape[1] + 3), dtype=np.float32)
    edge = np.zeros((1, states.shape[1]), dtype=np.float32)
    before, after = np.vstack([edge, states[:-1]]), np.vstack([states[1:], edge])
    shape = np.array([[word[:1].isupper(), word.isupper() and len(word) > 1, any(c.isdigit() for c in word)]
                      for word in words], dtype=np.float32).reshape(len(words), 3)
    return np.hstack([states, before, after, shape])


def _chunks(states_model, words: list[str]):
    """(index of the first word, each word's pieces) of runs of words that fit one sequence."""
    room = MAX_TOKENS - 2
    chunk: list[list[int]] = []
    first = used = 0
    for i, word in enumerate(words):
        pieces = (states_model.ids(word) or [UNKNOWN_PIECE])[:room]
        if used + len(pieces) > room:
            yield first, chunk
            chunk, first, used = [], i, 0
        chunk.append(pieces)
        used += len(pieces)
    if chunk:
        yield first, chunk


# Words featurised at a time: their features (4.6 kB a word) stay a few MB, where a batch of
# articles at once held 100-300 MB.
GROUP_WORDS = 2048


def _groups(sizes: list[int], limit: int):
    """(first, end) of runs of consecutive items whose sizes add up to at most ``limit`` (an
    item larger than that alone)."""
    first = used = 0
    for i, size in enumerate(sizes):
        if i > first and used + size > limit:
            yield first, i
            first, used = i, 0
        used += size
    if sizes:
        yield first, len(sizes)


class WordClassifier:
    """Feature scaling and a one-hidden-layer network: word features → label scores."""

    def __init__(self, mean, scale, hidden_weights, hidden_bias, out_weights, out_bias):
        self.mean, self.scale = mean, scale
        self.hidden_weights, self.hidden_bias = hidden_weights, hidden_bias
        self.out_weights, self.out_bias = out_weights, out_bias

    @classmethod
    def load(cls, path: Path) -> "WordClassifier":
        with np.load(path) as arrays:
            return cls(*(arrays[name] for name in ("mean", "scale", "hidden_weights", "hidden_bias",
                                                   "out_weights", "out_bias")))

    def save(self, path: Path) -> None:
        np.savez_compressed(path, mean=self.mean, scale=self.scale, hidden_weights=self.hidden_weights,
                            hidden_bias=self.hidden_bias, out_weights=self.out_weights, out_bias=self.out_bias)

    def labels(self, features: np.ndarray) -> list[str]:
        hidden = np.maximum(((features - self.mean) / self.scale) @ self.hidden_weights + self.hidden_bias, 0)
        return [LABELS[i] for i in (hidden @ self.out_weights + self.out_bias).argmax(axis=1)]


class E5Tagger:
    """Character spans ``(start, end, type)`` of the names in lines of text."""

    def __init__(self, folder: Path):
        folder = Path(folder)
        self.settings = json.loads((folder / SETTINGS_FILE).read_text(encoding="utf-8"))
        self.layers = int(self.settings["layers"])
        self.classifier = WordClassifier.load(folder / WEIGHTS_FILE)
        self.states_model = token_states()          # EngineUnavailable without our engine

    def tag_lines(self, lines: list[str]) -> list[list[Span]]:
        offsets = [words_of(line) for line in lines]
        found: list[list[Span]] = []
        for first, end in _groups([len(line_offsets) for line_offsets in offsets], GROUP_WORDS):
            found += self._tag(lines[first:end], offsets[first:end])
        return found

    def _tag(self, lines: list[str], offsets: list[list[tuple[int, int]]]) -> list[list[Span]]:
        words = [[line[start:end] for start, end in line_offsets] for line, line_offsets in zip(lines, offsets)]
        tagged = [i for i, line_words in enumerate(words) if line_words]
        features = word_features(self.states_model, [words[i] for i in tagged], self.layers)
        found: list[list[Span]] = [[] for _ in lines]
        if not tagged:
            return found
        labels = self.classifier.labels(np.vstack(features))
        start = 0
        for i in tagged:
            line_labels, start = labels[start:start + len(words[i])], start + len(words[i])
            found[i] = [(offsets[i][first][0], offsets[i][end - 1][1], kind)
                        for first, end, kind in tags_to_spans(line_labels)]
        return found
