"""An account's life across services: its data follows it, through events, to the end."""

import asyncio
import time
import uuid
from collections.abc import Callable

import asyncpg
import httpx

from harness import Stack, User


def _task_rows(stack: Stack, user_id: uuid.UUID) -> int:
    """The user's rows in the tasks service's own table, read straight from its database."""

    async def count() -> int:
        connection = await asyncpg.connect(stack.database_url)
        try:
            rows: int = await connection.fetchval(
                "SELECT count(*) FROM tasks.task WHERE user_id = $1", user_id
            )
            return rows
        finally:
            await connection.close()

    return asyncio.run(count())


def test_deleting_an_account_erases_its_tasks_and_stops_its_tokens(
    stack: Stack, api: httpx.Client, new_user: Callable[..., User]
) -> None:
    user, other = new_user(), new_user()
    for title in ("one", "two"):
        assert (
            api.post("/api/v1/tasks", json={"title": title}, headers=user.headers).status_code
            == 201
        )
    assert (
        api.post("/api/v1/tasks", json={"title": "kept"}, headers=other.headers).status_code == 201
    )
    assert _task_rows(stack, user.id) == 2

    wrong = api.request(
        "DELETE", "/api/v1/users/me", json={"password": "not the password"}, headers=user.headers
    )
    assert wrong.status_code in (401, 403)
    assert _task_rows(stack, user.id) == 2

    deleted = api.request(
        "DELETE", "/api/v1/users/me", json={"password": user.password}, headers=user.headers
    )
    assert deleted.status_code == 204, deleted.text

    refused = api.get("/api/v1/tasks", headers=user.headers)
    assert refused.status_code == 401
    assert refused.headers["content-type"] == "application/problem+json"
    login = api.post("/api/v1/auth/login", json={"email": user.email, "password": user.password})
    assert login.status_code == 401

    deadline = time.monotonic() + 20
    while _task_rows(stack, user.id):
        assert time.monotonic() < deadline, "the user's tasks were not erased within 20 s"
        time.sleep(0.1)
    assert _task_rows(stack, other.id) == 1
