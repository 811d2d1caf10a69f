"""The per-article stages in order: clean -> detect language -> extract entities, numbers and sources.

``Pipeline.process`` turns one ``SourceDocument`` into an ``Article``; ``Pipeline.finish``
runs the corpus-level passes (merging name variants across all articles, keeping names
without evidence out of the facets) once every article has been processed.  The build and ``python -m indexer extract`` both go through here, so
what ``extract`` shows is exactly what the index gets.
"""
from __future__ import annotations

from collections import defaultdict

from indexer.ingest.clean import clean_document
from indexer.config import Config
from indexer.entities.evidence import mark_weak_names
from indexer.ingest.language import detect_language
from indexer.numbers.extract import extract_numbers
from indexer.records import Article, SourceDocument
from indexer.sources import attribute


class Pipeline:
    def __init__(self, config: Config):
        self.config = config
        self._entities = None  # loaded on first use: gazetteer tables and NER models take a moment

    @property
    def entities(self):
        if self._entities is None:
            from indexer.entities.extractor import EntityExtractor

            self._entities = EntityExtractor.from_config(self.config)
        return self._entities

    def process(self, document: SourceDocument) -> Article:
        article = self.prepare(document)
        self.extract(article)
        return article

    def prepare(self, document: SourceDocument) -> Article:
        """Clean, language-tag and attribute (outlet, agencies) a document: everything before extraction."""
        site = None
        if document.needs_cleaning:
            cleaned = clean_document(document.text, title=document.title)
            title, body, date = cleaned.title, cleaned.body, document.date or cleaned.date
            url, site = document.url or cleaned.url, cleaned.site
        else:
            title, body, date, url = document.title or "", document.text.strip(), document.date, document.url
        lang = self._language(document.lang, f"{title}\n{body}")
        article = Article(doc_id=document.doc_id, title=title, body=body, lang=lang, path=document.path,
                          date=date, url=url, source=document.source)
        # The cleaner drops a closing credit line ("Med Post ledninger") as page furniture: read it raw.
        attribute(article, raw_text=document.text if document.needs_cleaning else None, site=site)
        return article

    def _language(self, explicit: str | None, text: str) -> str:
        if explicit:
            return explicit  # an explicit language (JSON Lines ``lang``) wins over detection
        return detect_language(text, tuple(self.config.languages), self.config.fallback_language)

    def extract(self, article: Article) -> None:
        self._fill(article, self.entities.extract(article.text, article.lang))

    def process_many(self, documents: list[SourceDocument]) -> list[Article | Exception]:
        """``process`` for a batch, each article or the error that stopped it: the NER model runs
        once per language over the batch (spaCy's batches; the spans are the same as one text at
        a time)."""
        articles = [_attempt(self.prepare, document) for document in documents]
        by_lang: dict[str, list[int]] = defaultdict(list)
        for index, article in enumerate(articles):
            if isinstance(article, Article):
                by_lang[article.lang].append(index)
        for lang, indexes in by_lang.items():
            try:
                found = self.entities.extract_many([articles[i].text for i in indexes], lang)
            except Exception:  # one bad text must fail only its own article: one at a time
                found = [_attempt(self.entities.extract, articles[i].text, lang) for i in indexes]
            for index, mentions in zip(indexes, found):
                done = _attempt(self._fill, articles[index], mentions) if isinstance(mentions, list) else mentions
                if isinstance(done, Exception):
                    articles[index] = done
        return articles

    def _fill(self, article: Article, mentions: list) -> None:
        article.actors = [m for m in mentions if m.kind == "actor"]
        article.places = [m for m in mentions if m.kind == "place"]
        article.numbers = extract_numbers(article.text, article.lang)

    def finish(self, articles: list[Article]) -> dict:
        """Corpus-level pass: one id for name variants seen across different articles.

        Returns the minted variants (name key -> [id, label]) for the query side's linker."""
        self.entities.merge_variants(articles)
        mark_weak_names(articles)
        return self.entities.learned_variants()


def _attempt(stage, *args):
    """``stage(*args)``, or the exception it raised (one article's failure is reported, not raised)."""
    try:
        return stage(*args)
    except Exception as error:  # the caller reports it with the article's path
        return error
