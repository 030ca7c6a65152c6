"""Every route with an id: another user gets a 404 (never a 403) and nothing changes."""

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cadence_shared.events import OcrJobCompleted
from cadence_shared.testing import TestUser
from fitness_service.drafts import service as drafts

Payload = Callable[..., dict[str, Any]]
CreateFood = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture
async def owned(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    create_food: CreateFood,
    session_payload: Payload,
    set_payload: Payload,
    sessions: async_sessionmaker[AsyncSession],
) -> tuple[TestUser, dict[str, str]]:
    """A user with one of everything that has an id route, and the URL of each."""
    owner = make_user()
    food = await create_food(owner)

    async def create(path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = await client.post(path, json=body, headers=owner.headers)
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()
        return created

    plan = await create(
        "/api/v1/diet-plans",
        {
            "name": "P",
            "days_of_week": ["monday"],
            "meals": [{"name": "M", "items": [{"food_id": food["id"], "quantity": 1}]}],
        },
    )
    log = await create(
        "/api/v1/food-logs",
        {"date": "2026-05-04", "meal": "M", "food_id": food["id"], "quantity": 1},
    )
    program = await create("/api/v1/programs", {"name": "P"})
    workout = await create("/api/v1/workout-sessions", session_payload(sets=[set_payload()]))
    await create("/api/v1/body-metrics", {"date": "2026-05-04", "weight_kg": 70})
    job = OcrJobCompleted(
        job_id=uuid.uuid4(),
        user_id=owner.id,
        kind="workout_sheet",
        workout_sheet={"exercises": [{"name": "Row", "sets": [{"reps": 8, "weight_kg": 40}]}]},
        completed_at="2026-05-04T10:00:00Z",
    )
    async with sessions() as session:
        assert await drafts.draft_from_ocr(session, job)
        await session.commit()
    return owner, {
        "food": f"/api/v1/foods/{food['id']}",
        "plan": f"/api/v1/diet-plans/{plan['id']}",
        "log": f"/api/v1/food-logs/{log['id']}",
        "program": f"/api/v1/programs/{program['id']}",
        "session": f"/api/v1/workout-sessions/{workout['id']}",
        "metric": "/api/v1/body-metrics/2026-05-04",
        "draft": f"/api/v1/ocr-drafts/{job.job_id}",
    }


ATTEMPTS: list[tuple[str, str, str, dict[str, Any] | None]] = [
    ("food", "GET", "", None),
    ("food", "PATCH", "", {"name": "Mine"}),
    ("food", "DELETE", "", None),
    ("plan", "GET", "", None),
    ("plan", "PATCH", "", {"name": "Mine"}),
    ("plan", "DELETE", "", None),
    ("log", "GET", "", None),
    ("log", "PATCH", "", {"quantity": 9}),
    ("log", "DELETE", "", None),
    ("program", "GET", "", None),
    ("program", "PUT", "", {"name": "Mine"}),
    ("program", "DELETE", "", None),
    ("session", "GET", "", None),
    ("session", "PATCH", "", {"name": "Mine"}),
    ("session", "DELETE", "", None),
    ("metric", "GET", "", None),
    ("metric", "DELETE", "", None),
    ("draft", "GET", "", None),
    ("draft", "POST", "/confirm", None),
    ("draft", "DELETE", "", None),
]


async def test_another_users_resources_are_404_and_stay_unchanged(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    owned: tuple[TestUser, dict[str, str]],
) -> None:
    owner, urls = owned
    intruder = make_user()
    before = {
        name: (await client.get(url, headers=owner.headers)).json() for name, url in urls.items()
    }
    for name, method, suffix, body in ATTEMPTS:
        response = await client.request(
            method, urls[name] + suffix, json=body, headers=intruder.headers
        )
        assert response.status_code == 404, (name, method, response.text)
        assert response.json()["code"].endswith("_not_found"), response.json()
    after = {
        name: (await client.get(url, headers=owner.headers)).json() for name, url in urls.items()
    }
    assert after == before
    # Nor does the intruder see any of it in lists, series or the day view.
    for path in (
        "/api/v1/foods",
        "/api/v1/diet-plans",
        "/api/v1/food-logs",
        "/api/v1/programs",
        "/api/v1/workout-sessions",
        "/api/v1/body-metrics",
        "/api/v1/ocr-drafts",
    ):
        assert (await client.get(path, headers=intruder.headers)).json()["total"] == 0, path
    assert (await client.get("/api/v1/progress/records", headers=intruder.headers)).json() == []
    day = (await client.get("/api/v1/days/2026-05-04/diet", headers=intruder.headers)).json()
    assert (day["plan"], day["entries"]) == (None, [])


async def test_without_a_token_every_route_is_401(client: httpx.AsyncClient) -> None:
    for path in ("/api/v1/foods", "/api/v1/days/2026-05-04/diet", "/api/v1/progress/records"):
        response = await client.get(path)
        assert (response.status_code, response.json()["code"]) == (401, "unauthorized")
