"""Access tokens (NEWS_SEARCH_TOKENS): Bearer for the API, a login form and a session cookie for the
page, /healthz open; and the server's refusal of a non-loopback address without tokens."""
import pytest

from search_app import create_app
from search_app.__main__ import refusal_to_listen
from search_app.auth import AccessTokens, tokens_from_env

TOKENS = ["alpha-7f3c9e", "bravo-19d2aa"]


@pytest.fixture(scope="module")
def locked(seed_index):
    app = create_app(index_dir=str(seed_index), tokens=TOKENS)
    app.testing = True
    return app


def test_the_api_needs_a_bearer_token(locked):
    client = locked.test_client()
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic YWxwaGE="},
                    {"Authorization": "Bearer " + TOKENS[0] + "x"}, {"Authorization": "Bearer"}):
        response = client.get("/api/search?q=Putin", headers=headers)
        assert response.status_code == 401, headers
        assert response.get_json()["error"].startswith("authorization: ")
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/api/openapi.json").status_code == 401
    for token in TOKENS:
        response = client.get("/api/search?q=Putin", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200 and response.get_json()["total"] == 3


def test_health_is_open_and_the_page_asks_for_a_login(locked):
    client = locked.test_client()
    assert client.get("/healthz").status_code == 200
    page = client.get("/?q=Putin")
    assert page.status_code == 401
    html = page.get_data(as_text=True)
    assert 'name="token"' in html and 'value="/?q=Putin"' in html and "li class=\"hit\"" not in html


def test_a_login_gives_a_secure_session_cookie(locked):
    client = locked.test_client()
    wrong = client.post("/login", data={"token": "nope", "next": "/?q=Putin"})
    assert wrong.status_code == 401 and "not a valid access token" in wrong.get_data(as_text=True)
    assert "Set-Cookie" not in wrong.headers
    right = client.post("/login", data={"token": TOKENS[1], "next": "/?q=Putin"})
    assert right.status_code == 303 and right.headers["Location"] == "/?q=Putin"
    cookie = right.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie    # plain http
    assert TOKENS[1] not in cookie
    assert client.get("/?q=Putin").status_code == 200
    assert client.get("/api/search?q=Putin").status_code == 200      # the page's JSON link
    client.post("/logout")
    assert client.get("/?q=Putin").status_code == 401


def test_the_cookie_is_secure_over_https_and_the_next_page_stays_on_the_site(locked):
    client = locked.test_client()
    response = client.post("/login", data={"token": TOKENS[0], "next": "//evil.example/"},
                           base_url="https://news.example")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert "Secure" in response.headers["Set-Cookie"]


@pytest.mark.parametrize("next_page", ["//evil.example/", "/\t/evil.example/", "/\n/evil.example/", "https://evil.example/",
                                       "/\\evil.example/"])
def test_no_next_page_leads_off_the_site_or_breaks_the_login(locked, next_page):
    """A browser drops a tab from "/\t/evil.example/", leaving "//evil.example/"; a newline
    cannot stand in a header (it was a 500)."""
    response = locked.test_client().post("/login", data={"token": TOKENS[0], "next": next_page})
    assert response.status_code == 303 and response.headers["Location"] == "/"


def test_a_forged_or_foreign_session_is_refused(locked, seed_index):
    other = create_app(index_dir=str(seed_index), tokens=["charlie"])   # its own per-process secret key
    client = other.test_client()
    client.post("/login", data={"token": "charlie"})
    cookie = client.get_cookie("news_search_session")
    foreign = locked.test_client()
    foreign.set_cookie("news_search_session", cookie.value)
    assert foreign.get("/").status_code == 401


def test_tokens_come_from_the_environment_and_compare_exactly():
    assert tokens_from_env({"NEWS_SEARCH_TOKENS": " a1 , ,b2,"}) == ["a1", "b2"]
    assert tokens_from_env({}) == []
    tokens = AccessTokens(["a1", "b2"])
    assert tokens.fingerprint_of("b2") and tokens.fingerprint_of("b2 ") is None and tokens.fingerprint_of("") is None
    assert tokens.knows_fingerprint(tokens.fingerprint_of("a1").decode()) and not tokens.knows_fingerprint("a1")
    assert not AccessTokens([])


def test_without_tokens_the_app_is_open(client):
    assert client.get("/api/search?q=Putin").status_code == 200 and client.get("/").status_code == 200


def test_a_non_loopback_address_needs_tokens_or_server_public():
    assert refusal_to_listen("127.0.0.1", protected=False, public=False) is None
    assert refusal_to_listen("::1", protected=False, public=False) is None
    assert "NEWS_SEARCH_TOKENS" in refusal_to_listen("0.0.0.0", protected=False, public=False)
    assert refusal_to_listen("0.0.0.0", protected=True, public=False) is None
    assert refusal_to_listen("192.0.2.7", protected=False, public=True) is None


def test_an_address_sending_wrong_tokens_waits_and_others_do_not(seed_index):
    app = create_app(index_dir=str(seed_index), tokens=TOKENS, server={"failed_logins_per_minute": 3})
    guesser, other = app.test_client(), app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.0.0.2"
    for attempt in range(3):
        assert guesser.get("/api/search?q=Putin").status_code == 401        # no token sent: not a wrong one
        assert guesser.get("/api/search?q=Putin", headers={"Authorization": f"Bearer guess-{attempt}"}).status_code == 401
    refused = guesser.get("/api/search?q=Putin", headers={"Authorization": f"Bearer {TOKENS[0]}"})
    assert refused.status_code == 429 and refused.get_json()["error"].startswith("token: too many")
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    form = guesser.post("/login", data={"token": TOKENS[0]})
    assert form.status_code == 429 and "too many wrong access tokens" in form.get_data(as_text=True)
    assert "Set-Cookie" not in form.headers
    assert other.get("/api/search?q=Putin", headers={"Authorization": f"Bearer {TOKENS[1]}"}).status_code == 200
    assert guesser.get("/healthz").status_code == 200


def test_failed_attempts_are_forgotten_after_a_minute_and_addresses_are_bounded():
    from search_app.auth import FailedAttempts

    now = [0.0]
    attempts = FailedAttempts(2, clock=lambda: now[0])
    attempts.record("a")
    now[0] = 30.0
    attempts.record("a")
    assert attempts.retry_after("a") == 30 and attempts.retry_after("b") == 0
    assert "b" not in attempts._times                                      # asking remembers nothing
    now[0] = 60.5
    assert attempts.retry_after("a") == 0                                  # the first is a minute old
    attempts.MAX_ADDRESSES = 3
    for address in "wxyz":
        attempts.record(address)
    assert "w" not in attempts._times and len(attempts._times) == 3
