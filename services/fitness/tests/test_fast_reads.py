"""The reads answered straight from the rows (cadence_shared.fastread): one food, a page of
foods (by name and by search), one workout session, a page of sessions, body metrics. Each is byte for byte
what the response schema writes for the same rows read through the ORM."""

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from cadence_shared.pagination import Page
from cadence_shared.testing import TestUser, assert_same_json
from cadence_shared.testing.fastlane import assert_fast_lane_answers_alike
from cadence_shared.testing.tokens import TestIssuer
from fitness_service.nutrition.models import Food
from fitness_service.nutrition.schemas import FoodPublic
from fitness_service.progress.models import BodyMetric
from fitness_service.progress.schemas import BodyMetricPublic
from fitness_service.workouts.models import WorkoutSession, WorkoutSet
from fitness_service.workouts.schemas import SessionPublic, SessionSummary

Payload = Callable[..., dict[str, Any]]
CreateFood = Callable[..., Awaitable[dict[str, Any]]]
# Text that JSON writers could disagree on: quotes, backslashes, control characters, non-ASCII.
SESSION_START = datetime(2026, 5, 4, 7, 0, tzinfo=UTC)  # the fixtures' default start
AWKWARD = 'Crème "brûlée" \\ \t 東京 🏋'


async def _food(sessions: async_sessionmaker[AsyncSession], food_id: str) -> FoodPublic:
    async with sessions() as session:
        return FoodPublic.model_validate(await session.get_one(Food, uuid.UUID(food_id)))


async def _session(sessions: async_sessionmaker[AsyncSession], session_id: str) -> SessionPublic:
    async with sessions() as session:
        workout = await session.get_one(WorkoutSession, uuid.UUID(session_id))
        sets = await session.scalars(
            select(WorkoutSet)
            .where(col(WorkoutSet.session_id) == workout.id, col(WorkoutSet.deleted_at).is_(None))
            .order_by(col(WorkoutSet.position), col(WorkoutSet.id))
        )
        return SessionPublic.with_sets(workout, list(sets))


async def test_one_food_and_pages_of_foods_are_the_bytes_food_public_writes(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    create_food: CreateFood,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    user = make_user()
    awkward = await create_food(user, name=AWKWARD, brand=None, kcal=123.456, sodium_mg=0.1)
    plain = await create_food(user, name="Apple", fibre_g=None, serving_size=1e-3)
    response = await client.get(f"/api/v1/foods/{awkward['id']}", headers=user.headers)
    assert_same_json(response, await _food(sessions, awkward["id"]))

    by_name = [await _food(sessions, plain["id"]), await _food(sessions, awkward["id"])]
    listed = await client.get("/api/v1/foods", headers=user.headers)
    assert_same_json(listed, Page[FoodPublic](items=by_name, total=2, limit=20, offset=0))
    found = await client.get("/api/v1/foods", params={"q": "brûlée"}, headers=user.headers)
    assert_same_json(found, Page[FoodPublic](items=by_name[1:], total=1, limit=20, offset=0))
    past_the_end = await client.get("/api/v1/foods", params={"offset": 5}, headers=user.headers)
    assert_same_json(past_the_end, Page[FoodPublic](items=[], total=2, limit=20, offset=5))


async def test_a_deleted_or_foreign_food_is_a_404_problem(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], create_food: CreateFood
) -> None:
    owner, other = make_user(), make_user()
    food = await create_food(owner)
    url = f"/api/v1/foods/{food['id']}"
    foreign = await client.get(url, headers=other.headers)
    assert foreign.status_code == 404
    assert foreign.json()["code"] == "food_not_found"
    assert (await client.delete(url, headers=owner.headers)).status_code == 204
    assert (await client.get(url, headers=owner.headers)).json()["code"] == "food_not_found"


async def test_one_session_and_a_page_of_sessions_are_the_bytes_the_schemas_write(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    session_payload: Payload,
    set_payload: Payload,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    user = make_user()
    dropped = set_payload("Row", 8, 40)
    closed = session_payload(
        sets=[set_payload(AWKWARD, 5, 102.5), set_payload("Squat", 3, 0.1), dropped],
        name=AWKWARD,
        notes="line\nbreak",
        ended_at=(SESSION_START + timedelta(minutes=47, microseconds=123457)).isoformat(),
    )
    still_open = session_payload(start=SESSION_START + timedelta(days=1), ended_at=None)
    for workout in (closed, still_open):
        posted = await client.post("/api/v1/workout-sessions", json=workout, headers=user.headers)
        assert posted.status_code == 201, posted.text
    later = (SESSION_START + timedelta(hours=2)).isoformat()
    patched = await client.patch(
        f"/api/v1/workout-sessions/{closed['id']}",
        json={"sets": [{**dropped, "updated_at": later, "deleted": True}]},
        headers=user.headers,
    )
    assert patched.status_code == 200, patched.text

    response = await client.get(f"/api/v1/workout-sessions/{closed['id']}", headers=user.headers)
    expected = await _session(sessions, closed["id"])
    assert [item.reps for item in expected.sets] == [5, 3]  # the deleted set is left out
    assert_same_json(response, expected)

    newest = [await _session(sessions, still_open["id"]), expected]
    summaries = [SessionSummary(**item.model_dump(exclude={"sets"})) for item in newest]
    listed = await client.get("/api/v1/workout-sessions", headers=user.headers)
    assert_same_json(listed, Page[SessionSummary](items=summaries, total=2, limit=20, offset=0))
    assert listed.json()["items"][0]["totals"] == {"volume_kg": 0.0, "sets": 0, "duration_s": None}


async def test_a_foreign_session_is_a_404_problem(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], session_payload: Payload
) -> None:
    owner, other = make_user(), make_user()
    workout = session_payload()
    posted = await client.post("/api/v1/workout-sessions", json=workout, headers=owner.headers)
    assert posted.status_code == 201
    response = await client.get(f"/api/v1/workout-sessions/{workout['id']}", headers=other.headers)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "workout_session_not_found"


async def test_body_metrics_are_the_bytes_body_metric_public_writes(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    user = make_user()
    measured = {"weight_kg": 71.35, "body_fat_pct": 18.2, "resting_hr": 52, "notes": AWKWARD}
    for body in ({"date": "2026-05-04", **measured}, {"date": "2026-05-05", "weight_kg": 71.0}):
        posted = await client.post("/api/v1/body-metrics", json=body, headers=user.headers)
        assert posted.status_code == 201, posted.text

    async def stored(day: date) -> BodyMetricPublic:
        async with sessions() as session:
            return BodyMetricPublic.model_validate(
                await session.get_one(BodyMetric, (user.id, day))
            )

    first, second = await stored(date(2026, 5, 4)), await stored(date(2026, 5, 5))
    one = await client.get("/api/v1/body-metrics/2026-05-04", headers=user.headers)
    assert_same_json(one, first)
    listed = await client.get("/api/v1/body-metrics", params={"limit": 1}, headers=user.headers)
    assert_same_json(listed, Page[BodyMetricPublic](items=[second], total=2, limit=1, offset=0))
    missing = await client.get("/api/v1/body-metrics/2026-05-06", headers=user.headers)
    assert (missing.status_code, missing.json()["code"]) == (404, "body_metric_not_found")


async def test_the_fast_lane_answers_every_fitness_read_as_the_framework_does(
    client: httpx.AsyncClient,
    app: FastAPI,
    make_user: Callable[..., TestUser],
    create_food: CreateFood,
    session_payload: Payload,
    token_issuer: TestIssuer,
) -> None:
    owner = make_user()
    food = await create_food(owner)
    workout = session_payload()
    posted = await client.post("/api/v1/workout-sessions", json=workout, headers=owner.headers)
    assert posted.status_code == 201, posted.text
    metric = {"date": "2026-05-04", "weight_kg": 71.0}
    posted = await client.post("/api/v1/body-metrics", json=metric, headers=owner.headers)
    assert posted.status_code == 201, posted.text
    paths = {
        "/api/v1/foods": "/api/v1/foods",
        "/api/v1/foods/{food_id}": f"/api/v1/foods/{food['id']}",
        "/api/v1/workout-sessions": "/api/v1/workout-sessions",
        "/api/v1/workout-sessions/{session_id}": f"/api/v1/workout-sessions/{workout['id']}",
        "/api/v1/body-metrics": "/api/v1/body-metrics",
        "/api/v1/body-metrics/{day}": "/api/v1/body-metrics/2026-05-04",
    }
    statuses = await assert_fast_lane_answers_alike(
        client, app, paths, owner=owner, issuer=token_issuer
    )
    assert statuses["/api/v1/body-metrics/{day} as given, owner token"] == 200
    assert statuses["/api/v1/foods/{food_id} as given, stranger token"] == 404
