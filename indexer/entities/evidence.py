"""Which extracted names are worth a facet value: a corpus-level pass after extraction.

Names found in the tables (gazetteer, curated aliases) are facet values.  A name minted from
the NER model alone (id ``…:key:…``) becomes one only with evidence — it is seen in two or
more articles, or twice in its own article, or it is a name of several words — and never
when it starts with a function word ("Den ukrainske utenriksministeren") or is a single
word the language writes in lower case as a common word (a capitalised sentence start:
"Militært", "Defensie").  A mention without that evidence stays searchable (the entity
channel of ranking) but is not a facet value, so model noise does not become facet junk.
"""
from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable

from indexer.entities.rules import MINTED
from indexer.lang import lexicon, stopwords
from indexer.lang.sentences import sentence_start
from indexer.records import Article, EntityMention


def mark_weak_names(articles: list[Article]) -> None:
    """Mark minted mentions without evidence as not-a-facet (``derived``), in place."""
    naming = count_articles_naming(article.actors + article.places for article in articles)
    for article in articles:
        mark_weak_names_in(article, naming)


def count_articles_naming(mention_lists: Iterable[list[EntityMention]]) -> Counter:
    """Minted id -> number of articles naming it (one list of mentions per article); the
    corpus-level half of the evidence, so a streaming build keeps only the minted mentions."""
    return Counter(entity_id for mentions in mention_lists for entity_id in _minted_ids(mentions))


def mark_weak_names_in(article: Article, articles_naming: Counter) -> None:
    """Mark ``article``'s minted mentions without evidence as not-a-facet (``derived``), in place."""
    in_article = Counter(mention.id for mention in article.actors + article.places)
    for mentions in (article.actors, article.places):
        for index, mention in enumerate(mentions):
            if MINTED in mention.id and not mention.derived and not _has_evidence(
                    mention, article, articles_naming[mention.id], in_article[mention.id]):
                mentions[index] = dataclasses.replace(mention, derived=True)


def _minted_ids(mentions: list[EntityMention]) -> set[str]:
    return {m.id for m in mentions if MINTED in m.id and not m.derived}


def _has_evidence(mention: EntityMention, article: Article, articles: int, mentions: int) -> bool:
    words = mention.text.split()
    if not words or words[0].lower() in stopwords(article.lang):
        return False
    if len(words) == 1 and sentence_start(article.text, mention.start) and words[0].lower() in lexicon(article.lang):
        return False
    return articles >= 2 or mentions >= 2 or len(words) >= 2
