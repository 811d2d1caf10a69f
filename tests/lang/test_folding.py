import random
import unicodedata

from indexer.lang.folding import _SEARCH_LETTERS_MAP, fold_for_search, fold_text_for_search, strip_marks


def folded_by_definition(text: str) -> str:
    """What ``fold_for_search`` means: the dozen letters spelled out, then every combining mark
    of the compatibility decomposition dropped, recomposed."""
    return unicodedata.normalize("NFC", strip_marks(text.translate(str.maketrans(_SEARCH_LETTERS_MAP))))


def test_the_fast_folding_gives_what_the_definition_gives_on_latin_and_other_scripts():
    latin = [chr(code) for low, high in ((0x80, 0x250), (0x300, 0x370), (0x1E00, 0x1F00), (0x2000, 0x2070))
             for code in range(low, high)]
    others = ["\u1100", "\u1161", "\ufb01", "Ａ", "ж", "\u0915\u093c", "x"]     # jamo recompose; a ligature
    letters = latin + others + list(_SEARCH_LETTERS_MAP) * 5 + list("abcXYZ 09.-")
    generator = random.Random(5)
    for _ in range(20000):
        text = "".join(generator.choice(letters) for _ in range(generator.randint(1, 8)))
        assert fold_text_for_search(text) == folded_by_definition(text), repr(text)


def test_folding_real_words():
    assert fold_for_search("straße kyïv færøerne sør-trøndelag") == "strasse kyiv faeroerne sor-trondelag"
    assert fold_for_search("\u1100\u1161") == "\uac00"      # outside the Latin blocks: composed as before
