"""The fast lane's answers against the framework's, for every fast route of a service.

A service's tests call ``assert_fast_lane_answers_alike`` with one concrete path per route the
lane takes (``cadence_shared.fastlane.fast_routes``): each path is asked the lane's way and the
ordinary way (``ordinary_path``) with the owner's token, another user's, none, a malformed, an
expired and a revoked one, a bad path parameter and a bad query parameter, and the two answers
must agree in status, every header (the request id is sent, so it is the same) and body bytes.
"""

import time
import uuid
from collections.abc import Mapping
from typing import Any

import httpx
import jwt
from fastapi import FastAPI

from cadence_shared.app import context_of
from cadence_shared.auth import revoked_token_key
from cadence_shared.fastlane import FastLaneAPI, fast_routes, ordinary_path
from cadence_shared.testing.plugin import TestUser
from cadence_shared.testing.tokens import TestIssuer

REQUEST_ID = "fast-lane-comparison"


async def _tokens(owner: TestUser, issuer: TestIssuer, app: FastAPI) -> dict[str, str | None]:
    revoked = issuer.mint(owner.id)
    jti = jwt.decode(revoked, options={"verify_signature": False})["jti"]
    await context_of(app).redis.set(revoked_token_key(jti), "1", ex=900)
    return {
        "owner": f"Bearer {owner.token}",
        "stranger": f"Bearer {issuer.mint(uuid.uuid4())}",
        "none": None,
        "not bearer": f"Basic {owner.token}",
        "empty bearer": "Bearer ",
        "malformed": "Bearer not.a.token",
        "expired": f"Bearer {issuer.mint(owner.id, exp=int(time.time()) - 60)}",
        "revoked": f"Bearer {revoked}",
    }


def _variants(template: str, path: str) -> dict[str, tuple[str, dict[str, str]]]:
    """The path as given, with its parameters spoilt, and with bad or odd query parameters."""
    variants = {"as given": (path, {}), "bad limit": (path, {"limit": "0"})}
    variants["odd query"] = (path, {"offset": "2", "include_deleted": "true", "x": "1"})
    if "{" in template:
        spoilt = "/".join(
            "not-a-valid-value" if part.startswith("{") else given
            for part, given in zip(template.split("/"), path.split("/"), strict=True)
        )
        variants["bad path parameter"] = (spoilt, {})
    return variants


async def _both(
    client: httpx.AsyncClient, app: FastAPI, path: str, params: dict[str, str], header: str | None
) -> tuple[httpx.Response, httpx.Response]:
    headers = {"X-Request-ID": REQUEST_ID} | ({"Authorization": header} if header else {})
    fast = await client.get(path, params=params, headers=headers)
    async with ordinary_path(app):
        ordinary = await client.get(path, params=params, headers=headers)
    return fast, ordinary


def _same(case: str, fast: httpx.Response, ordinary: httpx.Response) -> None:
    assert fast.status_code == ordinary.status_code, f"{case}: {fast.text} / {ordinary.text}"
    assert fast.headers.multi_items() == ordinary.headers.multi_items(), case
    assert fast.content == ordinary.content, f"{case}:\n{fast.content!r}\n{ordinary.content!r}"


async def assert_fast_lane_answers_alike(
    client: httpx.AsyncClient,
    app: FastAPI,
    paths: Mapping[str, str],
    *,
    owner: TestUser,
    issuer: TestIssuer,
) -> dict[str, Any]:
    """Every fast route (``paths``: template -> a path of the owner's data) answers alike both
    ways; returns the statuses seen by case, for the caller to check what it expects."""
    assert isinstance(app, FastLaneAPI)
    assert sorted(paths) == sorted(fast_routes(app)), "a path for every fast route, no other"
    lane = app.fast_lane()
    statuses: dict[str, Any] = {}
    for template, path in paths.items():
        for variant, (concrete, params) in _variants(template, path).items():
            for who, header in (await _tokens(owner, issuer, app)).items():
                case = f"{template} {variant}, {who} token"
                taken = lane.taken[template]
                fast, ordinary = await _both(client, app, concrete, params, header)
                assert lane.taken[template] == taken + 1, f"{case}: not through the lane"
                _same(case, fast, ordinary)
                statuses[case] = fast.status_code
    return statuses
