"""``python -m search_app [--config F] [--host H] [--port P] [--debug]``: serve the search page.

Production: waitress (a maintained pure-Python WSGI server) with the ``server`` settings of
``config.yaml``: worker threads, a connection limit and listen backlog (the bounded queue), an
idle-client timeout, one access-log line per request, and a clean stop on SIGTERM or Ctrl-C.
``--debug`` runs Flask's development server instead (reloader off), for development only.
A non-loopback host is refused unless access tokens are set (``NEWS_SEARCH_TOKENS``, see
``search_app.auth``) or ``server.public: true`` says an open server is meant.
"""
from __future__ import annotations

import argparse
import ipaddress
import logging
import signal
import sys
import time

from . import create_app
from .auth import TOKENS_ENV, auth_required

log = logging.getLogger("search_app.access")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m search_app", description=__doc__.splitlines()[0])
    parser.add_argument("--config", help="config file (default: $NEWS_SEARCH_CONFIG or ./config.yaml)")
    parser.add_argument("--host")
    parser.add_argument("--port", type=int)
    parser.add_argument("--debug", action="store_true", help="Flask's development server (not for production)")
    args = parser.parse_args(argv)
    app = create_app(args.config)
    server = app.config["NEWS_CONFIG"].server
    host, port = args.host or server.host, (server.port if args.port is None else args.port)   # 0: any free port
    with app.app_context():
        refusal = refusal_to_listen(host, protected=auth_required(), public=server.public)
    if refusal:
        print(f"error: {refusal}", file=sys.stderr)
        return 2
    if args.debug:
        app.run(host=host, port=port, debug=True, use_reloader=False)
        return 0
    return serve(app, host, port, server)


def serve(app, host: str, port: int, settings) -> int:
    from waitress import create_server

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    wsgi = create_server(AccessLog(app), host=host, port=port, threads=settings.threads,
                         connection_limit=settings.connection_limit, backlog=settings.backlog,
                         channel_timeout=settings.timeout_s, ident="news-search")
    signal.signal(signal.SIGTERM, lambda *_: wsgi.close())   # stop accepting; the loop then ends
    print(f"serving on http://{host}:{wsgi.effective_port}", file=sys.stderr, flush=True)
    try:
        wsgi.run()
    except (KeyboardInterrupt, OSError):
        pass
    finally:
        wsgi.close()
    return 0


class AccessLog:
    """WSGI middleware: one line per request (client, method, path, status, milliseconds)."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        status = []

        def recording(code, headers, exc_info=None):
            status.append(code.split()[0])
            return start_response(code, headers, exc_info)

        try:
            return self.app(environ, recording)
        finally:
            path = environ.get("PATH_INFO", "") + ("?" + environ["QUERY_STRING"] if environ.get("QUERY_STRING") else "")
            log.info("%s %s %s %s %.0fms", environ.get("REMOTE_ADDR", "-"), environ.get("REQUEST_METHOD"), path,
                     status[0] if status else "-", (time.perf_counter() - started) * 1000)


def refusal_to_listen(host: str, protected: bool, public: bool) -> str | None:
    """Why ``host`` must not be served on (None: it may): other machines reach a non-loopback
    address, so it needs access tokens, or ``server.public: true`` to say an open server is meant."""
    if _loopback(host) or protected or public:
        return None
    return (f"refusing to listen on {host}: not a loopback address and no access tokens; set {TOKENS_ENV} "
            "(comma-separated tokens), or server.public: true in the config to serve other machines without them")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


if __name__ == "__main__":
    sys.exit(main())
