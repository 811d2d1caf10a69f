"""What a query asks for and what it excludes: ``NOT Kursk`` and ``-Kursk`` leave out the articles
that match "Kursk" (through any language's chain, its cognates, or the entity it names), so
"Putin NOT Kursk" is the Putin articles without Kursk.  ``AND`` and ``OR`` in capitals are not
words of the query: every word counts, the articles matching more of them first.

Both the search service (which links each part's names to entities) and every backend's
ranking query (``whoosh_backend.ranking_query``) read a query through ``split_query``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_TOKENS = re.compile(r'-?"[^"]*"?|\S+')       # a quoted phrase (maybe unclosed) or a word
_DROPPED = frozenset({"AND", "OR", "&&", "||"})
_NOT = frozenset({"NOT", "ANDNOT"})


@dataclass(frozen=True)
class QueryParts:
    wanted: str         # the words and phrases to match
    excluded: str       # those whose articles are left out


def split_query(text: str) -> QueryParts:
    """``text`` split into what it wants and what it excludes (the word or phrase after ``NOT``,
    or one written ``-word``); a lone ``NOT`` is dropped."""
    wanted, excluded = [], []
    negate = False
    for token in _TOKENS.findall(text or ""):
        if token in _NOT:
            negate = True
            continue
        if token in _DROPPED:
            continue
        if _minus_word(token):
            excluded.append(token[1:])
        elif negate:
            excluded.append(token)
        else:
            wanted.append(token)
        negate = False
    return QueryParts(" ".join(wanted), " ".join(excluded))


def _minus_word(token: str) -> bool:
    """``-Kursk`` or ``-"Kim Jong-un"``; not a negative number ("-5") or a lone dash."""
    return len(token) > 1 and token[0] == "-" and (token[1].isalpha() or token[1] == '"')
