"""An article's dense vector: its lead's, with its opening sentence weighed in (``article_vectors``)."""
import numpy as np

from indexer.records import Article
from indexer.store.dense import article_vectors, embed_passages, lead, opening

BODY = ("Noord-Korea heeft duizenden soldaten naar Rusland gestuurd, zegt de Zuid-Koreaanse inlichtingendienst. "
        "De troepen worden getraind in het oosten van het land. Volgens Seoel gaat het om 3000 man.")


def test_the_opening_is_the_first_sentence_with_the_headline():
    assert opening(lead("", BODY, 600)) == BODY.split(". ")[0] + "."
    titled = lead("Troepen naar Rusland", BODY, 600)
    assert opening(titled).startswith("Troepen naar Rusland\nNoord-Korea heeft") and opening(titled).endswith("dienst.")
    assert opening("Kort bericht zonder punt") == "Kort bericht zonder punt"
    assert len(opening("woord " * 200)) <= 300


def test_the_article_vector_weighs_the_opening_into_the_leads(tmp_path):
    article = Article("x", "", BODY, "nl")
    cache = tmp_path / "vectors.sqlite"
    lead_vector, opening_vector = embed_passages([lead("", BODY, 600), opening(lead("", BODY, 600))], cache)
    assert np.allclose(article_vectors([article], 600, 0.0, cache)[0], lead_vector)
    weighed = article_vectors([article], 600, 0.25, cache)[0]
    expected = lead_vector + 0.25 * opening_vector
    assert np.allclose(weighed, expected / np.linalg.norm(expected), atol=1e-6)
    assert np.isclose(np.linalg.norm(weighed), 1.0, atol=1e-6)
