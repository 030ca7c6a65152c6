"""The task reads the fast lane answers (cadence_shared.fastlane) answer as the framework does."""

from collections.abc import Callable

import httpx
import jwt
from fastapi import FastAPI

from cadence_shared.app import context_of
from cadence_shared.auth import REVOCATION_CACHE_S, revoked_token_key
from cadence_shared.testing import TestUser
from cadence_shared.testing.fastlane import assert_fast_lane_answers_alike
from cadence_shared.testing.tokens import TestIssuer
from cadence_shared.testing.waiting import eventually


async def test_the_fast_lane_answers_every_task_read_as_the_framework_does(
    client: httpx.AsyncClient,
    app: FastAPI,
    make_user: Callable[..., TestUser],
    token_issuer: TestIssuer,
) -> None:
    owner = make_user()
    created = await client.post("/api/v1/tasks", json={"title": "one"}, headers=owner.headers)
    paths = {
        "/api/v1/tasks": "/api/v1/tasks",
        "/api/v1/tasks/{task_id}": f"/api/v1/tasks/{created.json()['id']}",
    }
    statuses = await assert_fast_lane_answers_alike(
        client, app, paths, owner=owner, issuer=token_issuer
    )
    one = "/api/v1/tasks/{task_id}"
    assert statuses[f"{one} as given, owner token"] == 200
    assert statuses[f"{one} as given, stranger token"] == 404
    assert statuses[f"{one} as given, revoked token"] == 401
    assert statuses[f"{one} bad path parameter, owner token"] == 422
    assert statuses[f"{one} bad path parameter, expired token"] == 401
    assert statuses["/api/v1/tasks bad limit, owner token"] == 422


async def test_a_task_read_refuses_a_token_revoked_after_use_within_the_bound(
    client: httpx.AsyncClient, app: FastAPI, make_user: Callable[..., TestUser]
) -> None:
    user = make_user()
    assert (await client.get("/api/v1/tasks", headers=user.headers)).status_code == 200
    jti = jwt.decode(user.token, options={"verify_signature": False})["jti"]
    await context_of(app).redis.set(revoked_token_key(jti), 1, ex=60)  # as logout writes it

    async def refused() -> bool:
        return (await client.get("/api/v1/tasks", headers=user.headers)).status_code == 401

    await eventually(refused, within_s=REVOCATION_CACHE_S + 1.0, what="the revoked token refused")
