"""Fuzzing the running app from its OpenAPI document (schemathesis + hypothesis, in-process WSGI).

Over 1,000 generated requests, valid and invalid by the document: no response is a 5xx, every
response matches the document (status, content type, body), and every 4xx is a JSON
``{"error": "<parameter>: ..."}`` naming one of the parameters sent.
"""
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings, strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,
                                               status_code_conformance)

from search_app import create_app

SEARCH_REQUESTS = 1000
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


class Counted:
    """WSGI middleware counting the requests that reach the app, and the 5xx among them."""

    def __init__(self, app):
        self.app, self.requests, self.server_errors, self.statuses = app, 0, 0, {}

    def __call__(self, environ, start_response):
        def counting(status, headers, exc_info=None):
            self.requests += 1
            self.server_errors += status.startswith("5")
            self.statuses[status[:3]] = self.statuses.get(status[:3], 0) + 1
            return start_response(status, headers, exc_info)
        return self.app(environ, counting)


@pytest.fixture(scope="module")
def fuzzed(seed_index):
    app = create_app(index_dir=str(seed_index), tokens=[])
    counter = Counted(app.wsgi_app)
    app.wsgi_app = counter
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app), counter


def test_a_thousand_fuzzed_searches_give_no_server_error(fuzzed):
    schema, counter = fuzzed
    operation = schema["/api/search"]["GET"]
    cases = st.one_of(operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
                      operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
    before = counter.requests

    @settings(max_examples=SEARCH_REQUESTS, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=cases)
    def search(case):
        response = case.call()
        case.validate_response(response, checks=CHECKS)
        _errors_name_a_parameter(case, response)

    search()
    assert counter.requests - before >= SEARCH_REQUESTS
    assert counter.statuses.get("200", 0) > 100 and counter.statuses.get("400", 0) > 100   # both paths fuzzed
    assert counter.server_errors == 0


def test_every_operation_is_fuzzed(fuzzed):
    schema, counter = fuzzed

    @settings(max_examples=200, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(case=schema.as_strategy())
    def any_operation(case):
        response = case.call()
        case.validate_response(response, checks=CHECKS)
        _errors_name_a_parameter(case, response)

    any_operation()
    assert counter.server_errors == 0


def _errors_name_a_parameter(case, response):
    if not 400 <= response.status_code < 500:
        return
    headers = {name.lower(): value for name, value in response.headers.items()}
    content_type = headers["content-type"]
    assert (content_type[0] if isinstance(content_type, list) else content_type).startswith("application/json")
    message = response.json()["error"]
    named = message.split(":", 1)[0]
    sent = {**(case.query or {}), **(case.path_parameters or {})}
    assert named in sent, f"{response.status_code} {message!r} names no parameter of {sent}"
