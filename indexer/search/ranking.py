"""The ranking of a query: each channel asked once, fused once, then one fetch of the page.

    text, entity ids ──> backend.rank()   lexical + cognate + entity channels in one query:
                                          the best ``rerank_depth`` ids and scores, the total and
                                          the facets (counted over what the query matches)
    query vector ─────> dense.top()       the nearest articles (the dense channel), once
                        fuse()            one score per candidate, once
                        interleave        best hit of each language first (``balance_languages``)
    the page's ids ───> backend.fetch()   stored fields of the hits shown, in one call

As in Pyserini's ``HybridSearcher``: the channels do not call each other.  The hits are the
articles the query matches (a word, an entity or a cognate): the total and the facets count
exactly those, and the pages page through them.  Articles only the dense channel found are
``related``: listed apart, after the matches (on the first page, ``request.related`` at most),
flagged ``matched=False``, counted nowhere.  With ``request.related_inline`` (``related=inline``
in the app; ``batch-search`` and the evaluation) they stay in the one ranked list where the
fusion put them, still flagged and still not counted.
"""
from __future__ import annotations

import dataclasses
from functools import lru_cache

from indexer.analysis.operators import split_query
from indexer.config import Config
from indexer.store.base import Candidate, IndexReader, Ranked, SearchRequest, SearchResult

class Ranker:
    def __init__(self, config: Config):
        self.config = config

    def rank(self, reader: IndexReader, request: SearchRequest, dense=None) -> SearchResult:
        """One page of ``request``, ranked by every enabled channel (``dense``: the vectors of
        the serving generation, or None)."""
        ranking = self.config.ranking
        balance = ranking.balance_languages and len(request.langs) != 1
        wanted = split_query(request.query).wanted.strip()
        if not wanted:
            dense = None                    # only exclusions ("NOT Kursk"): nothing to be near
        if request.by_date or (dense is None and not balance):
            return reader.search(request)
        if dense is not None and not (ranking.channels.lexical or ranking.channels.cognates
                                      or ranking.channels.entities):
            return self._dense_only(reader, request, dense)
        first = (request.page - 1) * request.size
        depth = max(ranking.rerank_depth, first + request.size)
        vector = self.query_vector(wanted, dense) if dense is not None else None
        if vector is not None and ranking.feedback_docs:
            vector = self._feedback(reader, request, dense, vector, depth)
        ranked = self._candidates(reader, request, dense, vector, depth)
        inline = 0
        if request.related_inline:          # one list, dense-only neighbours flagged where they rank
            page, related = self.order(ranked.candidates, balance)[first:first + request.size], []
            inline = sum(not c.matched for c in ranked.candidates)
        else:                               # the matches, each language's best first; the related apart
            page = self.order([c for c in ranked.candidates if c.matched], balance)[first:first + request.size]
            related = self.order([c for c in ranked.candidates if not c.matched], balance)
            related = related[:request.related if request.page == 1 else 0]
        fetched = reader.fetch([c.id for c, _ in page + related])
        return SearchResult(total=ranked.total, hits=_with_scores(fetched, page), facets=ranked.facets,
                            facets_truncated=ranked.facets_truncated, related=_with_scores(fetched, related),
                            inline_related=inline)

    @staticmethod
    def query_vector(text: str, dense):
        """The query's e5 vector (memoised in ``embed_query``: a user pages, refines filters)."""
        from indexer.store.dense import embed_query

        return embed_query(text)

    def _candidates(self, reader: IndexReader, request: SearchRequest, dense, vector, depth: int) -> Ranked:
        """The text and entity channels' best ``depth`` matches plus the dense channel's nearest
        articles, each candidate scored by fusing both (``Candidate.score`` rewritten)."""
        ranked, sims = self.channels(reader, request, dense, vector, depth)
        if sims is not None:
            ranked.candidates = self.fused(split_query(request.query).wanted, ranked.candidates, sims)
        return ranked

    def channels(self, reader: IndexReader, request: SearchRequest, dense, vector, depth: int):
        """Each channel asked once: the backend's candidates (lexical scores; the dense
        neighbours added unmatched) and the cosine of each with the query (None without dense)."""
        neighbours = []
        if dense is not None:
            neighbours = [doc_id for doc_id, _ in dense.top(vector, self.config.ranking.dense_extend, request.langs)]
            neighbours = self._not_excluded(reader, request, neighbours)
        ranked = reader.rank(dataclasses.replace(request, extra_ids=neighbours), depth)
        if dense is None or not ranked.candidates:
            return ranked, None
        return ranked, dense.similarities(vector, [c.id for c in ranked.candidates])

    @staticmethod
    def _not_excluded(reader: IndexReader, request: SearchRequest, doc_ids: list[str]) -> list[str]:
        """``doc_ids`` less the articles the query excludes: "Putin NOT Kursk" has no Kursk article
        among its related ones either (the backend's query excludes them from the matches)."""
        excluded = split_query(request.query).excluded
        if not excluded.strip() or not doc_ids:
            return doc_ids
        probe = SearchRequest(query=excluded, entity_ids=request.excluded_entity_ids, doc_ids=doc_ids,
                              size=len(doc_ids), with_facets=False)
        hit = {c.id for c in reader.rank(probe, len(doc_ids)).candidates if c.matched}
        return [doc_id for doc_id in doc_ids if doc_id not in hit]

    def fused(self, query: str, candidates: list[Candidate], sims) -> list[Candidate]:
        """The candidates with their fused score (lexical and dense, ``ranking.fusion``)."""
        from indexer.store.dense import fuse

        ranking = self.config.ranking
        fused = fuse([c.score for c in candidates], sims, ranking.fusion, ranking.rrf_k, ranking.dense_weight,
                     self._lexical_weights(query, candidates))
        return [dataclasses.replace(c, score=float(s)) for c, s in zip(candidates, fused)]

    def _lexical_weights(self, query: str, candidates: list[Candidate]) -> list[float]:
        """How much each candidate's lexical score counts (``fusion: zscore``): in the query's own
        language the query's words meet their own stems; in another language only names,
        numbers and cognates can, and the dense channel knows better."""
        ranking = self.config.ranking
        languages = tuple(self.config.languages)
        if ranking.lexical_weight_by == "confidence":       # da/nb, nl/de: a guess can be wrong
            confidence = query_language_confidence(query.strip(), languages)
            span = ranking.lexical_weight - ranking.lexical_weight_across
            return [ranking.lexical_weight_across + span * confidence.get(c.lang, 0.0) for c in candidates]
        query_lang = query_language(query.strip(), languages, self.config.fallback_language)
        return [ranking.lexical_weight if c.lang == query_lang else ranking.lexical_weight_across for c in candidates]

    def order(self, candidates: list[Candidate], balance: bool) -> list[tuple[Candidate, float]]:
        """Candidates best first with the score each is shown with (strictly decreasing)."""
        order = sorted(range(len(candidates)), key=lambda i: -candidates[i].score)
        if balance:
            order = interleave_languages(order, [c.lang for c in candidates])
        ranked = [candidates[i] for i in order]
        scores = [c.score for c in ranked]
        if balance:
            scores = strictly_decreasing(scores)
        return list(zip(ranked, scores))

    def _feedback(self, reader: IndexReader, request: SearchRequest, dense, vector, depth: int):
        """Pseudo-relevance feedback (Rocchio on dense vectors): the best ``feedback_docs``
        first-pass candidates pull the query vector toward their story.  With
        ``feedback_across_languages`` they come from every language, past the request's
        language filter (the story as told in the query's own language, too)."""
        ranking = self.config.ranking
        wide = dataclasses.replace(request, langs=[] if ranking.feedback_across_languages else request.langs,
                                   with_facets=False)
        candidates = self._candidates(reader, wide, dense, vector, depth).candidates
        best = sorted(candidates, key=lambda c: -c.score)[:ranking.feedback_docs]
        return dense.feedback(vector, [c.id for c in best], ranking.feedback_weight)

    def _dense_only(self, reader: IndexReader, request: SearchRequest, dense) -> SearchResult:
        """Every other channel off: the nearest vectors of the collection (a measurement setting;
        a query unrelated to the corpus still gets its nearest articles)."""
        first = (request.page - 1) * request.size
        depth = max(self.config.ranking.rerank_depth, first + request.size)
        top = dense.top(self.query_vector(split_query(request.query).wanted.strip(), dense), depth, request.langs)
        result = reader.search(dataclasses.replace(request, query="", page=1, size=depth,
                                                   doc_ids=[doc_id for doc_id, _ in top]))
        by_id = {hit.id: hit for hit in result.hits}
        hits = [dataclasses.replace(by_id[doc_id], score=sim) for doc_id, sim in top if doc_id in by_id]
        if self.config.ranking.balance_languages and len(request.langs) != 1:
            order = interleave_languages(range(len(hits)), [hit.lang for hit in hits])
            hits = [dataclasses.replace(hits[i], score=s)
                    for i, s in zip(order, strictly_decreasing([hits[i].score for i in order]))]
        result.hits = hits[first:first + request.size]
        return result


@lru_cache(maxsize=4096)
def query_language(query: str, languages: tuple[str, ...], fallback: str) -> str:
    """The language a query is written in (lingua, as for articles; memoised like its vector)."""
    from indexer.ingest.language import detect_language

    return detect_language(query, languages, fallback)


@lru_cache(maxsize=4096)
def query_language_confidence(query: str, languages: tuple[str, ...]) -> dict[str, float]:
    """``{language: lingua's confidence that the query is written in it}`` (summing to 1)."""
    from indexer.ingest.language import language_confidence

    return language_confidence(query, languages)


def _with_scores(hits, page: list[tuple[Candidate, float]]):
    by_id = {hit.id: hit for hit in hits}
    return [dataclasses.replace(by_id[c.id], score=score, matched=c.matched) for c, score in page if c.id in by_id]


def strictly_decreasing(scores: list[float]) -> list[float]:
    """Scores made to decrease strictly down the list (after interleaving, a later hit may have
    scored higher): clients and ``trec_eval`` order by score."""
    out = list(scores)
    for i in range(1, len(out)):
        if out[i] >= out[i - 1]:
            out[i] = out[i - 1] - 1e-5      # still apart in a 6-decimal TREC run
    return out


def interleave_languages(order, langs: list[str]) -> list[int]:
    """Best hit of each language first, then the second best of each, ... (``order``: best
    first; within a round the languages keep the order of their hits): one story in every
    language.  Every language among the hits takes part, also one only the dense channel
    reached: with an English query, the German version of its story may share no word with it
    (in one ranked list the best German neighbour belongs beside the best English match;
    on the page the matches are interleaved among themselves, the related apart)."""
    seen: dict[str, int] = {}
    keyed = []
    for position, i in enumerate(order):
        lang = langs[i]
        seen[lang] = seen.get(lang, 0) + 1
        keyed.append((seen[lang] * len(langs) + position, i))
    return [i for _, i in sorted(keyed)]
