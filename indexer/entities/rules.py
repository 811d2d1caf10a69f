"""The word-level rules of entity extraction: how a span is cut and trimmed, whether its
case and accents fit a name, whether it is junk, and the key an unlisted name is minted by."""
from __future__ import annotations

import re

from indexer.entities.gazetteer import Entry, Gazetteer
from indexer.entities.translit import name_key, strip_genitive
from indexer.lang import NOT_NAME_STARTS, all_stopwords, is_role_word
from indexer.lang.folding import fold_for_names
from indexer.records import Span

MINTED = ":key:"                    # in an id minted from a name no table lists: actor:key:sabrina-singh
TOKEN = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*\.?")
LETTERS = re.compile(r"[^\W\d_]")
EDGE_JUNK = "\"'«»„“”‘’‹›()[]{}<>.,;:!?*|/\\-–— \t\n"
SPAN_EDGE = "\"'«»„“”‘’‹›()[]{}<>,;:*|/\\-–— \t\n"     # a model span keeps a final . ! ?
MAX_NAME_TOKENS = 6
MAX_NAME_CHARS = 100        # "Bundesministerium für wirtschaftliche Zusammenarbeit und Entwicklung" is 68
ADJECTIVE = re.compile(r"(?<![\w-])[^\W\d_]{3,}(?:-[^\W\d_]+)*(?:sch|sche|schen|scher|sches|schem|se|s|sk|ske|"
                        r"an|ans|ian|ians|ese|ish|i|is|er|ern|en|e|ens|ees)(?![\w-])", re.IGNORECASE)


def kind_for_type(etype: str) -> str:
    return "place" if etype == "LOC" else "actor"


def compatible(etype: str | None, entry: Entry) -> bool:
    """Whether a name the model typed ``etype`` may be linked to ``entry``."""
    if etype is None:
        return True
    if etype == "PER":
        return entry.type == "PER"
    if etype == "ORG" and entry.type == "LOC" and not (entry.curated or entry.source in ("territory", "region")):
        return False                    # "IOC", "Atari" are no towns; a state acts as an ORG
    return entry.type != "PER"          # ORG and LOC swap: "Kreml", "Russland" (a state acting)


def small_place(entry: Entry) -> bool:
    return entry.source == "city" and entry.population < 100_000


def hyphen_prefix(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is the first part of a hyphenated word ("NAVO" in "NAVO-chef")."""
    return text[end:end + 1] == "-" and text[end + 1:end + 2].isalnum()


def starts_with_article(text: str, span: Span) -> bool:
    """A person's name never starts with an article ("Die Forderung der Ukraine"); Dutch
    "De" does ("De Wever"), and is not in the list."""
    first = text[span[0]:span[1]].split(None, 1)[0]
    return fold_for_names(first) in NOT_NAME_STARTS and " " in text[span[0]:span[1]]


def case_ok(surface: str, casings: tuple[str, ...]) -> bool:
    """Capitalised where a spelling of the name is; short acronyms all-caps; no diacritic
    that no spelling has (German "Länder" is not Lander, Venezuela)."""
    words = re.split(r"[\s-]+", surface)
    short_caps = surface.isupper() and len(LETTERS.findall(surface)) <= 3
    for casing in casings:
        if not surface.isascii() and not _accents_ok(surface, casing):
            continue
        if short_caps and not casing.isupper():
            continue                                    # "TO" is not Tô
        ok = True
        for word, model in zip(words, re.split(r"[\s-]+", casing)):
            if not word or not model:
                continue
            if model[0].isupper() and not word[0].isupper():
                ok = False
                break
            if model.isupper() and len(LETTERS.findall(model)) <= 3 and not word.isupper():
                ok = False
                break
        if ok:
            return True
    return False


def _accents_ok(surface: str, casing: str) -> bool:
    if len(surface) != len(casing):
        return True
    return all(a.isascii() or not a.isalpha() or not b.isascii() for a, b in zip(surface, casing))


def word_before(text: str, start: int) -> str:
    """The word right before ``start``, separated by spaces only ("" after punctuation)."""
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    if i == start or i == 0 or not text[i - 1].isalpha():
        return ""
    j = i
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] in "'’-"):
        j -= 1
    return text[j:i]


def word_after(text: str, end: int) -> str:
    i = end
    while i < len(text) and text[i] in " \t":
        i += 1
    if i == end or i >= len(text) or not text[i].isalpha():
        return ""
    j = i
    while j < len(text) and (text[j].isalnum() or text[j] in "'’-"):
        j += 1
    return text[i:j]


_SEPARATORS = re.compile(r"\s*[|;\n]\s*|\s+[-–—]\s+|(?<=[A-Z])/(?=[A-Z]{2})")


def split_span(text: str, start: int, end: int, etype: str) -> list[Span]:
    """A model span cut at bars, semicolons, line breaks, dashes between spaces and slashes
    between capitals ("SEOUL/VLADIVOSTOK", "ANP/RTR/AFP"; "München/Hamburg" is one token of
    NER corpora), each part trimmed."""
    parts, cursor = [], start
    for sep in _SEPARATORS.finditer(text, start, end):
        parts.append((cursor, sep.start()))
        cursor = sep.end()
    parts.append((cursor, end))
    trimmed = (trim_span(text, s, e, etype) for s, e in parts)
    return [words for words in (trim_words(text, span) for span in trimmed if span) if words]


def trim_span(text: str, start: int, end: int, etype: str) -> Span | None:
    """A model span without edge quotes, brackets and dashes (a final "." "!" "?" the model
    included stays: "B.T.", "Yahoo !"); None if nothing is left.  A genitive 's stays: it is
    part of the word ("FN's", "Putin's")."""
    while start < end and text[start] in EDGE_JUNK:
        start += 1
    while end > start and text[end - 1] in SPAN_EDGE:
        end -= 1
    if end - start < 2:
        return None
    return start, end, etype


def trim_words(text: str, span: Span) -> Span | None:
    """A model span without the title glued before the name ("Topman Vincent Clerc",
    "Borgmester Jens Christensen") and without the running text after it: function words
    ("Rotterdam for", "Game of Thrones van") and, after a person's name, any lower-case word
    ("Maersk kjøper" in a headline).  An organisation's name may go on in lower case
    ("Senatets retsudvalg", "Representantenes hus").  None if nothing is left."""
    start, end, etype = span
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    while len(words) > 1 and is_role_word(text[words[0][0]:words[0][1]].strip(EDGE_JUNK)):
        words.pop(0)
    while len(words) > 1 and _running_text(text[words[-1][0]:words[-1][1]], etype):
        words.pop()
    if not words:
        return None
    if text[words[-1][1] - 1] == "-" and words[-1][1] != end:
        return span             # "Nord- og Sydamerika": the first half of a pair stays whole
    return words[0][0], words[-1][1], etype


def _running_text(word: str, etype: str) -> bool:
    """A word after a name that is no part of it (not "al-Assad", "d'Or", "v.")."""
    return word.isalpha() and word.islower() and (etype == "PER" or word in all_stopwords())


def clean_label(surface: str) -> str:
    text = " ".join(surface.split()).strip(EDGE_JUNK)
    return strip_genitive(text) if text.endswith(("'s", "’s")) else text


def is_junk(surface: str, gazetteer: Gazetteer, boilerplate: bool = True) -> bool:
    """Obviously not an entity: too short, digits, no capital, boilerplate (unless
    ``boilerplate`` is false), a stopword."""
    letters = LETTERS.findall(surface)
    digits = sum(char.isdigit() for char in surface)
    if len(letters) < 2 or digits > len(letters) or surface[:1].isdigit() and not letters[0].isupper():
        return True
    if not any(char.isupper() for char in surface):
        return True
    words = surface.split()
    if len(words) > MAX_NAME_TOKENS or len(surface) > MAX_NAME_CHARS:
        return True
    if boilerplate and all(_not_an_entity(part, gazetteer) for part in re.split(r"[/-]", surface)):
        return True                                  # "AFP", and credits joined: "NTB-AFP", "ANP/AFP"
    return len(words) == 1 and fold_for_names(surface) in gazetteer.stopwords


def _not_an_entity(surface: str, gazetteer: Gazetteer) -> bool:
    folded = fold_for_names(surface.strip())
    return surface.strip() in gazetteer.not_entities or (folded in gazetteer.not_entities and not folded.isupper())


def mint_key(surface: str) -> str:
    """The key of a minted id: the translit key, or for an acronym ("CNN") its letters."""
    letters = "".join(LETTERS.findall(surface))
    if letters.isupper() and len(letters) <= 6:
        return fold_for_names(letters)
    return name_key(surface)
