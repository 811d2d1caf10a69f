"""The JSON API's contract: one OpenAPI 3.1 document, served at ``/api/openapi.json``.

Every JSON endpoint is described here and nowhere else.  To add one: give it an entry in
``_paths`` (its parameters, and its response schema under ``_schemas``).  Two tests keep the
document true (tests/app/test_openapi.py): real responses are validated against it, and the
query parameters of ``/api/search`` are compared with the names ``SearchService.parse_params``
actually reads, so a parameter added to the service and not here (or the reverse) fails.
Bounds come from the config the app runs with (``search.max_size``, ``languages``, ...).
"""
from __future__ import annotations

from indexer.config import Config
from indexer.facets import FACET_NAMES, FILTER_FACETS, SIZED_FACETS
from indexer.search.claims import CLAIM_SORTS
from indexer.search.export import FORMATS, MEDIA_TYPES
from indexer.search.params import MAX_VALUE_CHARS
from indexer.store.base import SORTS

OPENAPI_VERSION = "3.1.0"
API_VERSION = "1.0.0"
# The numbers' reading (``indexer.search.params.decimal_text``), said once for every number parameter.
DECIMAL_COMMA = ("The last of a point and a comma is the decimal sign ('1.234,5', '1,234.5'); one sign alone "
                 "before exactly three digits, or repeated, groups thousands ('10.000', '12,000'), otherwise it is "
                 "the decimal sign ('3,5' is 3.5); anything else ('1,23.4') is a 400.")


def openapi_document(config: Config, auth: bool = False) -> dict:
    """The document for an app running with ``config``; ``auth``: tokens are required."""
    document = {
        "openapi": OPENAPI_VERSION,
        "info": {"title": "News search API", "version": API_VERSION,
                 "description": "Multilingual news search: ranked articles with facets (languages, actors, "
                                "places, numbers). Every error is a JSON object {\"error\": \"<parameter>: <why>\"}."},
        "paths": _paths(config),
        "components": {"schemas": _schemas(config), "responses": _error_responses(),
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                                      "description": "A token of NEWS_SEARCH_TOKENS"}}},
    }
    if auth:    # every operation but /healthz (its own ``security: []``)
        document["security"] = [{"bearer": []}]
    return document


def search_parameters(config: Config) -> list[dict]:
    """The parameters ``SearchService.parse_params`` reads: every search, the page, the claims
    and the type-ahead take them (tests/app/test_openapi.py compares the two lists)."""
    search = config.search
    return [
        _query("q", {"type": "string", "maxLength": MAX_VALUE_CHARS},
               "Search words in any language; empty: every article, newest first. NOT word "
               "leaves out the articles that word matches, in every language; quoted phrases match in order."),
        _repeated("lang", {"type": "string", "enum": list(config.languages)}, "Only articles in these languages."),
        _repeated("source", _text(), "Only articles from this outlet (a facet value)."),
        _repeated("agency", _text(), "Only articles crediting this news agency (a facet value)."),
        _repeated("actor", _text(), "Only articles naming this actor: its id (a facet value, 'actor:vladimir-putin') "
                                    "or a name of it in any spelling ('Poetin')."),
        _repeated("place", _text(), "Only articles naming this place: its id (a facet value, 'place:KP') or a name "
                                    "of it in any spelling ('Noord-Korea')."),
        _repeated("number", _text(),
                  "A number facet value ('soldiers:3000', 'soldiers:1000-9999', ':45000' for a count of no known "
                  "unit; 'soldiers:3000.0' is read as 'soldiers:3000', a range must go from low to high) or a bare "
                  "number (any unit)."),
        _query("num_min", {"type": "number", "minimum": 0},
               "Only articles with a number at least this large. " + DECIMAL_COMMA),
        _query("num_max", {"type": "number", "minimum": 0},
               "Only articles with a number at most this large. " + DECIMAL_COMMA),
        _query("num_unit", _text(), "The unit num_min and num_max apply to ('soldiers', in any case); alone: only "
                                    "articles with a count of this unit, exact or vague (an unknown unit matches "
                                    "nothing)."),
        _query("date_from", {"type": "string", "format": "date"}, "Only articles published on or after this day."),
        _query("date_to", {"type": "string", "format": "date"}, "Only articles published on or before this day."),
        _query("sort", {"type": "string", "enum": list(SORTS)}, "relevance (with a query) or date (newest first)."),
        _repeated("id", _text(), "Only these articles (by id)."),
        _query("page", {"type": "integer", "minimum": 1, "maximum": search.max_page, "default": 1}, "Result page."),
        _query("size", {"type": "integer", "minimum": 1, "maximum": search.max_size, "default": search.default_size},
               "Hits per page."),
        _query("facet_size", {"type": "integer", "minimum": 1,
                              "maximum": max(config.facet(name).max_size for name in SIZED_FACETS)},
               "Values each facet lists (each facet at most its facets.<name>.max_size; empty: the default)."),
        _query("collapse", {"type": "string", "enum": ["true", "false"], "default": "true"},
               "true: one hit per group of copies (the same wire story); false: every article."),
        _query("group", _text(), "Only the copies of this group (the articles of one collapsed hit)."),
        _query("related", {"type": "string", "enum": ["apart", "inline"], "default": "apart"},
               "apart: articles only the dense channel found come as `related`, after the matches; inline: "
               "ranked among the hits, flagged matched=false, taking places on the pages (`pages` counts them "
               "with the matches). Never counted in total or facets."),
    ]


def query_parameters(config: Config, path: str) -> dict[str, bool]:
    """The query parameters the operation at ``path`` takes, each with whether it may be given more
    than once: exactly what the app accepts (a name the document does not list is a 400)."""
    parameters = _paths(config)[path]["get"].get("parameters", [])
    return {parameter["name"]: parameter["schema"].get("type") == "array"
            for parameter in parameters if parameter["in"] == "query"}


def _paths(config: Config) -> dict:
    searching = search_parameters(config)
    return {
        "/api/search": {"get": {
            "operationId": "search", "summary": "Ranked articles with facets, or all of them exported",
            "parameters": searching + [_query("format", {"type": "string", "enum": ["json", *FORMATS]},
                                              "json (default, also when empty): one page with facets; csv, "
                                              "jsonl: every matching article, streamed (values are trimmed)")],
            "responses": {"200": {"description": "The page of hits, the facets and the filters applied; or the export",
                                  "content": {"application/json": _schema_ref("SearchResult"),
                                              **{MEDIA_TYPES[fmt].split(";")[0]: {"schema": {"type": "string"}}
                                                 for fmt in FORMATS}}},
                          **_errors("400", "401", "429", "503")},
        }},
        "/api/claims": {"get": {
            "operationId": "claims", "summary": "Every claim of a unit across the matching articles",
            "parameters": [_query("unit", {"type": "string", "minLength": 1, "maxLength": MAX_VALUE_CHARS},
                                  "The thing counted ('soldiers').", required=True),
                           _query("value_min", {"type": "number", "minimum": 0},
                                  "Claims of at least this value. " + DECIMAL_COMMA),
                           _query("value_max", {"type": "number", "minimum": 0},
                                  "Claims of at most this value. " + DECIMAL_COMMA),
                           _query("sort", {"type": "string", "enum": list(CLAIM_SORTS)}, "Group by value or date."),
                           _query("format", {"type": "string", "enum": ["json", *FORMATS]},
                                  "json (default, also when empty): the claims grouped; csv, jsonl: one line a "
                                  "claim (unit, value, low, high, qualifier, label, text, sentence, source, date, "
                                  "lang, id, title, url)")]
                          + [p for p in searching if p["name"] != "sort"],
            "responses": {"200": {"description": "The claims grouped by value; or their export",
                                  "content": {"application/json": _schema_ref("ClaimsResult"),
                                              **{MEDIA_TYPES[fmt].split(";")[0]: {"schema": {"type": "string"}}
                                                 for fmt in FORMATS}}},
                          **_errors("400", "401", "429", "503")},
        }},
        "/api/facets/{name}": {"get": {
            "operationId": "facet_values", "summary": "Values of one facet starting with a prefix (the type-ahead)",
            "parameters": [{"name": "name", "in": "path", "required": True,
                            "schema": {"type": "string", "enum": list(FILTER_FACETS)}},
                           _query("prefix", _text(), "The start of a label or of a word of it, of the value "
                                                     "(not of an actor's or a place's id), or of another spelling "
                                                     "of an actor or place."),
                           _query("size", {"type": "integer", "minimum": 1,
                                           "maximum": min(config.facet(n).max_size for n in FILTER_FACETS)},
                                  "Values at most (default 10).")]
                          + [p for p in searching if p["name"] != "size"],
            "responses": {"200": _json("The matching values with their counts", "FacetValues"),
                          **_errors("400", "401", "429", "503")},
        }},
        "/api/openapi.json": {"get": {
            "operationId": "openapi", "summary": "This document",
            "responses": {"200": {"description": "The OpenAPI document",
                                  "content": {"application/json": {"schema": {"type": "object"}}}},
                          **_errors("401", "429")},
        }},
        "/healthz": {"get": {
            "operationId": "health", "summary": "Liveness: the index answers (no token needed)", "security": [],
            "responses": {"200": _json("The serving index answers", "Health"),
                          "503": _json("No index, or its backend is down", "Health")},
        }},
    }


def _schemas(config: Config) -> dict:
    nullable_string = {"type": ["string", "null"]}
    nullable_number = {"type": ["number", "null"]}
    strings = {"type": "array", "items": {"type": "string"}}
    facet_value = {"value": {"type": "string"}, "label": {"type": "string"}, "count": {"type": "integer", "minimum": 0},
                   "selected": {"type": "boolean"}}
    return {
        "Error": _object({"error": {"type": "string", "minLength": 1}}),
        "Health": _object({"status": {"type": "string"}, "articles": {"type": "integer", "minimum": 0},
                           "error": {"type": "string"}}, required=["status"]),
        "FacetValue": _object({**facet_value, "start": nullable_string, "end": nullable_string,
                               "toggle_url": {"type": ["string", "null"],
                                              "description": "This URL with the value added or removed "
                                                             "(null: not a filter, the undated articles)"}},
                              required=[*facet_value, "toggle_url"]),
        "FacetValues": _object({"facet": {"type": "string"}, "prefix": {"type": "string"},
                                "values": {"type": "array", "items": _object(
                                    {**facet_value, "spelling": {"type": "string", "description":
                                     "The entity's name that starts with the prefix, where its label does not "
                                     "('Poetin' for Vladimir Putin)"}}, required=list(facet_value))},
                                "truncated": {"type": "boolean"}}),
        "Entity": _object({"id": {"type": "string"}, "label": {"type": "string"},
                           "filter_url": {"type": "string", "description": "This URL filtered to the entity"}}),
        "Number": _object({"value": nullable_number, "low": nullable_number, "high": nullable_number,
                           "unit": nullable_string, "text": {"type": "string"},
                           "key": {"type": "string"}, "label": {"type": "string"}, "filter_url": {"type": "string"},
                           "qualifier": {"type": "string", "description": "'at least', 'up to', 'more than', "
                                         "'fewer than', 'about', 'nearly', or '' for a count stated exactly"}}),
        "Hit": _object({
            "id": {"type": "string"}, "title": nullable_string,
            "lang": {"type": "string"}, "date": nullable_string, "score": nullable_number,
            "snippet": {"type": "string"},
            "snippet_html": {"type": "string", "description": "The snippet, HTML-escaped, query words in <mark>"},
            "actors": {"type": "array", "items": {"$ref": "#/components/schemas/Entity"}},
            "places": {"type": "array", "items": {"$ref": "#/components/schemas/Entity"}},
            "numbers": {"type": "array", "items": {"$ref": "#/components/schemas/Number"}},
            "url": nullable_string, "source": nullable_string, "source_url": nullable_string,
            "agencies": {"type": "array"},
            "group": nullable_string,
            "similar": {"type": "integer", "minimum": 0, "description": "Other articles in its group of copies"},
            "matched": {"type": "boolean", "description": "false: found by meaning only (the dense channel)"},
        }),
        "Filters": _object({
            **{name: strings for name in FILTER_FACETS}, "id": strings,
            "num_min": nullable_number, "num_max": nullable_number, "num_unit": nullable_string,
            "date_from": nullable_string, "date_to": nullable_string,
            "collapse": {"type": "boolean"}, "group": nullable_string,
        }),
        "SearchResult": _object({
            "query": {"type": "string"}, "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1}, "size": {"type": "integer", "minimum": 1},
            "pages": {"type": "integer", "minimum": 1, "maximum": config.search.max_page,
                      "description": "Pages of this size, at most search.max_page (a page past it is a 400)"},
            "sort": {"type": "string", "enum": list(SORTS)},
            "filters": {"$ref": "#/components/schemas/Filters"},
            "linked_entities": strings,
            "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"},
                     "maxItems": config.search.max_size},
            "related": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"},
                        "maxItems": config.search.related_size,
                        "description": "Articles close in meaning that the query does not match (first page; not counted)"},
            "facets": _object({name: {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}}
                               for name in FACET_NAMES}, required=[]),
            "facets_truncated": {"type": "object", "additionalProperties": {"type": "boolean"}},
            "links": {"type": "object", "description": "Sort, export, claims and clearing links of this result; "
                      "`filters`: every active filter (`name`, `value`, `title`, `label`, `remove_url`), "
                      "`more_values`: per facet cut short, the link listing more of its values"},
        }),
        "ClaimsResult": _object({
            "unit": {"type": "string"}, "query": {"type": "string"}, "sort": {"type": "string", "enum": list(CLAIM_SORTS)},
            "value_min": nullable_number, "value_max": nullable_number,
            "filters": {"$ref": "#/components/schemas/Filters"},
            "articles": {"type": "integer", "minimum": 0}, "truncated": {"type": "boolean"},
            "claims": {"type": "integer", "minimum": 0}, "sources": strings,
            "groups": {"type": "array", "items": {"type": "object", "required": ["label", "claims"],
                                                  "properties": {"label": {"type": "string"},
                                                                 "claims": {"type": "array"}}}},
            "links": {"type": "object"},
        }),
    }


def _error_responses() -> dict:
    why = {"400": "A parameter is malformed, out of range, unknown or given twice; the message names it",
           "401": "No valid access token (Authorization: Bearer, or the page's login)",
           "429": "Too many wrong access tokens from this address within a minute (see Retry-After)",
           "503": "No index has been built yet, or its backend is down"}
    return {code: _json(text, "Error") for code, text in why.items()}


def _errors(*codes: str) -> dict:
    return {code: {"$ref": f"#/components/responses/{code}"} for code in codes}


def _json(description: str, schema: str) -> dict:
    return {"description": description, "content": {"application/json": _schema_ref(schema)}}


def _schema_ref(schema: str) -> dict:
    return {"schema": {"$ref": f"#/components/schemas/{schema}"}}


def _text() -> dict:
    return {"type": "string", "maxLength": MAX_VALUE_CHARS}


def _object(properties: dict, required: list[str] | None = None) -> dict:
    """A closed object: a field the service adds must be described here first (the tests check)."""
    return {"type": "object", "properties": properties,
            "required": list(properties) if required is None else required, "additionalProperties": False}


def _query(name: str, schema: dict, description: str, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "schema": schema, "description": description}


def _repeated(name: str, items: dict, description: str) -> dict:
    """A filter that may be given more than once (``lang=nl&lang=de``)."""
    return {**_query(name, {"type": "array", "items": items}, description + " Repeatable."),
            "style": "form", "explode": True}
