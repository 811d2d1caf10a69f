"""The search web app: an HTML page and its JSON twin over one search function.

``create_app(config_path=None, tokens=None, **overrides)`` builds the app; nothing happens at
import time.  ``overrides`` replace top-level settings (tests pass ``index_dir=...``);
``tokens`` are the access tokens (default: the environment variable ``NEWS_SEARCH_TOKENS``,
see ``search_app.auth``).
"""
from __future__ import annotations

from flask import Flask, jsonify, request

from indexer.config import load_config
from indexer.search.service import SearchService

from . import auth
from .views import blueprint, is_json_path


def create_app(config_path=None, tokens: list[str] | None = None, **overrides) -> Flask:
    config = load_config(config_path, **overrides)
    app = Flask(__name__)
    auth.install(app, auth.tokens_from_env() if tokens is None else tokens, config.server.cookie_secure,
                 config.server.failed_logins_per_minute)
    app.config["SEARCH_SERVICE"] = SearchService(config)
    app.config["NEWS_CONFIG"] = config
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.register_blueprint(blueprint)
    _register_error_handlers(app)
    app.after_request(_security_headers)
    return app


# Every response: no inline or foreign scripts or styles (the page has none), no framing, no
# MIME sniffing, no query strings leaked to other sites in the Referer header.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def _security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _register_error_handlers(app: Flask) -> None:
    def wants_json() -> bool:
        return is_json_path(request.path)

    @app.errorhandler(Exception)
    def internal_error(error):
        # Never a stack trace to the client: log it, answer with a short message.
        app.logger.exception("unhandled error on %s", request.path)
        if wants_json():
            return jsonify(error="internal error"), 500
        return "Internal error: the search could not be completed.", 500
