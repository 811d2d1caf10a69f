"""Ranking through the CLI (build --corpus, batch-search), its channels, and the NTREX harness."""
from __future__ import annotations

import json
import re

import numpy as np
import pytest

from indexer.store.base import SearchRequest
from indexer.cli import main as cli_main
from indexer.config import load_config
from indexer.store.dense import DenseIndex
from indexer.eval.ntrex import DEFAULT_DATA_DIR, load_ntrex, only_articles
from indexer.eval.retrieval import (VARIANTS, build_ours, evaluate, headline_topics, ntrex_collection,
                                    ours_search_fn, with_channels)
from indexer.search.service import SearchService
from indexer.eval import dense_ceiling

needs_data = pytest.mark.skipif(not (DEFAULT_DATA_DIR / "ntrex").is_dir(),
                                reason=f"NTREX data not found at {DEFAULT_DATA_DIR / 'ntrex'}")

TINY = [
    {"id": "nl-1", "lang": "nl", "title": "Noord-Koreaanse troepen in Rusland",
     "text": "Duizenden Noord-Koreaanse soldaten zijn naar Rusland gestuurd, zegt de NAVO."},
    {"id": "da-1", "lang": "da", "title": "Nordkoreanske soldater i Rusland",
     "text": "Tusindvis af nordkoreanske soldater er sendt til Rusland, siger NATO."},
    {"id": "de-1", "lang": "de", "title": "Nordkoreanische Soldaten in Russland",
     "text": "Tausende nordkoreanische Soldaten wurden nach Russland geschickt, sagt die NATO."},
    {"id": "en-1", "lang": "en", "title": "Football: a draw in Oslo",
     "text": "The match in Oslo ended in a draw after a quiet first half."},
    {"id": "nb-1", "lang": "nb", "title": "Fotballkampen endte uavgjort",
     "text": "Kampen i Oslo endte uavgjort etter en rolig første omgang."},
]
QUERIES = {"q1": "nordkoreanske soldater", "q2": "North Korean troops", "q3": "Fotball Oslo", "q4": "Hezbollah"}


@pytest.fixture(scope="module")
def tiny_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("tiny")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "tiny.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in TINY) + "\n",
                                       encoding="utf-8")
    assert cli_main(["build", "--corpus", str(corpus), "--index", str(root / "index"), "--quiet"]) == 0
    return root


def test_batch_search_writes_a_trec_run_in_the_apps_order(tiny_index, capsys):
    topics = tiny_index / "topics.tsv"
    topics.write_text("".join(f"{qid}\t{query}\n" for qid, query in QUERIES.items()), encoding="utf-8")
    run_file = tiny_index / "run.trec"
    assert cli_main(["batch-search", "--index", str(tiny_index / "index"), "--topics", str(topics),
                     "--output", str(run_file), "--hits", "10"]) == 0
    run: dict[str, list[tuple[int, str, float]]] = {}
    for line in run_file.read_text(encoding="utf-8").splitlines():
        qid, q0, docid, rank, score, tag = line.split()
        assert q0 == "Q0" and tag
        run.setdefault(qid, []).append((int(rank), docid, float(score)))
    service = SearchService(load_config(), index_dir=tiny_index / "index")
    for qid, query in QUERIES.items():
        api = [hit["id"] for hit in service.search({"q": [query], "size": ["10"], "related": ["inline"]})["hits"]]
        lines = run.get(qid, [])
        assert [docid for _, docid, _ in lines] == api, qid
        assert [rank for rank, _, _ in lines] == list(range(1, len(lines) + 1))
        scores = [score for _, _, score in lines]
        assert scores == sorted(scores, reverse=True), "trec_eval sorts by score: it must follow the rank"
    assert "q4" not in run                                  # no word of it in the corpus: no hit
    assert {docid for _, docid, _ in run["q1"][:3]} == {"nl-1", "da-1", "de-1"}


def test_channel_switches_change_the_query_and_the_ranking(tiny_index):
    config = load_config()
    index = tiny_index / "index"

    def ranked(channels: dict, query: str, langs=()):
        service = SearchService(with_channels(config, channels), index_dir=index)
        request = SearchRequest(query=query, langs=list(langs), size=10, related_inline=True)
        return [hit.id for hit in service.rank(request).hits]

    lexical = {"lexical": True, "entities": False, "cognates": False, "dense": False}
    # Danish "soldaterne" meets German "Soldaten" only through the cognate field ("solda"): the
    # German chain stems it to "soldatern".
    assert ranked(lexical, "soldaterne", ["de"]) == []
    assert ranked({**lexical, "cognates": True}, "soldaterne", ["de"]) == ["de-1"]
    # The parsed query differs: the cognate channel adds the cognate field.
    reader = SearchService(with_channels(config, {**lexical, "cognates": True}), index_dir=index).reader()
    assert "cognates" in str(reader._query(SearchRequest(query="Soldaten")))
    plain = SearchService(with_channels(config, lexical), index_dir=index).reader()
    assert "cognates" not in str(plain._query(SearchRequest(query="Soldaten")))
    # Dense adds neighbours to a query that matched something, never to one that matched nothing.
    assert len(ranked(VARIANTS["all"], "Soldaten")) > len(ranked(VARIANTS["all but dense"], "Soldaten"))
    assert ranked(VARIANTS["all"], "Hezbollah") == []
    # Everything off but entities: only a query naming an entity finds anything.
    entities = {"lexical": False, "entities": True, "cognates": False, "dense": False}
    assert ranked(entities, "Fotball") == []


def test_dense_feedback_moves_the_query_toward_the_given_articles():
    matrix = np.eye(3, dtype=np.float32)
    dense = DenseIndex(matrix, ["a", "b", "c"], ["nl", "da", "de"])
    query = np.array([0.0, 0.0, 1.0], dtype=np.float32)
    moved = dense.feedback(query, ["a"], weight=1.0)
    assert np.isclose(np.linalg.norm(moved), 1.0)
    assert dense.similarities(moved, ["a"])[0] > dense.similarities(query, ["a"])[0]
    assert dense.similarities(moved, ["b"])[0] == pytest.approx(0.0)
    assert dense.feedback(query, ["a"], weight=0.0) is query        # weight 0: feedback off
    assert dense.feedback(query, ["unknown"], weight=1.0) is query  # nothing known to move toward


def test_feedback_reads_other_languages_only_when_configured(tiny_index, monkeypatch):
    """The feedback pass looks past a language filter (the story as told in the other
    languages) unless ``feedback_across_languages`` is off; the ranked result keeps the filter."""
    seen: list[list[str]] = []
    original = DenseIndex.feedback

    def spy(self, query, doc_ids, weight):
        seen.append(list(doc_ids))
        return original(self, query, doc_ids, weight)

    monkeypatch.setattr(DenseIndex, "feedback", spy)
    for across in (True, False):
        config = load_config()
        config.ranking.feedback_docs = 3
        config.ranking.feedback_across_languages = across
        service = SearchService(config, index_dir=tiny_index / "index")
        hits = service.rank(SearchRequest(query="nordkoreanske soldater", langs=["de"], size=10)).hits
        assert [hit.id for hit in hits][:1] == ["de-1"]
        assert all(hit.lang == "de" for hit in hits)
    across_ids, within_ids = seen
    assert "da-1" in across_ids and len(across_ids) == 3
    assert all(doc_id.startswith("de-") for doc_id in within_ids)


@pytest.fixture(scope="module")
def few_ntrex(tmp_path_factory):
    ntrex = load_ntrex(DEFAULT_DATA_DIR)
    few = only_articles(ntrex, list(ntrex["en"])[::25][:5])
    index = build_ours(load_config(), ntrex_collection(few), tmp_path_factory.mktemp("ntrex"))
    return few, index


@needs_data
def test_a_danish_headline_finds_its_german_body_first(few_ntrex):
    few, index = few_ntrex
    search_fn = ours_search_fn(load_config(), index)
    topics = headline_topics(few, ["da"])
    run = search_fn(topics, frozenset({"de"}))
    for qid, hits in run.items():
        assert hits[0][0] == "de:" + qid.split(":", 1)[1], (topics[qid], hits[:3])
        assert all(docid.startswith("de:") for docid, _ in hits)


@needs_data
def test_the_harness_scores_every_task_end_to_end(few_ntrex):
    few, index = few_ntrex
    result = evaluate(ours_search_fn(load_config(), index), few, pairs=[("en", "de"), ("nb", "nl")])
    assert set(result["cross_lingual"]) == {"en->de", "nb->nl"}
    assert set(result["monolingual"]) == {"en", "de", "nl", "da", "nb"}
    assert result["mixed"]["R@100"] == 1.0                 # 25 documents: all five versions are found
    assert result["mixed"]["nDCG@10"] > 0.9
    assert min(m["RR@10"] for m in result["cross_lingual"].values()) > 0.9


def test_the_e5_lexicon_translates_a_query_word_into_the_document_language():
    lexicon = dense_ceiling.Lexicon({"de": ["wetter", "soldaten", "fußball", "regierung"]},
                                                   {"soldiers"})
    terms = lexicon.expand(["soldiers"], "de")
    assert terms["soldiers"] == 1                      # the query word itself keeps its weight
    added = {term: weight for term, weight in terms.items() if term != "soldiers"}
    assert max(added, key=added.get) == "soldaten", added


@needs_data
def test_the_ceiling_script_reports_every_experiment(capsys):
    assert dense_ceiling.main(["--articles", "3"]) == 0
    rows = re.findall(r"^(.+?)\s+(\d\.\d{3}) \((\d\.\d{3})\)$", capsys.readouterr().out, re.MULTILINE)
    assert len(rows) == 10, rows
    assert all(float(worst) <= float(mean) <= 1 for _name, mean, worst in rows)
