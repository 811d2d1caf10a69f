"""The Lucene BM25 baseline (indexer/lucene_baseline.py) on a few real NTREX articles.

Skipped, with the reason, when the baseline is not installed (scripts/install_lucene.sh).
Never import ``jnius`` here directly: importing it starts the JVM before
``indexer.lucene_baseline.start_jvm`` has set the Anserini classpath.
"""
from __future__ import annotations

import pytest

_HOW = "Lucene baseline not installed: run scripts/install_lucene.sh"
pytest.importorskip("jnius_config", reason=f"pyjnius missing. {_HOW}")
pytest.importorskip("pyserini", reason=f"pyserini missing. {_HOW}")

from indexer.eval import lucene_baseline as lb                     # noqa: E402
from indexer.eval.ntrex import DEFAULT_DATA_DIR, load_ntrex           # noqa: E402
from indexer.eval.retrieval import (evaluate, headline_topics,   # noqa: E402
                                    ntrex_collection)

_REASON = lb.lucene_unavailable_reason()
pytestmark = pytest.mark.skipif(_REASON is not None, reason=f"Lucene baseline unavailable: {_REASON}")

needs_data = pytest.mark.skipif(not (DEFAULT_DATA_DIR / "ntrex").is_dir(),
                                reason=f"NTREX data not found at {DEFAULT_DATA_DIR / 'ntrex'}")

N_ARTICLES = 6


@pytest.fixture(scope="module")
def few_articles():
    ntrex = load_ntrex(DEFAULT_DATA_DIR)
    ids = list(ntrex["en"])[:: len(ntrex["en"]) // N_ARTICLES][:N_ARTICLES]
    return {lang: {i: articles[i] for i in ids} for lang, articles in ntrex.items()}


@needs_data
@pytest.mark.parametrize("lang", ["en", "de", "nb"])
def test_headline_query_returns_its_article_first(tmp_path, few_articles, lang):
    articles = few_articles[lang]
    lb.build_lucene_index(((i, body) for i, (_h, body) in articles.items()), lang, tmp_path / lang)
    topics = {i: headline for i, (headline, _b) in articles.items()}
    run = lb.search_lucene(tmp_path / lang, topics, lang, k=10)
    assert set(run) == set(topics)
    for article_id, hits in run.items():
        assert hits and hits[0][0] == article_id, (article_id, topics[article_id], hits[:3])
        assert all(a[1] >= b[1] for a, b in zip(hits, hits[1:]))       # best first


def test_bokmaal_gets_the_norwegian_analyzer_not_the_english_fallback():
    # Anserini knows Bokmål as "no"; "nb" passed through would silently mean English.
    assert lb.analyze("parlamentsmedlemmene", "nb") == lb.analyze("parlamentsmedlemmer", "nb")
    assert lb.analyze("parlamentsmedlemmene", "nb") != lb.analyze("parlamentsmedlemmene", "en")
    assert lb.analyze("Häuser", "de") == lb.analyze("Haus", "de")
    assert lb.analyze("parlamentsmedlemmerne", "da") == lb.analyze("parlamentsmedlem", "da")
    assert lb.analyze("puppets", "en") == ["puppet"]


def test_query_is_stemmed_with_the_index_language(tmp_path):
    docs = [("a", "Parlamentsmedlemmene vil ikke kalles dukker."), ("b", "Fotballkampen endte uavgjort.")]
    lb.build_lucene_index(docs, "nb", tmp_path / "nb")
    run = lb.search_lucene(tmp_path / "nb", {"q": "parlamentsmedlemmer", "none": "xyzzy"}, "nb")
    assert [d for d, _ in run["q"]] == ["a"]
    assert run["none"] == []


def test_rebuilding_replaces_the_index_and_duplicates_are_refused(tmp_path):
    lb.build_lucene_index([("a", "first text")], "en", tmp_path)
    lb.build_lucene_index([("b", "second text")], "en", tmp_path)
    assert lb.search_lucene(tmp_path, {"q": "text"}, "en")["q"][0][0] == "b"
    assert len(lb.search_lucene(tmp_path, {"q": "text"}, "en")["q"]) == 1
    with pytest.raises(ValueError, match="duplicate"):
        lb.build_lucene_index([("a", "x"), ("a", "y")], "en", tmp_path / "dup")
    with pytest.raises(ValueError, match="unsupported language"):
        lb.build_lucene_index([("a", "x")], "fr", tmp_path / "fr")


@needs_data
def test_multilingual_index_and_eval_harness(tmp_path, few_articles):
    search_fn = lb.lucene_search_fn(ntrex_collection(few_articles), tmp_path)
    assert lb.index_languages(tmp_path) == ["da", "de", "en", "nb", "nl"]
    # A German headline against German bodies only finds its German article first.
    topics = headline_topics(few_articles, ["de"])
    run = search_fn(topics, frozenset({"de"}))
    for qid, hits in run.items():
        assert hits[0][0] == qid and all(d.startswith("de:") for d, _ in hits)
    # Mixed: hits from several languages, merged best first.
    mixed = search_fn(topics, None)
    for hits in mixed.values():
        assert len({d.split(":")[0] for d, _ in hits}) > 1
        assert all(a[1] >= b[1] for a, b in zip(hits, hits[1:]))
    result = evaluate(search_fn, few_articles, pairs=[("en", "de"), ("da", "nb")])
    assert result["monolingual"]["en"]["nDCG@10"] > 0.9
    assert set(result["cross_lingual"]) == {"en->de", "da->nb"}
    assert 0 < result["mixed"]["R@100"] <= 1
