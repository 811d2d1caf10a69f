"""The corpus-level passes over a generation's processed records, and writing them to the backend.

Shared by a full build and an update: both first fill the generation's store of processed
records (``indexer.build.processed``), then

1. read the records once and keep only what the corpus-level passes need: the mentions of names
   minted for this corpus (variant merging, facet evidence) and each article's copy signature
   (``indexer.copies``); merge the variants, group the copies;
2. read them again: each article gets its merged ids and its evidence marks and goes to the
   backend's writer (and its vector to the dense channel's).

An update hands over the serving generation's store: if the backend can update a copy of its
index (``Backend.updater``), only articles whose written form changed (their fingerprint) are
rewritten and the removed ones deleted; otherwise the backend's index is rebuilt from the stored
records, without re-running the per-article stages.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from indexer.build.processed import ProcessedStore, fingerprint
from indexer.config import Config
from indexer.copies import CopyFinder, CopyGroups
from indexer.entities.evidence import count_articles_naming, mark_weak_names_in
from indexer.entities.rules import MINTED
from indexer.entities.variants import by_kind, merge_variants
from indexer.records import Article, Skipped
from indexer.store import backend_for


@dataclass
class Minted:
    """What the variant and evidence passes need: per article (by its position in the store's
    records) the mentions of minted names, and its language."""

    mentions: dict[int, list] = field(default_factory=dict)
    langs: dict[int, str] = field(default_factory=dict)

    def add(self, position: int, article: Article) -> None:
        found = [m for m in article.actors + article.places if MINTED in m.id]
        if found:
            self.mentions[position] = found
            self.langs[position] = article.lang

    def apply(self, position: int, article: Article) -> None:
        """Give ``article`` the merged ids of its minted mentions; one that changed kind (a name
        most articles read as a place) moves to that list."""
        merged = self.mentions.get(position)
        if merged:
            listed = [m for m in article.actors + article.places if MINTED not in m.id]
            article.actors, article.places = by_kind(listed + merged)


@dataclass
class Passes:
    minted: Minted
    copies: CopyGroups
    variants: dict              # name key -> (minted id, label): for the query side's linker
    articles: int
    by_language: dict[str, int]
    skipped: list[Skipped]


def corpus_passes(config: Config, store: ProcessedStore) -> Passes:
    """Pass 1: name variants merged and copies grouped."""
    minted = Minted()
    finder = CopyFinder(config.copies.threshold, config.copies.num_perm, store.count()) \
        if config.copies.enabled else None
    by_language: Counter = Counter()
    skipped: list[Skipped] = []
    articles = 0
    for position, record in enumerate(store.records(skipped)):
        article = record.article
        minted.add(position, article)
        if finder is not None:
            finder.add(article.doc_id, article.lang, record.signature)
        by_language[article.lang] += 1
        articles += 1
    variants = merge_variants(minted.mentions, minted.langs, config.extract.fuzzy_threshold)
    copies = finder.groups() if finder is not None else CopyGroups({})
    return Passes(minted, copies, variants, articles, dict(sorted(by_language.items())), skipped)


@dataclass
class Written:
    fingerprints: dict[str, str]
    rewritten: int = 0          # articles given to the backend's writer
    deleted: int = 0            # articles removed from a copied index
    in_place: bool = False      # the backend updated a copy of the previous index


def write_backend(config: Config, store: ProcessedStore, minted: Minted, generation: Path,
                  previous: ProcessedStore | None = None) -> Written:
    """Pass 2: every article, with the corpus passes applied, to the backend (and the vectors)."""
    naming = count_articles_naming(minted.mentions.values())
    backend = backend_for(config)
    writer = backend.updater(generation, previous.generation) if previous is not None else None
    written = Written({}, in_place=writer is not None)
    writer = writer or backend.writer(generation)
    before = previous.fingerprints if written.in_place else {}
    vectors = _vector_writer(config, generation)
    for position, record in enumerate(store.records()):
        article = record.article
        minted.apply(position, article)
        mark_weak_names_in(article, naming)
        mark = written.fingerprints[article.doc_id] = fingerprint(article)
        if before.get(article.doc_id) != mark:
            if article.doc_id in before:
                writer.delete(article.doc_id)
            writer.add(article, record.prepared)
            written.rewritten += 1
        if vectors is not None:
            vectors.add(article.doc_id, article.lang, record.vector)
    for doc_id in before.keys() - written.fingerprints.keys():
        writer.delete(doc_id)
        written.deleted += 1
    writer.commit()
    if vectors is not None:
        vectors.finish()
    return written


def _vector_writer(config: Config, generation: Path):
    if not config.ranking.channels.dense:
        return None
    from indexer.store.dense import VectorWriter

    return VectorWriter(generation, config.ranking.dense_lead_chars)
