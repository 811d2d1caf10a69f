"""The fusion of the lexical and the dense channel (``indexer.store.dense.fuse``)."""
import numpy as np

from indexer.search.ranking import query_language
from indexer.store.dense import fuse


def test_zscore_fusion_puts_both_channels_on_one_scale():
    lexical = [30.0, 20.0, 10.0]                 # BM25 units
    cosine = [0.80, 0.82, 0.84]                  # e5 cosines: a narrow band
    fused = fuse(lexical, cosine, "zscore", 60, 1.0, 1.0)
    assert np.allclose(fused, [0.5, 0.5, 0.5])   # equal and opposite evidence: a tie, whatever the units
    lexical_wins = fuse(lexical, cosine, "zscore", 60, 1.0, 2.0)
    assert np.argmax(lexical_wins) == 0
    dense_wins = fuse(lexical, cosine, "zscore", 60, 1.0, 0.5)
    assert np.argmax(dense_wins) == 2
    assert np.allclose(fuse([1e3 * x for x in lexical], cosine, "zscore", 60, 1.0, 2.0), lexical_wins)


def test_the_lexical_weight_is_per_candidate():
    lexical, cosine = [10.0, 10.0, 0.0], [0.8, 0.9, 0.7]
    fused = fuse(lexical, cosine, "zscore", 60, 1.0, [1.0, 0.0, 1.0])
    assert fused[1] > fused[0]                   # the second candidate's lexical score counts for nothing
    assert np.allclose(fuse([5.0, 5.0], [0.8, 0.8], "zscore", 60, 1.0), [0.5, 0.5])   # no spread: no NaN


def test_the_other_fusions_are_kept():
    assert np.argmax(fuse([3.0, 1.0], [0.80, 0.90], "score", 60, 25.0)) == 1
    assert np.argmax(fuse([3.0, 1.0], [0.80, 0.90], "rrf", 60, 0.5)) == 0
    assert len(fuse([], [], "zscore", 60, 1.0)) == 0


def test_the_query_language_decides_which_lexical_weight_applies():
    languages = ("nl", "de", "da", "nb", "en")
    assert query_language("Wie viele Punkte gab die Verteidigung der Panthers ab?", languages, "en") == "de"
    assert query_language("What is the Saxon Garden in Polish?", languages, "en") == "en"
