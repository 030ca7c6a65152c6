"""The fitness service through the gateway of the running stack: a day of food, a workout, a run
uploaded to runs that reaches the progress volume by event, and an account deletion that erases
every fitness row of the user."""

import asyncio
import uuid
from collections.abc import Callable
from typing import Any

import asyncpg
import httpx

from harness import Stack, User, wait_until

FITNESS_TABLES = (
    "food",
    "diet_plan",
    "food_log",
    "program",
    "workout_session",
    "workout_set",
    "personal_record",
    "body_metric",
    "cardio_activity",
)


def fitness_rows(stack: Stack, user_id: uuid.UUID) -> int:
    """The user's rows in every fitness table, read straight from the stack's database."""

    async def count() -> int:
        connection = await asyncpg.connect(stack.database_url)
        try:
            total = 0
            for table in FITNESS_TABLES:
                total += await connection.fetchval(
                    f"SELECT count(*) FROM fitness.{table} WHERE user_id = $1", user_id
                )
            return total
        finally:
            await connection.close()

    return asyncio.run(count())


def fill(api: httpx.Client, user: User) -> None:
    """A food, a plan, a logged meal, a program, a workout and a weight: one row in most fitness
    tables."""
    food = api.post(
        "/api/v1/foods",
        json={
            "name": "Oats",
            "serving_size": 100,
            "serving_unit": "g",
            "kcal": 380,
            "protein_g": 13,
            "carbs_g": 60,
            "fat_g": 7,
        },
        headers=user.headers,
    )
    assert food.status_code == 201, food.text
    food_id = food.json()["id"]
    plan = {
        "name": "Plan",
        "days_of_week": ["monday"],
        "meals": [{"name": "Breakfast", "items": [{"food_id": food_id, "quantity": 1}]}],
    }
    entry = {"date": "2026-05-04", "meal": "Breakfast", "food_id": food_id, "quantity": 1.5}
    session: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "name": "Legs",
        "started_at": "2026-05-04T17:00:00Z",
        "ended_at": "2026-05-04T18:00:00Z",
        "sets": [
            {
                "id": str(uuid.uuid4()),
                "exercise": "Squat",
                "reps": 5,
                "weight_kg": 100,
                "updated_at": "2026-05-04T17:10:00Z",
            }
        ],
    }
    writes: list[tuple[str, dict[str, Any], dict[str, str]]] = [
        ("/api/v1/diet-plans", plan, user.headers),
        ("/api/v1/programs", {"name": "Strength"}, user.headers),
        ("/api/v1/food-logs", {**entry, "kind": "planned"}, user.headers),
        ("/api/v1/workout-sessions", session, {**user.headers, "Idempotency-Key": session["id"]}),
        ("/api/v1/body-metrics", {"date": "2026-05-04", "weight_kg": 72.5}, user.headers),
    ]
    for path, body, headers in writes:
        response = api.post(path, json=body, headers=headers)
        assert response.status_code == 201, (path, response.text)
    day = api.get("/api/v1/days/2026-05-04/diet", headers=user.headers).json()
    # 1.5 servings of a 1-serving plan: 50 % over on every macro.
    assert (day["plan"]["name"], day["totals"]["kcal"], day["adherence"]) == ("Plan", 570, 50.0)


def test_a_run_reaches_the_volume_and_deletion_erases_fitness_data(
    stack: Stack, api: httpx.Client, new_user: Callable[..., User]
) -> None:
    user, other = new_user(), new_user()
    fill(api, user)
    fill(api, other)
    run_id = str(uuid.uuid4())
    run = {
        "id": run_id,
        "started_at": "2026-05-06T06:30:00Z",
        "ended_at": "2026-05-06T07:15:00Z",
        "distance_m": 8400,
    }
    uploaded = api.post(
        "/api/v1/runs", json=run, headers={**user.headers, "Idempotency-Key": run_id}
    )
    assert uploaded.status_code == 201, uploaded.text

    params = {"from": "2026-05-01", "to": "2026-05-31", "group": "month", "tz": "Europe/Paris"}

    def may() -> dict[str, Any] | None:
        response = api.get("/api/v1/progress/volume", params=params, headers=user.headers)
        assert response.status_code == 200, response.text
        period: dict[str, Any] = response.json()["periods"][0]
        return period if period["runs"] == 1 else None

    period = wait_until(may, what="the run in /api/v1/progress/volume")
    assert (period["cardio_minutes"], period["cardio_distance_km"]) == (45, 8.4)
    assert (period["sessions"], period["strength_volume_kg"], period["strength_sets"]) == (
        1,
        500,
        1,
    )
    records = api.get("/api/v1/progress/records", headers=user.headers).json()
    # Epley: 100 * (1 + 5 / 30).
    assert [(r["exercise"], round(r["best_e1rm"]["e1rm_kg"], 3)) for r in records] == [
        ("Squat", 116.667)
    ]

    before_other = fitness_rows(stack, other.id)
    assert fitness_rows(stack, user.id) == before_other + 1  # the cardio row
    deleted = api.request(
        "DELETE", "/api/v1/users/me", json={"password": user.password}, headers=user.headers
    )
    assert deleted.status_code == 204, deleted.text
    wait_until(lambda: fitness_rows(stack, user.id) == 0, what="the user's fitness data erased")
    assert fitness_rows(stack, other.id) == before_other
    assert api.get("/api/v1/foods", headers=user.headers).status_code == 401
