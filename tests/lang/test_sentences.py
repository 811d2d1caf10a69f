"""The sentence a span stands in (the claims view shows it)."""
from indexer.lang.sentences import MAX_SENTENCE_CHARS, sentence_around


def cut(text: str, needle: str) -> str:
    start = text.index(needle)
    first, last = sentence_around(text, start, start + len(needle))
    return text[first:last]


def test_the_sentence_ends_at_end_marks_and_line_breaks_not_inside_numbers():
    text = "Eerste zin. Noord-Korea stuurt 10.000 soldaten, zegt Seoul! Derde zin.\nVolgende regel 3.5 keer"
    assert cut(text, "10.000 soldaten") == "Noord-Korea stuurt 10.000 soldaten, zegt Seoul!"
    assert cut(text, "3.5") == "Volgende regel 3.5 keer"
    assert cut("Kop met 1500 soldaten\n\nBody.", "1500") == "Kop met 1500 soldaten"


def test_a_very_long_sentence_is_cut_around_the_span():
    text = "woord " * 200 + "3000 soldaten " + "woord " * 200
    found = cut(text, "3000 soldaten")
    assert "3000 soldaten" in found and len(found) <= MAX_SENTENCE_CHARS + len("3000 soldaten")


def test_an_ordinal_or_an_abbreviation_does_not_end_a_sentence():
    """The claims view quoted "november meldte Seoul …": "Den 12. november" had ended a sentence."""
    for text, word, sentence in (
            ("Kyiv sa 3000. Den 12. november meldte Seoul 12.000 soldater. Det sa NIS.", "12.000",
             "Den 12. november meldte Seoul 12.000 soldater."),
            ("Vorher. Es sind ca. 3000 Soldaten. Dann mehr.", "3000", "Es sind ca. 3000 Soldaten."),
            ("Eins. Zwei drei.", "drei", "Zwei drei.")):
        start = text.index(word)
        first, last = sentence_around(text, start, start + len(word))
        assert text[first:last] == sentence, text
