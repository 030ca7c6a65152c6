"""Plays from runs.run.completed.v1 and erasure on auth.user.deleted.v1, through the real broker."""

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from cadence_shared.app import context_of
from cadence_shared.events import RunCompleted, RunSegment, UserDeleted
from cadence_shared.testing import TestUser
from cadence_shared.testing.waiting import eventually
from tracks_service.models import events
from tracks_service.plays import service

Payload = Callable[..., dict[str, Any]]
START = datetime(2026, 5, 1, 7, 0, tzinfo=UTC)


def segment(start_min: int, end_min: int, **fields: Any) -> RunSegment:
    return RunSegment(
        started_at=START + timedelta(minutes=start_min),
        ended_at=START + timedelta(minutes=end_min),
        **fields,
    )


def run_completed(user_id: uuid.UUID, *segments: RunSegment) -> RunCompleted:
    return RunCompleted(
        run_id=uuid.uuid4(),
        user_id=user_id,
        started_at=START,
        ended_at=START + timedelta(minutes=30),
        distance_m=5000,
        avg_hr=150,
        avg_cadence=170,
        segments=list(segments),
    )


async def my_stats(client: httpx.AsyncClient, user: TestUser) -> list[dict[str, Any]]:
    response = await client.get("/api/v1/tracks/stats/me", headers=user.headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_record_run_counts_plays_once_and_weights_averages(
    sessions: async_sessionmaker[AsyncSession],
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    track_payload: Payload,
    register_tracks: Any,
) -> None:
    user = make_user()
    a, b = await register_tracks(user.headers, track_payload(title="A"), track_payload(title="B"))
    first = run_completed(
        user.id,
        segment(0, 3, apple_music_id=a["apple_music_id"], avg_cadence=170, avg_hr=140),
        segment(3, 6, track_id=uuid.UUID(b["id"]), avg_cadence=160),
        segment(6, 7, apple_music_id="not-in-catalog", avg_cadence=150),
    )
    second = run_completed(
        user.id, segment(0, 1, apple_music_id=a["apple_music_id"], avg_cadence=176, avg_hr=150)
    )

    async with sessions() as session:
        recorded = [
            await service.record_run(session, first),
            await service.record_run(session, first),  # a duplicate delivery
            await service.record_run(session, second),
        ]
        await session.commit()

    assert recorded == [2, 0, 1]
    stats = await my_stats(client, user)
    assert [(s["track"]["title"], s["plays"], s["seconds_played"]) for s in stats] == [
        ("A", 2, 240.0),
        ("B", 1, 180.0),
    ]
    # A: 3 min at 170 and 1 min at 176 -> 171.5; HR 3 min at 140, 1 min at 150 -> 142.5.
    assert (stats[0]["avg_cadence"], stats[0]["avg_hr"]) == (171.5, 142.5)
    assert (stats[1]["avg_cadence"], stats[1]["avg_hr"]) == (160, None)
    assert await my_stats(client, make_user()) == []


async def test_run_completed_event_through_the_broker_records_plays(
    app: FastAPI,
    sessions: async_sessionmaker[AsyncSession],
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    track_payload: Payload,
    register_tracks: Any,
) -> None:
    await asyncio.wait_for(context_of(app).events.ready.wait(), 10)
    user = make_user()
    [track] = await register_tracks(user.headers, track_payload(title="Broker"))
    event = run_completed(
        user.id, segment(0, 4, apple_music_id=track["apple_music_id"], avg_cadence=172)
    )

    async with sessions() as session:
        # Published twice with the same run: the second is a different event, same plays.
        await events.publish(session, event, subject=str(event.run_id))
        await events.publish(session, event, subject=str(event.run_id))
        await session.commit()

    async def recorded() -> bool:
        stats = await my_stats(client, user)
        return bool(stats) and stats[0]["plays"] == 1

    await eventually(recorded, what="the play recorded from the event")
    [stats] = await my_stats(client, user)
    assert (stats["track"]["title"], stats["avg_cadence"]) == ("Broker", 172)


async def test_user_deleted_event_erases_playlists_and_plays(
    app: FastAPI,
    sessions: async_sessionmaker[AsyncSession],
    engine: AsyncEngine,
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    track_payload: Payload,
    register_tracks: Any,
) -> None:
    await asyncio.wait_for(context_of(app).events.ready.wait(), 10)
    leaving, staying = make_user(), make_user()
    [track] = await register_tracks(leaving.headers, track_payload())
    for user in (leaving, staying):
        playlist = await client.post(
            "/api/v1/playlists", json={"name": "Mine"}, headers=user.headers
        )
        await client.post(
            f"/api/v1/playlists/{playlist.json()['id']}/tracks",
            json={"track_id": track["id"]},
            headers=user.headers,
        )
    async with sessions() as session:
        for user in (leaving, staying):
            await service.record_run(
                session,
                run_completed(user.id, segment(0, 2, apple_music_id=track["apple_music_id"])),
            )
        await events.publish(session, UserDeleted(user_id=leaving.id, deleted_at=datetime.now(UTC)))
        await session.commit()

    async def rows(user_id: uuid.UUID) -> tuple[int, int, int]:
        async with engine.connect() as conn:
            row = (
                await conn.execute(
                    text(
                        "SELECT (SELECT count(*) FROM tracks.playlist WHERE user_id = :u),"
                        " (SELECT count(*) FROM tracks.playlist_track pt JOIN tracks.playlist p"
                        "  ON p.id = pt.playlist_id WHERE p.user_id = :u),"
                        " (SELECT count(*) FROM tracks.track_play WHERE user_id = :u)"
                    ),
                    {"u": user_id},
                )
            ).one()
        return int(row[0]), int(row[1]), int(row[2])

    async def erased() -> bool:
        return await rows(leaving.id) == (0, 0, 0)

    await eventually(erased, what="the user's playlists and plays erased")
    assert await rows(staying.id) == (1, 1, 1)
    track_still = await client.get(f"/api/v1/tracks/{track['id']}", headers=staying.headers)
    assert track_still.status_code == 200  # the catalog is shared: tracks stay
