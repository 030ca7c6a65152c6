"""The task reads the fast lane answers (cadence_shared.fastlane) answer as the framework does."""

from collections.abc import Callable

import httpx
from fastapi import FastAPI

from cadence_shared.testing import TestUser
from cadence_shared.testing.fastlane import assert_fast_lane_answers_alike
from cadence_shared.testing.tokens import TestIssuer


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
