"""The route table: it loads, it is consistent, and the longest whole-segment prefix wins."""

import pytest
from pydantic import ValidationError

from cadence_gateway.routes import Access, RouteTable, load_route_table


def table_with(**changes: object) -> RouteTable:
    base: dict[str, object] = {
        "gateway": {"port": 8000, "authorizer_port": 8001, "live_port": 8002},
        "services": {"tasks": {"port": 8105, "app": "tasks_service.main:app"}},
        "routes": [{"prefix": "/api/v1/tasks", "service": "tasks", "auth": "required"}],
    }
    base.update(changes)
    return RouteTable.model_validate(base)


def test_the_table_loads_and_every_service_has_a_route() -> None:
    table = load_route_table()
    assert {"auth", "tracks", "runs", "tasks"} <= set(table.services)
    assert {route.service for route in table.routes} == set(table.services)


@pytest.mark.parametrize(
    ("path", "prefix", "access"),
    [
        ("/api/v1/tasks", "/api/v1/tasks", Access.required),
        ("/api/v1/tasks/1/complete", "/api/v1/tasks", Access.required),
        ("/api/v1/auth/login", "/api/v1/auth/login", Access.public),
        ("/api/v1/auth/logout", "/api/v1/auth", Access.required),
        ("/api/v1/auth/me", "/api/v1/auth", Access.required),
        ("/api/v1/auth/.well-known/jwks.json", "/api/v1/auth/.well-known", Access.public),
        ("/api/v1/auth/email/verify", "/api/v1/auth/email/verify", Access.public),
        ("/api/v1/auth/email/verify/request", "/api/v1/auth/email/verify/request", Access.required),
        ("/api/v1/auth/password/change", "/api/v1/auth", Access.required),
        ("/api/v1/auth/password/forgot", "/api/v1/auth/password/forgot", Access.public),
        ("/api/v1/users/me", "/api/v1/users", Access.required),
        ("/api/v1/playlists/7/tracks", "/api/v1/playlists", Access.required),
        ("/api/v1/runs", "/api/v1/runs", Access.required),
    ],
)
def test_the_longest_prefix_wins(path: str, prefix: str, access: Access) -> None:
    route = load_route_table().route_for(path)
    assert route is not None
    assert (route.prefix, route.auth) == (prefix, access)


@pytest.mark.parametrize("path", ["/api/v1/tasksx", "/api/v1", "/", "/api/v1/authz/login"])
def test_a_prefix_never_matches_a_longer_sibling(path: str) -> None:
    assert load_route_table().route_for(path) is None


def test_defaults_are_one_mib_thirty_seconds_and_a_rate_limit() -> None:
    route = table_with().routes[0]
    assert (route.body_limit, route.timeout_s) == (1024 * 1024, 30.0)
    assert (route.rate_limit.per_second, route.rate_limit.burst) == (20, 40)
    assert route.rate_limit.retry_after_s == 1


def test_retry_after_covers_a_slow_rate() -> None:
    route = table_with(
        routes=[
            {
                "prefix": "/api/v1/tasks",
                "service": "tasks",
                "auth": "public",
                "rate_limit": {"per_second": 0.25, "burst": 1},
            }
        ]
    ).routes[0]
    assert route.rate_limit.retry_after_s == 4


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"routes": [{"prefix": "/x", "service": "nope", "auth": "public"}]}, "unknown service"),
        (
            {
                "routes": [
                    {"prefix": "/x", "service": "tasks", "auth": "public"},
                    {"prefix": "/x", "service": "tasks", "auth": "required"},
                ]
            },
            "same prefix",
        ),
        ({"routes": [{"prefix": "/x/", "service": "tasks", "auth": "public"}]}, "trailing"),
        ({"routes": [{"prefix": "x", "service": "tasks", "auth": "public"}]}, "starts with"),
        ({"routes": [{"prefix": "/x", "service": "tasks", "auth": "maybe"}]}, "auth"),
        ({"gateway": {"port": 8105, "authorizer_port": 8001, "live_port": 8002}}, "share a port"),
        (
            {
                "services": {"Tasks": {"port": 8105, "app": "a:b"}},
                "routes": [{"prefix": "/x", "service": "Tasks", "auth": "public"}],
            },
            "lower-case",
        ),
    ],
)
def test_an_inconsistent_table_is_refused(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        table_with(**changes)
