"""Every route with an id: another user gets a 404 (never a 403) and nothing changes."""

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cadence_shared.app import context_of
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


Attempt = tuple[str, str, dict[str, Any], int, str]


def foreign_ids(
    theirs: dict[str, str],
    mine: str,
    own_session: str,
    owner_set: dict[str, Any],
    food_payload: Payload,
    session_payload: Payload,
) -> list[Attempt]:
    """Writes by the intruder that name the owner's ids: (method, path, body, status, code)."""
    entry = {"date": "2026-05-04", "meal": "M", "quantity": 2}
    return [
        ("POST", "/api/v1/foods", food_payload(id=theirs["food"]), 409, "food_id_taken"),
        ("POST", "/api/v1/food-logs", {**entry, "food_id": theirs["food"]}, 422, "unknown_food"),
        (
            "POST",
            "/api/v1/food-logs",
            {**entry, "food_id": mine, "id": theirs["log"]},
            409,
            "food_log_id_taken",
        ),
        (
            "POST",
            "/api/v1/food-logs",
            {**entry, "food_id": mine, "id": theirs["log"], "kind": "planned"},
            409,
            "food_log_id_taken",
        ),
        (
            "POST",
            "/api/v1/workout-sessions",
            session_payload(program_id=theirs["program"]),
            422,
            "unknown_program",
        ),
        (
            "PATCH",
            f"/api/v1/workout-sessions/{own_session}",
            {"program_id": theirs["program"]},
            422,
            "unknown_program",
        ),
        (
            "PATCH",
            f"/api/v1/workout-sessions/{own_session}",
            {"sets": [{**owner_set, "weight_kg": 1, "updated_at": "2030-01-01T00:00:00Z"}]},
            409,
            "workout_set_id_taken",
        ),
        (
            "POST",
            "/api/v1/workout-sessions",
            session_payload(id=theirs["session"]),
            409,
            "workout_session_id_taken",
        ),
    ]


async def test_another_users_ids_in_a_body_are_refused_and_change_nothing(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    owned: tuple[TestUser, dict[str, str]],
    create_food: CreateFood,
    food_payload: Payload,
    session_payload: Payload,
) -> None:
    """Client-generated ids and references in a body: another user's food, program, entry id or
    set id never reaches their data."""
    owner, urls = owned
    intruder = make_user()
    before = {
        name: (await client.get(url, headers=owner.headers)).json() for name, url in urls.items()
    }
    theirs = {name: url.rsplit("/", 1)[1] for name, url in urls.items()}
    mine = await create_food(intruder, name="Mine")
    owner_set = before["session"]["sets"][0]
    own_session = session_payload()
    created = await client.post(
        "/api/v1/workout-sessions", json=own_session, headers=intruder.headers
    )
    assert created.status_code == 201
    attempts = foreign_ids(
        theirs, mine["id"], own_session["id"], owner_set, food_payload, session_payload
    )
    for method, path, body, status, code in attempts:
        response = await client.request(method, path, json=body, headers=intruder.headers)
        assert (response.status_code, response.json()["code"]) == (status, code), (path, body)
    after = {
        name: (await client.get(url, headers=owner.headers)).json() for name, url in urls.items()
    }
    assert after == before
    logs = (await client.get("/api/v1/food-logs", headers=intruder.headers)).json()
    assert logs["total"] == 0
    kept = (
        await client.get(f"/api/v1/workout-sessions/{own_session['id']}", headers=intruder.headers)
    ).json()
    assert (kept["program_id"], kept["sets"]) == (None, [])


async def test_without_a_token_every_route_is_401(client: httpx.AsyncClient) -> None:
    for path in ("/api/v1/foods", "/api/v1/days/2026-05-04/diet", "/api/v1/progress/records"):
        response = await client.get(path)
        assert (response.status_code, response.json()["code"]) == (401, "unauthorized")


async def test_health_needs_no_token_and_readiness_reports_the_backends(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    assert (await client.get("/health")).status_code == 200
    await asyncio.wait_for(context_of(app).events.ready.wait(), 10)  # the broker connected
    ready = await client.get("/health/ready")
    assert ready.status_code == 200, ready.text
    checks = ready.json()["checks"]
    assert checks["postgres"]["status"] == "ok", checks
    assert checks["redis"]["status"] == "ok", checks
    assert checks["broker"]["status"] == "ok", checks
