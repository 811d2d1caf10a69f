"""NTREX-128 loader, distractor articles (indexer/ntrex.py) and the retrieval-eval plumbing
(indexer/retrieval_eval.py) that needs no search engine."""
from __future__ import annotations

import pytest

from indexer.eval.ntrex import (DEFAULT_DATA_DIR, DISTRACTOR_PREFIX, NTREX_LANGS, detokenize,
                           distractor_articles, is_ntrex_id, load_ntrex)
from indexer.eval.retrieval import (headline_topics, ntrex_collection, ntrex_qrels, score,
                                    split_id)

pytestmark = pytest.mark.skipif(not (DEFAULT_DATA_DIR / "ntrex").is_dir(),
                                reason=f"shared data not found at {DEFAULT_DATA_DIR}")


@pytest.fixture(scope="module")
def ntrex():
    return load_ntrex(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def distractors():
    return list(distractor_articles(DEFAULT_DATA_DIR))


def test_123_articles_in_each_of_five_languages_with_the_same_ids(ntrex):
    assert set(ntrex) == set(NTREX_LANGS) == {"en", "de", "nl", "da", "nb"}
    ids = list(ntrex["en"])
    assert len(ids) == len(set(ids)) == 123
    for lang in NTREX_LANGS:
        assert list(ntrex[lang]) == ids                 # same articles, same order
    assert all(is_ntrex_id(i) for i in ids)
    assert any(i.startswith("cnbc.com.") for i in ids)            # outlet names may contain dots


def test_headline_is_the_first_line_and_the_body_the_rest(ntrex):
    headline, body = ntrex["en"]["bbc.381790"]
    assert headline == "Welsh AMs worried about 'looking like muppets'"
    assert ntrex["nb"]["bbc.381790"][0] == "Walisiske parlamentsmedlemmer ønsker ikke å fremstå som «muppeter»"
    assert headline not in body and body.count("\n") >= 2
    # 1,997 aligned lines = 123 headlines + the body lines, identical split in every language.
    for lang in NTREX_LANGS:
        arts = ntrex[lang].values()
        assert sum(1 + len(b.split("\n")) for _h, b in arts) == 1997
        assert all(h and "\r" not in h + b and "\n" not in h for h, b in arts)
    lines = {lang: [len(b.split("\n")) for _h, b in ntrex[lang].values()] for lang in NTREX_LANGS}
    assert all(v == lines["en"] for v in lines.values())


def test_accepts_the_ntrex_folder_itself(ntrex):
    assert load_ntrex(DEFAULT_DATA_DIR / "ntrex") == ntrex


def test_at_least_10000_distractors_without_id_collisions(ntrex, distractors):
    assert len(distractors) >= 10_000
    ids = [d["id"] for d in distractors]
    assert len(set(ids)) == len(ids)
    assert not set(ids) & set(ntrex["en"])
    assert all(i.startswith(DISTRACTOR_PREFIX) and not is_ntrex_id(i) for i in ids)
    assert {d["lang"] for d in distractors} == {"nl", "nb", "da", "de"}      # no English text exists
    assert all(set(d) == {"id", "title", "text", "lang"} for d in distractors)
    assert all(d["text"] for d in distractors)
    assert not any(" |" in d["title"] or d["title"].endswith("|") for d in distractors)  # NDT marker gone
    assert len(set(ntrex_collection(ntrex, distractors))) == 615 + len(distractors)
    assert len({docno for docno, _t, _l in ntrex_collection(ntrex, distractors)}) == 615 + len(distractors)


def test_distractors_are_deterministic_and_respect_article_boundaries(distractors):
    again = list(distractor_articles(DEFAULT_DATA_DIR))
    assert again == distractors
    # NorNE: the first article of the first file starts at its headline.
    first_nb = next(d for d in distractors if d["lang"] == "nb")
    assert first_nb["title"] == "Lam og piggvar på bryllupsmenyen"
    assert first_nb["text"].startswith("Kamskjell, piggvar og lammefilet sto på menyen")


def test_detokenize():
    assert detokenize(["Hij", "zei", '"', "nee", '"', ",", "en", "ging", "(", "snel", ")", "."]) == \
        'Hij zei "nee", en ging (snel).'
    assert detokenize(["Han", "sa", "«", "ja", "»", "til", "100", "%", "!"]) == "Han sa «ja» til 100%!"
    assert detokenize(["'s", "Avonds", "kwam", "hij"]) == "'s Avonds kwam hij"
    assert detokenize([]) == ""


def test_topics_qrels_and_score(ntrex):
    topics = headline_topics(ntrex, ["de"])
    assert len(topics) == 123 and topics["de:bbc.381790"] == ntrex["de"]["bbc.381790"][0]
    assert split_id("de:bbc.381790") == ("de", "bbc.381790")
    qrels = ntrex_qrels(topics, ["en", "nb"])
    assert qrels["de:bbc.381790"] == {"en:bbc.381790": 1, "nb:bbc.381790": 1}

    qrels = {"q1": {"d1": 1}, "q2": {"d2": 1}}
    perfect = {"q1": [("d1", 5.0), ("x", 1.0)], "q2": [("d2", 2.0)]}
    assert score(perfect, qrels) == {"nDCG@10": 1.0, "RR@10": 1.0, "R@100": 1.0}
    # Order, not score, is the ranking; a missing query counts 0.
    second = {"q1": [("x", 1.0), ("d1", 1.0)]}
    result = score(second, qrels)
    assert result["RR@10"] == pytest.approx(0.25) and result["R@100"] == pytest.approx(0.5)
