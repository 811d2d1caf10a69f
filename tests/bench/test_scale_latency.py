"""``bench scale`` times each kind of query with its query vectors computed, not memoised."""
from indexer.bench.scale import WARM_UP, _latency, forget_query_vectors
from indexer.store import dense


def test_the_memo_is_emptied_between_the_warm_up_and_the_timed_queries():
    events = []
    params = [{"q": f"query {i}"} for i in range(WARM_UP + 5)]
    timing = _latency(lambda p: events.append(p["q"]), params, after_warm_up=lambda: events.append("forget"))
    assert events.index("forget") == WARM_UP
    assert events[WARM_UP + 1:] == [p["q"] for p in params]
    assert timing["n"] == len(params)


def test_forgetting_query_vectors_empties_their_memo():
    dense.embed_query.cache_clear()
    dense.embed_query("Noord-Koreaanse soldaten in Rusland")
    assert dense.embed_query.cache_info().currsize == 1
    forget_query_vectors()
    assert dense.embed_query.cache_info().currsize == 0
