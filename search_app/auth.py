"""Access control: tokens from the environment variable ``NEWS_SEARCH_TOKENS`` (comma-separated).

Tokens never live in ``config.yaml``.  With none set, the app is open (and ``python -m search_app``
then serves loopback only, unless ``server.public: true``).  With tokens set, every request but
``/healthz`` (and the login form with its stylesheet) needs one:

- the JSON API: an ``Authorization: Bearer <token>`` header, else 401 ``{"error": ...}``;
- the page: a login form; the right token gives a session cookie, else 401 with the form again.
  Either proof is accepted on either path, so the page's "JSON" link works after logging in.

A client address that sends more than ``server.failed_logins_per_minute`` wrong tokens (login
form or Bearer header) within a minute is answered 429, with ``Retry-After``, until the oldest of
them is a minute old: a guesser gets a few tries a minute, everyone else is unaffected.

Tokens are compared in constant time: SHA-256 digests (equal length whatever was sent) through
``hmac.compare_digest``, against every token, without stopping at the first match.  The session
cookie is signed by Flask, HttpOnly, SameSite=Lax, Secure over https (``server.cookie_secure``:
auto, always or never), and holds a fingerprint of the token rather than the token itself; a token
removed from the variable (and the server restarted) ends its sessions.

The secret key that signs the cookie comes from ``NEWS_SEARCH_SECRET_KEY`` if set, else it is
random per process: a restart then logs everyone out, which is the safe default.
"""
from __future__ import annotations

import hashlib
import hmac
import math
import os
import secrets
import threading
import time
from collections import OrderedDict, deque
from datetime import timedelta

from flask import (Blueprint, Flask, current_app, jsonify, redirect, render_template, request, session,
                   url_for)
from flask.sessions import SecureCookieSessionInterface

TOKENS_ENV = "NEWS_SEARCH_TOKENS"
SECRET_ENV = "NEWS_SEARCH_SECRET_KEY"
OPEN_ENDPOINTS = {"search.health", "auth.login", "auth.logout", "static"}
SESSION_HOURS = 12

blueprint = Blueprint("auth", __name__)


def tokens_from_env(environ=None) -> list[str]:
    raw = (os.environ if environ is None else environ).get(TOKENS_ENV, "")
    return [token.strip() for token in raw.split(",") if token.strip()]


class AccessTokens:
    """The valid tokens, kept as digests only, and the constant-time check of a candidate."""

    def __init__(self, tokens: list[str]):
        self._digests = [_digest(token) for token in tokens]
        self._fingerprints = [_fingerprint(digest) for digest in self._digests]

    def __bool__(self) -> bool:
        return bool(self._digests)

    def fingerprint_of(self, candidate: str) -> bytes | None:
        """The candidate's fingerprint if it is a valid token, else None; time independent of which."""
        digest = _digest(candidate)
        valid = False
        for known in self._digests:      # no early exit: every token is compared
            valid |= hmac.compare_digest(digest, known)
        return _fingerprint(digest) if valid else None

    def knows_fingerprint(self, fingerprint) -> bool:
        if not isinstance(fingerprint, str):
            return False
        valid = False
        for known in self._fingerprints:
            valid |= hmac.compare_digest(fingerprint.encode("utf-8", "replace"), known)
        return valid


class FailedAttempts:
    """Wrong tokens by client address over the last minute (at most ``MAX_ADDRESSES`` addresses
    are remembered, the least recent forgotten first)."""

    WINDOW_S = 60.0
    MAX_ADDRESSES = 10_000

    def __init__(self, limit: int, clock=time.monotonic):
        self.limit, self._clock = limit, clock
        self._lock = threading.Lock()
        self._times: OrderedDict[str, deque] = OrderedDict()

    def retry_after(self, address: str) -> int:
        """Seconds until ``address`` may try a token again; 0 if it may now."""
        with self._lock:
            times = self._recent(self._times.get(address, deque()))
            if len(times) < self.limit:
                return 0
            return max(1, math.ceil(times[0] + self.WINDOW_S - self._clock()))

    def record(self, address: str) -> None:
        with self._lock:
            self._recent(self._times.setdefault(address, deque())).append(self._clock())
            self._times.move_to_end(address)
            while len(self._times) > self.MAX_ADDRESSES:
                self._times.popitem(last=False)

    def _recent(self, times: deque) -> deque:
        """``times`` without the failures older than the window."""
        while times and times[0] <= self._clock() - self.WINDOW_S:
            times.popleft()
        return times


def install(app: Flask, tokens: list[str], cookie_secure: str, failed_logins_per_minute: int = 10) -> None:
    """Sessions and the login routes always; the token check only when tokens are set."""
    app.secret_key = os.environ.get(SECRET_ENV) or secrets.token_bytes(32)
    app.config.update(SESSION_COOKIE_NAME="news_search_session", SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SAMESITE="Lax", PERMANENT_SESSION_LIFETIME=timedelta(hours=SESSION_HOURS),
                      MAX_CONTENT_LENGTH=64 * 1024, ACCESS_TOKENS=AccessTokens(tokens),
                      FAILED_LOGINS=FailedAttempts(failed_logins_per_minute))
    app.session_interface = _Sessions(cookie_secure)
    app.register_blueprint(blueprint)
    if tokens:
        app.before_request(_require_token)


def auth_required() -> bool:
    return bool(current_app.config["ACCESS_TOKENS"])


def _require_token():
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    waiting = _too_many_failures()
    if waiting is not None:
        return waiting
    if _authorised():
        return None
    if _bearer():
        current_app.config["FAILED_LOGINS"].record(request.remote_addr or "")
    if request.path.startswith("/api/"):
        response = jsonify(error="authorization: a valid 'Authorization: Bearer <token>' header is required")
        response.headers["WWW-Authenticate"] = 'Bearer realm="news-search"'
        return response, 401
    return _login_form(next_url=request.full_path.rstrip("?"), error=None)


def _authorised() -> bool:
    tokens = current_app.config["ACCESS_TOKENS"]
    credential = _bearer()
    if credential:
        return tokens.fingerprint_of(credential) is not None
    return tokens.knows_fingerprint(session.get("token"))


def _bearer() -> str:
    """The token of an ``Authorization: Bearer`` header, or ""."""
    scheme, _, credential = request.headers.get("Authorization", "").partition(" ")
    return credential.strip() if scheme.lower() == "bearer" else ""


def _too_many_failures():
    """A 429 for a client address past its wrong tokens of the minute, else None."""
    seconds = current_app.config["FAILED_LOGINS"].retry_after(request.remote_addr or "")
    if not seconds:
        return None
    message = f"token: too many wrong access tokens from this address; try again in {seconds} s"
    if request.path.startswith("/api/"):
        response = jsonify(error=message)
    else:
        response = current_app.make_response(_login_form(_local(request.values.get("next", "/")), message))
    response.status_code = 429
    response.headers["Retry-After"] = str(seconds)
    return response


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    next_url = _local(request.values.get("next", "/"))
    if not auth_required():
        return redirect(next_url, code=303)
    if request.method == "GET":
        return _login_form(next_url, error=None, status=200)
    waiting = _too_many_failures()
    if waiting is not None:
        return waiting
    fingerprint = current_app.config["ACCESS_TOKENS"].fingerprint_of(request.form.get("token", ""))
    if fingerprint is None:
        current_app.config["FAILED_LOGINS"].record(request.remote_addr or "")
        return _login_form(next_url, error="token: not a valid access token")
    session.clear()
    session.permanent = True
    session["token"] = fingerprint.decode()
    return redirect(next_url, code=303)


@blueprint.post("/logout")
def logout():
    session.clear()
    return redirect(url_for("auth.login"), code=303)


def _login_form(next_url: str, error: str | None, status: int = 401):
    return render_template("login.html", next_url=_local(next_url), error=error), status


def _local(url: str) -> str:
    """Only a path on this site: never send a logged-in user to another one.  No white space or
    control character either: a browser drops a tab from "/\t/evil.example" and goes there, and
    a newline cannot stand in a header."""
    if (not url.startswith("/") or url.startswith("//") or "\\" in url
            or any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in url)):
        return "/"
    return url


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8", "replace")).digest()


def _fingerprint(digest: bytes) -> bytes:
    """What the session cookie holds: half of the token's digest (it names the token, cannot be used as one)."""
    return digest.hex()[:32].encode()


class _Sessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the Secure flag decided per request when ``auto``."""

    def __init__(self, cookie_secure: str):
        self.cookie_secure = cookie_secure

    def get_cookie_secure(self, app: Flask) -> bool:
        if self.cookie_secure == "auto":
            return request.is_secure
        return self.cookie_secure == "always"
