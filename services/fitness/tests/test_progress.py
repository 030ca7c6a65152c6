"""Body metrics (upsert by date) and the progress series: weight with its moving average,
adherence per day, volume per week or month in a time zone."""

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cadence_shared.events import RunCompleted
from cadence_shared.testing import TestUser
from fitness_service.progress import service as progress

Payload = Callable[..., dict[str, Any]]
CreateFood = Callable[..., Awaitable[dict[str, Any]]]
CountRows = Callable[..., Awaitable[int]]


async def test_body_metrics_upsert_by_date(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], count_rows: CountRows
) -> None:
    user = make_user()
    first = await client.post(
        "/api/v1/body-metrics",
        json={"date": "2026-05-04", "weight_kg": 80.5, "waist_cm": 84, "resting_hr": 52},
        headers=user.headers,
    )
    assert first.status_code == 201, first.text
    replaced = await client.post(
        "/api/v1/body-metrics",
        json={"date": "2026-05-04", "weight_kg": 80.1, "body_fat_pct": 18.5},
        headers=user.headers,
    )
    assert replaced.status_code == 200
    metric = replaced.json()
    assert (metric["weight_kg"], metric["body_fat_pct"], metric["waist_cm"]) == (80.1, 18.5, None)
    assert metric["created_at"] == first.json()["created_at"]
    sql = "SELECT count(*) FROM fitness.body_metric WHERE user_id = :u"
    assert await count_rows(sql, u=user.id) == 1
    # The key is (user, date): another user's record of that date is their own.
    other = make_user()
    theirs = await client.post(
        "/api/v1/body-metrics", json={"date": "2026-05-04", "weight_kg": 60}, headers=other.headers
    )
    assert theirs.status_code == 201
    assert (
        await client.get("/api/v1/body-metrics/2026-05-04", headers=user.headers)
    ).json() == metric

    await client.post(
        "/api/v1/body-metrics", json={"date": "2026-05-10", "weight_kg": 79}, headers=user.headers
    )
    assert (
        await client.get("/api/v1/body-metrics/2026-05-04", headers=user.headers)
    ).json() == metric
    listed = await client.get(
        "/api/v1/body-metrics", params={"from": "2026-05-05"}, headers=user.headers
    )
    assert [m["date"] for m in listed.json()["items"]] == ["2026-05-10"]
    everything = (await client.get("/api/v1/body-metrics", headers=user.headers)).json()
    assert [m["date"] for m in everything["items"]] == ["2026-05-10", "2026-05-04"]

    assert (
        await client.delete("/api/v1/body-metrics/2026-05-04", headers=user.headers)
    ).status_code == 204
    gone = await client.get("/api/v1/body-metrics/2026-05-04", headers=user.headers)
    assert (gone.status_code, gone.json()["code"]) == (404, "body_metric_not_found")
    assert await count_rows(sql, u=user.id) == 1


async def test_weight_series_with_a_seven_day_moving_average(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser]
) -> None:
    user = make_user()
    for day, weight in [
        ("2026-04-28", 82.0),  # before the range: counts in the first averages only
        ("2026-05-01", 81.0),
        ("2026-05-03", 80.0),
        ("2026-05-05", 79.0),
        ("2026-05-20", 78.0),
    ]:
        await client.post(
            "/api/v1/body-metrics", json={"date": day, "weight_kg": weight}, headers=user.headers
        )
    await client.post(
        "/api/v1/body-metrics", json={"date": "2026-05-02", "waist_cm": 80}, headers=user.headers
    )
    response = await client.get(
        "/api/v1/progress/weight",
        params={"from": "2026-05-01", "to": "2026-05-31"},
        headers=user.headers,
    )
    assert response.status_code == 200, response.text
    series = response.json()
    assert (series["from"], series["to"]) == ("2026-05-01", "2026-05-31")
    assert [(p["date"], p["weight_kg"], p["moving_average_7d_kg"]) for p in series["points"]] == [
        ("2026-05-01", 81.0, 81.5),  # 28 Apr and 1 May
        ("2026-05-03", 80.0, 81.0),  # 28 Apr, 1 and 3 May
        ("2026-05-05", 79.0, 80.0),  # 28 Apr has left the window (30 Apr-5 May)
        ("2026-05-20", 78.0, 78.0),
    ]


def _plan(food_id: str, days: list[str]) -> dict[str, Any]:
    return {
        "name": "Plan",
        "days_of_week": days,
        "meals": [{"name": "Lunch", "items": [{"food_id": food_id, "quantity": 1}]}],
    }


async def test_adherence_series_uses_the_day_view_formula(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], create_food: CreateFood
) -> None:
    user = make_user()
    food = await create_food(user, name="Bowl", kcal=500, protein_g=40, carbs_g=50, fat_g=20)
    await client.post(
        "/api/v1/diet-plans", json=_plan(food["id"], ["monday", "tuesday"]), headers=user.headers
    )
    for day, quantity in [("2026-05-04", 1), ("2026-05-05", 1.5), ("2026-05-06", 1)]:
        logged = await client.post(
            "/api/v1/food-logs",
            json={"date": day, "meal": "Lunch", "food_id": food["id"], "quantity": quantity},
            headers=user.headers,
        )
        assert logged.status_code == 201
    response = await client.get(
        "/api/v1/progress/adherence",
        params={"from": "2026-05-04", "to": "2026-05-11"},
        headers=user.headers,
    )
    assert response.status_code == 200, response.text
    series = response.json()
    assert [(d["date"], d["adherence"]) for d in series["days"]] == [
        ("2026-05-04", 100.0),  # Monday, on plan
        ("2026-05-05", 50.0),  # Tuesday, 50 % over on every macro
        ("2026-05-06", None),  # Wednesday: no plan
        ("2026-05-07", None),
        ("2026-05-08", None),
        ("2026-05-09", None),
        ("2026-05-10", None),
        ("2026-05-11", 0.0),  # Monday, nothing logged
    ]
    assert series["average"] == 50.0
    assert series["days"][1]["logged"] == {"kcal": 750, "protein_g": 60, "carbs_g": 75, "fat_g": 30}
    assert series["days"][2]["targets"] is None
    day_view = (await client.get("/api/v1/days/2026-05-05/diet", headers=user.headers)).json()
    assert day_view["adherence"] == series["days"][1]["adherence"]


async def upload_history(
    client: httpx.AsyncClient,
    user: TestUser,
    session_payload: Payload,
    set_payload: Payload,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """Three sessions (1,050, 550 and 150 kg) and a 45-minute, 9 km run on 2 June."""
    # 31 May 22:30 UTC is 1 June 00:30 in Paris; 10 May is a Sunday.
    for start, reps in [
        (datetime(2026, 5, 31, 22, 30, tzinfo=UTC), 10),
        (datetime(2026, 5, 10, 9, 0, tzinfo=UTC), 5),
        (datetime(2026, 5, 11, 9, 0, tzinfo=UTC), 1),
    ]:
        body = session_payload(
            start=start,
            sets=[set_payload(reps=reps, weight_kg=100), set_payload(reps=1, weight_kg=50)],
        )
        assert (
            await client.post("/api/v1/workout-sessions", json=body, headers=user.headers)
        ).status_code == 201
    run_start = datetime(2026, 6, 2, 6, 0, tzinfo=UTC)
    async with sessions() as session:
        event = RunCompleted(
            run_id=uuid.uuid4(),
            user_id=user.id,
            started_at=run_start,
            ended_at=run_start + timedelta(minutes=45),
            distance_m=9000,
        )
        assert await progress.record_run(session, event) is True
        assert await progress.record_run(session, event) is False  # once per run
        await session.commit()


async def test_volume_per_period_in_a_time_zone_with_empty_periods(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    session_payload: Payload,
    set_payload: Payload,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    user = make_user()
    await upload_history(client, user, session_payload, set_payload, sessions)

    async def volume(**params: str) -> list[dict[str, Any]]:
        response = await client.get("/api/v1/progress/volume", params=params, headers=user.headers)
        assert response.status_code == 200, response.text
        periods: list[dict[str, Any]] = response.json()["periods"]
        return periods

    utc = await volume(**{"from": "2026-04-01", "to": "2026-06-30", "group": "month"})
    assert [
        (p["start"], p["end"], p["sessions"], p["strength_volume_kg"], p["strength_sets"])
        for p in utc
    ] == [
        ("2026-04-01", "2026-04-30", 0, 0, 0),
        ("2026-05-01", "2026-05-31", 3, 1050 + 550 + 150, 6),
        ("2026-06-01", "2026-06-30", 0, 0, 0),
    ]
    assert (utc[2]["runs"], utc[2]["cardio_minutes"], utc[2]["cardio_distance_km"]) == (1, 45, 9)
    paris = await volume(
        **{"from": "2026-04-01", "to": "2026-06-30", "group": "month", "tz": "Europe/Paris"}
    )
    assert [(p["start"], p["sessions"], p["strength_volume_kg"]) for p in paris] == [
        ("2026-04-01", 0, 0),
        ("2026-05-01", 2, 550 + 150),
        ("2026-06-01", 1, 1050),
    ]
    weeks = await volume(**{"from": "2026-05-04", "to": "2026-05-24", "group": "week"})
    assert [(p["start"], p["end"], p["sessions"]) for p in weeks] == [
        ("2026-05-04", "2026-05-10", 1),
        ("2026-05-11", "2026-05-17", 1),
        ("2026-05-18", "2026-05-24", 0),
    ]
    # Only what started inside the range counts, so a period may be partial.
    partial = await volume(**{"from": "2026-05-11", "to": "2026-05-11", "group": "month"})
    assert [(p["start"], p["sessions"]) for p in partial] == [("2026-05-01", 1)]


async def test_series_ranges_are_checked(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser]
) -> None:
    user = make_user()
    for path, params, code in [
        ("/api/v1/progress/weight", {"from": "2026-05-02", "to": "2026-05-01"}, "invalid_range"),
        (
            "/api/v1/progress/adherence",
            {"from": "2000-01-01", "to": "2026-05-01"},
            "range_too_long",
        ),
        ("/api/v1/progress/volume", {"from": "2026-05-01"}, "validation_failed"),
        (
            "/api/v1/progress/volume",
            {"from": "2026-05-01", "to": "2026-05-02", "tz": "Mars/Olympus"},
            "unknown_time_zone",
        ),
        (
            "/api/v1/progress/volume",
            {"from": "2026-05-01", "to": "2026-05-02", "group": "year"},
            "validation_failed",
        ),
    ]:
        response = await client.get(path, params=params, headers=user.headers)
        assert (response.status_code, response.json()["code"]) == (422, code), (path, params)
