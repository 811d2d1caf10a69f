"""The type-ahead: the values of one facet that start with what was typed, with their counts
under the request's filters (``/api/facets/<name>``).

A value is found by its label or a word of its label; a language or a number also by its value
("nl", "soldiers:3000"); an actor or place also by any of its names in our languages ("Poe" finds
Vladimir Putin through "Poetin", "Nordk" North Korea), and then says which (``spelling``), for the
page to show beside it, but never by its id ("actor:...": every actor would start with "a").
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping

from indexer.lang.folding import fold_in_place
from indexer.search.render import facet_value
from indexer.search.params import BadRequest, first, int_param, param_getter, params_without
from indexer.store.base import FACET_NAMES

ENTITY_FACETS = ("actor", "place")


def facet_values(service, name: str, params: Mapping) -> dict:
    if name not in FACET_NAMES or name == "date":
        raise BadRequest(f"name: unknown facet {name!r} (known: {', '.join(n for n in FACET_NAMES if n != 'date')})")
    get_all = param_getter(params)
    prefix = (first(get_all("prefix")) or "").strip().casefold()
    size = int_param("size", first(get_all("size")), 10, 1, service.config.facet(name).max_size)
    request = service.parse_params(params_without(params, ("prefix", "size")))
    request = dataclasses.replace(request, page=1, size=1, collapse=False,
                                  facet_sizes={name: service.config.search.facet_search_values})
    values = [facet_value(name, value) for value in service.rank(request).facets.get(name, [])]
    if name in ENTITY_FACETS:
        values = [_with_spelling(value, prefix, service.spellings) for value in values]
    found = [value for value in values if _starts(value, prefix, by_value=name not in ENTITY_FACETS)
             or "spelling" in value]
    return {"facet": name, "prefix": prefix, "values": found[:size], "truncated": len(found) > size}


def _with_spelling(value: dict, prefix: str, spellings) -> dict:
    """``value`` with the name of the entity that ``prefix`` starts, where its label does not."""
    if not prefix or _starts(value, prefix):
        return value
    folded = fold_in_place(prefix)
    found = [spelling for spelling in spellings(value["value"]) if _name_starts(fold_in_place(spelling), folded)]
    if not found:
        return value
    # the plainest: "Poetin" before "Vladimir Poetin" and the table's "Vladimir-Poetin"
    plainest = min(found, key=lambda spelling: (not fold_in_place(spelling).startswith(folded), "-" in spelling, len(spelling)))
    return {**value, "spelling": plainest}


def _starts(value: dict, prefix: str, by_value: bool = False) -> bool:
    """Diacritics aside: "so" finds Sønderborg, "koln" Köln; ``by_value``: the value counts too."""
    label = str(value["label"]).casefold()
    return (_name_starts(label, prefix) or _name_starts(fold_in_place(label), fold_in_place(prefix))
            or (by_value and str(value["value"]).casefold().startswith(prefix)))


def _name_starts(name: str, prefix: str) -> bool:
    """``prefix`` starts ``name`` or a word of it (both folded alike)."""
    return not prefix or name.startswith(prefix) or any(word.startswith(prefix) for word in re.split(r"[\s\-/]+", name))
