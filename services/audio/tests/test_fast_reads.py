"""The reads answered straight from the rows (cadence_shared.fastread): one sample, a page of
samples and a search, analysed, failed and under analysis. Each is byte for byte what
AudioItemPublic writes for the same rows read through the ORM; the fast lane answers them as
the framework does.

The rows are written here (no upload, no worker): an analysed item with every field set, one
whose analysis failed, and one whose job is running, its wake-up far off so no sweeper or worker
of the session touches it."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from audio_service import service
from audio_service.models import AudioItem, ItemStatus, jobs
from audio_service.schemas import AudioItemPublic
from cadence_shared.pagination import Page
from cadence_shared.testing import TestUser, assert_same_json
from cadence_shared.testing.fastlane import assert_fast_lane_answers_alike
from cadence_shared.testing.tokens import TestIssuer

AUDIO = "/api/v1/audio"
START = datetime(2026, 5, 4, 7, 0, 0, 123457, tzinfo=UTC)
# Text that JSON writers could disagree on: quotes, backslashes, control characters, non-ASCII.
AWKWARD = 'Kick "909" \\ \t é 東京 🥁'
ANALYSIS: dict[str, Any] = {
    "format": "wav",
    "codec": "pcm_s16le",
    "duration_s": 8.000022675736961,
    "sample_rate": 44100,
    "channels": 2,
    "bit_depth": 16,
    "bpm": 128.0,
    "bpm_confidence": 0.8333333333333334,
    "beats_s": [0.0, 0.46875, 0.9375, 1e-7],
    "key": "A minor",
    "tonic": "A",
    "mode": "minor",
    "key_confidence": 0.61,
    "loudness_lufs": -14.000000000000002,
    "sample_peak_dbfs": -0.1,
    "true_peak_dbfs": 0.3,
    "spectral_centroid_hz": 1234.5,
    "spectral_rolloff_hz": 5000.0,
    "onsets_per_s": 4.25,
    "kind": "loop",
    "bars": 4,
}


def _item(user: TestUser, number: int, **fields: Any) -> AudioItem:
    created = START + timedelta(minutes=number)
    return AudioItem(
        user_id=user.id,
        title=f"{AWKWARD} {number}",
        tags=["drums", AWKWARD.lower()],
        storage_key=f"test/{uuid.uuid4()}",
        sha256=uuid.uuid4().hex * 2,
        size=123_456_789_012,
        content_type="audio/wav",
        filename=f"{AWKWARD}.wav",
        created_at=created,
        updated_at=created,
        **fields,
    )


async def _stored(sessions: async_sessionmaker[AsyncSession], user: TestUser) -> list[str]:
    """Three items of ``user``, oldest first: analysed, failed, and under analysis."""
    items = [
        _item(
            user, 0, status=ItemStatus.succeeded, analysed_at=START, isrc="USRC17607839", **ANALYSIS
        ),
        _item(user, 1, status=ItemStatus.failed, error=AWKWARD, error_code="undecodable"),
        _item(user, 2, apple_music_id=AWKWARD),
    ]
    far = START + timedelta(days=3650)
    async with sessions() as session:
        session.add_all(items)
        await session.flush()
        for item, status in ((items[1], "failed"), (items[2], "processing")):
            await session.execute(
                insert(jobs.table).values(
                    id=uuid.uuid4(),
                    kind="analysis",
                    resource="audio.item",
                    resource_id=item.id,
                    user_id=user.id,
                    status=status,
                    input={},
                    percent=40,
                    stage=AWKWARD,
                    run_after=START,
                    wake_at=far,
                    lease_expires_at=far,
                    created_at=START,
                    updated_at=START,
                )
            )
        await session.commit()
        return [str(item.id) for item in items]


async def _public(sessions: async_sessionmaker[AsyncSession], *ids: str) -> list[AudioItemPublic]:
    async with sessions() as session:
        found = await session.scalars(
            select(AudioItem).where(col(AudioItem.id).in_(map(uuid.UUID, ids)))
        )
        shown = {str(item.id): item for item in await service.public_items(session, list(found))}
    return [shown[item_id] for item_id in ids]


async def test_samples_are_the_bytes_audio_item_public_writes_for_the_rows(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    user = make_user()
    ids = await _stored(sessions, user)
    expected = await _public(sessions, *ids)
    assert expected[2].progress is not None and expected[1].progress is None
    for item_id, public in zip(ids, expected, strict=True):
        assert_same_json(await client.get(f"{AUDIO}/{item_id}", headers=user.headers), public)
    newest = Page[AudioItemPublic](items=expected[::-1], total=3, limit=20, offset=0)
    assert_same_json(await client.get(AUDIO, headers=user.headers), newest)
    by_title = await client.get(AUDIO, params={"sort": "title", "limit": 2}, headers=user.headers)
    assert_same_json(
        by_title, Page[AudioItemPublic](items=expected[:2], total=3, limit=2, offset=0)
    )
    params = {"tags": "drums", "key": "a", "mode": "minor", "bpm_min": "100", "kind": "loop"}
    found = await client.get(f"{AUDIO}/search", params=params, headers=user.headers)
    assert_same_json(found, Page[AudioItemPublic](items=expected[:1], total=1, limit=20, offset=0))
    past_the_end = await client.get(f"{AUDIO}/search", params={"offset": 9}, headers=user.headers)
    assert_same_json(past_the_end, Page[AudioItemPublic](items=[], total=3, limit=20, offset=9))


async def test_another_users_sample_is_a_404_problem(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    owner, other = make_user(), make_user()
    ids = await _stored(sessions, owner)
    refused = await client.get(f"{AUDIO}/{ids[0]}", headers=other.headers)
    assert (refused.status_code, refused.json()["code"]) == (404, "audio_item_not_found")
    assert (await client.get(AUDIO, headers=other.headers)).json()["total"] == 0


async def test_the_fast_lane_answers_every_sample_read_as_the_framework_does(
    client: httpx.AsyncClient,
    app: FastAPI,
    make_user: Callable[..., TestUser],
    sessions: async_sessionmaker[AsyncSession],
    token_issuer: TestIssuer,
) -> None:
    owner = make_user()
    ids = await _stored(sessions, owner)
    paths = {
        AUDIO: AUDIO,
        f"{AUDIO}/search": f"{AUDIO}/search",
        f"{AUDIO}/{{item_id}}": f"{AUDIO}/{ids[2]}",
    }
    statuses = await assert_fast_lane_answers_alike(
        client, app, paths, owner=owner, issuer=token_issuer
    )
    assert statuses[f"{AUDIO}/{{item_id}} as given, owner token"] == 200
    assert statuses[f"{AUDIO}/{{item_id}} as given, stranger token"] == 404
    assert statuses[f"{AUDIO}/search bad limit, owner token"] == 422
