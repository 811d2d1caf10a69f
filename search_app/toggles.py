"""Links that change one thing in the current URL: toggle a facet value, narrow to a period,
switch the sort, export, open the claims of a unit.  Built from the current parameters only, so
the HTML page and its JSON twin carry the same links (each to its own endpoint)."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import current_app, g, request, url_for

from indexer.facets import FACET_TITLES
from indexer.search.params import filter_value, unit_value
from indexer.search.render import language_name

Params = list[tuple[str, str]]
DATE_PARAMS = ("date_from", "date_to")
CLAIM_ONLY = ("unit", "value_min", "value_max")     # claims parameters a search does not take
LISTED_FILTERS = ("lang", "source", "agency", "actor", "place", "number")    # repeatable, each value a facet's
SINGLE_FILTERS = {"date_from": "From", "date_to": "To", "num_min": "Count at least", "num_max": "Count at most",
                  "num_unit": "Unit", "id": "Article", "group": "Copies of"}
UNIT_PARAMS = ("num_unit", "unit")      # a search's unit and the claims view's
ENTITY_FILTERS = ("actor", "place")


def current_params() -> Params:
    """The request's parameters, an actor or a place typed by name (the type-ahead's box submits
    what was typed) replaced by the id it names, and a unit in the index's lower case
    ("Soldiers"): filters, chips and links all carry what the index holds (the service reads
    both ways alike)."""
    if "params" not in g:
        params = _service().with_entity_ids(list(request.args.items(multi=True)))
        g.params = [(key, unit_value(value) if key in UNIT_PARAMS else value) for key, value in params]
    return g.params


def _service():
    return current_app.config["SEARCH_SERVICE"]


def url(endpoint: str, params) -> str:
    query = urlencode(list(params))
    return url_for(endpoint) + (f"?{query}" if query else "")


def toggled(params: Params, name: str, value: str) -> Params:
    """``name=value`` removed if present (however the URL spells it: `` da``), else added; back
    to page 1."""
    if any(_is(k, v, name, value) for k, v in params):
        return [(k, v) for k, v in params if not _is(k, v, name, value) and k != "page"]
    return added(params, name, value)


def added(params: Params, name: str, value: str) -> Params:
    kept = [(k, v) for k, v in params if k != "page"]
    return kept if any(_is(k, v, name, value) for k, v in kept) else kept + [(name, value)]


def _is(key: str, raw: str, name: str, value: str) -> bool:
    """The parameter ``key=raw`` selects ``value`` of ``name``, as the search service reads it."""
    return key == name and filter_value(name, raw) == value


def replaced(params: Params, changes: dict[str, str | None]) -> Params:
    """Parameters ``changes`` names set to their value (None: removed); back to page 1."""
    kept = [(k, v) for k, v in params if k not in changes and k != "page"]
    return kept + [(k, v) for k, v in changes.items() if v is not None]


def date_toggle(params: Params, value: dict) -> Params | None:
    """A period of the date facet: narrow to it, or widen again when it is the current one."""
    if value.get("start") is None:
        return None                     # "no date" is counted, not a period to narrow to
    if value["selected"]:
        return replaced(params, dict.fromkeys(DATE_PARAMS))
    return replaced(params, {"date_from": value["start"], "date_to": value["end"]})


def add_result_links(result: dict, endpoint: str, params: Params) -> None:
    for facet, values in result["facets"].items():
        for value in values:
            change = date_toggle(params, value) if facet == "date" else toggled(params, facet, value["value"])
            value["toggle_url"] = url(endpoint, change) if change is not None else None
    for hit in result["hits"] + result.get("related", []):
        for facet, key, entries in (("actor", "id", hit["actors"]), ("place", "id", hit["places"]),
                                    ("number", "key", hit["numbers"])):
            for entry in entries:
                entry["filter_url"] = url(endpoint, added(params, facet, entry[key]))
        hit["source_url"] = url(endpoint, added(params, "source", hit["source"])) if hit["source"] else None
        if hit["similar"] and not result["filters"]["group"]:     # every copy of the group, this one too
            hit["similar_url"] = url(endpoint, [("group", hit["group"])])
    result["links"] = search_links(result, endpoint, params)


def search_links(result: dict, endpoint: str, params: Params) -> dict:
    units = dict.fromkeys(value["value"].rpartition(":")[0] for value in result["facets"].get("number", []))
    claim_params = [(k, v) for k, v in params if k not in ("page", "size", "sort")]
    return {
        "sort": {sort: url(endpoint, replaced(params, {"sort": sort})) for sort in ("relevance", "date")},
        "export": {fmt: url("search.api_search", replaced(params, {"format": fmt, "size": None}))
                   for fmt in ("csv", "jsonl")},
        "clear_dates": (url(endpoint, replaced(params, dict.fromkeys(DATE_PARAMS)))
                        if any(k in DATE_PARAMS for k, _ in params) else None),
        "clear_id": url(endpoint, replaced(params, {"id": None})) if any(k == "id" for k, _ in params) else None,
        "clear_group": (url(endpoint, replaced(params, {"group": None}))
                        if any(k == "group" for k, _ in params) else None),
        "filters": active_filters(result, endpoint, params),
        "clear_filters": url(endpoint, replaced(params, dict.fromkeys((*LISTED_FILTERS, *SINGLE_FILTERS)))),
        "more_values": more_values_links(result, endpoint, params),
        "collapse": url(endpoint, replaced(params, {"collapse": "false" if result["filters"]["collapse"] else None})),
        "claims": [{"unit": unit, "url": url("search.claims_page", claim_params + [("unit", unit)])}
                   for unit in units if unit],
    }


def active_filters(result: dict, endpoint: str, params: Params) -> list[dict]:
    """Every filter of the request, labelled, with the link that removes it.  Listed whatever the
    result count: a filter that leaves nothing has no facet list left to untick it from."""
    labels = {(name, value["value"]): value["label"] for name, values in result["facets"].items() for value in values}
    shown, seen = [], set()
    for name, raw in params:
        if name not in LISTED_FILTERS and name not in SINGLE_FILTERS:
            continue
        value = filter_value(name, raw) if name in LISTED_FILTERS else raw.strip()
        if not value or (name, value) in seen:
            continue
        seen.add((name, value))
        remove = toggled(params, name, value) if name in LISTED_FILTERS else replaced(params, {name: None})
        shown.append({"name": name, "value": value, "title": FACET_TITLES.get(name) or SINGLE_FILTERS[name],
                      "label": labels.get((name, value)) or _fallback_label(name, value),
                      "remove_url": url(endpoint, remove)})
    return shown


def _fallback_label(name: str, value: str) -> str:
    """A filter's label when no facet value of this result carries it (the filter left no article)."""
    if name == "lang":
        return language_name(value)
    if name in ENTITY_FILTERS:
        return _entity_label(name, value)
    if name != "number":
        return value
    unit, _, amount = value.rpartition(":")
    try:
        number = float(amount)
    except ValueError:
        return value            # a range ("soldiers:1000-9999") reads well as it is
    return f"{number:,.0f} {unit}".strip() if number.is_integer() else f"{number:,} {unit}".strip()


def _entity_label(name: str, entity_id: str) -> str:
    """The label of an actor or place: the tables', else (a name a build minted) the one the
    index gives it, asked of a search for it alone, whose facet lists it whenever an article
    mentions it; the id itself when none does.  Only for a filter that left no article
    (otherwise the result's own facet carries the label)."""
    service = _service()
    if label := service.entity_label(entity_id):
        return label
    request = service.parse_params({name: [entity_id], "size": ["1"], "collapse": ["false"]})
    listed = service.rank(request).facets.get(name, [])
    return next((value.label for value in listed if value.value == entity_id), entity_id)


def more_values_links(result: dict, endpoint: str, params: Params) -> dict:
    """For each facet cut short, the same search listing twice as many values (``facet_size``)."""
    limits = {name: current_app.config["NEWS_CONFIG"].facet(name).max_size for name in result["facets"]}
    links = {}
    for name, values in result["facets"].items():
        wanted = min(2 * max(len(values), 1), limits[name])
        if result.get("facets_truncated", {}).get(name) and wanted > len(values):
            links[name] = url(endpoint, replaced(params, {"facet_size": str(wanted)}))
    return links


def add_claim_links(result: dict, endpoint: str, params: Params) -> None:
    """Each claim links to its article: its own URL, else the search page listing it alone."""
    for group in result["groups"]:
        for claim in group["claims"]:
            claim["article_url"] = claim["url"] or url("search.page", [("id", claim["id"])])


def claims_links(result: dict, endpoint: str, params: Params) -> dict:
    search_params = [(k, v) for k, v in params if k not in CLAIM_ONLY and k != "sort"]
    return {
        "sort": {sort: url(endpoint, replaced(params, {"sort": sort})) for sort in ("value", "date")},
        "sources": {source: url(endpoint, toggled(params, "source", source)) for source in result["sources"] if source},
        "search": url("search.page", search_params),
        "export": {fmt: url("search.api_claims", replaced(params, {"format": fmt})) for fmt in ("csv", "jsonl")},
    }
