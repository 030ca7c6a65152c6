"""audio.analysis.completed.v1: the analysed BPM of a linked recording (by Apple Music id or ISRC)
is its uploader's analysis claim, which beats client claims (catalog/claims.py); through the real
broker too."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cadence_shared.events import AudioAnalysisCompleted
from cadence_shared.testing import TestUser
from cadence_shared.testing.waiting import eventually
from tracks_service.catalog import service
from tracks_service.models import events

Payload = Callable[..., dict[str, Any]]


def analysed(bpm: float, confidence: float, **link: Any) -> AudioAnalysisCompleted:
    return AudioAnalysisCompleted(
        upload_id=uuid.uuid4(),
        user_id=uuid.uuid4(),
        bpm=bpm,
        bpm_confidence=confidence,
        completed_at=datetime.now(UTC),
        **link,
    )


async def track(client: httpx.AsyncClient, user: TestUser, track_id: str) -> dict[str, Any]:
    response = await client.get(f"/api/v1/tracks/{track_id}", headers=user.headers)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


async def test_an_analysis_is_linked_by_apple_music_id_or_isrc_and_beats_the_clients_bpm(
    sessions: async_sessionmaker[AsyncSession],
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    track_payload: Payload,
    register_tracks: Any,
) -> None:
    user = make_user()
    (stored,) = await register_tracks(
        user.headers, track_payload(bpm=100, bpm_confidence=0.9, isrc="USABC2600001")
    )
    async with sessions() as session:
        by_isrc = await service.take_analysed_bpm(
            session, analysed(120.2, 0.4, isrc="USABC2600001")
        )
        failed = await service.take_analysed_bpm(
            session, analysed(60, 1.0, isrc="USABC2600001").model_copy(update={"status": "failed"})
        )
        unlinked = await service.take_analysed_bpm(session, analysed(60, 1.0))
        await session.commit()
    async with sessions() as session:
        # A later analysis by one other account does not outvote the first.
        by_apple_id = await service.take_analysed_bpm(
            session, analysed(90, 1.0, apple_music_id=stored["apple_music_id"])
        )
        await session.commit()
    assert (by_isrc, failed, unlinked, by_apple_id) == (1, 0, 0, 1)
    now = await track(client, user, stored["id"])
    assert (now["bpm"], now["bpm_confidence"], now["bpm_source"]) == (120.2, 0.4, "analysis")


async def test_the_completed_event_through_the_broker_sets_the_linked_tracks_bpm(
    sessions: async_sessionmaker[AsyncSession],
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    track_payload: Payload,
    register_tracks: Any,
) -> None:
    user = make_user()
    (stored,) = await register_tracks(user.headers, track_payload())
    async with sessions() as session:
        await events.publish(session, analysed(128, 0.8, apple_music_id=stored["apple_music_id"]))
        await session.commit()

    async def analysed_bpm() -> bool:
        return bool((await track(client, user, stored["id"]))["bpm_source"] == "analysis")

    await eventually(analysed_bpm, within_s=20, what="the analysed BPM on the track")
    assert (await track(client, user, stored["id"]))["bpm"] == 128
