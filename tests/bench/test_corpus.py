"""The scale corpus: real sentences, every language, deterministic, streamed to JSON Lines."""
import json

from indexer.bench.corpus import LANGUAGE_SHARES, synthetic_articles, write_corpus
from indexer.eval.ntrex import DEFAULT_DATA_DIR


def test_synthetic_articles_are_made_of_the_pools_sentences():
    pools = {lang: [f"{lang} sentence number {i} with words." for i in range(40)] for lang in LANGUAGE_SHARES}
    articles = list(synthetic_articles(pools, 200, seed=3))
    assert articles == list(synthetic_articles(pools, 200, seed=3))
    assert {a["lang"] for a in articles} == set(LANGUAGE_SHARES)
    for article in articles:
        lines = article["text"].split("\n")
        assert 8 <= len(lines) <= 20 and set(lines) <= set(pools[article["lang"]])
        assert article["date"].startswith("2024-") and article["source"]
    assert len({a["id"] for a in articles}) == 200


def test_write_corpus_writes_one_record_per_line(tmp_path):
    path = tmp_path / "c.jsonl"
    assert write_corpus(path, 30, DEFAULT_DATA_DIR) == 30
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 30 and all(r["text"] and r["title"] for r in records)
