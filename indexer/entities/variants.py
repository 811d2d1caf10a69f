"""Corpus-level variant merging: one id for the minted spellings of one name across articles."""
from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Mapping

from indexer.entities.rules import MINTED, clean_label
from indexer.entities.translit import english_likeness


def merge_variants(docs, langs: Mapping[str, str] | None, threshold: float) -> dict[str, tuple[str, str]]:
    """Corpus-level pass: one id for minted name variants seen across documents.

    ``docs``: a list of ``Article`` (their ``actors``/``places`` are rewritten in place) or
    a mapping ``doc_id -> list[EntityMention]`` (lists rewritten in place); ``langs``
    optionally gives each mapping key's language (labels prefer English spellings).
    Returns the merged keys: name key -> (minted id, label), for ``link()``.
    """
    groups = list(mention_lists(docs, langs))
    minted: dict[str, dict] = {}
    for lang, lists in groups:
        seen_here = set()
        for mentions in lists:
            for mention in mentions:
                if MINTED not in mention.id:
                    continue
                info = minted.setdefault(mention.id, {"docs": 0, "surfaces": Counter(), "en": Counter(),
                                                      "types": Counter(), "kind": mention.kind})
                if mention.id not in seen_here:
                    info["docs"] += 1
                    seen_here.add(mention.id)
                surface = clean_label(mention.text)
                info["surfaces"][surface] += 1
                if lang == "en":
                    info["en"][surface] += 1
                info["types"][mention.type] += 1
    retyped = one_kind_per_name(minted)
    canonical = cluster(minted, threshold)
    members: dict[str, list[str]] = defaultdict(list)
    for entity_id, root in canonical.items():
        members[root].append(entity_id)
    labels = {root: best_label(minted, ids) for root, ids in members.items()}
    for _, lists in groups:
        for mentions in lists:
            for index, mention in enumerate(mentions):
                entity_id, etype = retyped.get(mention.id, (mention.id, mention.type))
                root = canonical.get(entity_id)
                if root and (root != mention.id or labels[root] != mention.label):
                    mentions[index] = dataclasses.replace(mention, id=root, label=labels[root], type=etype,
                                                          kind=root.split(":", 1)[0])
    for doc in docs if not isinstance(docs, Mapping) else ():
        if hasattr(doc, "actors"):
            doc.actors, doc.places = by_kind(doc.actors + doc.places)
    learned = {id_key(i): (r, labels[r]) for i, r in canonical.items()}
    for surname, root in unique_surnames(minted, canonical).items():
        learned.setdefault(surname, (root, labels[root]))     # a query types "Budanov" alone
    return learned


def one_kind_per_name(minted: dict[str, dict]) -> dict[str, tuple[str, str]]:
    """One name minted as an actor in some articles and as a place in others ("Donggala",
    "Labour", "Maersk": the models type an unknown name differently from text to text) is the
    kind most of its mentions have: minority id -> (majority id, its commonest type).  ``minted``
    is updated in place (the minority's counts join the majority's).  A tie is left as it is."""
    by_key: dict[str, list[str]] = defaultdict(list)
    for entity_id in minted:
        by_key[id_key(entity_id)].append(entity_id)
    retyped = {}
    for ids in by_key.values():
        if len(ids) < 2:
            continue
        sizes = sorted(((sum(minted[i]["surfaces"].values()), i) for i in ids), reverse=True)
        if sizes[0][0] == sizes[1][0]:
            continue
        winner = sizes[0][1]
        etype = minted[winner]["types"].most_common(1)[0][0]
        for _, loser in sizes[1:]:
            info = minted.pop(loser)
            minted[winner]["surfaces"].update(info["surfaces"])
            minted[winner]["en"].update(info["en"])
            minted[winner]["types"][etype] += sum(info["types"].values())
            minted[winner]["docs"] += info["docs"]
            retyped[loser] = (winner, etype)
    return retyped


def by_kind(mentions: list) -> tuple[list, list]:
    """(actors, places) in text order: a mention's list follows its kind."""
    ordered = sorted(mentions, key=lambda m: m.start)
    return [m for m in ordered if m.kind == "actor"], [m for m in ordered if m.kind != "actor"]


def unique_surnames(minted: dict[str, dict], canonical: dict[str, str]) -> dict[str, str]:
    """Last-name key -> id, for each last name that only one person named in full carries."""
    owners: dict[str, set[str]] = defaultdict(set)
    for entity_id, root in canonical.items():
        key = id_key(entity_id)
        if " " in key and _is_person(minted[entity_id]):
            owners[key.rsplit(" ", 1)[1]].add(root)
    return {surname: next(iter(roots)) for surname, roots in owners.items() if len(roots) == 1 and len(surname) >= 4}


def _is_person(info: dict) -> bool:
    return info["types"].most_common(1)[0][0] == "PER"


def mention_lists(docs, langs: Mapping[str, str] | None):
    """(lang, [mention lists]) per document, for Articles or a mapping of lists."""
    if isinstance(docs, Mapping):
        for doc_id, mentions in docs.items():
            yield (langs or {}).get(doc_id), [mentions]
        return
    for doc in docs:
        if hasattr(doc, "actors"):
            yield getattr(doc, "lang", None), [doc.actors, doc.places]
        else:
            yield None, [doc]


def id_key(entity_id: str) -> str:
    return entity_id.split(MINTED, 1)[1].replace("-", " ")


def cluster(minted: dict[str, dict], threshold: float) -> dict[str, str]:
    """Minted id -> canonical minted id: fuzzy-equal keys of one kind share one id, and a
    lone surname joins the one full name of a person that ends in it.

    Candidates for a fuzzy match share the key's first or last three letters (two keys
    ``threshold``-alike almost always do), which keeps this near-linear in the number of ids.
    """
    from rapidfuzz import fuzz, process

    order = sorted(minted, key=lambda i: (-(" " in id_key(i)), -minted[i]["docs"], len(i), i))
    canonical: dict[str, str] = {}
    blocks: dict[tuple[str, str, str], list[str]] = defaultdict(list)   # (kind, end, 3 letters) -> root ids
    surnames: dict[tuple[str, str], set[str]] = defaultdict(set)        # (kind, last word key) -> roots
    for entity_id in order:
        info = minted[entity_id]
        key = id_key(entity_id)
        kind = info["kind"]
        person = _is_person(info)
        root = None
        if len(key) >= 4:
            candidates = list(dict.fromkeys(blocks.get((kind, "head", key[:3]), [])
                                            + blocks.get((kind, "tail", key[-3:]), [])))
            if candidates:
                best = process.extractOne(key, [id_key(c) for c in candidates], scorer=fuzz.ratio,
                                          score_cutoff=threshold)
                if best is not None:
                    root = candidates[best[2]]
        if root is None and " " not in key and person:
            owners = surnames.get((kind, key))
            if owners and len(owners) == 1:
                root = next(iter(owners))
        if root is None:
            root = entity_id
            blocks[(kind, "head", key[:3])].append(entity_id)
            blocks[(kind, "tail", key[-3:])].append(entity_id)
            if " " in key and person:
                surnames[(kind, key.rsplit(" ", 1)[1])].add(entity_id)
        canonical[entity_id] = root
    return canonical


def best_label(minted: dict[str, dict], members: list[str]) -> str:
    full = [m for m in members if " " in id_key(m)] or members
    surfaces: Counter = Counter()
    english: Counter = Counter()
    for member in full:
        surfaces.update(minted[member]["surfaces"])
        english.update(minted[member]["en"])
    return max(surfaces, key=lambda s: (english[s], english_likeness(s), surfaces[s], -len(s), s))
