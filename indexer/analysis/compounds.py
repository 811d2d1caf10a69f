"""Word lists and the word-level functions behind the analysis filters.

* ``split_compound(lang, word)``: the parts of a closed compound, found by dynamic programming
  over the language's lexicon with linking elements (``forsvarsminister`` -> ``forsvar``,
  ``minister``).
* ``place_bases(lang, word)``: the place names a place adjective or inhabitant noun derives
  from (``nordkoreanske`` -> ``nordkorea``; ``koreaanse`` -> ``korea``; ``Berliner`` -> ``berlin``).
* ``is_place(word)``: the word is a known place name (places are never stemmed, so every chain
  writes ``korea`` the same way).

The lists are read through ``indexer.lang``; they are read
once per process, on first use, into module-level caches, so nothing big is ever pickled with
an analyzer.  Every function is memoised: a news corpus repeats its words.
"""
from __future__ import annotations

import math
from functools import lru_cache

from indexer.lang import STEMMER_NAMES, folded_places, lexicon, places, stem, stemmer_for_language, stopwords
from indexer.lang.folding import fold_for_search

# Compound splitting, per language: the linking elements allowed between two parts.
LINKS = {
    "de": ("s", "es", "n", "en", "er", "e", "ens"),
    "nl": ("s", "e", "en", "er"),
    "da": ("s", "e"),
    "nb": ("s", "e"),
    "en": (),
}
# Derivational suffixes and verb prefixes that look like words but never stand as a compound's
# part (German "Wirtschaft" is not "Wirt" + "Schaft", Dutch "verleden" not "ver" + "leden").
NOT_PARTS = {
    "de": {"schaft", "schaften", "heit", "heiten", "keit", "keiten", "ung", "ungen", "lich", "liche", "lichen",
           "isch", "ische", "chen", "lein", "tum", "nis", "nisse", "ling", "linge", "lingen", "bar", "sam", "haft",
           "reiche", "reichen", "reicher", "reiches", "ver", "zer", "ent", "emp", "miss", "einge", "ange",
           "ausge", "abge", "aufge", "vorge", "zuge", "rung", "rungen"},
    "nl": {"heid", "heden", "schap", "schappen", "ing", "ingen", "lijk", "lijke", "isch", "ische", "baar", "zaam",
           "achtig", "loos", "loze", "tje", "tjes", "ling", "lingen", "eling", "elingen", "rijke",
           "ver", "ont", "her", "uitge", "opge", "aange", "inge", "voorge", "ring", "ringen"},
    "da": {"skab", "skaber", "skabet", "hed", "heden", "heder", "else", "elser", "ning", "ninger", "lig", "lige",
           "isk", "iske", "bar", "agtig", "agtige", "som", "somme", "ling", "linge", "lingen",
           "ring", "ringen", "ringer", "inger", "ingen"},
    "nb": {"skap", "skapet", "skaper", "het", "heten", "heter", "else", "elser", "ning", "ninger", "lig", "lige",
           "isk", "iske", "bar", "aktig", "aktige", "som", "somme", "ling", "linger", "lingen",
           "ring", "ringen", "ringer", "inger", "ingen"},
    "en": set(),
}
MIN_COMPOUND = 7            # shorter words are never split
SHORT_PART = 3              # parts are at least 3 letters long, and short parts must be common:
MAX_PART_RANK = {3: 3000,   # 3 letters: among the 3,000 commonest words ("süd", "syd", "hus", "rat")
                 4: 15_000}  # 4 letters: among the 15,000 commonest (not abbreviations like "ausg")
MAX_RANK = 60_000           # rarer lexicon words are never parts (the tail holds noise)
HEAD_RANK_FACTOR = 4        # a word is not split when its last part is 4x rarer ("demokrater" != "demo" + "krater")
SHORT_PART_PENALTY = 1.0    # 3-letter parts are the likeliest false ones ("pro" + "cent"): cost more
KEEP_WHOLE_MARGIN = 1.0     # a word this much commoner than its parts (mean log rank) is not split
PLACE_COST = math.log(2000)  # a place name counts as a part of rank 2,000

# Place adjectives and inhabitant nouns: suffixes stripped before the stem is completed with
# one of RESTORE and looked up in the place list.  Only a hit in the list counts, so the tables
# can be generous.
_ADJ_ENDINGS = {"de": ("", "e", "en", "er", "es", "em"), "nl": ("", "e"), "da": ("", "e"), "nb": ("", "e"),
                "en": ("",)}
_ADJ_CORES = {
    "de": ("anisch", "ianisch", "isch", "äisch", "esisch"),
    "nl": ("aans", "iaans", "ees", "ens", "isch", "s"),
    "da": ("ansk", "iansk", "isk", "æisk", "sk", "ensk"),
    "nb": ("ansk", "iansk", "isk", "eisk", "sk", "ensk"),
    "en": ("an", "ian", "ean", "ese", "ish", "ans", "ians", "eans"),
}
_NOUN_SUFFIXES = {
    "de": ("aner", "anern", "anerin", "anerinnen", "er", "ern", "erin", "erinnen", "ese", "esen", "s"),
    "nl": ("aan", "anen", "er", "ers", "ees", "ezen", "s"),
    "da": ("aner", "anere", "anerne", "er", "ere", "erne", "s"),
    "nb": ("aner", "anere", "anerne", "er", "ere", "erne", "s"),
    "en": ("er", "ers", "ese"),
}
# Compass words that begin place names in the five languages ("Nordkorea", "Noord-Korea",
# "Südsudan", "Østtimor"): a place name made of one of these and a place also names that place.
COMPASS = ("nord", "noord", "north", "süd", "sud", "syd", "sør", "zuid", "south", "ost", "oost", "øst", "east",
           "west", "vest", "nordost", "nordwest", "südost", "südwest", "noordoost", "noordwest", "zuidoost",
           "zuidwest", "nordøst", "nordvest", "sydøst", "sydvest", "sørøst", "sørvest", "northeast",
           "northwest", "southeast", "southwest", "mittel", "midden", "central", "zentral", "sentral")
RESTORE = ("", "a", "e", "en", "ien", "ia", "ie", "ië", "land", "o", "y", "i", "ne", "n", "ain", "ey")
GENITIVE = "s"              # "Koreas", "Berlins": only the bare name is restored
MIN_PLACE_STEM = 4          # what is left after the suffix; 3 letters do with an ending of <= 3 ("syr-ien")


def _suffixes(lang: str) -> tuple[str, ...]:
    found = {core + end for core in _ADJ_CORES.get(lang, ()) for end in _ADJ_ENDINGS.get(lang, ("",))}
    found.update(_NOUN_SUFFIXES.get(lang, ()))
    return tuple(sorted(found, key=len, reverse=True))


SUFFIXES = {lang: _suffixes(lang) for lang in _ADJ_CORES}


# -- word functions --------------------------------------------------------------------------

@lru_cache(maxsize=200_000)
def is_place(word: str) -> bool:
    return word in places() or fold_for_search(word) in folded_places()


@lru_cache(maxsize=200_000)
def compass_place(word: str) -> str | None:
    """The place in a compass-prefixed place name: "nordkorea", "noord-korea" -> "korea"."""
    if not is_place(word):
        return None
    for compass in COMPASS:
        if word.startswith(compass) and len(word) > len(compass) + 3:
            rest = word[len(compass):].lstrip("-")
            if rest in places():
                return rest
    return None


@lru_cache(maxsize=200_000)
def place_bases(lang: str, word: str) -> tuple[str, ...]:
    """Place names that ``word`` (lowercase) is an adjective, inhabitant or genitive of, and the
    place a compass-prefixed name lies in ("nordkoreanske" -> "nordkorea", "korea")."""
    found = list(_derived_places(lang, word))
    for name in [word] + found:
        inner = compass_place(name)
        if inner and inner not in found:
            found.append(inner)
    return tuple(found)


def _derived_places(lang: str, word: str) -> tuple[str, ...]:
    if len(word) < MIN_PLACE_STEM or is_place(word):
        return ()
    names = places()
    found: list[str] = []
    for suffix in SUFFIXES.get(lang, ()):
        if not word.endswith(suffix) or len(word) - len(suffix) < MIN_PLACE_STEM - 1:
            continue
        stem = word[: len(word) - len(suffix)]
        for ending in ("",) if suffix == GENITIVE else RESTORE:
            if len(stem) < MIN_PLACE_STEM and len(ending) > 3:
                continue
            candidate = stem + ending
            if candidate in names and candidate != word and candidate not in found:
                found.append(candidate)
    return tuple(found)


def _part_cost(lang: str, part: str, lex: dict[str, int], relaxed: bool = False) -> float | None:
    """Cost (log rank) of ``part`` as a compound part, or None if it cannot be one.

    ``relaxed``: inside a place name ("südkorea") any lexicon word of 3+ letters may precede."""
    if part in NOT_PARTS.get(lang, ()) or part in stopwords(lang):
        return None
    rank = lex.get(part)
    if part in places():
        return min(PLACE_COST, math.log(rank + 2)) if rank is not None else PLACE_COST
    limit = MAX_RANK if relaxed else MAX_PART_RANK.get(len(part), MAX_RANK)
    if rank is None or len(part) < SHORT_PART or rank >= limit:
        return None
    return math.log(rank + 2) + (SHORT_PART_PENALTY if len(part) == SHORT_PART else 0.0)


def _head_cost(lang: str, part: str, lex: dict[str, int]) -> float | None:
    """Cost of ``part`` as the last part: a word, or a place adjective/genitive ("koreanske")."""
    cost = _part_cost(lang, part, lex)
    if cost is None and len(part) >= 4 and part not in NOT_PARTS.get(lang, ()):
        if place_bases(lang, part):
            cost = PLACE_COST
    return cost


def _head_fits(algorithm: str | None, word_stem: str, head: str) -> bool:
    """The last part must carry the word's stem: "flytende" is the verb "flyt" plus an ending,
    not "flyt" + "ende"; "plassering" is not "plass" + "ring".  So the part's stem (3+ letters)
    must end the word's stem."""
    if not algorithm:
        return True
    head_stem = stem(algorithm, head)
    return len(head_stem) >= 3 and word_stem.endswith(head_stem)


@lru_cache(maxsize=200_000)
def best_split(lang: str, word: str, margin: float = KEEP_WHOLE_MARGIN) -> tuple[str, ...]:
    """The best split of ``word`` into two or more parts (fewest parts, then commonest), or ().

    A word in the lexicon is kept whole when its log rank plus ``margin`` is below the mean log
    rank of its parts (Koehn & Knight's frequency test, loosened: we keep the whole word as a
    token anyway, so a split only adds recall)."""
    lex = lexicon(lang)
    n = len(word)
    if n < MIN_COMPOUND or not lex or not word.isalpha():
        return ()
    links = ("",) + LINKS.get(lang, ())
    algorithm = stemmer_for_language(lang) if lang in STEMMER_NAMES else None
    word_stem = stem(algorithm, word) if algorithm else word
    place = is_place(word)
    # best[i]: (number of parts, cost, parts) of the best split of word[i:], or None.
    best: list[tuple[int, float, tuple[str, ...]] | None] = [None] * (n + 1)
    for i in range(n - SHORT_PART, -1, -1):
        options = []
        if i > 0:
            head = word[i:]
            cost = _head_cost(lang, head, lex)
            if cost is not None and _head_fits(algorithm, word_stem, head) \
                    and (not place or is_place(head)):   # "nordkorea" ends in a place, "manchester" does not
                options.append((1, cost, (head,)))
        for j in range(i + SHORT_PART, n - SHORT_PART + 1):
            part = word[i:j]
            cost = _part_cost(lang, part, lex, relaxed=place)
            if cost is None:
                continue
            for link in links:
                k = j + len(link)
                rest = best[k] if k < n and word.startswith(link, j) else None
                if rest is not None:
                    options.append((rest[0] + 1, rest[1] + cost, (part,) + rest[2]))
        best[i] = min(options) if options else None
    found = best[0]
    if found is None:
        return ()
    rank = lex.get(word)
    if place:
        return found[2]   # a place that ends in a place ("nordkorea") is always split
    if rank is not None and math.log(rank + 2) + margin < found[1] / found[0]:
        return ()
    # A word is split like its bare form: "demokrater" not at all, since "demokrat" is a word
    # that does not split (no "demo" + "krater"); "soldaten" not, since "soldat" does not.
    lemma = word[: len(word_stem)]
    if lemma != word and lemma in lex and not best_split(lang, lemma, margin):
        return ()
    head_rank = lex.get(found[2][-1])
    if rank is not None and head_rank is not None and head_rank > HEAD_RANK_FACTOR * (rank + 1) \
            and found[2][-1] not in places():
        return ()   # a common word in its own right, much commoner than its would-be parts
    return found[2]


@lru_cache(maxsize=200_000)
def split_compound(lang: str, word: str, margin: float = KEEP_WHOLE_MARGIN) -> tuple[str, ...]:
    """All parts of ``word`` at every level ("bundesverteidigungsminister" -> bund,
    verteidigungsminister, verteidigung, minister), or () if it is not a compound.

    A place adjective is not split itself (``koreanische`` is not ``korea`` + ``nische``): the
    place it derives from is (``südkoreanische`` -> ``südkorea`` -> ``süd``, ``korea``)."""
    bases = place_bases(lang, word)
    parts = tuple(piece for base in bases for piece in (base,) + split_compound(lang, base, margin)) if bases \
        else best_split(lang, word, margin)
    found: list[str] = []
    for part in parts:
        # A part is split again only if its parts are clearly commoner ("transport" stays whole).
        for piece in (part,) + split_compound(lang, part, 0.0):
            if piece not in found and piece != word:
                found.append(piece)
    return tuple(found)
