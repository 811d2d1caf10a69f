"""The batch path of the per-article stages (what the build workers run) against one at a time."""
from __future__ import annotations

import pytest

from indexer.bench.corpus import write_corpus
from indexer.build import pipeline as pipeline_module
from indexer.build.pipeline import Pipeline
from indexer.config import load_config
from indexer.eval.ntrex import DEFAULT_DATA_DIR
from indexer.ingest.files import iter_corpus
from indexer.records import Article, Skipped

from conftest import SEEDS


@pytest.fixture(scope="module")
def seed_documents(tmp_path_factory):
    """The seed articles and 60 synthetic ones (every language, several to a batch)."""
    config = load_config()
    folder = tmp_path_factory.mktemp("pipeline-corpus")
    write_corpus(folder / "synthetic.jsonl", 60, DEFAULT_DATA_DIR, seed=7)
    for seed in SEEDS:
        (folder / seed.name).write_bytes(seed.read_bytes())
    return config, [doc for doc in iter_corpus(folder, config.ingest) if not isinstance(doc, Skipped)]


def test_a_batch_gives_the_same_articles_as_one_at_a_time(seed_documents):
    """The NER model runs once per language over the batch: the articles must not change."""
    config, documents = seed_documents
    pipeline = Pipeline(config)
    assert {doc.lang for doc in documents} == {None, "da", "de", "en", "nb", "nl"}
    batched = pipeline.process_many(documents)
    assert all(isinstance(article, Article) for article in batched)
    assert [article.to_dict() for article in batched] == [pipeline.process(doc).to_dict() for doc in documents]


def test_an_article_that_fails_fails_alone(seed_documents, monkeypatch):
    config, documents = seed_documents
    documents = documents[:6]
    broken = documents[2].doc_id
    real = pipeline_module.extract_numbers

    def numbers(text, lang):
        if text.startswith(_text_of(documents[2])):
            raise ValueError("a stage failed")
        return real(text, lang)

    monkeypatch.setattr(pipeline_module, "extract_numbers", numbers)
    results = Pipeline(config).process_many(documents)
    assert [doc.doc_id for doc, result in zip(documents, results) if isinstance(result, Exception)] == [broken]
    assert str(results[2]) == "a stage failed"
    assert all(isinstance(result, Article) for index, result in enumerate(results) if index != 2)


def _text_of(document) -> str:
    """The start of what extraction reads of a seed document: its headline (first line)."""
    return Pipeline(load_config()).prepare(document).text[:60]
