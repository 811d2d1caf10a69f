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
from indexer.search.export import FORMATS
from indexer.search.params import check_names, choice_param
from indexer.search.service import BadRequest, IndexMissing
from indexer.store.base import BackendUnavailable

from . import charts
from .auth import auth_required
from .openapi import openapi_document, query_parameters
from .toggles import add_claim_links, add_result_links, claims_links, current_params, url

UNAVAILABLE = (IndexMissing, BackendUnavailable)    # answered 503: no index yet, or its server is down

blueprint = Blueprint("search", __name__)


def _service():
    return current_app.config["SEARCH_SERVICE"]


# The OpenAPI operation whose parameters each route takes: a page takes its JSON twin's.
OPERATIONS = {"search.api_search": "/api/search", "search.page": "/api/search",
              "search.api_claims": "/api/claims", "search.claims_page": "/api/claims",
              "search.api_facet_values": "/api/facets/{name}"}
API_ONLY = ("format",)        # a page is HTML: the exports are the JSON API's


def _args() -> MultiDict:
    """The request's parameters as the service reads them (names of actors and places as ids),
    once each is known to the route and a single-value one comes once (else ``BadRequest``)."""
    check_names(request.args, _accepted())
    return MultiDict(current_params())


def _accepted() -> dict[str, bool]:
    """The parameters this route takes (name -> repeatable), as the OpenAPI document lists them."""
    operation = OPERATIONS[request.endpoint]
    known = current_app.config.setdefault("ACCEPTED_PARAMETERS", {})    # the document, built once per app
    if operation not in known:
        known[operation] = query_parameters(current_app.config["NEWS_CONFIG"], operation)
    accepted = known[operation]
    if is_json_path(request.path):
        return accepted
    for name in API_ONLY:
        if name in request.args:     # said plainly: "did you mean ..." would guess another name
            raise BadRequest(f"{name}: this page is HTML only; {operation} answers in JSON, CSV or JSON Lines")
    return {name: repeated for name, repeated in accepted.items() if name not in API_ONLY}


def _json_or_export(name: str, build, make_lines):
    """The JSON answer of ``build``, or with ``format=csv|jsonl`` the download of ``make_lines(format)``."""
    try:
        fmt = choice_param("format", _args().get("format"), ("json", *FORMATS), "json")
    except BadRequest as bad:
        return _json_error(bad)
    if fmt == "json":
        return _json(build)
    return _export(fmt, lambda: make_lines(fmt), name)


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
                           facet_titles=FACET_TITLES, form_params=_form_params(error),
                           logout=auth_required(), **context), status


FORM_LEAVES = ("q", "page", "group")     # a new search: its own words, page 1, out of a group of copies


def _form_params(error: str | None) -> list[tuple[str, str]]:
    """What a new search from the page's form carries (as hidden inputs): the filters.  On an
    error page not the parameter the error names ("date_to: must not be ..."), else every new
    search would meet the same 400; none at all when the error names no parameter."""
    params = [(k, v) for k, v in current_params() if k not in FORM_LEAVES]
    if error is None:
        return params
    bad = error.partition(":")[0]
    return [(k, v) for k, v in params if k != bad] if any(k == bad for k, _ in current_params()) else []


@blueprint.get("/api/search")
def api_search():
    return _json_or_export("search", lambda: search_result("search.api_search"),
                           lambda fmt: _service().export(_args(), fmt))


def _export(fmt: str, make_lines, name: str):
    """A download of ``make_lines()`` (``name``.csv or .jsonl)."""
    from indexer.search.export import MEDIA_TYPES

    try:
        lines = make_lines()      # parameters checked here, before streaming
    except (BadRequest, *UNAVAILABLE) as error:
        return _json_error(error)
    headers = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    return Response(stream_with_context(lines), content_type=MEDIA_TYPES[fmt], headers=headers)


@blueprint.get("/")
def page():
    def build():
        result = search_result("search.page")
        result["date_chart"] = charts.date_chart(result["facets"].get("date", []))
        return result
    return _page("search.html", build, json_url=url("search.api_search", current_params()), pager=_pager)


@blueprint.get("/api/claims")
def api_claims():
    return _json_or_export("claims", lambda: claims_result("search.api_claims"),
                           lambda fmt: _service().export_claims(_args(), fmt))


@blueprint.get("/claims")
def claims_page():
    def build():
        result = claims_result("search.claims_page")
        result["timeline"] = charts.timeline(result["groups"], result["sources"])
        result["legend"] = charts.legend(result["sources"])
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


def _pager(result: dict) -> dict:
    """Paging that never leads past the results.  ``pages`` counts articles while a collapsed list
    shows one hit per group of copies, so its last pages can be empty: a page with fewer hits than
    ``size`` is the last (no "next"), and an empty page past the end links back instead.  ``pages``
    stops at ``search.max_page`` (a page past it is a 400): its last page says the rest is cut."""
    page, pages, hits = result["page"], result["pages"], len(result["hits"])
    past_end = page > 1 and not hits
    last = hits < result["size"] or page >= pages
    back = max(1, min(page - 1, pages))        # past the end: the last page that can hold hits
    cut = page == pages and hits == result["size"] and result["total"] > pages * result["size"]
    return {"past_end": past_end, "shown": page > 1 or not last,
            "label": f"page {page} of {page if last else pages}"      # a short page is the last
                     + (f" (pages stop at {pages}: narrow the search for the rest)" if cut else ""),
            "prev": _page_url(page - 1) if page > 1 and not past_end else None,
            "next": None if last else _page_url(page + 1),
            "back": _page_url(back), "back_page": back, "first": _page_url(1)}


@blueprint.app_template_filter("shown_date")
def shown_date(value: str | None) -> str:
    """One format for every date on the pages: ``2025-01-13``, and ``2024-12-03 10:00`` when the
    article gave a time (stored as ISO 8601, seconds and zone included or not)."""
    if not value:
        return ""
    day, _, time = value.partition("T")
    # midnight is how a date without a time often comes through a feed: not a time worth showing
    return f"{day} {time[:5]}" if time[:5] and time[:5] != "00:00" else day


@blueprint.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    """An API path's 404, 405, ... as JSON, keeping the error's own headers (405: ``Allow``)."""
    if not is_json_path(request.path):
        return error
    headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
    return jsonify(error=error.description or error.name), error.code, headers
