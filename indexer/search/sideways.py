"""Sideways counts for the facets with one value per article (language, outlet).

Choosing a second language or outlet widens the results (OR), so the values of such a facet are
counted as if it were not filtered: the siblings of a selected value keep their counts and stay
clickable (Lucene's ``DrillSideways``, OpenSearch's ``post_filter``).  Done here, once, through
the backend interface, so every backend shows the same counts.  Facets with several values per
article (actors, places, …) narrow (AND), so their counts stay those of the filtered results.
"""
from __future__ import annotations

import dataclasses

from indexer.facets import FACETS, FILTER_FACETS
from indexer.store.base import IndexReader, SearchRequest, SearchResult

SIDEWAYS_FACETS = tuple(facet.name for facet in FACETS if not facet.multi and facet.name in FILTER_FACETS)


def with_sideways_counts(reader: IndexReader, request: SearchRequest, result: SearchResult) -> SearchResult:
    """``result`` with each selected single-valued facet counted without its own filter."""
    if not request.with_facets:
        return result
    for name in SIDEWAYS_FACETS:
        selected = request.filters_for(name)
        if not selected:
            continue
        unfiltered = reader.search(dataclasses.replace(request.without_filter(name), page=1, size=1, extra_ids=[],
                                                       related=0, related_inline=False))
        values = [dataclasses.replace(value, selected=value.value in selected)
                  for value in unfiltered.facets.get(name, [])]
        shown = {value.value for value in values}
        # A selected value past the facet's size: its count is the same either way (it is selected).
        values += [value for value in result.facets.get(name, []) if value.selected and value.value not in shown]
        result.facets[name] = values
        result.facets_truncated[name] = unfiltered.facets_truncated.get(name, False)
    return result
