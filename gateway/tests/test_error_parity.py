"""nginx and Traefik answer the gateway's own errors alike: both configs are rendered from the
route table and their error mappings compared, status by status (type, code, title). Traefik's
errors middleware only watches statuses no service answers on that route, so the services' own
problem bodies and Retry-After pass through; and forwardAuth carries the request id both ways."""

import json
import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import yaml

from cadence_gateway import policy
from cadence_gateway.catalog import load_catalog
from cadence_gateway.docs import build_docs_app
from cadence_gateway.nginx import render_nginx
from cadence_gateway.routes import RouteTable, load_route_table
from cadence_gateway.traefik import compose_address, render_dynamic

NGINX_PROBLEM = re.compile(r"return (\d{3}) '(\{.*\})';")


@pytest.fixture(scope="module")
def table() -> RouteTable:
    return load_route_table()


@pytest.fixture(scope="module")
def traefik(table: RouteTable) -> dict[str, Any]:
    config: dict[str, Any] = yaml.safe_load(render_dynamic(table, compose_address))["http"]
    return config


@pytest.fixture
async def authorizer_pages(table: RouteTable) -> AsyncIterator[httpx.AsyncClient]:
    app = build_docs_app(sorted(table.services), load_catalog())
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://authorizer") as client:
        yield client


def nginx_problems(table: RouteTable) -> dict[int, dict[str, Any]]:
    """Every problem body the nginx config answers itself, by status."""
    found: dict[int, dict[str, Any]] = {}
    for status, body in NGINX_PROBLEM.findall(render_nginx(table)):
        found.setdefault(int(status), json.loads(body))
    return found


def watched(middleware: dict[str, Any]) -> set[int]:
    statuses: set[int] = set()
    for item in middleware["errors"]["status"]:
        low, _, high = str(item).partition("-")
        statuses |= set(range(int(low), int(high or low) + 1))
    return statuses


def _same(nginx: dict[str, Any], traefik: dict[str, Any]) -> None:
    for key in ("type", "code", "title", "status"):
        assert traefik[key] == nginx[key], (key, nginx, traefik)


async def test_every_status_traefik_answers_is_nginxs_problem(
    table: RouteTable, traefik: dict[str, Any], authorizer_pages: httpx.AsyncClient
) -> None:
    nginx = nginx_problems(table)
    errors = {name: m for name, m in traefik["middlewares"].items() if "errors" in m}
    statuses = set().union(*(watched(m) for m in errors.values()))
    assert statuses == {*policy.TRAEFIK_OWN_ERRORS, *policy.TRAEFIK_LIMIT_ERRORS}
    for status in sorted(statuses):
        answer = await authorizer_pages.get(f"/problem/{status}")
        assert answer.status_code == status
        assert answer.headers["content-type"] == "application/problem+json"
        _same(nginx[status], answer.json())
    # An unknown path: nginx's 404 problem; under Traefik the catch-all router to the authorizer.
    catch_all = traefik["routers"]["not-found"]
    assert (catch_all["rule"], catch_all["service"]) == ("PathPrefix(`/`)", "authorizer")
    unknown = await authorizer_pages.get("/api/v1/nothing-here")
    assert unknown.status_code == 404
    _same(nginx[404], unknown.json())


def test_traefik_leaves_the_services_own_errors_alone(
    table: RouteTable, traefik: dict[str, Any]
) -> None:
    middlewares = traefik["middlewares"]
    routers = traefik["routers"]
    for route in table.by_longest_prefix:
        for name in (route.name, f"{route.name}-idempotent"):
            chain = routers[name]["middlewares"]
            caught = set().union(
                *(watched(middlewares[m]) for m in chain if m.startswith("problem"))
            )
            # Every service answers its own 503 (with Retry-After): never replaced.
            assert 503 not in caught, name
            # What the route's service answers itself is its own; the rest of the limits are
            # Traefik's, as problem+json.
            assert not caught & set(route.service_answers), name
            assert caught == {
                *policy.TRAEFIK_OWN_ERRORS,
                *(set(policy.TRAEFIK_LIMIT_ERRORS) - set(route.service_answers)),
            }, name
    login = next(r for r in table.by_longest_prefix if r.prefix == "/api/v1/auth/login")
    assert 429 in login.service_answers


def test_forward_auth_carries_one_request_id(traefik: dict[str, Any]) -> None:
    forward = traefik["middlewares"]["authorize"]["forwardAuth"]
    assert "X-Request-ID" in forward["authRequestHeaders"]
    assert "Authorization" in forward["authRequestHeaders"]
    assert forward["authResponseHeaders"] == ["X-Request-ID"]


def test_cors_exposes_what_clients_read(traefik: dict[str, Any], table: RouteTable) -> None:
    wanted = {"Idempotent-Replayed", "Retry-After", "X-Request-ID", "Location"}
    exposed = traefik["middlewares"]["cors"]["headers"]["accessControlExposeHeaders"]
    assert wanted <= set(exposed)
    nginx = render_nginx(table)
    match = re.search(r"\$cors_expose_headers \{\n\s+\"\" \"\";\n\s+default \"([^\"]+)\";", nginx)
    assert match is not None, "nginx's map of $cors_expose_headers is not where it was"
    assert wanted <= {name.strip() for name in match.group(1).split(",")}
