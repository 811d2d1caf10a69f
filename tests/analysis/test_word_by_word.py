"""The chains memoised word by word give exactly what they give over the whole text."""
from __future__ import annotations

from pathlib import Path

import pytest

from indexer.analysis.analyzers import analysed_word_by_word, build_analyzer, default_settings
from indexer.analysis.cognates import cognate_analyzer
from indexer.config import AnalyzerSettings
from indexer.ingest.files import corpus_files, read_file
from indexer.config import load_config
from indexer.records import SourceDocument

ROOT = Path(__file__).resolve().parents[2]
NTREX = ROOT.parent / "shared" / "data" / "ntrex"
LANGS = ["nl", "de", "da", "nb", "en"]

TRICKY = [
    "Noord-Korea stuurde 12.000 soldaten; Kim Jong-un zei: 'US en IS' - 600\u00a0000 en 600 000 mensen.",
    "Die Bundeswehr-Soldaten (3,5 Mio. Euro) kamen am 4. November nach Kursk-regionen, Russlands Süden.",
    "Nordkoreanske styrker: otte millioner kr. i alt, 1 000 000 kroner, 2,5 %, a b c d, x-y, 12-14 år.",
    "Færøerne, Århus og Sør-Trøndelag; Ukraine's president, O'Brien's, naïve coöperatie, e-mail, 3-0.",
    "A 1 2 3 I am THE one -- — – ‐ ‑ … «Putin» „Poetin“ and the 2024-11-04 report, 10.000.000 or 10,5.",
]


def texts() -> list[str]:
    found = list(TRICKY)
    config = load_config()
    for path in corpus_files(ROOT / "corpus"):
        if isinstance(path, Path):
            found += [doc.text for doc in read_file(path, config.ingest) if isinstance(doc, SourceDocument)]
    for path in sorted(NTREX.glob("newstest2019-*.txt"))[:5]:
        found += path.read_text(encoding="utf-8").splitlines()[:400]
    return found


SETTINGS = [None, AnalyzerSettings(stemmer="none", stopwords=False, fold_diacritics=False, split_compounds=False),
            AnalyzerSettings(stemmer="german", stopwords=True, fold_diacritics=True, split_compounds=True)]


ANALYZERS = {f"{lang}-{name}": (lang, settings) for lang in LANGS
             for name, settings in zip(["shipped", "bare", "all-on"], SETTINGS)}


@pytest.mark.parametrize("name", [*ANALYZERS, "cognates-5", "cognates-3"])
def test_word_by_word_equals_the_whole_chain(name):
    if name.startswith("cognates"):
        analyzer = cognate_analyzer(LANGS, int(name[-1]))
    else:
        lang, settings = ANALYZERS[name]
        analyzer = build_analyzer(lang, settings or default_settings(lang))
    all_texts = texts()
    assert len(all_texts) > (100 if NTREX.is_dir() else len(TRICKY) + 4)     # NTREX where shared/data is
    for text in all_texts:
        whole = [(token.pos, token.text) for token in analyzer(text, positions=True)]
        by_word = analysed_word_by_word(analyzer, text)
        assert by_word is None or by_word == whole, text[:80]
    assert sum(analysed_word_by_word(analyzer, text) is not None for text in all_texts) > 0.95 * len(all_texts)
