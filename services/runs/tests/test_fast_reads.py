"""The reads answered straight from the rows (cadence_shared.fastread) are byte for byte what
the response schemas write for the same rows; hostile text is refused before it is stored."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
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
from runs_service.models import Run, RunSegment
from runs_service.schemas import RunPublic, RunSummary
from runs_service.service import StoredRun
from runs_service.views import _public, _summary

Payload = Callable[..., dict[str, Any]]
# Text that JSON writers could disagree on: quotes, backslashes, control characters, non-ASCII.
RUN_START = datetime(2026, 5, 4, 7, 0, tzinfo=UTC)
AWKWARD_ID = 'am "1" \\ \t é 東京 🏃'


async def _stored(sessions: async_sessionmaker[AsyncSession], run_id: str) -> StoredRun:
    async with sessions() as session:
        run = await session.get_one(Run, uuid.UUID(run_id))
        segments = await session.scalars(
            select(RunSegment)
            .where(col(RunSegment.run_id) == run.id)
            .order_by(col(RunSegment.position))
        )
        return StoredRun(run, list(segments))


async def test_one_run_is_the_bytes_run_public_writes_for_the_rows(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    run_payload: Payload,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    user = make_user()
    run = run_payload(ended_at=(RUN_START + timedelta(minutes=31, microseconds=123457)).isoformat())
    run["segments"][0]["apple_music_id"] = AWKWARD_ID
    assert (await client.post("/api/v1/runs", json=run, headers=user.headers)).status_code == 201
    response = await client.get(f"/api/v1/runs/{run['id']}", headers=user.headers)
    expected: RunPublic = _public(await _stored(sessions, run["id"]))
    assert_same_json(response, expected)


async def test_a_page_of_runs_is_the_bytes_page_of_run_summary_writes_for_the_rows(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    run_payload: Payload,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    user = make_user()
    ids = []
    for day in range(3):
        run = run_payload(RUN_START + timedelta(days=day, seconds=0.25), avg_hr=None, calories=None)
        assert (
            await client.post("/api/v1/runs", json=run, headers=user.headers)
        ).status_code == 201
        ids.append(run["id"])
    response = await client.get("/api/v1/runs", params={"limit": 2}, headers=user.headers)
    newest = [_summary((await _stored(sessions, run_id)).run) for run_id in ids[::-1][:2]]
    assert_same_json(response, Page[RunSummary](items=newest, total=3, limit=2, offset=0))
    past_the_end = await client.get("/api/v1/runs", params={"offset": 9}, headers=user.headers)
    assert_same_json(past_the_end, Page[RunSummary](items=[], total=3, limit=20, offset=9))


async def test_a_nul_character_is_a_422_problem_and_nothing_is_stored(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], run_payload: Payload
) -> None:
    # Postgres text cannot hold NUL: refused while parsing, never a 500 from the database.
    user = make_user()
    run = run_payload()
    run["segments"][0]["apple_music_id"] = "am\x00"
    response = await client.post("/api/v1/runs", json=run, headers=user.headers)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert (await client.get(f"/api/v1/runs/{run['id']}", headers=user.headers)).status_code == 404
    assert (await client.get("/api/v1/runs", headers=user.headers)).json()["total"] == 0


async def test_the_fast_lane_answers_every_run_read_as_the_framework_does(
    client: httpx.AsyncClient,
    app: FastAPI,
    make_user: Callable[..., TestUser],
    run_payload: Payload,
    token_issuer: TestIssuer,
) -> None:
    owner = make_user()
    run = run_payload()
    assert (await client.post("/api/v1/runs", json=run, headers=owner.headers)).status_code == 201
    paths = {"/api/v1/runs": "/api/v1/runs", "/api/v1/runs/{run_id}": f"/api/v1/runs/{run['id']}"}
    statuses = await assert_fast_lane_answers_alike(
        client, app, paths, owner=owner, issuer=token_issuer
    )
    assert statuses["/api/v1/runs/{run_id} as given, owner token"] == 200
    assert statuses["/api/v1/runs/{run_id} as given, stranger token"] == 404
