"""The facets: one definition each, read by the config, every backend, the search service and the app.

A facet's request parameter has the facet's name (``source=NOS``), except the date facet, whose
values narrow to a period through ``date_from`` / ``date_to``.  ``multi``: an article has several
values (actors), so two selected values narrow further (AND); a single-valued facet (language,
source) widens instead (OR: articles of either outlet).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FacetDef:
    name: str
    title: str            # the heading on the page
    multi: bool           # several values per article (filters AND) or one (filters OR)
    default_size: int = 20


FACETS = (
    FacetDef("lang", "Language", multi=False, default_size=10),
    FacetDef("source", "Source", multi=False),
    FacetDef("agency", "Agencies", multi=True),
    FacetDef("actor", "Actors", multi=True),
    FacetDef("place", "Places", multi=True),
    FacetDef("number", "Numbers", multi=True),
    FacetDef("date", "Date", multi=False),       # every period: ``indexer.store.date_facet`` bounds them
)
FACET_NAMES = tuple(facet.name for facet in FACETS)
FILTER_FACETS = tuple(name for name in FACET_NAMES if name != "date")   # filtered by a parameter of their name
FACET_TITLES = {facet.name: facet.title for facet in FACETS}
SIZED_FACETS = FILTER_FACETS      # facets cut to a configured size (``facets.<name>.size``)
TERM_FACETS = ("lang", "source", "agency", "actor", "place")   # a filter value is one indexed term
NO_DATE = "none"          # the date facet's value (and the index's day) of an article without a date


def facet_def(name: str) -> FacetDef:
    return next(facet for facet in FACETS if facet.name == name)
