"""The projects service through the gateway of the running stack: a workspace created with its
laser settings, found with q=, changed, hidden from another user, bad settings refused, and the
projects erased with their owner's account (auth.user.deleted.v1)."""

import asyncio
import uuid
from collections.abc import Callable

import asyncpg
import httpx

from harness import Stack, User, wait_until

PROJECTS = "/api/v1/projects"


def project_rows(stack: Stack, user_id: uuid.UUID) -> int:
    async def count() -> int:
        connection = await asyncpg.connect(stack.database_url)
        try:
            rows: int = await connection.fetchval(
                "SELECT count(*) FROM projects.project WHERE user_id = $1", user_id
            )
            return rows
        finally:
            await connection.close()

    return asyncio.run(count())


def test_a_project_through_the_gateway_from_creation_to_account_deletion(
    stack: Stack, api: httpx.Client, new_user: Callable[..., User]
) -> None:
    user, other = new_user(), new_user()
    laser = {
        "laser_type": "co2",
        "power_percent": 60,
        "speed_mm_min": 900,
        "passes": 2,
        "material": "acrylic",
        "thickness_mm": 3,
        "air_assist": True,
    }
    created = api.post(
        PROJECTS,
        json={"name": "Lamp base", "description": "edge-lit", "laser": laser},
        headers=user.headers,
    )
    assert created.status_code == 201, created.text
    project = created.json()
    url = f"{PROJECTS}/{project['id']}"
    assert project["owner_id"] == str(user.id)
    assert {name: project["laser"][name] for name in laser} == laser

    found = api.get(PROJECTS, params={"q": "EDGE"}, headers=user.headers).json()
    assert [item["id"] for item in found["items"]] == [project["id"]]
    patched = api.patch(url, json={"laser": {"passes": 3}}, headers=user.headers)
    assert patched.status_code == 200, patched.text
    assert patched.json()["laser"]["passes"] == 3

    hidden = api.get(url, headers=other.headers)
    assert hidden.status_code == 404
    assert hidden.json()["code"] == "project_not_found"
    assert api.delete(url, headers=other.headers).status_code == 404
    bad = api.post(PROJECTS, json={"name": "x", "laser": {"passes": 0}}, headers=user.headers)
    assert bad.status_code == 422
    assert bad.json()["code"] == "validation_failed"
    assert api.get(url, headers=user.headers).json() == patched.json()

    deleted = api.request(
        "DELETE", "/api/v1/users/me", json={"password": user.password}, headers=user.headers
    )
    assert deleted.status_code == 204, deleted.text
    wait_until(lambda: project_rows(stack, user.id) == 0, what="the user's projects erased")
    assert api.get(PROJECTS, headers=user.headers).status_code == 401


def test_without_a_token_the_gateway_refuses(api: httpx.Client) -> None:
    response = api.get(PROJECTS)

    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
