"""The cognate chain: one analysis for every language, so that related words meet.

"Soldaten", "soldater" and "soldaat" share no stem, but they share their first letters once
folded; the cognate field holds headline and body cut that way (the cognate channel).
"""
from __future__ import annotations

from whoosh.analysis import CompositeAnalyzer, Filter, LowercaseFilter

from indexer import lang as lang_data
from indexer.analysis.analyzers import DigitGroupFilter, HyphenPartsFilter, NewsTokenizer
from indexer.lang.folding import fold_for_search


class CognateFilter(Filter):
    """Drops the stop words of every language, folds diacritics and cuts words to their first
    ``length`` letters: "Soldaten", "soldater", "soldaat" -> "solda"; numbers stay whole."""

    def __init__(self, langs: tuple[str, ...], length: int):
        self.langs = tuple(langs)
        self.length = length

    def __call__(self, tokens):
        stops = _all_stopwords(self.langs)
        fold, length = fold_for_search, self.length
        last_pos, seen = None, set()
        for t in tokens:
            text = t.text
            if text in stops:
                continue
            if t.pos != last_pos:
                last_pos, seen = t.pos, set()
            text = fold(text)
            if not text[:1].isdigit():
                text = text[:length]
            if text in seen:
                continue
            seen.add(text)
            t.text = text
            yield t


def _all_stopwords(langs: tuple[str, ...]) -> frozenset[str]:
    return frozenset().union(*(lang_data.stopwords(lang) for lang in langs))


def cognate_analyzer(langs, length: int) -> "CognateAnalyzer":
    """One analyzer for every language (the ``cognates`` field); see ``CognateFilter``."""
    return CognateAnalyzer(tuple(langs), length)


class CognateAnalyzer(CompositeAnalyzer):
    """The cognate chain, hashable by its settings so that it is memoised word by word
    (``analyzers.analysed_word_by_word``)."""

    works_word_by_word = True
    stopped_words_keep_positions = True      # CognateFilter drops stop words without renumbering

    def __init__(self, langs: tuple[str, ...], length: int):
        self.langs, self.length = tuple(langs), length
        super().__init__(NewsTokenizer(), HyphenPartsFilter(), DigitGroupFilter(), LowercaseFilter(),
                         CognateFilter(self.langs, length))

    def __eq__(self, other):
        return isinstance(other, CognateAnalyzer) and (self.langs, self.length) == (other.langs, other.length)

    def __hash__(self):
        return hash((self.langs, self.length))
