"""The OpenAPI document: a valid 3.1 document, listing every JSON route and exactly the parameters
the service parses, and true of real responses (hits, facets, filters, errors)."""
import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from indexer.search.service import BadRequest
from search_app.openapi import search_parameters

from conftest import seed_id


@pytest.fixture(scope="module")
def document(app):
    with app.test_client() as client:
        response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def test_the_document_is_valid_openapi_3_1(document):
    assert document["openapi"].startswith("3.1")
    validate_openapi(document)


def test_every_json_route_is_in_the_document(app, document):
    routes = {_openapi_path(rule.rule) for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/") or rule.endpoint == "search.health"}
    assert routes and routes <= set(document["paths"]), routes - set(document["paths"])


def test_the_search_parameters_are_exactly_those_the_service_parses(app, document):
    service = app.config["SEARCH_SERVICE"]
    asked = RecordingParams()
    service.parse_params(asked)
    documented = {parameter["name"] for parameter in search_parameters(app.config["NEWS_CONFIG"])}
    assert documented == asked.names
    on_search = {parameter["name"] for parameter in document["paths"]["/api/search"]["get"]["parameters"]}
    assert on_search == documented | {"format"}            # the view's own: json, or an export
    for name in documented:         # and each is answered 400 naming it when malformed
        with pytest.raises(BadRequest, match=f"^{name}: "):
            service.parse_params({name: [MALFORMED.get(name, "x" * 1001)]})
        with pytest.raises(BadRequest, match=f"^{name}: at most"):
            service.parse_params({name: ["1"] * 51})


MALFORMED = {"page": "0", "size": "x", "num_min": "-1", "num_max": "nan", "lang": "xx", "number": "a:b",
             "date_from": "2024-13-01", "date_to": "yesterday", "sort": "random", "facet_size": "0",
             "collapse": "maybe"}


class RecordingParams(dict):
    """A request without parameters that notes every name the parser asks for."""

    def __init__(self):
        super().__init__()
        self.names: set[str] = set()

    def getlist(self, name):
        self.names.add(name)
        return []

    def get(self, name, default=None):
        self.names.add(name)
        return default


OK_QUERIES = ["", "q=Putin", "q=Nordkorea&lang=nl", "q=soldater&size=2&page=2", "lang=de&lang=nb",
              "q=Putin&actor=actor:vladimir-putin", "place=place:RU", "q=soldiers&number=soldiers:600000",
              "num_min=1000&num_max=1000000&num_unit=soldiers", "number=600000", "q=%3Cscript%3E",
              "q=zzzzqqq", "page=1000", f"q={seed_id('000')}"]
BAD_QUERIES = {"size=oops": "size", "size=1000": "size", "page=0": "page", "lang=xx": "lang",
               "num_min=5&num_max=1": "num_min", "num_min=-3": "num_min", "number=a:b": "number",
               "q=" + "x" * 1001: "q"}


@pytest.mark.parametrize("query", OK_QUERIES)
def test_search_responses_match_the_document(client, document, query):
    response = client.get(f"/api/search?{query}")
    assert response.status_code == 200, response.get_json()
    _validate(document, "/api/search", response)


def test_the_facets_are_checked_by_the_document(client, document):
    body = client.get("/api/search?q=Putin").get_json()
    assert body["hits"] and all(body["facets"][name] for name in ("lang", "actor", "place"))
    body["facets"]["lang"][0]["count"] = "three"       # the schema is not vacuous
    errors = list(_validator(document, "/api/search", "200").iter_errors(body))
    assert errors and "count" in str(errors[0].absolute_path)


@pytest.mark.parametrize("query,parameter", BAD_QUERIES.items())
def test_error_responses_match_the_document_and_name_the_parameter(client, document, query, parameter):
    response = client.get(f"/api/search?{query}")
    assert response.status_code == 400
    _validate(document, "/api/search", response)
    assert response.get_json()["error"].startswith(f"{parameter}: ")


@pytest.mark.parametrize("path", ["/api/claims?unit=soldiers", "/api/claims?unit=soldiers&sort=date&lang=nl",
                                  "/api/claims?unit=nothing", "/api/facets/actor?prefix=pu", "/api/facets/place",
                                  "/api/facets/lang?q=Putin&size=2"])
def test_claims_and_facet_values_match_the_document(client, document, path):
    response = client.get(path)
    assert response.status_code == 200, response.get_json()
    template = "/api/facets/{name}" if path.startswith("/api/facets/") else "/api/claims"
    _validate(document, template, response)


@pytest.mark.parametrize("path,parameter", [("/api/claims", "unit"), ("/api/claims?unit=x&sort=up", "sort"),
                                            ("/api/facets/nope", "name"), ("/api/facets/actor?size=0", "size")])
def test_claims_and_facet_errors_match_the_document(client, document, path, parameter):
    response = client.get(path)
    assert response.status_code == 400
    template = "/api/facets/{name}" if path.startswith("/api/facets/") else "/api/claims"
    _validate(document, template, response)
    assert response.get_json()["error"].startswith(f"{parameter}: ")


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_exports_have_the_documented_media_type(client, document, fmt):
    response = client.get(f"/api/search?q=Putin&format={fmt}")
    documented = document["paths"]["/api/search"]["get"]["responses"]["200"]["content"]
    assert response.status_code == 200 and response.mimetype in documented and response.mimetype != "application/json"


def test_health_and_the_document_itself(client, document):
    for path in ("/healthz", "/api/openapi.json"):
        _validate(document, path, client.get(path))


def _validate(document, path, response):
    assert response.mimetype == "application/json", response.mimetype
    _validator(document, path, str(response.status_code)).validate(response.get_json())


def _validator(document, path, status):
    answer = document["paths"][path]["get"]["responses"][status]
    if "$ref" in answer:
        answer = document["components"]["responses"][answer["$ref"].rsplit("/", 1)[1]]
    schema = answer["content"]["application/json"]["schema"]
    registry = Registry().with_resource("urn:api", Resource.from_contents(document, DRAFT202012))
    reference = schema["$ref"].replace("#", "urn:api#") if "$ref" in schema else None
    return Draft202012Validator({"$ref": reference} if reference else schema, registry=registry)


def _openapi_path(rule: str) -> str:
    """Flask's ``/api/facets/<name>`` is OpenAPI's ``/api/facets/{name}``."""
    import re

    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


@pytest.mark.parametrize("name, typed", [("actor", "Poetin"), ("place", "Noord-Korea")])
def test_actor_and_place_are_documented_as_taking_names_too(client, document, name, typed):
    described = next(p["description"] for p in document["paths"]["/api/search"]["get"]["parameters"]
                     if p["name"] == name)
    assert "any spelling" in described and f"'{typed}'" in described
    assert client.get(f"/api/search?{name}={typed}").get_json()["total"] > 0
