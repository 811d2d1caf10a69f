"""The statistical NER layer: trained models that find PER, LOC and ORG spans.

One model per language in ``<models_dir>/<lang>/`` (or the folder ``folders`` names) (built by ``python -m indexer train ner``,
see ``indexer.train.ner``): a spaCy pipeline (only its tokenizer and ``ner`` component run) or
an e5 tagger (``indexer.entities.e5_tagger``; where the engine it needs was not built, or
``e5=False``, the language's own spaCy model stands in).  A model is loaded on first use and
kept; a language without a model simply yields no spans.  English has no training data here: it
is read by the German e5 model (``config.yaml``), which e5's one multilingual space carries across.

    tagger = NerTagger(config.path(config.extract.ner_models_dir))
    tagger.spans("Angela Merkel besuchte Paris.", "de")   # [(0, 13, 'PER'), (23, 28, 'LOC')]
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from pathlib import Path

from indexer.entities.e5_tagger import E5Tagger, is_e5_folder
from indexer.records import ENTITY_TYPES, Span
from indexer.store.e5_engine import EngineUnavailable

log = logging.getLogger(__name__)


class NerTagger:
    """Character spans ``(start, end, type)`` of PER/LOC/ORG names, per language."""

    def __init__(self, models_dir: Path, folders: dict[str, str] | None = None, batch_size: int = 64,
                 e5: bool = True):
        self.models_dir = Path(models_dir)
        self.folders = dict(folders or {})      # language -> model folder, when not the language code
        self.batch_size = batch_size
        self.e5 = e5                            # False: a model read by e5 gives way to the language's own
        self._pipelines: dict[str, object] = {}
        self._lock = threading.Lock()

    def model_path(self, lang: str) -> Path:
        return self.models_dir / self.folders.get(lang, lang)

    def has_model(self, lang: str) -> bool:
        """Whether a trained model reads ``lang`` here (one read by e5 where e5 does not run
        stands in for the language's own model, if it has one: English has none)."""
        return self._pipeline(lang) is not None

    def _pipeline(self, lang: str):
        """The loaded line tagger for ``lang`` (loaded once), or None without a model."""
        if lang in self._pipelines:
            return self._pipelines[lang]
        with self._lock:
            if lang not in self._pipelines:
                self._pipelines[lang] = self._load(lang) if _is_model(self.model_path(lang)) else None
        return self._pipelines[lang]

    def _load(self, lang: str):
        folder = self.model_path(lang)
        if not is_e5_folder(folder):
            return _SpacyLines(folder, self.batch_size)
        if not self.e5:
            log.info("NER model %s is read by e5, which this build does not run (extract.e5_ner); using "
                     "the %s model", folder.name, lang)
            return self._own_model(lang)
        try:
            return E5Tagger(folder)
        except EngineUnavailable as error:
            log.warning("NER model %s needs the e5 engine (%s); using the %s model", folder.name, error, lang)
            return self._own_model(lang)

    def _own_model(self, lang: str):
        """The spaCy model in the language's own folder, standing in for one read by e5."""
        own = self.models_dir / lang
        if _is_model(own) and not is_e5_folder(own):
            return _SpacyLines(own, self.batch_size)
        log.warning("no spaCy NER model in %s: %s names come from the tables only", own, lang)
        return None

    def spans(self, text: str, lang: str) -> list[Span]:
        """Entity spans in one text; [] when ``lang`` has no model."""
        return self.spans_many([text], lang)[0]

    def spans_many(self, texts: Iterable[str], lang: str) -> list[list[Span]]:
        """Entity spans for each text, processed in batches (``nlp.pipe``).  Each line of a text
        (the headline, a paragraph) is tagged on its own: the models learnt from single
        sentences, and a name does not run from one paragraph into the next."""
        texts = list(texts)
        tagger = self._pipeline(lang)
        if tagger is None:
            return [[] for _ in texts]
        lines = [(i, start, line) for i, text in enumerate(texts) for start, line in _lines(text)]
        found: list[list[Span]] = [[] for _ in texts]
        for (i, start, _), spans in zip(lines, tagger.tag_lines([line for _, _, line in lines])):
            found[i] += [(start + s, start + e, label) for s, e, label in spans]
        return found


class _SpacyLines:
    """A trained spaCy pipeline, its ``ner`` component alone, tagging lines in batches."""

    def __init__(self, folder: Path, batch_size: int):
        import spacy

        self.nlp = spacy.load(folder)
        others = [name for name in self.nlp.pipe_names if name != "ner"]
        if others:
            self.nlp.select_pipes(disable=others)
        self.batch_size = batch_size

    def tag_lines(self, lines: list[str]) -> list[list[Span]]:
        return [_doc_spans(doc) for doc in self.nlp.pipe(lines, batch_size=self.batch_size)]


def _is_model(folder: Path) -> bool:
    return (folder / "config.cfg").is_file() or is_e5_folder(folder)


def _lines(text: str):
    """(offset, line) of each line of ``text`` that holds more than white space."""
    start = 0
    for line in text.split("\n"):
        if line.strip():
            yield start, line
        start += len(line) + 1


def _doc_spans(doc) -> list[Span]:
    return [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents if ent.label_ in ENTITY_TYPES]
