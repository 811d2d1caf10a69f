"""The store's building blocks: facet columns, prepared tokens, the backend size warning."""
from collections import Counter

import numpy as np

from indexer.analysis.analyzers import build_analyzer, default_settings
from indexer.analysis.prepared import PreparedAnalyzer, prepare, unpack
from indexer.config import load_config
from indexer.store.facet_counts import FacetColumn, mask_of
from indexer.store.whoosh_backend import WhooshBackend


def test_facet_columns_count_what_walking_the_documents_counts():
    rng = np.random.default_rng(5)
    docs = {d: set(rng.choice(["a", "b", "c", "d", "e"], size=rng.integers(0, 4)).tolist()) for d in range(300)}
    postings = [(value, [d for d, values in docs.items() if value in values]) for value in "abcde"]
    column = FacetColumn.from_postings(postings)
    matching = [d for d in docs if d % 3 == 0]
    expected = Counter(value for d in matching for value in docs[d])
    assert dict(column.count(mask_of(matching, len(docs)))) == dict(expected)
    assert dict(column.count(mask_of([], len(docs)))) == {}
    assert dict(FacetColumn.from_postings([]).count(mask_of([1], 3))) == {}


def test_prepared_tokens_are_the_chains_tokens_with_their_positions():
    analyzer = build_analyzer("de", default_settings("de"))
    text = "Die nordkoreanischen Soldaten: 12.000 Mann, sagte Verteidigungsminister Pistorius."
    expected = [(t.pos, t.text) for t in analyzer(text, positions=True)]
    assert unpack(prepare(analyzer, text)) == expected
    assert any(a[0] == b[0] for a, b in zip(expected, expected[1:])), "stacked tokens (compound parts) kept"
    wrapped = PreparedAnalyzer(analyzer)
    assert [(t.pos, t.text) for t in wrapped(prepare(analyzer, text), positions=True)] == expected
    assert [t.text for t in wrapped("Soldaten")] == [t.text for t in analyzer("Soldaten")]   # a query: the chain
    assert unpack(prepare(analyzer, "")) == []


def test_a_query_that_starts_like_a_packed_field_is_analysed_as_text():
    # The API fuzzer's query "\x00q..." was read as packed tokens: a 500 on every backend.
    wrapped = PreparedAnalyzer(build_analyzer("de", default_settings("de")))
    assert [t.text for t in wrapped("\x00Soldaten", mode="query")] == [t.text for t in wrapped("Soldaten", mode="query")]


def test_an_index_of_prepared_fields_answers_as_one_of_plain_text(tmp_path):
    from whoosh.qparser import QueryParser

    from indexer.records import Article

    config = load_config()
    articles = [Article(doc_id=f"d{i}", title=title, body=body, lang=lang) for i, (title, body, lang) in enumerate([
        ("Noord-Koreaanse troepen", "Duizenden Noord-Koreaanse soldaten vechten in Koersk.", "nl"),
        ("Nordkoreanske soldater", "3000 nordkoreanske soldater er sendt til Russland.", "nb"),
        ("Verteidigungsminister", "Der Verteidigungsminister sprach über 12.000 Soldaten.", "de")])]
    backend = WhooshBackend(config)
    found = []
    for name, prepared in (("plain", False), ("prepared", True)):
        writer = backend.writer(tmp_path / name)
        for article in articles:
            writer.add(article, backend.prepare(article) if prepared else None)
        writer.commit()
        reader = backend.open(tmp_path / name)
        with reader._searcher() as searcher:
            answers = []
            for field, text in [("body_nl", '"noord-koreaanse soldaten"'), ("body_nb", "soldat"), ("body_de", "minister"),
                                ("cognates", "solda"), ("body_de", "12000")]:
                query = QueryParser(field, reader._ix.schema).parse(text).accept(reader._on_twin)   # phrase: twin
                answers.append(sorted(hit["id"] for hit in searcher.search(query)))
        found.append(answers)
        reader.close()
    assert found[0] == found[1]
    assert all(found[0]), found[0]


def test_a_whoosh_build_past_its_comfortable_size_says_which_backend_to_use():
    backend = WhooshBackend(load_config())
    assert backend.size_warning(1_000) is None
    assert "lucene" in backend.size_warning(backend.comfortable_articles + 1)


def test_a_damaged_vector_cache_is_started_anew(tmp_path, caplog):
    import numpy as np

    from indexer.store.dense import _Cache

    path = tmp_path / "dense-vectors.sqlite"
    path.write_bytes(b"\x00garbage, not a database" * 100)
    cache = _Cache(path)
    cache.put({"k": np.ones(3, dtype=np.float32)})
    assert list(cache.get(["k"])["k"]) == [1, 1, 1] and "starting it anew" in caplog.text
    cache.close()
