"""nginx and Traefik answer the gateway's own errors alike. Both configs are rendered from the
route table and, route by route, what each gateway can answer itself is read off its config:
which statuses, and for each the problem ``code`` of its body (or a plain-text body). Every status
Traefik makes must carry nginx's problem for that status; every status nginx makes must be made
alike by Traefik or, where the route's service answers it itself, left to the service. The
services' own problem bodies and Retry-After pass through Traefik untouched: no errors middleware
watches a status they answer. (``test_traefik.py`` runs the same config in a real Traefik.)"""

import json
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import yaml
from asgi_lifespan import LifespanManager
from redis.asyncio import Redis

from cadence_gateway import limits, policy
from cadence_gateway.authorizer import build_app
from cadence_gateway.catalog import load_catalog
from cadence_gateway.docs import build_docs_app
from cadence_gateway.nginx import render_nginx
from cadence_gateway.routes import Route, RouteTable, load_route_table
from cadence_gateway.settings import Settings
from cadence_gateway.traefik import compose_address, render_dynamic
from cadence_shared.testing.tokens import TestIssuer

NGINX_PROBLEM = re.compile(r"return (\d{3}) '(\{.*\})';")
NGINX_ERROR_PAGE = re.compile(r"^\s+error_page ([\d ]+) = @problem_(\d{3});$", re.MULTILINE)
# What a gateway answers as text, not problem+json.
PLAIN = "plain text"
# The one gap Traefik leaves (README, on the gateway's own errors): forwardAuth answers an empty 500 of its own when
# the authorizer does not answer at all, and the errors middleware could only ask that same
# authorizer for a body (nginx has its bodies inline: 503 service_unavailable).
FORWARD_AUTH_UNREACHABLE = 500

Made = dict[int, str]  # status -> the problem code of its body, or PLAIN


@pytest.fixture(scope="module")
def table() -> RouteTable:
    return load_route_table()


@pytest.fixture(scope="module")
def traefik(table: RouteTable) -> dict[str, Any]:
    config: dict[str, Any] = yaml.safe_load(render_dynamic(table, compose_address))["http"]
    return config


@pytest.fixture(scope="module")
def nginx(table: RouteTable) -> str:
    return render_nginx(table)


def nginx_problems(conf: str) -> dict[int, dict[str, Any]]:
    """Every problem body the nginx config answers itself, by status."""
    found: dict[int, dict[str, Any]] = {}
    for status, body in NGINX_PROBLEM.findall(conf):
        found.setdefault(int(status), json.loads(body))
    return found


def _location(conf: str, prefix: str) -> str:
    start = conf.index(f"        location = {prefix} {{\n")
    return conf[start : conf.index("\n        }\n", start)]


def nginx_made(conf: str, route: Route) -> Made:
    """What nginx answers itself on ``route``: each status its directives there can make, with
    the code of the problem its ``error_page`` answers for it."""
    pages = {
        int(status): int(page)
        for statuses, page in NGINX_ERROR_PAGE.findall(conf)
        for status in statuses.split()
    }
    problems = nginx_problems(conf)
    location = _location(conf, route.prefix)
    made = [502, 504]  # proxy_pass: the service down, or too slow
    if "auth_request " in location:
        made += [401, 500]  # the authorizer's refusal; the authorizer down (auth_request's 500)
    if "limit_req " in location:
        made.append(429)
    if "client_max_body_size " in location:
        made.append(413)
    return {status: problems[pages[status]]["code"] for status in made}


@dataclass(frozen=True)
class Maker:
    """Something in a Traefik router's chain that answers by itself: a middleware or the
    service's load balancer, the statuses it makes and the code of each (PLAIN for Traefik's own
    text)."""

    position: int
    made: Made


def _watched(middleware: dict[str, Any]) -> set[int]:
    statuses: set[int] = set()
    for item in middleware.get("errors", {}).get("status", []):
        low, _, high = str(item).partition("-")
        statuses |= set(range(int(low), int(high or low) + 1))
    return statuses


def _makers(chain: list[dict[str, Any]], gates: dict[str, Made]) -> list[Maker]:
    makers = []
    for position, middleware in enumerate(chain):
        if "forwardAuth" in middleware:
            path = httpx.URL(middleware["forwardAuth"]["address"]).path
            # The authorizer's own answers, and forwardAuth's when it gets none.
            makers.append(Maker(position, {**gates[path], FORWARD_AUTH_UNREACHABLE: PLAIN}))
        elif "rateLimit" in middleware:
            makers.append(Maker(position, {429: PLAIN}))
        elif "buffering" in middleware:
            makers.append(Maker(position, {413: PLAIN}))
    makers.append(Maker(len(chain), {502: PLAIN, 504: PLAIN}))  # the load balancer
    return makers


def traefik_made(http: dict[str, Any], router: str, gates: dict[str, Made]) -> Made:
    """What Traefik answers itself on ``router``: what each maker in its chain makes, its text
    replaced by the gateway's problem where an errors middleware before it watches the status."""
    middlewares = http["middlewares"]
    chain = [middlewares[name] for name in http["routers"][router].get("middlewares", [])]
    made: Made = {}
    for maker in _makers(chain, gates):
        watched = set().union(*(_watched(m) for m in chain[: maker.position]))
        for status, code in maker.made.items():
            made[status] = policy.gateway_problem(status).code if status in watched else code
    return made


def unavailable_made(http: dict[str, Any], route: Route, router: str) -> Made:
    """Traefik's 503 for the route's service without a server (Kubernetes drops the route's
    routers): the gateway's problem if a router of the authorizer's takes the route's requests
    then, else Traefik's own text."""
    routers = http["routers"]
    own = routers[router]
    for name, other in routers.items():
        page = [http["middlewares"][m].get("replacePath", {}) for m in other.get("middlewares", [])]
        if (
            name != router
            and other["rule"] == _prefix_rule(route)
            and other["service"] == "authorizer"
            and {"path": f"{policy.PROBLEM_PAGE}/503"} in page
            and other["priority"] < own["priority"]
        ):
            return {503: policy.gateway_problem(503).code}
    return {503: PLAIN}


def _prefix_rule(route: Route) -> str:
    return f"(Path(`{route.prefix}`) || PathPrefix(`{route.prefix}/`))"


@pytest.fixture(scope="module")
async def gates(
    traefik: dict[str, Any], token_issuer: TestIssuer, redis_url: str
) -> AsyncIterator[dict[str, Made]]:
    """What the real authorizer answers on each address Traefik's forwardAuth asks: a request
    without a token, and one over the rate limit (its bucket filled in Redis first)."""
    table = load_route_table()
    settings = Settings(jwks_url=token_issuer.jwks_url, redis_url=redis_url)
    client_ip = f"2001:db8::{uuid.uuid4().int % 0xFFFF:x}"  # this run's own buckets
    addresses = {
        httpx.URL(m["forwardAuth"]["address"]).path
        for m in traefik["middlewares"].values()
        if "forwardAuth" in m
    }
    found: dict[str, Made] = {}
    async with (
        LifespanManager(build_app(settings, table)) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://authorizer"
        ) as client,
    ):
        redis = Redis.from_url(redis_url)
        headers = {"X-Forwarded-For": client_ip}
        for path in sorted(addresses):
            made: Made = {}
            answer = await client.get(path, headers=headers)
            if answer.status_code != 200:
                made[answer.status_code] = answer.json()["code"]
            name = path.rsplit("/", 1)[1]
            key = f"{limits.KEY_PREFIX}:{name}:{client_ip}"
            await redis.set(key, str(10**18), px=60_000)  # full until long after this test
            refused = await client.get(path, headers=headers)
            assert refused.status_code == 429, (path, refused.text)
            assert int(refused.headers["retry-after"]) >= 1
            made[429] = refused.json()["code"]
            await redis.delete(key)
            found[path] = made
        await redis.aclose()
        yield found


async def test_every_route_answers_the_gateways_errors_alike(
    table: RouteTable, traefik: dict[str, Any], nginx: str, gates: dict[str, Made]
) -> None:
    problems = nginx_problems(nginx)
    for route in table.by_longest_prefix:
        by_nginx = nginx_made(nginx, route)
        for router in (route.name, f"{route.name}-idempotent"):
            by_traefik = traefik_made(traefik, router, gates)
            by_traefik |= unavailable_made(traefik, route, router)
            # Every status Traefik makes is nginx's problem for it (the one gap aside).
            expected = {s: problems[s]["code"] for s in by_traefik if s != FORWARD_AUTH_UNREACHABLE}
            assert by_traefik == {**expected, FORWARD_AUTH_UNREACHABLE: PLAIN}, router
            # Every status nginx makes, Traefik makes alike, or the route's service answers it.
            for status, code in by_nginx.items():
                if status == FORWARD_AUTH_UNREACHABLE:
                    continue
                if status not in by_traefik:
                    assert status in route.service_answers, (router, status)
                else:
                    assert by_traefik[status] == code, (router, status)


def test_the_live_streams_and_service_pages_answer_problems(
    traefik: dict[str, Any], gates: dict[str, Made]
) -> None:
    made = traefik_made(traefik, "live", gates)
    assert made[429] == "rate_limited"
    assert {made[502], made[504]} == {"bad_gateway", "gateway_timeout"}
    for name in traefik["routers"]:
        if name.startswith(("health-", "openapi-")):
            assert traefik_made(traefik, name, {})[502] == "bad_gateway", name


def test_traefik_leaves_the_services_own_errors_alone(
    table: RouteTable, traefik: dict[str, Any]
) -> None:
    middlewares = traefik["middlewares"]
    routers = traefik["routers"]
    for route in table.by_longest_prefix:
        for name in (route.name, f"{route.name}-idempotent"):
            chain = routers[name]["middlewares"]
            caught = set().union(*(_watched(middlewares[m]) for m in chain))
            # Every service answers its own 503 (with Retry-After), some their own 429: the
            # gateway's 429 comes from the authorizer, so neither is ever replaced.
            assert not caught & {429, 503}, name
            assert not caught & set(route.service_answers), name
            assert caught == {
                *policy.TRAEFIK_OWN_ERRORS,
                *(set(policy.TRAEFIK_LIMIT_ERRORS) - set(route.service_answers)),
            }, name
            # Where the service answers 413 itself, Traefik has no body limit to answer first.
            buffered = any("buffering" in middlewares[m] for m in chain)
            assert buffered == (413 not in route.service_answers), name
    login = next(r for r in table.by_longest_prefix if r.prefix == "/api/v1/auth/login")
    assert 429 in login.service_answers


async def test_the_gateway_pages_problems_as_nginx(nginx: str) -> None:
    """The authorizer's /problem/{status} (what Traefik's errors middleware and the
    -unavailable routers ask) is nginx's body for that status, and so is its 404."""
    problems = nginx_problems(nginx)
    app = build_docs_app(sorted(load_route_table().services), load_catalog())
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://authorizer") as client:
        for status in [*policy.TRAEFIK_OWN_ERRORS, *policy.TRAEFIK_LIMIT_ERRORS, 503, 404]:
            page = await client.get(f"{policy.PROBLEM_PAGE}/{status}")
            assert page.status_code == status
            assert page.headers["content-type"] == "application/problem+json"
            for key in ("type", "code", "title", "status", "detail"):
                assert page.json()[key] == problems[status][key], (status, key)
        unknown = await client.get("/api/v1/nothing-here")
        assert unknown.status_code == 404
        assert unknown.json()["code"] == problems[404]["code"]


def test_forward_auth_carries_one_request_id(traefik: dict[str, Any]) -> None:
    gates = [m["forwardAuth"] for m in traefik["middlewares"].values() if "forwardAuth" in m]
    for forward in gates:
        assert forward["authRequestHeaders"] == ["Authorization", "X-Request-ID"]
        assert forward["authResponseHeaders"] == ["X-Request-ID"]
        assert forward["trustForwardHeader"] is False


def test_cors_exposes_what_clients_read(traefik: dict[str, Any], nginx: str) -> None:
    wanted = {"Idempotent-Replayed", "Retry-After", "X-Request-ID", "Location"}
    exposed = traefik["middlewares"]["cors"]["headers"]["accessControlExposeHeaders"]
    assert wanted <= set(exposed)
    match = re.search(r"\$cors_expose_headers \{\n\s+\"\" \"\";\n\s+default \"([^\"]+)\";", nginx)
    assert match is not None, "nginx's map of $cors_expose_headers is not where it was"
    assert wanted <= {name.strip() for name in match.group(1).split(",")}
