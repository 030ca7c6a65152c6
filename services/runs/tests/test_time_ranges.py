"""Every time the runs API takes is in a documented range, checked before anything is written:
a poisoned date used to be stored as ±infinity (then every read of that user's runs was a 500)."""

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cadence_shared.testing import TestUser

Payload = Callable[..., dict[str, Any]]

YEAR_ONE = "0001-01-01T00:00:00Z"
YEAR_ONE_AHEAD_OF_UTC = "0001-01-01T00:00:00+00:01"  # year 0 in UTC
LAST_INSTANT = "9999-12-31T23:59:59.999999Z"
BEFORE_1970 = "1969-12-31T23:59:59Z"


async def runs_of(engine: AsyncEngine, user: TestUser) -> int:
    async with engine.connect() as conn:
        found = await conn.scalar(
            text("SELECT count(*) FROM runs.run WHERE user_id = :user"),
            {"user": user.id},
        )
    return int(found or 0)


def whole_run_at(run: dict[str, Any], field: str, value: str) -> dict[str, Any]:
    """``run`` with ``field`` set to ``value`` and no segments (so only the run's own range counts)."""
    return {**run, field: value, "segments": []}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("started_at", YEAR_ONE),
        ("started_at", YEAR_ONE_AHEAD_OF_UTC),
        ("started_at", BEFORE_1970),
        ("ended_at", LAST_INSTANT),
        ("ended_at", "2200-01-01T00:00:00Z"),
    ],
)
async def test_a_run_time_out_of_range_is_422_and_stores_nothing(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    run_payload: Payload,
    engine: AsyncEngine,
    field: str,
    value: str,
) -> None:
    user = make_user()
    run = whole_run_at(run_payload(), field, value)

    response = await client.post("/api/v1/runs", json=run, headers=user.headers)
    listed = await client.get("/api/v1/runs", headers=user.headers)

    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert [error["loc"][-1] for error in response.json()["errors"]] == [field]
    assert await runs_of(engine, user) == 0
    assert listed.status_code == 200 and listed.json()["total"] == 0


@pytest.mark.parametrize("value", [YEAR_ONE, YEAR_ONE_AHEAD_OF_UTC, LAST_INSTANT])
async def test_a_segment_time_out_of_range_is_422(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    run_payload: Payload,
    engine: AsyncEngine,
    value: str,
) -> None:
    user = make_user()
    run = run_payload()
    run["segments"][0]["started_at"] = value

    response = await client.post("/api/v1/runs", json=run, headers=user.headers)

    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["loc"][-1] == "started_at"
    assert await runs_of(engine, user) == 0


@pytest.mark.parametrize("route", ["/api/v1/runs", "/api/v1/runs/stats"])
@pytest.mark.parametrize("value", [YEAR_ONE, YEAR_ONE_AHEAD_OF_UTC, LAST_INSTANT])
async def test_a_filter_time_out_of_range_is_422(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], route: str, value: str
) -> None:
    user = make_user()

    since = await client.get(route, params={"from": value}, headers=user.headers)
    until = await client.get(route, params={"to": value}, headers=user.headers)

    assert (since.status_code, until.status_code) == (422, 422), since.text + until.text
    assert since.json()["errors"][0]["loc"] == ["query", "from"]


async def test_a_run_with_an_offset_comes_back_in_utc(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], run_payload: Payload
) -> None:
    run = run_payload()
    run.update(
        started_at="2026-05-04T09:00:00+02:00", ended_at="2026-05-04T09:30:00+02:00", segments=[]
    )

    response = await client.post("/api/v1/runs", json=run, headers=make_user().headers)

    assert response.status_code == 201, response.text
    assert response.json()["started_at"] == "2026-05-04T07:00:00Z"
    assert response.json()["duration_s"] == 1800.0


def test_the_spec_states_each_range(app: Any) -> None:
    schemas = app.openapi()["components"]["schemas"]
    run = schemas["RunCreate"]["properties"]

    assert "from 1970-01-01T00:00:00Z to now + 1 day" in run["started_at"]["description"]
    assert "from 1970-01-01T00:00:00Z to now + 1 day" in run["ended_at"]["description"]
