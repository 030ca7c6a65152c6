"""The tasks API against a real Postgres, in-process."""

import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cadence_shared.pagination import Page
from cadence_shared.testing import TestUser, assert_same_json
from tasks_service.models import Task
from tasks_service.schemas import TaskPublic

PROBLEM = "application/problem+json"


async def create(client: httpx.AsyncClient, user: TestUser, **fields: Any) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/tasks", json={"title": "Task", **fields}, headers=user.headers
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
def alice(make_user: Callable[..., TestUser]) -> TestUser:
    return make_user()


@pytest.fixture
def bob(make_user: Callable[..., TestUser]) -> TestUser:
    return make_user()


async def test_create_returns_the_task_with_defaults(
    client: httpx.AsyncClient, alice: TestUser
) -> None:
    task = await create(client, alice, title="  Buy milk  ", due_date="2026-12-01")
    assert task["title"] == "Buy milk"
    assert task["status"] == "pending"
    assert task["priority"] == "medium"
    assert task["due_date"] == "2026-12-01"
    assert task["completed_at"] is None and task["deleted_at"] is None
    assert task["created_at"] == task["updated_at"]
    uuid.UUID(task["id"])


async def test_create_with_a_client_id_and_a_repeat_is_409(
    client: httpx.AsyncClient, alice: TestUser
) -> None:
    task_id = str(uuid.uuid4())
    task = await create(client, alice, id=task_id)
    assert task["id"] == task_id
    again = await client.post(
        "/api/v1/tasks", json={"id": task_id, "title": "Other"}, headers=alice.headers
    )
    assert again.status_code == 409
    assert again.headers["content-type"] == PROBLEM
    stored = (await client.get(f"/api/v1/tasks/{task_id}", headers=alice.headers)).json()
    assert stored["title"] == "Task"


async def test_created_completed_task_has_completed_at(
    client: httpx.AsyncClient, alice: TestUser
) -> None:
    task = await create(client, alice, status="completed")
    assert task["completed_at"] is not None


async def test_get_put_patch(client: httpx.AsyncClient, alice: TestUser) -> None:
    task = await create(client, alice, description="d", priority="high")
    url = f"/api/v1/tasks/{task['id']}"
    got = await client.get(url, headers=alice.headers)
    assert got.status_code == 200
    assert got.json() == task

    replaced = await client.put(url, json={"title": "Replaced"}, headers=alice.headers)
    assert replaced.status_code == 200
    body = replaced.json()
    # PUT replaces every editable field: the ones left out go back to their defaults.
    assert (body["title"], body["description"], body["priority"]) == ("Replaced", None, "medium")
    assert body["updated_at"] > task["updated_at"]

    patched = await client.patch(
        url, json={"description": "only this", "status": "in_progress"}, headers=alice.headers
    )
    assert patched.status_code == 200
    body = patched.json()
    assert (body["title"], body["description"], body["status"]) == (
        "Replaced",
        "only this",
        "in_progress",
    )
    cleared = await client.patch(url, json={"description": None}, headers=alice.headers)
    assert cleared.json()["description"] is None


async def test_status_changes_keep_completed_at_in_step(
    client: httpx.AsyncClient, alice: TestUser
) -> None:
    task = await create(client, alice)
    url = f"/api/v1/tasks/{task['id']}"
    done = (await client.patch(url, json={"status": "completed"}, headers=alice.headers)).json()
    assert done["completed_at"] is not None
    reopened = (await client.patch(url, json={"status": "pending"}, headers=alice.headers)).json()
    assert reopened["completed_at"] is None


async def test_complete_twice_is_idempotent(client: httpx.AsyncClient, alice: TestUser) -> None:
    task = await create(client, alice)
    url = f"/api/v1/tasks/{task['id']}/complete"
    first = await client.patch(url, headers=alice.headers)
    second = await client.patch(url, headers=alice.headers)
    assert first.status_code == second.status_code == 200
    assert first.json()["status"] == "completed"
    assert first.json()["completed_at"] is not None
    assert second.json() == first.json()


async def test_soft_delete_hides_the_task_but_keeps_it_for_the_owner(
    client: httpx.AsyncClient, alice: TestUser
) -> None:
    task = await create(client, alice, title="to delete")
    url = f"/api/v1/tasks/{task['id']}"
    assert (await client.delete(url, headers=alice.headers)).status_code == 204
    assert (await client.get(url, headers=alice.headers)).status_code == 404
    assert (await client.delete(url, headers=alice.headers)).status_code == 404
    assert (await client.patch(f"{url}/complete", headers=alice.headers)).status_code == 404
    listed = (await client.get("/api/v1/tasks", headers=alice.headers)).json()
    assert task["id"] not in [item["id"] for item in listed["items"]]

    with_deleted = await client.get(
        "/api/v1/tasks", params={"include_deleted": "true"}, headers=alice.headers
    )
    deleted = [item for item in with_deleted.json()["items"] if item["id"] == task["id"]]
    assert len(deleted) == 1 and deleted[0]["deleted_at"] is not None
    one = await client.get(url, params={"include_deleted": "true"}, headers=alice.headers)
    assert one.status_code == 200 and one.json()["deleted_at"] is not None


async def test_list_filters_search_sort_and_pagination(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser]
) -> None:
    user = make_user()
    await create(client, user, title="Write report", priority="high", due_date="2026-12-03")
    await create(client, user, title="Read 100% of the book", priority="low", status="completed")
    await create(client, user, title="report expenses", priority="medium", due_date="2026-12-01")
    await create(client, user, title="Call mum", priority="high", status="in_progress")

    async def titles(**params: Any) -> list[str]:
        response = await client.get("/api/v1/tasks", params=params, headers=user.headers)
        assert response.status_code == 200, response.text
        return [item["title"] for item in response.json()["items"]]

    assert await titles(sort="created_at") == [
        "Write report",
        "Read 100% of the book",
        "report expenses",
        "Call mum",
    ]
    assert await titles() == [
        "Call mum",
        "report expenses",
        "Read 100% of the book",
        "Write report",
    ]
    assert sorted(await titles(q="REPORT")) == ["Write report", "report expenses"]
    assert await titles(q="100%") == ["Read 100% of the book"]
    assert await titles(q="%") == ["Read 100% of the book"]  # % is a character, not a wildcard
    assert await titles(status="completed") == ["Read 100% of the book"]
    assert sorted(await titles(priority="high")) == ["Call mum", "Write report"]
    assert await titles(priority="high", status="in_progress") == ["Call mum"]
    by_priority = await titles(sort="-priority")
    assert set(by_priority[:2]) == {"Call mum", "Write report"}  # ties: any order, but stable
    assert by_priority[2:] == ["report expenses", "Read 100% of the book"]
    # Tasks without a due date sort last either way.
    assert (await titles(sort="due_date"))[:2] == ["report expenses", "Write report"]
    assert (await titles(sort="-due_date"))[:2] == ["Write report", "report expenses"]

    page = await client.get(
        "/api/v1/tasks",
        params={"limit": 2, "offset": 1, "sort": "created_at"},
        headers=user.headers,
    )
    body = page.json()
    assert (body["total"], body["limit"], body["offset"]) == (4, 2, 1)
    assert [item["title"] for item in body["items"]] == ["Read 100% of the book", "report expenses"]


async def test_another_users_task_is_404_and_unchanged(
    client: httpx.AsyncClient, alice: TestUser, bob: TestUser
) -> None:
    task = await create(client, alice, title="Alice's")
    url = f"/api/v1/tasks/{task['id']}"
    attempts = [
        client.get(url, headers=bob.headers),
        client.put(url, json={"title": "Bob's now"}, headers=bob.headers),
        client.patch(url, json={"title": "Bob's now"}, headers=bob.headers),
        client.patch(f"{url}/complete", headers=bob.headers),
        client.delete(url, headers=bob.headers),
        client.get(url, params={"include_deleted": "true"}, headers=bob.headers),
    ]
    for attempt in attempts:
        response = await attempt
        assert response.status_code == 404
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["status"] == 404
    listed = (await client.get("/api/v1/tasks", headers=bob.headers)).json()
    assert task["id"] not in [item["id"] for item in listed["items"]]
    assert (await client.get(url, headers=alice.headers)).json() == task


@pytest.mark.parametrize(
    ("method", "path", "body", "params", "bad_field"),
    [
        ("post", "", {"title": ""}, None, "title"),
        ("post", "", {"title": "x" * 201}, None, "title"),
        ("post", "", {"title": 12}, None, "title"),
        ("post", "", {"title": "ok", "status": "done"}, None, "status"),
        ("post", "", {"title": "ok", "priority": "urgent"}, None, "priority"),
        ("post", "", {"title": "ok", "due_date": "tomorrow"}, None, "due_date"),
        ("post", "", {"title": "ok", "owner": "me"}, None, "owner"),
        ("post", "", {"title": "ok", "id": "not-a-uuid"}, None, "id"),
        ("patch", "/{id}", {"title": None}, None, "title"),
        ("patch", "/{id}", {"priority": "urgent"}, None, "priority"),
        ("put", "/{id}", {"description": "no title"}, None, "title"),
        ("get", "/not-a-uuid", None, None, "task_id"),
        ("get", "", None, {"limit": 101}, "limit"),
        ("get", "", None, {"limit": 0}, "limit"),
        ("get", "", None, {"offset": -1}, "offset"),
        ("get", "", None, {"status": "archived"}, "status"),
        ("get", "", None, {"sort": "title"}, "sort"),
    ],
)
async def test_bad_input_is_a_422_problem_and_changes_nothing(
    client: httpx.AsyncClient,
    alice: TestUser,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    params: dict[str, Any] | None,
    bad_field: str,
) -> None:
    task = await create(client, alice, title="Keep me")
    url = "/api/v1/tasks" + path.format(id=task["id"])
    response = await client.request(method, url, json=body, params=params, headers=alice.headers)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == 422
    assert bad_field in [error["loc"][-1] for error in problem["errors"]]
    stored = await client.get(f"/api/v1/tasks/{task['id']}", headers=alice.headers)
    assert stored.json() == task


async def test_malformed_json_is_422(client: httpx.AsyncClient, alice: TestUser) -> None:
    response = await client.post(
        "/api/v1/tasks",
        content=b'{"title": ',
        headers={**alice.headers, "content-type": "application/json"},
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM


async def test_a_listed_task_is_byte_for_byte_the_task_read_alone(
    client: httpx.AsyncClient, alice: TestUser
) -> None:
    # The list is written straight from the rows, the single read through TaskPublic: a client
    # must not be able to tell the two apart.
    task = await create(
        client,
        alice,
        title="Every field",
        description="d",
        due_date="2027-01-31",
        status="completed",
    )
    one = await client.get(f"/api/v1/tasks/{task['id']}", headers=alice.headers)
    listed = await client.get("/api/v1/tasks", params={"limit": 100}, headers=alice.headers)
    [item] = [item for item in listed.json()["items"] if item["id"] == task["id"]]
    assert item == one.json() == task
    assert listed.headers["content-type"] == "application/json"
    raw = listed.content.decode()
    assert f'"completed_at":"{task["completed_at"]}"' in raw  # same timestamp text, "Z" and all


# Text that JSON writers disagree on if any: quotes, backslashes, control characters, non-ASCII.
AWKWARD_TEXT = 'Quote " slash \\ / tab\t newline\n \x01 é 東京 🏃 \u2028'


async def _stored(sessions: async_sessionmaker[AsyncSession], *task_ids: str) -> list[TaskPublic]:
    async with sessions() as session:
        tasks = {task.id: task for task in await session.scalars(select(Task))}
    return [TaskPublic.model_validate(tasks[uuid.UUID(task_id)]) for task_id in task_ids]


async def test_one_task_is_the_bytes_task_public_writes_for_the_row(
    client: httpx.AsyncClient, alice: TestUser, sessions: async_sessionmaker[AsyncSession]
) -> None:
    task = await create(
        client, alice, title="Every field", description=AWKWARD_TEXT, due_date="2027-01-31"
    )
    await client.patch(f"/api/v1/tasks/{task['id']}/complete", headers=alice.headers)
    response = await client.get(f"/api/v1/tasks/{task['id']}", headers=alice.headers)
    [expected] = await _stored(sessions, task["id"])
    assert_same_json(response, expected)


async def test_a_page_is_the_bytes_page_of_task_public_writes_for_the_rows(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    user = make_user()
    ids = [
        (await create(client, user, title=f"t{n}", description=AWKWARD_TEXT))["id"]
        for n in range(3)
    ]
    await client.delete(f"/api/v1/tasks/{ids[0]}", headers=user.headers)
    response = await client.get(
        "/api/v1/tasks",
        params={"sort": "created_at", "include_deleted": "true", "limit": 2, "offset": 1},
        headers=user.headers,
    )
    expected = Page[TaskPublic](items=await _stored(sessions, *ids[1:]), total=3, limit=2, offset=1)
    assert_same_json(response, expected)
    past_the_end = await client.get("/api/v1/tasks", params={"offset": 5}, headers=user.headers)
    assert_same_json(past_the_end, Page[TaskPublic](items=[], total=2, limit=20, offset=5))


async def test_a_nul_character_is_a_422_problem_and_nothing_is_stored(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser]
) -> None:
    # Postgres text cannot hold NUL: refused while parsing, never a 500 from the database.
    user = make_user()
    created = await client.post("/api/v1/tasks", json={"title": "a\x00b"}, headers=user.headers)
    assert created.status_code == 422, created.text
    assert created.headers["content-type"] == PROBLEM
    assert created.json()["errors"][0]["loc"][-1] == "title"
    task = await create(client, user, title="Keep me")
    url = f"/api/v1/tasks/{task['id']}"
    for method, body in (
        ("put", {"title": "x", "description": "\x00"}),
        ("patch", {"title": "\x00"}),
    ):
        response = await client.request(method, url, json=body, headers=user.headers)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == PROBLEM
    search = await client.get("/api/v1/tasks", params={"q": "\x00"}, headers=user.headers)
    assert search.status_code == 422 and search.headers["content-type"] == PROBLEM
    listed = (await client.get("/api/v1/tasks", headers=user.headers)).json()
    assert [item["title"] for item in listed["items"]] == ["Keep me"]
    assert (await client.get(url, headers=user.headers)).json() == task


async def test_a_wrong_method_is_a_405_allowing_every_method_of_the_path(
    client: httpx.AsyncClient, alice: TestUser
) -> None:
    listing = await client.put("/api/v1/tasks", json={}, headers=alice.headers)
    assert listing.status_code == 405
    assert listing.headers["content-type"] == PROBLEM
    assert listing.headers["allow"] == "GET, POST"
    one = await client.post(f"/api/v1/tasks/{uuid.uuid4()}", json={}, headers=alice.headers)
    assert (one.status_code, one.headers["allow"]) == (405, "GET, PUT, PATCH, DELETE")
