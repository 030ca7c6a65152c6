"""The published contracts: every service's OpenAPI document (its own ``build_app()``, for each
service of the route table, so a new service is covered as soon as it is listed) and the merged
one the gateway serves. No stack needed."""

import importlib
import json
from functools import cache
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant

from cadence_gateway.openapi import merge_specs
from cadence_gateway.routes import load_route_table
from cadence_shared.auth import current_principal
from cadence_shared.openapi import PROBLEM, api_routes
from cadence_shared.problems import PROBLEM_JSON
from specs import operations

TABLE = load_route_table()
SERVICES = sorted(TABLE.services)


@cache
def app_of(service: str) -> FastAPI:
    module = importlib.import_module(TABLE.services[service].app.split(":")[0])
    app: FastAPI = module.build_app()
    return app


def spec_of(service: str) -> dict[str, Any]:
    return app_of(service).openapi()


def unbounded_numbers(
    spec: dict[str, Any], schema: dict[str, Any], where: str, seen: frozenset[str] = frozenset()
) -> list[str]:
    """Where ``schema`` (what a client sends) has an integer or number without a maximum."""
    ref = schema.get("$ref")
    if ref is not None:
        name = ref.rsplit("/", 1)[1]
        if name in seen:
            return []
        target = spec["components"]["schemas"][name]
        return unbounded_numbers(spec, target, where, seen | {name})
    found = [
        hit
        for key in ("anyOf", "oneOf", "allOf")
        for part in schema.get(key, [])
        for hit in unbounded_numbers(spec, part, where, seen)
    ]
    if schema.get("type") in ("integer", "number") and not (
        "maximum" in schema or "exclusiveMaximum" in schema
    ):
        found.append(where)
    for name, field in schema.get("properties", {}).items():
        found += unbounded_numbers(spec, field, f"{where}.{name}", seen)
    if isinstance(schema.get("items"), dict):
        found += unbounded_numbers(spec, schema["items"], f"{where}[]", seen)
    return found


@pytest.mark.parametrize("service", SERVICES)
def test_every_number_a_client_sends_has_a_maximum(service: str) -> None:
    """A number past what Postgres holds (``offset=9223372036854775808``) is a 422 at the edge,
    never a 500 from the database: every integer and number parameter and body field is bounded.
    """
    spec = spec_of(service)
    unbounded = [
        hit
        for method, path, operation in operations(spec)
        for hit in [
            *(
                hit
                for parameter in operation.get("parameters", [])
                for hit in unbounded_numbers(
                    spec, parameter.get("schema", {}), f"{method} {path} {parameter['name']}"
                )
            ),
            *(
                hit
                for media in operation.get("requestBody", {}).get("content", {}).values()
                for hit in unbounded_numbers(spec, media.get("schema", {}), f"{method} {path} body")
            ),
        ]
    ]
    assert unbounded == []


def _resolve(spec: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    ref = response.get("$ref")
    if ref is None:
        return response
    resolved: dict[str, Any] = spec["components"]["responses"][ref.rsplit("/", 1)[1]]
    return resolved


@pytest.mark.parametrize("service", SERVICES)
def test_every_route_has_a_hand_written_summary_and_description(service: str) -> None:
    missing = [
        f"{sorted(route.methods)} {route.path_format}: "
        + ", ".join(
            what
            for what, present in (("summary=", route.summary), ("docstring", route.description))
            if not present
        )
        for route in api_routes(app_of(service).routes)
        if not (route.summary and route.description and route.description.strip())
    ]
    assert not missing, f"{service}: " + "; ".join(missing)


def read_before_the_token_check(dependant: Dependant) -> list[str]:
    """The dependencies FastAPI calls before ``current_principal`` (sub-dependencies first, in
    declaration order) that read the request: any of them could answer a 422 (or another error)
    to a caller without a valid token. Empty when the route has no token check."""
    called: list[Dependant] = []

    def walk(node: Dependant) -> bool:
        """Records the calls made for ``node``'s dependencies; whether the check was reached."""
        for sub in node.dependencies:
            if sub.call is current_principal:
                return True
            if walk(sub):
                return True
            called.append(sub)
        return False

    if not walk(dependant):
        return []
    return [
        getattr(sub.call, "__name__", repr(sub.call))
        for sub in called
        if sub.query_params or sub.path_params or sub.header_params or sub.body_params
    ]


@pytest.mark.parametrize("service", SERVICES)
def test_the_token_check_comes_before_anything_that_reads_the_request(service: str) -> None:
    """A caller without a valid token is told 401, whatever else is wrong with the request:
    found by schemathesis straight to fitness, where a date range dependency declared before
    the principal answered 422 to a bad range before the token was looked at."""
    early = {
        f"{sorted(route.methods)} {route.path_format}": names
        for route in api_routes(app_of(service).routes)
        if (names := read_before_the_token_check(route.original_route.dependant))
    }
    assert not early, f"{service}: declare the principal first: {early}"


@pytest.mark.parametrize("service", SERVICES)
def test_every_operation_documents_its_errors_as_problems(service: str) -> None:
    spec = spec_of(service)
    assert operations(spec), f"{service} publishes no operation"
    for method, path, operation in operations(spec):
        errors = {status: r for status, r in operation["responses"].items() if status >= "400"}
        assert errors, f"{service} {method} {path} documents no error"
        for status, response in errors.items():
            content = _resolve(spec, response)["content"]
            assert list(content) == [PROBLEM_JSON], (service, method, path, status)
            assert content[PROBLEM_JSON]["schema"] == {"$ref": f"#/components/schemas/{PROBLEM}"}
        if operation.get("security"):
            assert "401" in errors, f"{service} {method} {path}: protected, no 401"
        if "{" in path:
            assert "404" in errors, f"{service} {method} {path}: an id in the path, no 404"
        if operation.get("parameters") or operation.get("requestBody"):
            assert "422" in errors, f"{service} {method} {path}: takes input, no 422"


@pytest.mark.parametrize("service", SERVICES)
def test_the_document_is_fit_for_client_generators(service: str) -> None:
    spec = spec_of(service)
    text = json.dumps(spec)
    assert "HTTPValidationError" not in text
    assert not any(path.startswith("/health") for path in spec["paths"])
    assert spec["info"]["description"]
    assert spec["servers"][0]["url"].startswith("http")
    assert len(spec["components"]["securitySchemes"]) <= 1
    tags = {tag["name"]: tag.get("description") for tag in spec["tags"]}
    for method, path, operation in operations(spec):
        tag = operation["tags"][0]
        assert tags.get(tag), f"{service}: tag {tag!r} has no description"
        assert operation["operationId"].startswith(f"{tag.replace(' ', '-')}-"), (method, path)


def test_the_merged_document_has_every_operation_once() -> None:
    specs = {service: spec_of(service) for service in SERVICES}
    merged = merge_specs(specs, servers=[{"url": "http://127.0.0.1:8000"}])
    ids = [operation["operationId"] for _, _, operation in operations(merged)]
    assert len(ids) == len(set(ids)) == sum(len(operations(spec)) for spec in specs.values())
    # Every reference of the merged document resolves (renamed components included).
    text = json.dumps(merged)
    for kind, components in merged["components"].items():
        for name in components:
            text = text.replace(f'"#/components/{kind}/{name}"', '""')
    assert '"#/components/' not in text


def test_the_gateway_serves_the_merged_document(api: httpx.Client) -> None:
    answer = api.get("/openapi.json")
    assert answer.status_code == 200, answer.text
    merged = answer.json()
    for service in SERVICES:
        own = api.get(f"/openapi/{service}.json").json()
        assert own["paths"].keys() <= merged["paths"].keys(), service
    gateway = api.get("/docs/gateway.json").json()
    assert {"/health", "/health/{service}"} <= gateway["paths"].keys()
    assert api.get("/health/ready").status_code == 404  # not a path of the gateway: unpublished


def test_browsers_may_read_the_headers_clients_rely_on(api: httpx.Client) -> None:
    origin = TABLE.gateway.cors_origins[0]
    answer = api.get("/openapi/tasks.json", headers={"Origin": origin})
    exposed = {
        h.strip().lower() for h in answer.headers["access-control-expose-headers"].split(",")
    }
    assert {"idempotent-replayed", "retry-after", "x-request-id", "location"} <= exposed


def test_each_routes_own_limit_statuses_are_its_service_answers() -> None:
    """``service_answers`` in gateway/routes.toml (the limit statuses Traefik leaves to the
    service) is what the services' documents say they answer under each route's prefix."""
    documented: dict[str, set[int]] = {route.prefix: set() for route in TABLE.by_longest_prefix}
    for service in SERVICES:
        for _method, path, operation in operations(spec_of(service)):
            route = next(
                r
                for r in TABLE.by_longest_prefix
                if path == r.prefix or path.startswith(f"{r.prefix}/")
            )
            documented[route.prefix] |= {413, 429} & {int(s) for s in operation["responses"]}
    for route in TABLE.by_longest_prefix:
        assert set(route.service_answers) == documented[route.prefix], route.prefix
