"""Snippets: the passage of a hit that best answers the query, with the matching words marked.

Within one article the passages are a tiny collection, so a small in-memory BM25
(rank-bm25) over them, analysed with the article's own language chain, picks the passage.
The snippet comes back twice: plain text for JSON clients, and HTML that is escaped here
(article text may contain markup) with only our own ``<mark>`` tags added.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from rank_bm25 import BM25Okapi

from indexer.analysis.analyzers import TOKEN_PATTERN, word_analysis
from indexer.lang.folding import fold_for_search, fold_text_for_search

SENTENCE_END = re.compile(r"(?<=[.!?…»”\"])\s+(?=[\"«„“A-ZÆØÅÄÖÜÉ0-9–-])")


@dataclass
class Snippet:
    text: str
    html: str


def make_snippet(body: str, query_terms: set[str], analyzer, max_chars: int) -> Snippet:
    """The best passage of ``body`` for ``query_terms`` (analysed terms), at most ``max_chars``."""
    passages = _passages(body, max_chars)
    if not passages:
        return Snippet("", "")
    if not query_terms:
        start, end = _window(passages[0], [], max_chars)
        return _render(passages[0], start, end, [])
    candidates = [passages[i] for i in _likely_passages(passages, query_terms)]
    analysed = [_tokens(passage, query_terms, analyzer) for passage in candidates]
    best = _best_passage(analysed, query_terms)
    spans = _matching_spans(analysed[best], query_terms)
    start, end = _window(candidates[best], spans, max_chars)
    return _render(candidates[best], start, end, [(a, b) for a, b in spans if a >= start and b <= end])


def _likely_passages(passages: list[str], query_terms: set[str]) -> list[int]:
    """The indexes (in order) of the few passages worth analysing: those in which most query
    terms, and then most often, occur as plain substrings of the folded text (a stem or a compound
    part is a substring of its word, give or take its last letter).  One string search per
    passage and term instead of the analysis chains over every word: the chains then run on
    these passages only (profiled: the analysis of every passage was most of a result page)."""
    if len(passages) <= CANDIDATE_PASSAGES:
        return list(range(len(passages)))
    cores = _term_cores(frozenset(query_terms))
    folded = [_DIGIT_GROUPS.sub("", fold_text_for_search(passage.lower())) for passage in passages]
    found = [[text.count(core) for core in cores] for text in folded]
    ranked = sorted(range(len(passages)),
                    key=lambda i: (-sum(1 for count in found[i] if count), -sum(found[i]), i))
    return sorted(ranked[:CANDIDATE_PASSAGES])


@lru_cache(maxsize=1024)
def _term_cores(query_terms: frozenset[str]) -> tuple[str, ...]:
    """Each term less its last letter (a stemmer may have changed it: "army" -> "armi"), at
    least ``PREFIX`` letters, folded."""
    return tuple(sorted({fold_for_search(term[:max(PREFIX, len(term) - 1)]) for term in query_terms}))


def _passages(body: str, max_chars: int) -> list[str]:
    """Sentences packed into passages of up to ``max_chars`` characters, within paragraphs."""
    passages = []
    for paragraph in re.split(r"\n\s*\n|\n", body):
        current = ""
        for sentence in SENTENCE_END.split(paragraph.strip()):
            if current and len(current) + 1 + len(sentence) > max_chars:
                passages.append(current)
                current = sentence
            else:
                current = f"{current} {sentence}".strip()
        if current:
            passages.append(current)
    return passages


def _tokens(passage: str, query_terms: set[str], analyzer) -> list[tuple[str, int, int]]:
    """The passage's analysed tokens (text, start, end), as far as they can matter.

    The analysis chains (compound splitting above all) are the costly part of a result page, so
    only the words that can make a query term are analysed, one by one (the chains work word by
    word: what a word gives does not depend on its neighbours).  A word that cannot (none of the
    terms' first letters occur in it folded: a cached lookup per word) stands in as a filler
    token, which is all BM25 needs of it: it counts for the passage's length."""
    starts, digit_terms = _term_starts(frozenset(query_terms))
    analyse = word_analysis(analyzer)
    tokens: list[tuple[str, int, int]] = []
    for word in WORD.finditer(passage):
        if not _word_may_match(word.group(), starts, digit_terms):
            tokens.append(FILLER)
            continue
        offset = word.start()
        tokens += [(text, offset + start, offset + end) for text, _, start, end in analyse(word.group())]
    return tokens


# Every token the chains make of a word (stem, compound part, place base, folded or not) starts
# with letters of the word folded; numbers lose their group separators ("12.000" -> "12000").
_DIGIT_GROUPS = re.compile(r"(?<=\d)[.,\s\u00a0\u202f'’](?=\d)")
PREFIX = 3
CANDIDATE_PASSAGES = 3
FILLER = ("", 0, 0)
WORD = TOKEN_PATTERN        # the chains' tokenizer: one match is one word


@lru_cache(maxsize=1024)
def _term_starts(query_terms: frozenset[str]) -> tuple[re.Pattern | None, tuple[str, ...]]:
    """(a pattern of the folded first letters of the word terms, the number terms)."""
    starts = sorted({fold_for_search(term[:PREFIX]) for term in query_terms if not term[:1].isdigit()})
    pattern = re.compile("|".join(map(re.escape, starts))) if starts else None
    return pattern, tuple(term for term in query_terms if term[:1].isdigit())


def _word_may_match(word: str, starts: re.Pattern | None, digit_terms: tuple[str, ...]) -> bool:
    folded = fold_for_search(word.lower())
    if starts is not None and starts.search(folded):
        return True
    return bool(digit_terms) and word[:1].isdigit() and any(term in _DIGIT_GROUPS.sub("", folded)
                                                            for term in digit_terms)


def _best_passage(analysed: list[list[tuple[str, int, int]]], query_terms: set[str]) -> int:
    tokenized = [[text for text, _, _ in tokens] for tokens in analysed]
    if not any(tokenized):
        return 0
    scores = BM25Okapi(tokenized).get_scores(list(query_terms))
    # The passage with the most of the query's terms, then BM25 among those: over three or four
    # passages BM25's IDF turns negative for a term in most of them (the story's key word), and
    # a passage without it would win.  Ties go to the earliest passage: the lead says most.
    return max(range(len(analysed)), key=lambda i: (len(query_terms.intersection(tokenized[i])), scores[i], -i))


def _matching_spans(tokens: list[tuple[str, int, int]], query_terms: set[str]) -> list[tuple[int, int]]:
    spans = sorted({(start, end) for text, start, end in tokens if text in query_terms})
    merged: list[tuple[int, int]] = []
    for start, end in spans:  # compound parts overlap their whole word: mark the whole word once
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _window(passage: str, spans: list[tuple[int, int]], max_chars: int) -> tuple[int, int]:
    if len(passage) <= max_chars:
        return 0, len(passage)
    first = spans[0][0] if spans else 0
    start = max(0, min(first - max_chars // 4, len(passage) - max_chars))
    start = passage.rfind(" ", 0, start) + 1 if start else 0
    end = min(len(passage), start + max_chars)
    cut = passage.rfind(" ", start, end)
    return start, (cut if end < len(passage) and cut > start else end)


def _render(passage: str, start: int, end: int, spans: list[tuple[int, int]]) -> Snippet:
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(passage) else ""
    html, position = [], start
    for span_start, span_end in spans:
        html.append(escape(passage[position:span_start]))
        html.append(f"<mark>{escape(passage[span_start:span_end])}</mark>")
        position = span_end
    html.append(escape(passage[position:end]))
    return Snippet(prefix + passage[start:end] + suffix, escape(prefix) + "".join(html) + escape(suffix))
