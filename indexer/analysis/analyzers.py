"""Analysis chains: one Whoosh analyzer per language, composed from small named pieces.

    NewsTokenizer | HyphenPartsFilter | DigitGroupFilter | StopFilter(lang) | LowercaseFilter
        | CompoundSplitFilter(lang) | PlaceNameFilter(lang) | StemFilter(algorithm)
        | FoldFilter | DedupFilter

* ``NewsTokenizer`` keeps hyphenated names ("Noord-Korea", "Tae-yong", "Kursk-regionen") and
  digit groups ("12.000", "2,5", "600 000" with a space or no-break space between groups of
  three digits) as one token; apostrophes split ("Korea's" -> "Korea" + a dropped "s").
* ``HyphenPartsFilter`` adds the parts of a hyphenated token at its position, so
  "Noord-Korea" is found by "korea" and by "noord-korea".
* ``DigitGroupFilter`` writes a grouped number as its bare digits ("12.000", "12,000" and
  "12 000" all give "12000", the number as written beside it) so numbers meet across
  languages, in phrases too.
* ``StopFilter`` drops the language's stop words (``indexer/data/stopwords/<lang>.txt``) but
  keeps words written in capitals ("US", "IS"), then renumbers positions so phrases stay exact.
* ``CompoundSplitFilter`` adds the parts of closed compounds ("forsvarsminister" -> "forsvar",
  "minister"); ``PlaceNameFilter`` adds the place a place adjective, inhabitant noun or
  genitive derives from ("nordkoreanske" -> "nordkorea", "Koreas" -> "korea"), and the place a
  compass-prefixed place name lies in ("Nordkorea", "Noord-Korea" -> "korea", in every chain,
  English included).  Both emit at the position of the original, which is kept.  Word lists
  and the word-level logic: ``indexer/analysis/compounds.py``.
* ``StemFilter`` Snowball-stems (PyStemmer) everything except place names, so every chain
  writes "korea" the same way; then ``FoldFilter`` removes diacritics (stem first, fold after:
  the Snowball stemmers expect "ø", "ä", "ë").  ``DedupFilter`` drops a repeat of the same text
  at the same position.

Extra tokens are given at indexing and for query words alike; for a phrase (Whoosh's parser
tokenizes it with ``mode="query", chars=True``, or pass ``expand=False``) each position keeps
only its word, so quoted phrases match the positions of the index.

Which pieces run is read from ``AnalyzerSettings`` (stemmer, stopwords, fold_diacritics,
split_compounds); the language is a parameter of the pieces.  An analyzer pickles as
``(lang, settings)`` only: word lists are loaded lazily into module caches, never pickled.
"""
from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from whoosh.analysis import CompositeAnalyzer, Filter, LowercaseFilter, Tokenizer
from whoosh.analysis.acore import Token

from indexer import lang as lang_data
from indexer.analysis import compounds
from indexer.lang.folding import fold_for_search
from indexer.config import AnalyzerSettings

# PyStemmer 3 names Snowball's newer Dutch stemmer "dutch"; it strips "ge-" anywhere in a word
# ("gezondheid" -> "zon", "regeringsleider" -> "reringsleider"), so "dutch" here runs the
# classic Snowball Dutch stemmer ("dutch_porter" in PyStemmer).

_GROUP_SPACE = "[ \u00a0\u202f\u2009]"        # space, no-break space, narrow no-break, thin space
_HYPHEN = "[-\u2010\u2011]"                    # hyphen-minus, hyphen, non-breaking hyphen
_ALNUM = r"[^\W_]+"
_SPACED_GROUPS = rf"\d{{1,3}}(?:{_GROUP_SPACE}\d{{3}}(?!\d))+"              # 600 000 / 1 234 567
_NUMBER = (rf"{_SPACED_GROUPS}(?:[.,]\d+)?"                                  # ... / 1 234 567,5
           r"|\d+(?:[.,]\d+)*")                                       # 12.000 / 2,5 / 1.234.567,89
# "€14.3bn", "$300bn", "£5m": a multiplier glued to a number (``numbers.yaml``) is part of its token
_GLUED = "|".join(sorted(map(re.escape, lang_data.number_words()["glued_multipliers"]), key=len, reverse=True))
TOKEN_PATTERN = re.compile(rf"(?<![^\W_])(?:(?:{_NUMBER})(?i:{_GLUED})?(?![^\W_])|{_ALNUM})(?:{_HYPHEN}{_ALNUM})*")
_GLUED_SUFFIX = re.compile(rf"(?<=\d)(?i:{_GLUED})$")
_GROUPED = re.compile(r"^\d{1,3}(?:([ .,])\d{3})(?:\1\d{3})*$")
_DECIMAL = re.compile(r"^(\d{1,3}(?:[ .,]\d{3})*|\d+)[.,](\d{1,2})$")
_SPACES = re.compile(_GROUP_SPACE)
_SPACED_NUMBER = re.compile(rf"(?<![\w.,]){_SPACED_GROUPS}(?!\w)")


def join_digit_groups(query: str) -> str:
    """A query's numbers written with spaces between groups of three ("600 000") as their bare
    digits ("600000"): a query parser splits words at spaces before any chain sees them, while
    the tokenizer reads an article's "600 000" as one number (and adds "600000")."""
    return _SPACED_NUMBER.sub(lambda match: _SPACES.sub("", match.group(0)), query)


default_settings = AnalyzerSettings.for_language   # the settings config.yaml ships for a language


# -- tokenizer -------------------------------------------------------------------------------

class NewsTokenizer(Tokenizer):
    """Words, hyphenated names and grouped numbers, one token each.

    Single letters are dropped (digits are kept).  Positions and character offsets are always
    set, so the filters can group the tokens of one position.  ``expand`` (default: on, except
    for a phrase being parsed, i.e. ``mode="query"`` with ``chars=True``) lets the filters add
    tokens (parts, places, bare digits) at a word's position; off, each position has one token.
    """

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", expand=None, **kwargs):
        if expand is None:
            # Whoosh's query parser asks for character offsets only when it builds a phrase,
            # which needs one token per position.
            expand = not (mode == "query" and chars)
        t = Token(positions, chars, removestops=removestops, mode=mode, expand=expand, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost, t.pos, t.startchar, t.endchar = 1.0, start_pos, start_char, start_char + len(value)
            yield t
            return
        pos = start_pos
        for match in TOKEN_PATTERN.finditer(value):
            text = match.group(0)
            if len(text) == 1 and not text.isdigit():
                continue
            t.text = _SPACES.sub(" ", text) if not text.isalnum() else text
            if keeporiginal:
                t.original = t.text
            t.boost, t.stopped, t.pos = 1.0, False, pos
            t.startchar, t.endchar = start_char + match.start(), start_char + match.end()
            pos += 1
            yield t


# -- filters ---------------------------------------------------------------------------------

def with_extras(t, texts):
    """Yield token ``t``, then ``texts`` as further tokens at its position and character span.

    Whoosh passes one token object down the chain, and later filters change it (the stop
    filter renumbers ``pos``), so the position is restored before every extra token.  With
    ``expand=False`` passed to the analyzer (``analyzer(text, mode="query", expand=False)``)
    no extra tokens are given: one token per position, as a phrase query needs.
    """
    pos = t.pos
    yield t
    if texts and getattr(t, "expand", True):
        for text in texts:
            t.text, t.pos, t.stopped = text, pos, False
            yield t


class HyphenPartsFilter(Filter):
    """Adds the parts of a hyphenated token after it, at the same position."""

    def __call__(self, tokens):
        for t in tokens:
            text = t.text
            if "-" not in text and "\u2010" not in text and "\u2011" not in text:
                yield t
                continue
            parts = [p for p in re.split(_HYPHEN, text) if len(p) > 1 or p.isdigit()]
            t.text = re.sub(_HYPHEN, "-", text)
            yield from with_extras(t, parts)


class DigitGroupFilter(Filter):
    """Writes a number one way: the bare digits of a number in groups of three ("12.000",
    "12 000" -> "12000"), a decimal number with a point ("14,3" and "1.234,5" -> "14.3" and
    "1234.5"; one or two digits after the last sign make it a decimal one), so "14,3 mia." meets
    "14.3 billion".  The number as written follows at its position.  The one way comes first
    because a phrase keeps only a position's first token (``phrase_twin``, and a quoted query
    is analysed without extras): "35 000 tonn" and "35000 tonn" are then the same phrase."""

    def __call__(self, tokens):
        for t in tokens:
            text = t.text
            one_way = _one_way(text) if text[:1].isdigit() else text
            if one_way == text:
                yield t
            else:
                t.text = one_way
                yield from with_extras(t, (text,))


def _one_way(number: str) -> str:
    number = _GLUED_SUFFIX.sub("", number)          # "14.3bn" is 14.3, as "14,3 mia." is
    if _GROUPED.match(number):
        return re.sub(r"\D", "", number)
    if decimal := _DECIMAL.match(number):
        return _with_point(decimal)
    return number


def _with_point(decimal: re.Match) -> str:
    return re.sub(r"\D", "", decimal.group(1)) + "." + decimal.group(2)


class StopFilter(Filter):
    """Drops the stop words of ``lang`` (case-insensitively; words in capitals, like "US" or
    "IS", are kept) and renumbers positions over what is left, keeping tokens that shared a
    position together."""

    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, tokens):
        stops = lang_data.stopwords(self.lang)
        last_pos, new_pos = None, -1
        for t in tokens:
            text = t.text
            if text.lower() in stops and not (len(text) > 1 and text.isupper()):
                if not t.removestops:
                    t.stopped = True
                    yield t
                continue
            if t.pos != last_pos:
                last_pos = t.pos
                new_pos += 1
            t.pos = new_pos
            t.stopped = False
            yield t


class CompoundSplitFilter(Filter):
    """Adds the parts of closed compounds after the compound, at its position
    ("forsvarsminister" -> "forsvar", "minister")."""

    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, tokens):
        lang = self.lang
        for t in tokens:
            parts = compounds.split_compound(lang, t.text) if len(t.text) >= compounds.MIN_COMPOUND else ()
            yield from with_extras(t, parts)


class PlaceNameFilter(Filter):
    """Adds the place name a place adjective, inhabitant noun or genitive derives from
    ("nordkoreanske" -> "nordkorea", "Berliner" -> "berlin", "Koreas" -> "korea")."""

    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, tokens):
        lang = self.lang
        for t in tokens:
            yield from with_extras(t, compounds.place_bases(lang, t.text))


class StemFilter(Filter):
    """Snowball stemming (PyStemmer) of words; place names and numbers are left as they are."""

    is_morph = True

    def __init__(self, algorithm: str):
        self.algorithm = algorithm

    def __call__(self, tokens):
        for t in tokens:
            t.text = stem_word(self.algorithm, t.text)
            yield t


class FoldFilter(Filter):
    """Removes diacritics (see ``indexer.lang.folding``): "oekraïne" -> "oekraine", "sør" -> "sor"."""

    def __call__(self, tokens):
        fold = fold_for_search
        for t in tokens:
            t.text = fold(t.text)
            yield t


class DedupFilter(Filter):
    """Drops a token whose text was already given at the same position."""

    def __call__(self, tokens):
        last_pos, seen = None, set()
        for t in tokens:
            if t.pos != last_pos:
                last_pos, seen = t.pos, set()
            if t.text in seen:
                continue
            seen.add(t.text)
            yield t


@lru_cache(maxsize=200_000)
def stem_word(algorithm: str, word: str) -> str:
    if not word.isalpha() and not ("-" in word and word.replace("-", "").isalpha()):
        return word
    if compounds.is_place(word):
        return word
    return lang_data.stem(algorithm, word)


# -- analyzers -------------------------------------------------------------------------------

def _pieces(lang: str, settings: AnalyzerSettings) -> list:
    pieces = [NewsTokenizer(), HyphenPartsFilter(), DigitGroupFilter()]
    if settings.stopwords:
        pieces.append(StopFilter(lang))
    pieces.append(LowercaseFilter())
    if settings.split_compounds:
        pieces.append(CompoundSplitFilter(lang))
    if settings.split_compounds or settings.stemmer != "none":
        pieces.append(PlaceNameFilter(lang))
    if settings.stemmer != "none":
        pieces.append(StemFilter(lang_data.algorithm_of(settings.stemmer)))
    if settings.fold_diacritics:
        pieces.append(FoldFilter())
    pieces.append(DedupFilter())
    return pieces


class LanguageAnalyzer(CompositeAnalyzer):
    """The chain of one language; pickles as ``(lang, settings)`` and is rebuilt on load."""

    works_word_by_word = True
    stopped_words_keep_positions = False     # StopFilter renumbers the positions over what is left

    def __init__(self, lang: str, settings: AnalyzerSettings | dict | None = None):
        if settings is None:
            settings = default_settings(lang)
        elif isinstance(settings, dict):
            settings = AnalyzerSettings(**settings)
        self.lang = lang
        self.settings = settings
        self._hash = hash((lang, dataclasses.astuple(settings)))    # once: snippets look analysers up per passage
        super().__init__(*_pieces(lang, settings))

    def __reduce__(self):
        return (LanguageAnalyzer, (self.lang, dataclasses.asdict(self.settings)))

    def __eq__(self, other):
        return isinstance(other, LanguageAnalyzer) and (self.lang, self.settings) == (other.lang, other.settings)

    def __hash__(self):
        return self._hash

    def __repr__(self):
        return f"LanguageAnalyzer({self.lang!r}, {self.settings!r})"


def build_analyzer(lang: str, settings: AnalyzerSettings | None = None) -> LanguageAnalyzer:
    """The analysis chain of ``lang`` with ``settings`` (default: ``default_settings(lang)``)."""
    return LanguageAnalyzer(lang, settings)


@lru_cache(maxsize=64)
def _cached(lang: str, key: tuple) -> LanguageAnalyzer:
    return LanguageAnalyzer(lang, AnalyzerSettings(*key))


def analyze(text: str, lang: str, settings: AnalyzerSettings | None = None, mode: str = "index") -> list[str]:
    """Token texts of ``text`` through ``lang``'s chain (for tests, the CLI and query debugging)."""
    settings = settings or default_settings(lang)
    analyzer = _cached(lang, dataclasses.astuple(settings))
    return [t.text for t in analyzer(text, mode=mode)]


# -- word by word ----------------------------------------------------------------------------

@lru_cache(maxsize=32)
def word_analysis(analyzer):
    """``analyzer`` on one word, memoised: (text, position, start, end) of each token it makes.

    Our chains (``works_word_by_word``) work word by word: what a word gives does not depend on
    its neighbours (a stop word only leaves its position out, or keeps it empty).  News repeats its words, so a
    build and a result page look each up far more often than they analyse it (profiled: the
    chains were a third of a build worker's time)."""
    @lru_cache(maxsize=50_000)     # most of a language's running words; bounded, in every build worker
    def analyse(word: str) -> tuple[tuple[str, int, int, int], ...]:
        return tuple((token.text, token.pos, token.startchar, token.endchar)
                     for token in analyzer(word, positions=True, chars=True, removestops=True))
    return analyse


def analysed_word_by_word(analyzer, text: str) -> list[tuple[int, str]] | None:
    """(position, text) of each token ``analyzer`` makes of ``text``, word by word through
    ``word_analysis``: what ``analyzer(text, positions=True)`` gives.  None when a word alone
    would not stay one word (the caller then runs the chain over the whole text)."""
    analyse, keep = word_analysis(analyzer), analyzer.stopped_words_keep_positions
    out, position = [], 0
    for match in TOKEN_PATTERN.finditer(text):
        word = match.group()
        tokens = analyse(word)
        if not tokens:      # a single letter has no position; a stop word none or an empty one
            position += keep and (len(word) > 1 or word.isdigit())
            continue
        if tokens[-1][1] != 0:
            return None
        out += [(position, token_text) for token_text, _, _, _ in tokens]
        position += 1
    return out
