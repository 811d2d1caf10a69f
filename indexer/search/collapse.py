"""One hit per group of copies (``indexer.copies``): the best-ranked article of each group.

Whatever ranked the page (any backend, any channel), collapsing asks the same ranking for a
longer list from the top, keeps the first article of each group, and widens the list until the
page is full or the matches run out.  Totals and facets are those of the ranking: they count
articles, not groups.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable

from indexer.copies import CopyGroups
from indexer.store.base import SearchRequest, SearchResult


def collapsed(rank: Callable[[SearchRequest], SearchResult], request: SearchRequest,
              groups: CopyGroups) -> SearchResult:
    """The page ``request`` asks for, with at most one article per group."""
    first = (request.page - 1) * request.size
    wanted = first + request.size
    window = 2 * wanted
    while True:
        result = rank(dataclasses.replace(request, page=1, size=window))
        kept = first_of_each_group(result.hits, groups)
        if len(kept) >= wanted or len(result.hits) < window or window >= result.total:
            related = first_of_each_group(result.related, groups) if request.page == 1 else []
            return dataclasses.replace(result, hits=kept[first:wanted], related=related)
        window *= 2


def first_of_each_group(hits: list, groups: CopyGroups) -> list:
    seen: set[str] = set()
    kept = []
    for hit in hits:
        group = groups.group(hit.id)
        if group not in seen:
            seen.add(group)
            kept.append(hit)
    return kept
