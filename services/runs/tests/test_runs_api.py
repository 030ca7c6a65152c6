"""Upload (validation, idempotency by run id and by Idempotency-Key), history, stats, isolation."""

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cadence_shared.testing import TestUser

Payload = Callable[..., dict[str, Any]]


async def stored_counts(engine: AsyncEngine, run_id: str) -> tuple[int, int, int]:
    """Rows for the run: runs, segments, and run-completed events in the outbox."""
    async with engine.connect() as conn:
        row = (
            await conn.execute(
                text(
                    "SELECT (SELECT count(*) FROM runs.run WHERE id = :id),"
                    " (SELECT count(*) FROM runs.run_segment WHERE run_id = :id),"
                    " (SELECT count(*) FROM runs.event_outbox"
                    "  WHERE envelope->>'subject' = CAST(:id AS text))"
                ),
                {"id": uuid.UUID(run_id)},
            )
        ).one()
    return int(row[0]), int(row[1]), int(row[2])


async def test_upload_stores_the_run_its_segments_and_one_event(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    run_payload: Payload,
    engine: AsyncEngine,
) -> None:
    user = make_user()
    run = run_payload()

    response = await client.post("/api/v1/runs", json=run, headers=user.headers)

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["id"] == run["id"]
    assert body["duration_s"] == 1800
    assert [s["position"] for s in body["segments"]] == [0, 1]
    assert body["segments"][0]["apple_music_id"] == "am-1"
    assert response.headers["location"] == f"/api/v1/runs/{run['id']}"
    assert await stored_counts(engine, run["id"]) == (1, 2, 1)
    fetched = await client.get(f"/api/v1/runs/{run['id']}", headers=user.headers)
    assert fetched.json() == body


async def test_same_run_id_twice_is_200_with_the_first_run(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    run_payload: Payload,
    engine: AsyncEngine,
) -> None:
    user = make_user()
    run = run_payload()
    first = await client.post("/api/v1/runs", json=run, headers=user.headers)

    changed = {**run, "distance_m": 9999.0}
    second = await client.post("/api/v1/runs", json=changed, headers=user.headers)

    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json() == first.json()
    assert await stored_counts(engine, run["id"]) == (1, 2, 1)


async def test_another_users_run_id_is_409_and_reveals_nothing(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], run_payload: Payload
) -> None:
    run = run_payload()
    await client.post("/api/v1/runs", json=run, headers=make_user().headers)

    response = await client.post("/api/v1/runs", json=run, headers=make_user().headers)

    assert response.status_code == 409
    assert "distance" not in response.text


async def test_same_idempotency_key_replays_the_first_response(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    run_payload: Payload,
    engine: AsyncEngine,
) -> None:
    user = make_user()
    run = run_payload()
    headers = {**user.headers, "Idempotency-Key": uuid.uuid4().hex}

    first = await client.post("/api/v1/runs", json=run, headers=headers)
    second = await client.post("/api/v1/runs", json=run, headers=headers)

    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json() == first.json()
    assert second.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert await stored_counts(engine, run["id"]) == (1, 2, 1)


async def test_same_key_with_another_body_is_422_and_stores_nothing(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    run_payload: Payload,
    engine: AsyncEngine,
) -> None:
    user = make_user()
    headers = {**user.headers, "Idempotency-Key": uuid.uuid4().hex}
    first, other = run_payload(), run_payload()

    await client.post("/api/v1/runs", json=first, headers=headers)
    response = await client.post("/api/v1/runs", json=other, headers=headers)

    assert response.status_code == 422
    assert response.json()["title"] == "Idempotency key reused"
    assert await stored_counts(engine, other["id"]) == (0, 0, 0)


async def test_concurrent_duplicate_uploads_store_one_run(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    run_payload: Payload,
    engine: AsyncEngine,
) -> None:
    user = make_user()
    run = run_payload()

    responses = await asyncio.gather(
        *(client.post("/api/v1/runs", json=run, headers=user.headers) for _ in range(10))
    )

    assert sorted(r.status_code for r in responses) == [200] * 9 + [201]
    assert len({r.text for r in responses}) == 1
    assert await stored_counts(engine, run["id"]) == (1, 2, 1)


async def test_concurrent_duplicates_with_one_key_run_once(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    run_payload: Payload,
    engine: AsyncEngine,
) -> None:
    user = make_user()
    run = run_payload()
    headers = {**user.headers, "Idempotency-Key": uuid.uuid4().hex}

    responses = await asyncio.gather(
        *(client.post("/api/v1/runs", json=run, headers=headers) for _ in range(10))
    )

    statuses = [r.status_code for r in responses]
    # Each duplicate is answered the first response (201) or told the key is in flight (409).
    assert set(statuses) <= {201, 409}
    assert statuses.count(201) >= 1
    answered = [r for r in responses if r.status_code == 201]
    assert [r.headers.get("idempotent-replayed") for r in answered].count(None) == 1
    assert len({r.text for r in answered}) == 1
    assert all(r.headers["retry-after"] == "1" for r in responses if r.status_code == 409)
    assert await stored_counts(engine, run["id"]) == (1, 2, 1)


def _shifted(run: dict[str, Any], **minutes: float) -> dict[str, Any]:
    start = datetime.fromisoformat(run["started_at"])
    return {name: (start + timedelta(minutes=value)).isoformat() for name, value in minutes.items()}


@pytest.mark.parametrize(
    "change",
    [
        lambda run: _shifted(run, ended_at=0),  # ends when it starts
        lambda run: {"avg_hr": 19},
        lambda run: {"max_hr": 251},
        lambda run: {"avg_hr": 160, "max_hr": 150},
        lambda run: {"avg_cadence": 301},
        lambda run: {"distance_m": -1},
        lambda run: {"started_at": "2026-05-04T07:00:00"},  # no time zone
        lambda run: {"segments": [{**run["segments"][0], **_shifted(run, ended_at=31)}]},
        lambda run: {"segments": [{**run["segments"][0], **_shifted(run, started_at=-1)}]},
        lambda run: {"segments": [{**run["segments"][0], "avg_cadence": -1}]},
        lambda run: {"segments": [{**run["segments"][0], "avg_hr": 300}]},
        lambda run: {"segments": [{**run["segments"][0], "apple_music_id": None}]},
        lambda run: {"id": "not-a-uuid"},
    ],
)
async def test_invalid_runs_are_422_and_store_nothing(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    run_payload: Payload,
    engine: AsyncEngine,
    change: Callable[[dict[str, Any]], dict[str, Any]],
) -> None:
    run = run_payload()
    bad = {**run, **change(run)}

    response = await client.post("/api/v1/runs", json=bad, headers=make_user().headers)

    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert await stored_counts(engine, run["id"]) == (0, 0, 0)


async def test_history_is_newest_first_filtered_and_paginated(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], run_payload: Payload
) -> None:
    user = make_user()
    base = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)
    ids = []
    for day in range(5):
        run = run_payload(start=base + timedelta(days=day))
        ids.append(run["id"])
        await client.post("/api/v1/runs", json=run, headers=user.headers)

    everything = await client.get("/api/v1/runs", headers=user.headers)
    window = await client.get(
        "/api/v1/runs",
        params={
            "from": (base + timedelta(days=1)).isoformat(),
            "to": (base + timedelta(days=3)).isoformat(),
        },
        headers=user.headers,
    )
    page = await client.get("/api/v1/runs", params={"limit": 2, "offset": 1}, headers=user.headers)

    assert [r["id"] for r in everything.json()["items"]] == ids[::-1]
    assert [r["id"] for r in window.json()["items"]] == [ids[2], ids[1]]
    assert page.json()["total"] == 5
    assert [r["id"] for r in page.json()["items"]] == [ids[3], ids[2]]


async def test_stats_per_week_and_month(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], run_payload: Payload
) -> None:
    user = make_user()
    monday = datetime(2026, 6, 1, 7, 0, tzinfo=UTC)  # a Monday
    runs = [
        run_payload(start=monday, distance_m=5000.0, avg_hr=150.0, segments=[]),
        # 30 min, 10 km, HR 160: same week.
        run_payload(
            start=monday + timedelta(days=2), distance_m=10000.0, avg_hr=160.0, segments=[]
        ),
        run_payload(start=monday + timedelta(days=7), distance_m=3000.0, avg_hr=None, segments=[]),
    ]
    for run in runs:
        await client.post("/api/v1/runs", json=run, headers=user.headers)

    weekly = await client.get("/api/v1/runs/stats", params={"period": "week"}, headers=user.headers)
    monthly = await client.get(
        "/api/v1/runs/stats", params={"period": "month"}, headers=user.headers
    )
    bad = await client.get("/api/v1/runs/stats", params={"period": "year"}, headers=user.headers)

    assert weekly.json()["items"] == [
        {
            "period_start": "2026-06-08",
            "runs": 1,
            "distance_m": 3000.0,
            "duration_s": 1800.0,
            "avg_pace_s_per_km": 600.0,
            "avg_hr": None,
        },
        {
            "period_start": "2026-06-01",
            "runs": 2,
            "distance_m": 15000.0,
            "duration_s": 3600.0,
            "avg_pace_s_per_km": 240.0,
            "avg_hr": 155.0,
        },
    ]
    [june] = monthly.json()["items"]
    assert (june["period_start"], june["runs"], june["distance_m"]) == ("2026-06-01", 3, 18000.0)
    assert bad.status_code == 422


async def test_another_users_runs_are_404_and_invisible(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    run_payload: Payload,
    engine: AsyncEngine,
) -> None:
    owner, other = make_user(), make_user()
    run = run_payload()
    await client.post("/api/v1/runs", json=run, headers=owner.headers)

    fetched = await client.get(f"/api/v1/runs/{run['id']}", headers=other.headers)
    deleted = await client.delete(f"/api/v1/runs/{run['id']}", headers=other.headers)
    listed = await client.get("/api/v1/runs", headers=other.headers)
    stats = await client.get("/api/v1/runs/stats", headers=other.headers)

    assert (fetched.status_code, deleted.status_code) == (404, 404)
    assert listed.json()["total"] == 0
    assert stats.json()["items"] == []
    assert (await stored_counts(engine, run["id"]))[0] == 1


async def test_delete_removes_the_run_and_its_segments(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    run_payload: Payload,
    engine: AsyncEngine,
) -> None:
    user = make_user()
    run = run_payload()
    await client.post("/api/v1/runs", json=run, headers=user.headers)

    deleted = await client.delete(f"/api/v1/runs/{run['id']}", headers=user.headers)
    again = await client.get(f"/api/v1/runs/{run['id']}", headers=user.headers)

    assert (deleted.status_code, again.status_code) == (204, 404)
    assert (await stored_counts(engine, run["id"]))[:2] == (0, 0)


async def test_runs_need_a_valid_token(client: httpx.AsyncClient, run_payload: Payload) -> None:
    response = await client.post("/api/v1/runs", json=run_payload())
    assert response.status_code == 401
