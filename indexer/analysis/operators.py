"""What a query asks for and what it excludes: ``NOT Kursk`` leaves out the articles that match
"Kursk" (through any language's chain, its cognates, or the entity it names), so "Putin NOT Kursk"
is the Putin articles without Kursk.  ``AND`` and ``OR`` in capitals are not words of the query:
every word counts, the articles matching more of them first.  A leading minus is no operator: in
German, Dutch and the Scandinavian languages "-organisationen" in "Privatpersonen und
-organisationen" is half of a word pair, not an exclusion.

Both the search service (which links each part's names to entities) and every backend's
ranking query (``whoosh_backend.ranking_query``) read a query through ``split_query``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_TOKENS = re.compile(r'"[^"]*"?|\S+')       # a quoted phrase (maybe unclosed) or a word
_DROPPED = frozenset({"AND", "OR", "&&", "||"})
_NOT = frozenset({"NOT", "ANDNOT"})


@dataclass(frozen=True)
class QueryParts:
    wanted: str         # the words and phrases to match
    excluded: str       # those whose articles are left out


@lru_cache(maxsize=4096)     # read by the service, the ranker, each backend call and the renderer
def split_query(text: str) -> QueryParts:
    """``text`` split into what it wants and what it excludes (the word or phrase after each
    ``NOT``); a lone ``NOT`` is dropped."""
    tokens = _TOKENS.findall(text or "")
    if not any(token in _NOT or token in _DROPPED for token in tokens):
        return QueryParts(text or "", "")      # the query as typed: most have no operator
    wanted, excluded = [], []
    negate = False
    for token in tokens:
        if token in _NOT:
            negate = True
            continue
        if token not in _DROPPED:
            (excluded if negate else wanted).append(token)
        negate = False
    return QueryParts(" ".join(wanted), " ".join(excluded))
