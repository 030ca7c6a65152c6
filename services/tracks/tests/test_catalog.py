"""Bulk register (one statement, the confidence rule, all or nothing), reads and search."""

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from cadence_shared.testing import TestUser

Payload = Callable[..., dict[str, Any]]


@pytest.fixture
def statements(engine: AsyncEngine) -> Iterator[list[str]]:
    """Every SQL statement the app's engine sends while the test runs."""
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine.sync_engine, "before_cursor_execute", record)


async def count_tracks(engine: AsyncEngine, apple_ids: list[str]) -> int:
    async with engine.connect() as conn:
        found = await conn.scalar(
            text("SELECT count(*) FROM tracks.track WHERE apple_music_id = ANY(:ids)"),
            {"ids": apple_ids},
        )
    return int(found or 0)


async def test_register_500_tracks_in_one_statement(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    track_payload: Payload,
    statements: list[str],
    engine: AsyncEngine,
) -> None:
    user = make_user()
    tracks = [track_payload(bpm=100 + i % 80, bpm_confidence=0.5) for i in range(500)]

    response = await client.post(
        "/api/v1/tracks/register", json={"tracks": tracks}, headers=user.headers
    )

    assert response.status_code == 200, response.text
    stored = response.json()["tracks"]
    assert [t["apple_music_id"] for t in stored] == [t["apple_music_id"] for t in tracks]
    assert len({t["id"] for t in stored}) == 500
    assert stored[3]["bpm"] == 103
    assert stored[3]["bpm_source"] == "client"
    inserts = [s for s in statements if "INSERT INTO tracks.track " in s]
    assert len(inserts) == 1
    assert await count_tracks(engine, [t["apple_music_id"] for t in tracks]) == 500


async def test_501_tracks_is_422_and_stores_nothing(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    track_payload: Payload,
    engine: AsyncEngine,
) -> None:
    tracks = [track_payload() for _ in range(501)]

    response = await client.post(
        "/api/v1/tracks/register", json={"tracks": tracks}, headers=make_user().headers
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert await count_tracks(engine, [t["apple_music_id"] for t in tracks]) == 0


@pytest.mark.parametrize(
    "bad",
    [
        {"bpm": -5},
        {"bpm_confidence": 1.5, "bpm": 120},
        {"bpm_confidence": 0.5},
        {"duration_ms": 0},
        {"title": ""},
        {"isrc": "not-an-isrc"},
        {"unknown": 1},
    ],
)
async def test_one_invalid_track_rejects_the_batch(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    track_payload: Payload,
    engine: AsyncEngine,
    bad: dict[str, Any],
) -> None:
    tracks = [track_payload(), track_payload(**bad), track_payload()]

    response = await client.post(
        "/api/v1/tracks/register", json={"tracks": tracks}, headers=make_user().headers
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"][:3] == ["body", "tracks", 1]
    assert await count_tracks(engine, [t["apple_music_id"] for t in tracks]) == 0


async def test_duplicate_ids_in_one_batch_are_422(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], track_payload: Payload
) -> None:
    track = track_payload()
    response = await client.post(
        "/api/v1/tracks/register", json={"tracks": [track, track]}, headers=make_user().headers
    )
    assert response.status_code == 422
    assert "appears twice" in response.text


async def test_a_bpm_fills_a_track_that_had_none(
    make_user: Callable[..., TestUser], track_payload: Payload, register_tracks: Any
) -> None:
    user = make_user()
    bare = track_payload()
    [stored] = await register_tracks(user.headers, bare)
    [filled] = await register_tracks(user.headers, {**bare, "bpm": 128.0})

    assert stored["bpm"] is None
    assert stored["bpm_source"] is None
    assert (filled["bpm"], filled["bpm_confidence"], filled["bpm_source"]) == (128, None, "client")


async def test_get_by_id_and_by_apple_id(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    track_payload: Payload,
    register_tracks: Any,
) -> None:
    user = make_user()
    [stored] = await register_tracks(user.headers, track_payload(bpm=150, bpm_confidence=0.7))

    by_id = await client.get(f"/api/v1/tracks/{stored['id']}", headers=user.headers)
    by_apple = await client.get(
        f"/api/v1/tracks/by-apple-id/{stored['apple_music_id']}", headers=user.headers
    )
    missing = await client.get(f"/api/v1/tracks/{uuid.uuid4()}", headers=user.headers)
    missing_apple = await client.get("/api/v1/tracks/by-apple-id/nope", headers=user.headers)

    assert by_id.status_code == 200
    assert by_id.json() == stored
    assert by_apple.status_code == 200
    assert by_apple.json() == stored
    assert missing.status_code == 404
    assert missing_apple.status_code == 404


async def test_search_by_text_and_bpm_range(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    track_payload: Payload,
    register_tracks: Any,
) -> None:
    user = make_user()
    artist = f"Searchable {uuid.uuid4().hex[:8]}"
    await register_tracks(
        user.headers,
        track_payload(artist=artist, title="Slow", bpm=90),
        track_payload(artist=artist, title="Fast", bpm=180),
        track_payload(artist=artist, title="Unknown"),
    )

    everything = await client.get(
        "/api/v1/tracks", params={"q": artist.lower()}, headers=user.headers
    )
    fast = await client.get(
        "/api/v1/tracks", params={"q": artist, "bpm_min": 100}, headers=user.headers
    )
    inverted = await client.get(
        "/api/v1/tracks", params={"bpm_min": 200, "bpm_max": 100}, headers=user.headers
    )

    assert everything.json()["total"] == 3
    assert [t["title"] for t in fast.json()["items"]] == ["Fast"]
    assert inverted.status_code == 422


async def test_tracks_need_a_valid_token(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/tracks")
    bad = await client.get("/api/v1/tracks", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert bad.status_code == 401
