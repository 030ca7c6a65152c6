"""runs.run.completed.v1 leaves through the outbox; auth.user.deleted.v1 erases the user's runs."""

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from cadence_shared.app import context_of
from cadence_shared.events import RunCompleted, UserDeleted
from cadence_shared.testing import TestUser
from cadence_shared.testing.waiting import eventually
from runs_service.models import events

Payload = Callable[..., dict[str, Any]]


async def test_upload_queues_the_completed_event_and_the_relay_sends_it(
    app: FastAPI,
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    run_payload: Payload,
    engine: AsyncEngine,
) -> None:
    await asyncio.wait_for(context_of(app).events.ready.wait(), 10)
    user = make_user()
    run = run_payload()

    await client.post("/api/v1/runs", json=run, headers=user.headers)

    async def outbox_row() -> Any:
        async with engine.connect() as conn:
            return (
                await conn.execute(
                    text(
                        "SELECT type, envelope, published_at FROM runs.event_outbox"
                        " WHERE envelope->>'subject' = :id"
                    ),
                    {"id": run["id"]},
                )
            ).one()

    async def published() -> bool:
        return (await outbox_row()).published_at is not None

    await eventually(published, what="the relay publishing the run-completed event")
    row = await outbox_row()
    assert row.type == "runs.run.completed.v1"
    assert row.envelope["source"] == "runs"
    event = RunCompleted.model_validate(row.envelope["data"])
    assert (event.run_id, event.user_id) == (uuid.UUID(run["id"]), user.id)
    assert event.distance_m == 5000
    assert [s.apple_music_id for s in event.segments] == ["am-1", None]
    assert event.segments[1].track_id == uuid.UUID(run["segments"][1]["track_id"])
    assert event.segments[0].avg_cadence == 168


async def test_user_deleted_erases_that_users_runs_only(
    app: FastAPI,
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    run_payload: Payload,
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await asyncio.wait_for(context_of(app).events.ready.wait(), 10)
    leaving, staying = make_user(), make_user()
    for user in (leaving, staying, leaving):
        response = await client.post("/api/v1/runs", json=run_payload(), headers=user.headers)
        assert response.status_code == 201

    async with sessions() as session:
        await events.publish(session, UserDeleted(user_id=leaving.id, deleted_at=datetime.now(UTC)))
        await session.commit()

    async def counts(user_id: uuid.UUID) -> tuple[int, int]:
        async with engine.connect() as conn:
            row = (
                await conn.execute(
                    text(
                        "SELECT (SELECT count(*) FROM runs.run WHERE user_id = :u),"
                        " (SELECT count(*) FROM runs.run_segment s JOIN runs.run r"
                        "  ON r.id = s.run_id WHERE r.user_id = :u)"
                    ),
                    {"u": user_id},
                )
            ).one()
        return int(row[0]), int(row[1])

    async def erased() -> bool:
        return await counts(leaving.id) == (0, 0)

    await eventually(erased, what="the user's runs erased")
    assert await counts(staying.id) == (1, 2)
    async with engine.connect() as conn:
        orphans = await conn.scalar(
            text(
                "SELECT count(*) FROM runs.run_segment s"
                " WHERE NOT EXISTS (SELECT 1 FROM runs.run r WHERE r.id = s.run_id)"
            )
        )
    assert orphans == 0


async def test_user_deleted_forgets_their_idempotency_keys_so_a_replay_no_longer_answers(
    app: FastAPI,
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    run_payload: Payload,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """A stored upload holds the whole run for a day: erasure deletes it with the rows."""
    await asyncio.wait_for(context_of(app).events.ready.wait(), 10)
    redis = context_of(app).redis
    leaving, staying = make_user(), make_user()
    uploads = {user.id: run_payload() for user in (leaving, staying)}

    async def upload(user: TestUser) -> httpx.Response:
        headers = {**user.headers, "Idempotency-Key": f"upload-{user.id}"}
        return await client.post("/api/v1/runs", json=uploads[user.id], headers=headers)

    async def stored_keys(user: TestUser) -> int:
        return len(
            [name async for name in redis.scan_iter(match=f"cadence:idempotency:*{user.id}*")]
        )

    for user in (leaving, staying):
        assert (await upload(user)).status_code == 201
        assert (await upload(user)).headers.get("Idempotent-Replayed") == "true"
    async with sessions() as session:
        await events.publish(session, UserDeleted(user_id=leaving.id, deleted_at=datetime.now(UTC)))
        await session.commit()

    async def forgotten() -> bool:
        return await stored_keys(leaving) == 0

    await eventually(forgotten, what="the leaving user's stored uploads deleted")
    again = await upload(leaving)
    assert again.status_code == 201, again.text  # the run was erased: stored anew, not replayed
    assert "Idempotent-Replayed" not in again.headers
    assert (await upload(staying)).headers.get("Idempotent-Replayed") == "true"
