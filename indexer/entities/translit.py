"""Cross-lingual name keys: one spelling-neutral key per name, whatever the language.

News in Dutch, German, Danish, Norwegian and English writes a foreign name each in its own
transliteration: Poetin / Putin, Selenskyj / Zelensky / Zelenskyy, Loekasjenko / Lukaschenko /
Lukashenko, Gerassimow / Gerasimov, Wladiwostok / Vladivostok, Jakoetië / Jakutien / Yakutia.
In the spirit of Steinberger & Pouliquen (JRC, "Cross-lingual named entity recognition",
2007) every name is reduced to a *key* by a few ordered, language-independent rewrite rules;
variants of one name then share a key, or their keys are close enough for a fuzzy score
(rapidfuzz) above ``extract.fuzzy_threshold``.

    name_key("Loekasjenko") == name_key("Lukaschenko") == "lukashenko"
    name_key("Selenskyj") == name_key("Zelenskyy") == "selenski"

The rules, in order (each a few lines below, testable alone):

1. fold: lowercase, strip diacritics (ë -> e, ö -> o), æ -> ae, ø -> o, ß -> ss;
   hyphens and apostrophes separate words;
2. digraphs: dzh/dsch -> j; schtsch/sjtsj -> shch; tsch/tsj/tch -> ch;
   sch/sj/zh/zj -> sh; kh -> ch (German/Dutch write Russian х as ch; JRC maps kh -> h,
   we keep the ch that German and Dutch use); ck -> k; ph -> f; qu -> kv; x -> ks;
   c -> s before e/i/y, else k (not in ch);
3. letters: consonant + je -> e (Medvedjev); w -> v; Dutch oe -> u; ou -> u; j -> i; y -> i; ie -> i; tz/ts/z -> s;
4. doubled letters -> one (so -ij, -yj, -iy, -yy, -ii all end in -i).
Before these, endings of long words: -ija/-iya/-ien/-ia/-ie -> -i (Jakutija, Jakutien,
Yakutia, Jakoetië), -off -> -ov.

A key is lossy on purpose: it is compared, never shown.  ``strip_genitive`` handles the
genitive (Putins, Putin's, NATOs, Nordkoreas, Pyongyangs) when the base name is known.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Container
from functools import lru_cache

from indexer.lang.folding import fold_for_names

# -- the key -------------------------------------------------------------------------------
_DIGRAPHS = [
    ("dzh", "j"), ("dsch", "j"), ("dsj", "j"),
    ("schtsch", "shch"), ("sjtsj", "shch"), ("shtsh", "shch"),
    ("tsch", "ch"), ("tsj", "ch"), ("tch", "ch"),
    ("sch", "sh"), ("sj", "sh"), ("zh", "sh"), ("zj", "sh"),
    ("kh", "ch"), ("ck", "k"), ("ph", "f"), ("qu", "kv"), ("x", "ks"),
]
_C_SOFT = re.compile(r"c(?=[eiy])")
_SOFT_E = re.compile(r"(?<=[bdfglmnprstvz])je")        # Dutch/German Medvedjev, Kiseljov: -je- is -e-
_C_HARD = re.compile(r"c(?!h)")
_LETTERS = [("w", "v"), ("oe", "u"), ("ou", "u"), ("j", "i"), ("y", "i"), ("ie", "i"),
            ("tz", "s"), ("ts", "s"), ("z", "s")]
_DOUBLED = re.compile(r"(.)\1+")
_ENDINGS = [("ija", "i"), ("iya", "i"), ("ien", "i"), ("ia", "i"), ("ie", "i"), ("off", "ov")]
_WORD = re.compile(r"[a-z]+")


def _word_key(word: str) -> str:
    if len(word) >= 5:
        for old, new in _ENDINGS:
            if word.endswith(old):
                word = word[: -len(old)] + new
                break
    for old, new in _DIGRAPHS:
        word = word.replace(old, new)
    word = _C_HARD.sub("k", _C_SOFT.sub("s", word))
    word = _SOFT_E.sub("e", word)
    for old, new in _LETTERS:
        word = word.replace(old, new)
    return _DOUBLED.sub(r"\1", word)


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """The spelling-neutral key of a name (see the module docstring); "" for no letters."""
    words = _WORD.findall(fold_for_names(name))
    return " ".join(_word_key(word) for word in words)


def dedupe_letters(text: str) -> str:
    """Doubled letters made single: "noord-koreaanse" -> "nord-koreanse"."""
    return _DOUBLED.sub(r"\1", text)


# -- similarity ----------------------------------------------------------------------------
def key_similarity(a: str, b: str) -> float:
    """0..100: how alike two keys are (rapidfuzz ratio; identical keys score 100)."""
    if a == b:
        return 100.0
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b)


def same_name(a: str, b: str, threshold: float = 90.0) -> bool:
    """Whether two written names are variants of one name: equal keys, or keys at least
    ``threshold`` alike."""
    return key_similarity(name_key(a), name_key(b)) >= threshold


# -- genitive ------------------------------------------------------------------------------
def strip_genitive(word: str, is_known: Callable[[str], bool] | Container[str] | None = None) -> str:
    """The base of a genitive name: "Putin's" -> "Putin"; "Putins", "NATOs", "Nordkoreas",
    "Pyongyangs" -> the form without -s when ``is_known(base)`` (or ``base in is_known``).

    Without ``is_known`` only the apostrophe forms are stripped ("Putin's", "Paris'").
    """
    for suffix in ("'s", "’s", "'", "’"):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)]
    if is_known is not None and len(word) > 3 and word.endswith("s"):
        base = word[:-1]
        known = is_known(base) if callable(is_known) else base in is_known
        if known:
            return base
    return word


def english_likeness(surface: str) -> int:
    """A rough score of how English a spelling of a foreign name looks (higher: more):
    plain ASCII, no Dutch oe/sj/ij, no German w-/sch/-ow, no -yj endings."""
    text = surface.strip()
    score = 2 if text.isascii() else 0
    low = text.lower()
    for pattern in ("oe", "sj", "tsj", "sch", "ij", "yj", "ow ", "dsch"):
        if pattern in low + " ":
            score -= 1
    if low.startswith("w") or " w" in low:
        score -= 1
    if low.endswith("ow") or low.endswith("s"):
        score -= 1
    return score
