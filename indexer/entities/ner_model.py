"""The statistical NER layer: trained spaCy models that find PER, LOC and ORG spans.

One model per language in ``<models_dir>/<lang>/`` (or the folder ``folders`` names) (built by ``python -m indexer train ner``,
see ``indexer.train.ner``).  A model is loaded on first use and kept; a language without a
model (e.g. ``en``) simply yields no spans.  Only the tokenizer and the ``ner`` component run.

    tagger = NerTagger(config.path(config.extract.ner_models_dir))
    tagger.spans("Angela Merkel besuchte Paris.", "de")   # [(0, 13, 'PER'), (23, 28, 'LOC')]
"""
from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

from indexer.records import ENTITY_TYPES, Span


class NerTagger:
    """Character spans ``(start, end, type)`` of PER/LOC/ORG names, per language."""

    def __init__(self, models_dir: Path, folders: dict[str, str] | None = None, batch_size: int = 64):
        self.models_dir = Path(models_dir)
        self.folders = dict(folders or {})      # language -> model folder, when not the language code
        self.batch_size = batch_size
        self._pipelines: dict[str, object] = {}
        self._lock = threading.Lock()

    def model_path(self, lang: str) -> Path:
        return self.models_dir / self.folders.get(lang, lang)

    def has_model(self, lang: str) -> bool:
        """Whether a trained model exists for ``lang``."""
        return (self.model_path(lang) / "config.cfg").is_file()

    def _pipeline(self, lang: str):
        """The loaded pipeline for ``lang`` (loaded once), or None without a model."""
        if lang in self._pipelines:
            return self._pipelines[lang]
        with self._lock:
            if lang not in self._pipelines:
                nlp = None
                if self.has_model(lang):
                    import spacy

                    nlp = spacy.load(self.model_path(lang))
                    others = [name for name in nlp.pipe_names if name != "ner"]
                    if others:
                        nlp.select_pipes(disable=others)
                self._pipelines[lang] = nlp
        return self._pipelines[lang]

    def spans(self, text: str, lang: str) -> list[Span]:
        """Entity spans in one text; [] when ``lang`` has no model."""
        return self.spans_many([text], lang)[0]

    def spans_many(self, texts: Iterable[str], lang: str) -> list[list[Span]]:
        """Entity spans for each text, processed in batches (``nlp.pipe``).  Each line of a text
        (the headline, a paragraph) is tagged on its own: the models learnt from single
        sentences, and a name does not run from one paragraph into the next."""
        texts = list(texts)
        nlp = self._pipeline(lang)
        if nlp is None:
            return [[] for _ in texts]
        lines = [(i, start, line) for i, text in enumerate(texts) for start, line in _lines(text)]
        docs = nlp.pipe((line for _, _, line in lines), batch_size=self.batch_size)
        found: list[list[Span]] = [[] for _ in texts]
        for (i, start, _), doc in zip(lines, docs):
            found[i] += [(start + s, start + e, label) for s, e, label in _doc_spans(doc)]
        return found


def _lines(text: str):
    """(offset, line) of each line of ``text`` that holds more than white space."""
    start = 0
    for line in text.split("\n"):
        if line.strip():
            yield start, line
        start += len(line) + 1


def _doc_spans(doc) -> list[Span]:
    return [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents if ent.label_ in ENTITY_TYPES]
