"""Mentions inside one article: further mentions of people named in full (last name, short
name), demonyms as derived place mentions, the entities a mention implies, and typed spans."""
from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Callable

from indexer.entities.gazetteer import Gazetteer
from indexer.entities.rules import ADJECTIVE, MINTED, hyphen_prefix, word_before
from indexer.entities.translit import name_key, strip_genitive
from indexer.lang import CAPITALISED_NOUNS, SPEECH_VERBS
from indexer.lang.folding import fold_for_names
from indexer.lang.sentences import word_after
from indexer.records import EntityMention, Span


def article_names(text: str, mentions: list[EntityMention], gazetteer: Gazetteer) -> list[EntityMention]:
    """Further mentions of people named in full in this text: their last name alone
    ("Rutte", "Singh"), or a listed short name ("Kim" after "Kim Jong Un")."""
    wanted: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for mention in mentions:
        words = mention.text.split()
        if mention.type == "PER" and len(words) >= 2:
            wanted[strip_genitive(words[-1])].add((mention.id, mention.label))
        for short in gazetteer.shorts.get(mention.id, ()):
            wanted[short].add((mention.id, mention.label))
    names = [name for name, owners in wanted.items()
             if len(owners) == 1 and len(name) >= 2 and name[:1].isupper() and fold_for_names(name) not in gazetteer.stopwords]
    if not names:
        return []
    taken = [(m.start, m.end) for m in mentions]
    found = []
    for match in _words_of(names, r"(?:s\b|['’]s\b)?(?![\w])").finditer(text):
        start, end = match.start(), match.end()
        if _overlaps(start, end, taken):
            continue
        person_id, label = next(iter(wanted[match.group(1)]))
        found.append(EntityMention(kind="actor", type="PER", id=person_id, label=label, text=text[start:end],
                                   start=start, end=end))
    return found


def listed_people_by_key(text: str, mentions: list[EntityMention], gazetteer: Gazetteer) -> list[EntityMention]:
    """A capitalised word no mention covers whose name key is the last name of a person of the
    curated table: a spelling the table does not list ("Netanjahoe", "Sjojgoe", "Zelenskij"),
    found as the query linker finds it.  Only long keys: a short one meets other words ("Schools"
    and Scholz, "Meers" and Merz); and not a common word of our languages ("Mark")."""
    taken = [(m.start, m.end) for m in mentions]
    found = []
    for match in _CAPITALISED.finditer(text):
        word = strip_genitive(match.group())
        key = name_key(word)
        person_id = gazetteer.surnames.get(key) if len(key) >= MIN_KEY_LETTERS else None
        if person_id is None or _overlaps(match.start(), match.end(), taken):
            continue
        folded = fold_for_names(word)
        if folded in gazetteer.lexicon_words or folded in gazetteer.common_words or folded in gazetteer.stopwords:
            continue
        entry = gazetteer.entries[person_id]
        found.append(EntityMention(kind="actor", type="PER", id=entry.id, label=entry.label, text=match.group(),
                                   start=match.start(), end=match.end()))
    return found


MIN_KEY_LETTERS = 7
_CAPITALISED = re.compile(r"(?<![\w-])[A-ZÆØÅÄÖÜÉ][^\W\d_]{3,}(?:['’]s)?(?![\w-])")


def resolve_surnames(mentions: list[EntityMention], gazetteer: Gazetteer) -> list[EntityMention]:
    """A mention that is the end of the name of a person named in full in the same text, or a
    listed short name, takes that person's id: "Austin" after "Lloyd Austin", "Barth Eide" after
    "Espen Barth Eide", "Kim" (which the model took for a name of its own) beside "Kim Jong Un".
    Where two people share the name ("Lars Frederiksen", "Mette Frederiksen"), the last one
    named before the mention."""
    # twice: "Barth Eide", once it is Espen Barth Eide, no longer claims "Eide" for itself
    return _resolve_surnames_once(_resolve_surnames_once(mentions, gazetteer), gazetteer)


def _resolve_surnames_once(mentions: list[EntityMention], gazetteer: Gazetteer) -> list[EntityMention]:
    people: dict[str, list[tuple[int, str, str]]] = defaultdict(list)   # key -> (start, id, label)
    for mention in mentions:
        words = mention.text.split()
        if mention.type == "PER" and len(words) >= 2:
            for first in range(1, len(words)):
                people[name_key(strip_genitive(" ".join(words[first:])))].append((mention.start, mention.id, mention.label))
        for short in gazetteer.shorts.get(mention.id, ()):
            people[name_key(short)].append((mention.start, mention.id, mention.label))
    if not people:
        return mentions
    return [_as_named_person(mention, people, gazetteer) for mention in mentions]


def _as_named_person(mention: EntityMention, people: dict, gazetteer: Gazetteer) -> EntityMention:
    key = name_key(strip_genitive(mention.text))
    owners = people.get(key) or (people.get(key[:-1]) if key.endswith("s") else None)
    if not owners:
        return mention
    ids = {entity_id for _, entity_id, _ in owners}
    if len(ids) == 1:
        if mention.id in ids:
            return mention
        entry = gazetteer.entries.get(mention.id)
        if entry is not None and entry.source not in ("city", "subdivision"):     # a listed name of its own
            return mention
        _, person_id, label = owners[0]
    else:
        before = [owner for owner in owners if owner[0] < mention.start]
        if not before or len(mention.text.split()) > 1 and mention.id not in ids:
            return mention
        _, person_id, label = max(before)
    return dataclasses.replace(mention, id=person_id, label=label, type="PER", kind="actor")


def speakers(text: str, mentions: list[EntityMention], gazetteer: Gazetteer) -> list[EntityMention]:
    """A town's name that says something is the person of the curated table with that last name
    ("Austin told reporters": Lloyd Austin, not Austin, Texas; "Austin zei")."""
    out = []
    for mention in mentions:
        entry = gazetteer.entries.get(mention.id)
        if entry is not None and entry.source == "city" and " " not in mention.text \
                and word_after(text, mention.end) in SPEECH_VERBS:      # the cheap checks first
            person = gazetteer.surnames.get(name_key(mention.text))
            if person:
                owner = gazetteer.entries[person]
                mention = dataclasses.replace(mention, id=owner.id, label=owner.label, type="PER", kind="actor")
        out.append(mention)
    return out


def demonym_mentions(text: str, lang: str | None, mentions: list[EntityMention], gazetteer: Gazetteer,
                     demonym: Callable[[str], str | None]) -> list[EntityMention]:
    """Place adjectives and inhabitants ("Noord-Koreaanse", "russiske", "Ukrainian") as
    *derived* mentions: searchable through the entity channel, never facet values."""
    taken = bytearray(len(text))
    for mention in mentions:
        taken[mention.start:mention.end] = b"\x01" * (mention.end - mention.start)
    found = []
    for match in ADJECTIVE.finditer(text):
        word = match.group()
        if lang == "en" and not word[:1].isupper():
            continue
        start, end = match.span()
        if taken[start] or taken[end - 1]:
            continue
        start, place_id = _demonym_with_word_before(text, start, end, taken, demonym, gazetteer.stopwords)
        entry = gazetteer.entries.get(place_id) if place_id else None
        if entry is not None:
            if found and found[-1].start >= start:
                found.pop()                                  # "Saudi" was taken alone, "Saudi Arabian" wins
            found.append(EntityMention(kind="place", type="LOC", id=entry.id, label=entry.label,
                                       text=text[start:end], start=start, end=end, derived=True))
    return found


def _demonym_with_word_before(text: str, start: int, end: int, taken: bytearray, demonym: Callable[[str], str | None],
                              stopwords: frozenset[str]) -> tuple[int, str | None]:
    """The place of the adjective at ``start:end``, read together with a capitalised word before
    it when the two name one place: English writes "North Korean", "South African", "Sri Lankan"
    in two words (and "African" alone is another place), the other languages in one."""
    before = word_before(text, start) if text[start].isupper() else ""     # "Die Armee russische": no pair
    if before[:1].isupper() and fold_for_names(before) not in stopwords:
        wide = text.rindex(before, 0, start)
        if not taken[wide]:
            place_id = demonym(text[wide:end])
            if place_id:
                return wide, place_id
    return start, demonym(text[start:end])


def lowercase_elsewhere(text: str, mention: EntityMention) -> bool:
    """A minted one-word name that the text also writes in lowercase is a word ("Honderden")."""
    if MINTED not in mention.id or " " in mention.text.strip() or not mention.text[:1].isupper():
        return False
    word = mention.text.strip()
    lower = word[0].lower() + word[1:]
    return re.search(r"(?<![\w-])" + re.escape(lower) + r"(?![\w])", text) is not None


def with_implied_entities(mentions: list[EntityMention], gazetteer: Gazetteer) -> list[EntityMention]:
    """``mentions`` in text order, each followed by the entities its entry implies, without repeats."""
    out, seen = [], set()
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        extra = [mention]
        entry = gazetteer.entries.get(mention.id)
        for implied in entry.implies if entry else ():
            other = gazetteer.entries.get(implied)
            if other:
                extra.append(dataclasses.replace(mention, id=other.id, label=other.label, type=other.type,
                                                 kind=other.kind))
        for item in extra:
            key = (item.start, item.end, item.id)
            if key not in seen:
                seen.add(key)
                out.append(item)
    return out


def typed_spans(text: str, pairs: list[tuple[EntityMention, str]]) -> list[Span]:
    spans, seen = [], set()
    for mention, span_type in pairs:
        if mention.derived:
            continue
        if hyphen_prefix(text, mention.start, mention.end):
            continue
        span = (mention.start, mention.end, span_type)
        if span not in seen:
            seen.add(span)
            spans.append(span)
    return spans


PROPAGATED = ("PER", "ORG")         # model names found again in the rest of their article


def consistent_model_spans(text: str, spans: list[Span], lang: str | None) -> list[Span]:
    """The model's names made consistent inside one article: a name the model typed more often
    one way takes that type everywhere ("Tectrade" ORG twice, LOC once: ORG), and where the text
    writes a person or organisation the model found elsewhere in it, capitalised and as a word of
    its own, the model missed it there ("Napster"), so it becomes a span too (places are left to
    the tables, which find every mention of a known place; and not in German, where a capital
    is no sign of a name: "Impfstoff" tagged once would become a name all through the article).
    One name, one type, every mention."""
    spans = [_without_final_stop(text, span) for span in spans]
    votes: dict[str, Counter] = defaultdict(Counter)
    for start, end, etype in spans:
        votes[text[start:end]][etype] += 1
    if not votes:
        return spans
    majority = {name: _majority(counts) for name, counts in votes.items()}
    kept = [(start, end, majority[text[start:end]] or etype) for start, end, etype in spans]
    if lang in CAPITALISED_NOUNS:
        return kept
    names = {name: etype for name, etype in majority.items()
             if etype in PROPAGATED and len(name) >= 3 and name[:1].isupper()}
    if not names:
        return kept
    taken = [(start, end) for start, end, _ in kept]
    for match in _words_of(names, r"(?![\w-])").finditer(text):
        start, end = match.span()
        if not _overlaps(start, end, taken):
            kept.append((start, end, names[match.group(1)]))
            taken.append((start, end))
    return sorted(kept)


def _without_final_stop(text: str, span: Span) -> Span:
    """The model's span less the full stop of its sentence ("Koersk." at a sentence's end);
    the dot of an abbreviation stays ("Jr.", "U.S.")."""
    start, end, etype = span
    last_word = text[start:end].rsplit(None, 1)[-1]
    if last_word.endswith(".") and len(last_word) > 4 and "." not in last_word[:-1]:
        return start, end - 1, etype
    return span


def _majority(counts: Counter) -> str | None:
    """The type given most often, or None on a tie (each mention keeps its own)."""
    (first, n), *rest = counts.most_common(2)
    return None if rest and rest[0][1] == n else first


def _words_of(names, after: str) -> re.Pattern:
    """Any of ``names`` (the longest first) starting a word (not after a letter or a hyphen),
    followed by what ``after`` allows."""
    alternatives = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    return re.compile(r"(?<![\w-])(" + alternatives + r")" + after)


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in taken)
