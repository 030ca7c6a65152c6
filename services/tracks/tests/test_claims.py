"""The catalog no single account can capture: claims, the rule that derives a track, tempo ranges.

Each of these failed on the catalog before claims: a registration with another user's track's
Apple Music id overwrote it for everyone, a BPM at confidence 1.0 could never be corrected and
``bpm: 5e-324`` was stored.
"""

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from cadence_shared.events import AudioAnalysisCompleted
from cadence_shared.testing import TestUser
from tracks_service.catalog import service

Payload = Callable[..., dict[str, Any]]

pytestmark = pytest.mark.usefixtures("empty_catalog")


async def seen(client: httpx.AsyncClient, user: TestUser, track_id: str) -> dict[str, Any]:
    response = await client.get(f"/api/v1/tracks/{track_id}", headers=user.headers)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


async def matched(
    client: httpx.AsyncClient, user: TestUser, cadence: float, **params: Any
) -> dict[str, float]:
    """Title → BPM of the tracks the user's match finds at ``cadence`` (tolerance 2)."""
    response = await client.get(
        "/api/v1/tracks/match",
        params={"cadence": cadence, "tolerance": 2, **params},
        headers=user.headers,
    )
    assert response.status_code == 200, response.text
    return {item["track"]["title"]: item["track"]["bpm"] for item in response.json()["items"]}


def analysis(
    user_id: uuid.UUID, apple_music_id: str, bpm: float, *, duration_s: float = 200.0
) -> AudioAnalysisCompleted:
    return AudioAnalysisCompleted(
        upload_id=uuid.uuid4(),
        user_id=user_id,
        bpm=bpm,
        bpm_confidence=0.3,
        duration_s=duration_s,
        apple_music_id=apple_music_id,
        completed_at=datetime.now(UTC),
    )


async def test_another_user_cannot_rewrite_a_track_nor_change_what_its_first_user_matches(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    track_payload: Payload,
    register_tracks: Any,
) -> None:
    owner, attacker, bystander = make_user(), make_user(), make_user()
    song = track_payload(title="Real title", bpm=120, bpm_confidence=0.3)
    [stored] = await register_tracks(owner.headers, song)
    playlist = (
        await client.post("/api/v1/playlists", json={"name": "Runs"}, headers=owner.headers)
    ).json()
    await client.post(
        f"/api/v1/playlists/{playlist['id']}/tracks",
        json={"track_id": stored["id"]},
        headers=owner.headers,
    )

    [answered] = await register_tracks(
        attacker.headers,
        {**song, "title": "Hacked", "artist": "Nobody", "bpm": 170, "bpm_confidence": 1.0},
    )

    assert answered["id"] == stored["id"]
    assert (answered["title"], answered["bpm"]) == ("Real title", 170)  # their own tempo only
    for user in (owner, bystander):
        track = await seen(client, user, stored["id"])
        assert (track["title"], track["artist"]) == ("Real title", "The Testers")
        assert (track["bpm"], track["bpm_confidence"], track["bpm_source"]) == (120, 0.3, "client")
    assert await matched(client, owner, 120) == {"Real title": 120}
    assert await matched(client, owner, 170) == {}
    assert await matched(client, owner, 120, playlist_id=playlist["id"]) == {"Real title": 120}
    assert await matched(client, bystander, 170) == {}
    assert await matched(client, attacker, 170) == {"Real title": 170}


async def test_what_most_distinct_users_agree_on_wins_and_a_tie_keeps_the_first_claim(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    track_payload: Payload,
    register_tracks: Any,
) -> None:
    first, second, third, newcomer = make_user(), make_user(), make_user(), make_user()
    song = track_payload(title="Frist title", bpm=126)
    [stored] = await register_tracks(first.headers, song)
    corrected = {**song, "title": "First title", "bpm": 128.2}
    await register_tracks(second.headers, corrected)
    tie = await seen(client, newcomer, stored["id"])

    await register_tracks(third.headers, {**corrected, "bpm": 127.9})  # rounds to 128: agrees
    agreed = await seen(client, newcomer, stored["id"])

    assert (tie["title"], tie["bpm"]) == ("Frist title", 126)
    assert (agreed["title"], agreed["bpm"]) == ("First title", 128.2)  # the band's first claim
    assert (await seen(client, first, stored["id"]))["bpm"] == 126  # its own claim
    assert (await seen(client, first, stored["id"]))["title"] == "First title"


async def test_a_user_corrects_their_own_claim_whatever_confidence_they_gave(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    track_payload: Payload,
    register_tracks: Any,
) -> None:
    user, other = make_user(), make_user()
    song = track_payload(bpm=170, bpm_confidence=1.0, isrc="USRC17607839")
    [stored] = await register_tracks(user.headers, song)

    [lower] = await register_tracks(
        user.headers, {**song, "bpm": 85.0, "bpm_confidence": 0.4, "isrc": None, "title": "New"}
    )
    [no_bpm] = await register_tracks(user.headers, {**song, "bpm": None, "bpm_confidence": None})

    assert lower["id"] == stored["id"]
    assert (lower["bpm"], lower["bpm_confidence"], lower["title"]) == (85, 0.4, "New")
    assert lower["isrc"] == "USRC17607839"  # a missing ISRC keeps the one the user gave
    assert (no_bpm["bpm"], no_bpm["bpm_confidence"]) == (85, 0.4)  # a sync without tempo
    assert (await seen(client, other, stored["id"]))["bpm"] == 85


async def test_an_analysis_beats_client_claims_and_one_account_cannot_override_an_analysis(
    client: httpx.AsyncClient,
    sessions: async_sessionmaker[AsyncSession],
    make_user: Callable[..., TestUser],
    track_payload: Payload,
    register_tracks: Any,
) -> None:
    owner, uploader, second_uploader = make_user(), make_user(), make_user()
    song = track_payload(bpm=93, bpm_confidence=1.0, duration_ms=200_000)
    [stored] = await register_tracks(owner.headers, song)
    apple_id = song["apple_music_id"]

    async with sessions() as session:
        counts = [
            await service.take_analysed_bpm(session, analysis(uploader.id, apple_id, 120)),
            await service.take_analysed_bpm(session, analysis(second_uploader.id, apple_id, 150)),
            # A 30 s loop linked to a 200 s song, and a tempo no music has: no claim.
            await service.take_analysed_bpm(
                session, analysis(owner.id, apple_id, 60, duration_s=30)
            ),
            await service.take_analysed_bpm(session, analysis(owner.id, apple_id, 500)),
        ]
        await session.commit()

    assert counts == [1, 1, 0, 0]
    owners = await seen(client, owner, stored["id"])
    assert (owners["bpm"], owners["bpm_source"]) == (120, "analysis")  # the first analysis
    assert (await seen(client, second_uploader, stored["id"]))["bpm"] == 150  # its own
    assert await matched(client, owner, 120) == {stored["title"]: 120}


@pytest.mark.parametrize("bpm", [5e-324, 19.9, 400.1, -120])
async def test_a_tempo_outside_20_to_400_bpm_is_422_and_stores_nothing(
    client: httpx.AsyncClient,
    engine: AsyncEngine,
    make_user: Callable[..., TestUser],
    track_payload: Payload,
    bpm: float,
) -> None:
    response = await client.post(
        "/api/v1/tracks/register",
        json={"tracks": [track_payload(bpm=bpm)]},
        headers=make_user().headers,
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    async with engine.connect() as conn:
        assert await conn.scalar(text("SELECT count(*) FROM tracks.track")) == 0


async def test_an_erased_users_claims_are_withdrawn_and_the_track_settles_on_the_rest(
    client: httpx.AsyncClient,
    sessions: async_sessionmaker[AsyncSession],
    make_user: Callable[..., TestUser],
    track_payload: Payload,
    register_tracks: Any,
) -> None:
    first, agreeing, also_agreeing, reader = make_user(), make_user(), make_user(), make_user()
    song = track_payload(title="Alpha", bpm=100)
    [stored] = await register_tracks(first.headers, song)
    for user in (agreeing, also_agreeing):
        await register_tracks(user.headers, {**song, "title": "Beta", "bpm": 110})
    before = await seen(client, reader, stored["id"])

    async with sessions() as session:
        await service.erase_user(session, agreeing.id)
        await session.commit()
    after = await seen(client, reader, stored["id"])

    assert (before["title"], before["bpm"]) == ("Beta", 110)
    assert (after["title"], after["bpm"]) == ("Alpha", 100)  # 1 against 1: the first claim


async def test_concurrent_claims_on_one_track_are_all_counted(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    track_payload: Payload,
    register_tracks: Any,
) -> None:
    song = track_payload(bpm=140)
    [stored] = await register_tracks(make_user().headers, song)
    users = [make_user() for _ in range(6)]

    await asyncio.gather(
        *(register_tracks(user.headers, {**song, "bpm": 128}) for user in users[:4]),
        *(register_tracks(user.headers, {**song, "bpm": 140}) for user in users[4:]),
    )

    # 4 say 128, 3 say 140: settled under the track's lock, no claim is missed.
    assert (await seen(client, make_user(), stored["id"]))["bpm"] == 128
