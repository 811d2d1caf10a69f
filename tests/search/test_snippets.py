from indexer.analysis.analyzers import build_analyzer
from indexer.config import AnalyzerSettings
from indexer.search.snippets import CANDIDATE_PASSAGES, make_snippet

GERMAN = build_analyzer("de", AnalyzerSettings(stemmer="german", split_compounds=True))
FILLER = "Der Bericht wurde am Morgen veröffentlicht und später ergänzt."


def query_terms(query: str) -> set[str]:
    return {token.text for token in GERMAN(query)}


def body_with(passage: str, at: int, passages: int = 12) -> str:
    return "\n".join(passage if i == at else f"{FILLER} Absatz {i}." for i in range(passages))


def test_the_passage_with_the_query_words_is_found_far_down_the_article():
    body = body_with("Nordkoreanische Soldaten kämpfen in der Region Kursk.", at=9)
    snippet = make_snippet(body, query_terms("Soldaten Kursk"), GERMAN, 200)
    assert "Kursk" in snippet.text
    assert "<mark>Soldaten</mark>" in snippet.html and "<mark>Kursk</mark>" in snippet.html


def test_a_compound_part_counts_when_passages_are_preselected():
    # "Kriegsgefangene" holds the query's "gefangene" only as a compound part.
    body = body_with("Tausende Kriegsgefangene wurden ausgetauscht.", at=7)
    assert "Kriegsgefangene" in make_snippet(body, query_terms("Gefangene"), GERMAN, 200).text


def test_of_many_passages_with_one_query_word_the_one_with_all_words_wins():
    passages = [f"Die Soldaten warteten, Absatz {i}." for i in range(CANDIDATE_PASSAGES + 6)]
    passages[-1] = "Die Soldaten in Kursk erhielten neue Befehle."
    snippet = make_snippet("\n".join(passages), query_terms("Soldaten Kursk Befehle"), GERMAN, 200)
    assert snippet.text.startswith("Die Soldaten in Kursk")


def test_without_a_match_the_lead_is_shown():
    body = body_with("Nichts davon.", at=3)
    assert make_snippet(body, query_terms("Raumfahrt"), GERMAN, 200).text.startswith(FILLER)


def test_a_word_in_most_passages_still_picks_a_passage_that_has_it():
    """Over three passages BM25's IDF of a word in two of them is negative: the passage without
    the story's key word must not win for that."""
    body = ("Die Ukraine exportierte im September vier Millionen Tonnen Getreide, mehr als je zuvor seit Kriegsbeginn.\n"
            "Der Großteil ging über die Häfen von Odesa, die wieder voll arbeiten.\n"
            "Händler in Odesa erwarten für Oktober noch höhere Mengen.")
    snippet = make_snippet(body, query_terms("Odesa"), GERMAN, 120)
    assert "<mark>Odesa</mark>" in snippet.html, snippet.text
