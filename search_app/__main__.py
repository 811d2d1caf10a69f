"""``python -m search_app [--config F] [--host H] [--port P] [--debug]``: serve the search page.

Production: waitress (a maintained pure-Python WSGI server) with the ``server`` settings of
``config.yaml``: worker threads, a connection limit and listen backlog (the bounded queue), an
idle-client timeout, one access-log line per request, and a clean stop on SIGTERM or Ctrl-C:
no new connections, the requests in progress answered (for up to ``DRAIN_S`` seconds), exit 0.
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
import threading
import time

from indexer.config import ConfigError

from . import create_app
from .auth import TOKENS_ENV, auth_required

log = logging.getLogger("search_app.access")

# How long a stop waits for the requests in progress: within the 10 s `docker stop` (and most
# process managers) give before SIGKILL, and far above a search's time on a loaded server.
DRAIN_S = 8.0
MAX_PORT = 65535


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m search_app", description=__doc__.splitlines()[0])
    parser.add_argument("--config", help="config file (default: $NEWS_SEARCH_CONFIG or ./config.yaml)")
    parser.add_argument("--host", help="address to listen on (default: server.host)")
    parser.add_argument("--port", type=int, help=f"port, 0..{MAX_PORT} (0: any free port; default: server.port)")
    parser.add_argument("--debug", action="store_true", help="Flask's development server (not for production)")
    args = parser.parse_args(argv)
    try:            # what the user can fix (config, address, port) is one line, as in `python -m indexer`
        app, host, port = _prepare(args)
        if args.debug:
            app.run(host=host, port=port, debug=True, use_reloader=False)
            return 0
        sockets = listen(app, host, port, app.config["NEWS_CONFIG"].server)
    except (ConfigError, OSError, ValueError) as error:    # OSError: an unreadable config file, or --debug's port taken
        print(f"error: {error}", file=sys.stderr)
        return 2
    return serve(sockets)


def _prepare(args) -> tuple:
    """The app and the address to serve it on; ValueError for one it must not or cannot use."""
    app = create_app(args.config)
    server = app.config["NEWS_CONFIG"].server
    host, port = args.host or server.host, (server.port if args.port is None else args.port)
    if not 0 <= port <= MAX_PORT:
        raise ValueError(f"--port: expected 0..{MAX_PORT} (0: any free port), got {port}")
    with app.app_context():
        refusal = refusal_to_listen(host, protected=auth_required(), public=server.public)
    if refusal:
        raise ValueError(refusal)
    return app, host, port


def listen(app, host: str, port: int, settings) -> dict:
    """Waitress bound to ``host:port`` (every address the host names), not yet serving: its
    socket map, the listening sockets and the connections it will hold."""
    from waitress import create_server

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    sockets: dict = {}
    try:
        create_server(AccessLog(app), map=sockets, host=host, port=port, threads=settings.threads,
                      connection_limit=settings.connection_limit, backlog=settings.backlog,
                      channel_timeout=settings.timeout_s, ident="news-search")
    except (OSError, ValueError) as error:       # the port is taken or not ours, the host unknown
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise ValueError(f"cannot listen on {_url(host, port)}: {reason}") from None
    for listener in _listeners(sockets):
        print(f"serving on {_url(listener.effective_host, listener.effective_port)}", file=sys.stderr, flush=True)
    return sockets


def serve(sockets: dict) -> int:
    """Serve until SIGTERM or Ctrl-C, then stop cleanly (``drain``)."""
    from waitress import wasyncore

    first = _listeners(sockets)[0]
    stopping = threading.Event()

    def stop(*_):
        stopping.set()
        first.pull_trigger()        # wakes the loop from its wait at once

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while not stopping.is_set():
        wasyncore.loop(timeout=first.adj.asyncore_loop_timeout, map=sockets, use_poll=first.adj.asyncore_use_poll,
                       count=1)
    drain(sockets, DRAIN_S)
    return 0


def drain(sockets: dict, seconds: float) -> None:
    """Stop accepting, answer the requests in progress (for at most ``seconds``), then close.
    Not waitress's own ``close()``: it closes the trigger with which the worker threads wake the
    loop to send their answers, and so every answer still being made was lost."""
    from waitress import wasyncore

    listeners = _listeners(sockets)
    for listener in listeners:
        wasyncore.dispatcher.close(listener)     # the listening socket only: new clients are refused now
    deadline = time.monotonic() + seconds
    while _busy_channels(sockets) and time.monotonic() < deadline:
        wasyncore.loop(timeout=0.05, map=sockets, use_poll=listeners[0].adj.asyncore_use_poll, count=1)
    listeners[0].task_dispatcher.shutdown(timeout=1)
    wasyncore.close_all(sockets, ignore_all=True)


def _busy_channels(sockets: dict) -> int:
    """Connections with a request being read, served or written; idle ones are closed, so that
    no new request starts on a kept-alive connection."""
    from waitress.channel import HTTPChannel

    busy = 0
    for channel in [item for item in sockets.values() if isinstance(item, HTTPChannel)]:
        if channel.request is not None or channel.requests or channel.total_outbufs_len:
            busy += 1
        else:
            channel.will_close = True
    return busy


def _listeners(sockets: dict) -> list:
    from waitress.server import BaseWSGIServer

    return [item for item in sockets.values() if isinstance(item, BaseWSGIServer)]


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


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
