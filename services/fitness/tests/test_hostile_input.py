"""Hostile input: NUL bytes, year 1 and 9999, huge, negative and non-finite numbers, unknown
fields. Each is a 422 problem that names the field, and nothing is stored."""

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from cadence_shared.testing import TestUser

Payload = Callable[..., dict[str, Any]]
CreateFood = Callable[..., Awaitable[dict[str, Any]]]
CountRows = Callable[..., Awaitable[int]]

TABLES = ("food", "diet_plan", "food_log", "program", "workout_session", "body_metric")


async def stored(count_rows: CountRows, user: TestUser) -> int:
    total = 0
    for table in TABLES:
        total += await count_rows(
            f"SELECT count(*) FROM fitness.{table} WHERE user_id = :u", u=user.id
        )
    return total


def bodies(
    food_id: str, session: dict[str, Any], item: dict[str, Any]
) -> list[tuple[str, dict[str, Any]]]:
    log = {"date": "2026-05-04", "meal": "Lunch", "food_id": food_id, "quantity": 1}
    food = {
        "name": "Oats",
        "serving_size": 100,
        "serving_unit": "g",
        "kcal": 1,
        "protein_g": 1,
        "carbs_g": 1,
        "fat_g": 1,
    }
    return [
        ("/api/v1/foods", {**food, "name": "Oa\x00ts"}),
        ("/api/v1/foods", {**food, "brand": "\x00"}),
        ("/api/v1/foods", {**food, "kcal": 1e308}),
        ("/api/v1/foods", {**food, "protein_g": -1}),
        ("/api/v1/foods", {**food, "serving_size": 0}),
        ("/api/v1/foods", {**food, "name": " " * 5}),
        ("/api/v1/foods", {**food, "name": "x" * 201}),
        ("/api/v1/foods", {**food, "colour": "red"}),
        ("/api/v1/food-logs", {**log, "date": "0001-01-01"}),
        ("/api/v1/food-logs", {**log, "date": "9999-12-31"}),
        ("/api/v1/food-logs", {**log, "meal": "Lun\x00ch"}),
        ("/api/v1/food-logs", {**log, "quantity": -2}),
        ("/api/v1/food-logs", {**log, "quantity": 10**30}),
        ("/api/v1/food-logs", {**log, "kind": "stolen"}),
        ("/api/v1/diet-plans", {"name": "P", "days_of_week": ["monday", "monday"]}),
        ("/api/v1/diet-plans", {"name": "P", "days_of_week": ["someday"]}),
        ("/api/v1/diet-plans", {"name": "P\x00", "days_of_week": ["monday"]}),
        (
            "/api/v1/programs",
            {
                "name": "P",
                "days": [{"name": "D", "exercises": [{"name": "Row", "sets": 10**9, "reps": 1}]}],
            },
        ),
        ("/api/v1/workout-sessions", {**session, "started_at": "0001-01-01T00:00:00Z"}),
        ("/api/v1/workout-sessions", {**session, "started_at": "9999-12-31T23:59:59Z"}),
        ("/api/v1/workout-sessions", {**session, "started_at": "2026-05-04T07:00:00"}),  # no zone
        ("/api/v1/workout-sessions", {**session, "notes": "\x00"}),
        ("/api/v1/workout-sessions", {**session, "sets": [{**item, "reps": -1}]}),
        ("/api/v1/workout-sessions", {**session, "sets": [{**item, "reps": 10**12}]}),
        ("/api/v1/workout-sessions", {**session, "sets": [{**item, "weight_kg": 1e300}]}),
        ("/api/v1/workout-sessions", {**session, "sets": [{**item, "exercise": "Sq\x00uat"}]}),
        ("/api/v1/workout-sessions", {**session, "sets": [item, item]}),  # one id twice
        ("/api/v1/workout-sessions", {**session, "ended_at": "2026-05-04T06:00:00Z"}),
        ("/api/v1/body-metrics", {"date": "0001-01-01", "weight_kg": 70}),
        ("/api/v1/body-metrics", {"date": "2026-05-04", "weight_kg": -70}),
        ("/api/v1/body-metrics", {"date": "2026-05-04", "body_fat_pct": 101}),
        ("/api/v1/body-metrics", {"date": "2026-05-04", "resting_hr": 10**6}),
        ("/api/v1/body-metrics", {"date": "2026-05-04", "notes": "a\x00b"}),
    ]


async def test_hostile_bodies_are_422_and_store_nothing(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    create_food: CreateFood,
    session_payload: Payload,
    set_payload: Payload,
    count_rows: CountRows,
) -> None:
    user = make_user()
    food = await create_food(user)
    baseline = await stored(count_rows, user)
    session = session_payload()
    for path, body in bodies(food["id"], session, set_payload()):
        response = await client.post(path, json=body, headers=user.headers)
        assert response.status_code == 422, (path, body, response.text)
        problem = response.json()
        assert response.headers["content-type"] == "application/problem+json"
        assert problem["code"] in ("validation_failed", "unknown_food"), problem
        assert problem.get("errors") or problem["code"] != "validation_failed", problem
    assert await stored(count_rows, user) == baseline


@pytest.mark.parametrize(
    "raw",
    [
        b'{"date": "2026-05-04", "weight_kg": NaN}',
        b'{"date": "2026-05-04", "weight_kg": Infinity}',
        b'{"date": "2026-05-04", "weight_kg": 1e999}',
    ],
)
async def test_non_finite_numbers_are_422(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], count_rows: CountRows, raw: bytes
) -> None:
    user = make_user()
    response = await client.post(
        "/api/v1/body-metrics",
        content=raw,
        headers={**user.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 422, response.text
    assert await stored(count_rows, user) == 0


async def test_hostile_patches_and_queries_are_422_and_change_nothing(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    create_food: CreateFood,
    session_payload: Payload,
    set_payload: Payload,
) -> None:
    user = make_user()
    food = await create_food(user)
    workout = session_payload(sets=[set_payload()])
    await client.post("/api/v1/workout-sessions", json=workout, headers=user.headers)
    food_url = f"/api/v1/foods/{food['id']}"
    session_url = f"/api/v1/workout-sessions/{workout['id']}"
    food_before = (await client.get(food_url, headers=user.headers)).json()
    session_before = (await client.get(session_url, headers=user.headers)).json()
    item = {**set_payload(), "id": workout["sets"][0]["id"]}
    for url, body in [
        (food_url, {"name": "a\x00"}),
        (food_url, {"kcal": -5}),
        (session_url, {"sets": [{**item, "updated_at": "9999-01-01T00:00:00Z"}]}),
        (session_url, {"sets": [{**item, "weight_kg": -10, "updated_at": "2030-01-01T00:00:00Z"}]}),
        (session_url, {"started_at": "0001-01-01T00:00:00+14:00"}),
    ]:
        response = await client.patch(url, json=body, headers=user.headers)
        assert response.status_code == 422, (url, body, response.text)
    assert (await client.get(food_url, headers=user.headers)).json() == food_before
    assert (await client.get(session_url, headers=user.headers)).json() == session_before

    for path, params in [
        ("/api/v1/foods", {"q": "oa\x00ts"}),
        ("/api/v1/foods", {"q": "x" * 101}),
        ("/api/v1/food-logs", {"from": "0001-01-01"}),
        ("/api/v1/food-logs", {"meal": "\x00"}),
        ("/api/v1/workout-sessions", {"from": "9999-12-31", "tz": "Pacific/Kiritimati"}),
        ("/api/v1/workout-sessions", {"tz": "Europe/Paris\x00"}),
        (
            "/api/v1/progress/volume",
            {"from": "0001-01-01", "to": "0001-01-02", "tz": "Pacific/Kiritimati"},
        ),
        ("/api/v1/days/9999-12-31/diet", {}),
        ("/api/v1/body-metrics/0001-01-01", {}),
        (f"/api/v1/foods/{uuid.uuid4()}x", {}),
    ]:
        response = await client.get(path, params=params, headers=user.headers)
        assert response.status_code == 422, (path, params, response.text)
