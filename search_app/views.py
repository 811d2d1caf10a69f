"""Routes: ``/`` renders the result dict as HTML, ``/api/search`` as JSON; same parameters.

Both views call ``search_result``, which runs the search and adds to every facet value a
``toggle_url`` that adds or removes exactly that filter from the current URL.
"""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, current_app, jsonify, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from indexer.search.service import BadRequest, IndexMissing
from indexer.store.base import BackendUnavailable

UNAVAILABLE = (IndexMissing, BackendUnavailable)    # answered 503: no index yet, or its server is down

blueprint = Blueprint("search", __name__)
FACET_TITLES = {"lang": "Language", "actor": "Actors", "place": "Places", "number": "Numbers"}


@blueprint.get("/api/search")
def api_search():
    try:
        return jsonify(search_result("search.api_search"))
    except BadRequest as error:
        return jsonify(error=str(error)), 400
    except UNAVAILABLE as error:
        return jsonify(error=str(error)), 503


@blueprint.get("/")
def page():
    try:
        result, error, status = search_result("search.page"), None, 200
    except BadRequest as bad:
        result, error, status = None, str(bad), 400
    except UNAVAILABLE as missing:
        result, error, status = None, str(missing), 503
    return render_template("search.html", result=result, error=error, query=request.args.get("q", ""),
                           facet_titles=FACET_TITLES, json_url=_url("search.api_search", request.args.items(multi=True)),
                           page_url=_page_url), status


@blueprint.get("/healthz")
def health():
    service = current_app.config["SEARCH_SERVICE"]
    try:
        return jsonify(status="ok", articles=service.count())
    except UNAVAILABLE as missing:
        return jsonify(status="no index", error=str(missing)), 503


def search_result(endpoint: str) -> dict:
    service = current_app.config["SEARCH_SERVICE"]
    result = service.search(request.args)
    current = list(request.args.items(multi=True))
    for facet, values in result["facets"].items():
        for value in values:
            value["toggle_url"] = _url(endpoint, _toggled(current, facet, value["value"]))
    for hit in result["hits"]:
        for facet, key, entries in (("actor", "id", hit["actors"]), ("place", "id", hit["places"]),
                                    ("number", "key", hit["numbers"])):
            for entry in entries:
                entry["filter_url"] = _url(endpoint, _added(current, facet, entry[key]))
    return result


def _toggled(params: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    """The current parameters with ``name=value`` removed if present, else added; back to page 1."""
    if (name, value) in params:
        return [(k, v) for k, v in params if (k, v) != (name, value) and k != "page"]
    return _added(params, name, value)


def _added(params: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    kept = [(k, v) for k, v in params if k != "page"]
    return kept if (name, value) in kept else kept + [(name, value)]


def _page_url(number: int) -> str:
    params = [(k, v) for k, v in request.args.items(multi=True) if k != "page"] + [("page", str(number))]
    return _url("search.page", params)


def _url(endpoint: str, params) -> str:
    query = urlencode(list(params))
    return url_for(endpoint) + (f"?{query}" if query else "")


@blueprint.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    if request.path.startswith("/api/"):
        return jsonify(error=error.description or error.name), error.code
    return error
