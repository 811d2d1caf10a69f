"""Routes: each HTML page and its JSON twin take the same parameters and render one result dict.

``/`` and ``/api/search`` (``format=csv|jsonl``: every matching article, streamed); ``/claims``
and ``/api/claims``; ``/api/facets/<name>`` (the type-ahead).  Every facet value, sort choice and
filter chip carries a link to the current URL with exactly that change (``toggles``).
"""
from __future__ import annotations

from flask import (Blueprint, Response, current_app, jsonify, render_template, request, stream_with_context,
                   url_for)
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

from indexer.facets import FACET_TITLES
from indexer.search.service import BadRequest, IndexMissing
from indexer.store.base import BackendUnavailable

from . import charts
from .auth import auth_required
from .openapi import openapi_document
from .toggles import add_claim_links, add_result_links, claims_links, current_params, url

UNAVAILABLE = (IndexMissing, BackendUnavailable)    # answered 503: no index yet, or its server is down

blueprint = Blueprint("search", __name__)


def _service():
    return current_app.config["SEARCH_SERVICE"]


def _args() -> MultiDict:
    """The request's parameters as the service reads them (names of actors and places as ids)."""
    return MultiDict(current_params())


def _json(build):
    try:
        return jsonify(build())
    except (BadRequest, *UNAVAILABLE) as error:
        return _json_error(error)


def is_json_path(path: str) -> bool:
    """The JSON API's paths (the OpenAPI document's): their errors are JSON too."""
    return path.startswith("/api/") or path == "/healthz"


def _json_error(error: Exception):
    """400 for a bad parameter, 503 when there is no index or its server is down."""
    return jsonify(error=str(error)), 400 if isinstance(error, BadRequest) else 503


def _page(template: str, build, **context):
    try:
        result, error, status = build(), None, 200
    except BadRequest as bad:
        result, error, status = None, str(bad), 400
    except UNAVAILABLE as missing:
        result, error, status = None, str(missing), 503
    return render_template(template, result=result, error=error, query=request.args.get("q", ""),
                           facet_titles=FACET_TITLES, params=current_params(), logout=auth_required(), **context), status


@blueprint.get("/api/search")
def api_search():
    fmt = request.args.get("format", "").strip()        # trimmed, as every other parameter
    if fmt not in ("", "json"):
        return _export(fmt)
    return _json(lambda: search_result("search.api_search"))


def _export(fmt: str):
    from indexer.search.export import MEDIA_TYPES

    try:
        lines = _service().export(_args(), fmt)      # parameters checked here, before streaming
    except (BadRequest, *UNAVAILABLE) as error:
        return _json_error(error)
    headers = {"Content-Disposition": f'attachment; filename="search.{fmt}"'}
    return Response(stream_with_context(lines), content_type=MEDIA_TYPES[fmt], headers=headers)


@blueprint.get("/")
def page():
    def build():
        result = search_result("search.page")
        result["date_chart"] = charts.date_chart(result["facets"].get("date", []))
        return result
    return _page("search.html", build, json_url=url("search.api_search", current_params()), page_url=_page_url)


@blueprint.get("/api/claims")
def api_claims():
    return _json(lambda: claims_result("search.api_claims"))


@blueprint.get("/claims")
def claims_page():
    def build():
        result = claims_result("search.claims_page")
        result["timeline"] = charts.timeline(result["groups"], result["sources"])
        result["colours"] = charts.source_colours(result["sources"])
        return result
    return _page("claims.html", build, json_url=url("search.api_claims", current_params()))


@blueprint.get("/api/facets/<name>")
def api_facet_values(name: str):
    return _json(lambda: _service().facet_search(name, _args()))


@blueprint.get("/api/openapi.json")
def openapi():
    return jsonify(openapi_document(current_app.config["NEWS_CONFIG"], auth=auth_required()))


@blueprint.get("/healthz")
def health():
    try:
        return jsonify(status="ok", articles=_service().count())
    except UNAVAILABLE as missing:
        return jsonify(status="no index", error=str(missing)), 503


def search_result(endpoint: str) -> dict:
    result = _service().search(_args())
    add_result_links(result, endpoint, current_params())
    return result


def claims_result(endpoint: str) -> dict:
    result = _service().claims(_args())
    add_claim_links(result, endpoint, current_params())
    result["links"] = claims_links(result, endpoint, current_params())
    return result


def _page_url(number: int) -> str:
    params = [(k, v) for k, v in current_params() if k != "page"] + [("page", str(number))]
    return url("search.page", params)


@blueprint.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    """An API path's 404, 405, ... as JSON, keeping the error's own headers (405: ``Allow``)."""
    if not is_json_path(request.path):
        return error
    headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
    return jsonify(error=error.description or error.name), error.code, headers
