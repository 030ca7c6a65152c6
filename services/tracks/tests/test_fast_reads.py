"""The reads answered straight from the rows (cadence_shared.fastread): the catalog's are byte
for byte what TrackPublic writes for the same rows, a page of playlists what PlaylistPublic
writes; hostile text is refused before it is stored."""

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from cadence_shared.pagination import Page
from cadence_shared.testing import TestUser, assert_same_json
from cadence_shared.testing.fastlane import assert_fast_lane_answers_alike
from cadence_shared.testing.tokens import TestIssuer
from tracks_service.catalog.schemas import TrackPublic
from tracks_service.models import Playlist, PlaylistTrack, Track
from tracks_service.playlists.schemas import PlaylistPublic

Payload = Callable[..., dict[str, Any]]
RegisterTracks = Callable[..., Awaitable[list[dict[str, Any]]]]
# Text that JSON writers could disagree on: quotes, backslashes, control characters, non-ASCII.
AWKWARD_TEXT = 'Quote " slash \\ / tab\t \x01 é 東京 🏃 \u2028'


async def _public(sessions: async_sessionmaker[AsyncSession], *ids: str) -> list[TrackPublic]:
    async with sessions() as session:
        tracks = await session.scalars(select(Track).where(col(Track.id).in_(map(uuid.UUID, ids))))
        by_id = {str(track.id): TrackPublic.model_validate(track) for track in tracks}
    return [by_id[track_id] for track_id in ids]


async def test_one_track_is_the_bytes_track_public_writes_for_the_row(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    track_payload: Payload,
    register_tracks: RegisterTracks,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    user = make_user()
    payload = track_payload(album=AWKWARD_TEXT, bpm=128.3, bpm_confidence=0.1, isrc="USRC17607839")
    [track] = await register_tracks(user.headers, payload)
    response = await client.get(f"/api/v1/tracks/{track['id']}", headers=user.headers)
    [expected] = await _public(sessions, track["id"])
    assert_same_json(response, expected)


async def test_a_search_page_is_the_bytes_page_of_track_public_writes_for_the_rows(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    track_payload: Payload,
    register_tracks: RegisterTracks,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    user = make_user()
    artist = f"Fast {uuid.uuid4().hex[:8]}"
    stored = await register_tracks(
        user.headers,
        track_payload(artist=artist, title="b", bpm=90),
        track_payload(artist=artist, title="a", album=None),
        track_payload(artist=artist, title="c", album=AWKWARD_TEXT, bpm=101.5),
    )
    response = await client.get(
        "/api/v1/tracks", params={"q": artist, "limit": 2, "offset": 1}, headers=user.headers
    )
    by_title = sorted(stored, key=lambda track: track["title"])
    items = await _public(sessions, *(track["id"] for track in by_title[1:]))
    assert_same_json(response, Page[TrackPublic](items=items, total=3, limit=2, offset=1))


async def _playlists(sessions: async_sessionmaker[AsyncSession], *ids: str) -> list[PlaylistPublic]:
    shown = []
    async with sessions() as session:
        for playlist_id in ids:
            playlist = await session.get_one(Playlist, uuid.UUID(playlist_id))
            count = await session.scalar(
                select(func.count()).where(col(PlaylistTrack.playlist_id) == playlist.id)
            )
            shown.append(
                PlaylistPublic(
                    id=playlist.id,
                    name=playlist.name,
                    track_count=int(count or 0),
                    created_at=playlist.created_at,
                    updated_at=playlist.updated_at,
                )
            )
    return shown


async def test_a_page_of_playlists_is_the_bytes_page_of_playlist_public_writes_for_the_rows(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    track_payload: Payload,
    register_tracks: RegisterTracks,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    user = make_user()
    tracks = await register_tracks(user.headers, track_payload(), track_payload())
    ids = []
    for name in (AWKWARD_TEXT, "empty"):
        created = await client.post("/api/v1/playlists", json={"name": name}, headers=user.headers)
        assert created.status_code == 201, created.text
        ids.append(created.json()["id"])
    for track in tracks:
        added = await client.post(
            f"/api/v1/playlists/{ids[0]}/tracks",
            json={"track_id": track["id"]},
            headers=user.headers,
        )
        assert added.status_code == 201, added.text
    listed = await client.get("/api/v1/playlists", headers=user.headers)
    expected = await _playlists(sessions, *ids)
    assert [item.track_count for item in expected] == [2, 0]
    assert_same_json(listed, Page[PlaylistPublic](items=expected, total=2, limit=20, offset=0))
    second = await client.get("/api/v1/playlists", params={"offset": 1}, headers=user.headers)
    assert_same_json(second, Page[PlaylistPublic](items=expected[1:], total=2, limit=20, offset=1))
    past_the_end = await client.get("/api/v1/playlists", params={"offset": 5}, headers=user.headers)
    assert_same_json(past_the_end, Page[PlaylistPublic](items=[], total=2, limit=20, offset=5))


async def test_a_nul_character_is_a_422_problem_and_nothing_is_stored(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], track_payload: Payload
) -> None:
    # Postgres text cannot hold NUL: refused while parsing, never a 500 from the database.
    user = make_user()
    artist = f"Nul {uuid.uuid4().hex[:8]}"
    bodies = [
        ("/api/v1/tracks/register", {"tracks": [track_payload(artist=artist, title="a\x00")]}),
        ("/api/v1/playlists", {"name": "mix\x00"}),
    ]
    for path, body in bodies:
        response = await client.post(path, json=body, headers=user.headers)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
    for path, params in (("/api/v1/tracks", {"q": "\x00"}), ("/api/v1/tracks", {"q": artist})):
        found = await client.get(path, params=params, headers=user.headers)
        assert found.status_code == (422 if "\x00" in params["q"] else 200)
    assert found.json()["total"] == 0
    assert (await client.get("/api/v1/playlists", headers=user.headers)).json()["total"] == 0
    by_id = await client.get("/api/v1/tracks/by-apple-id/am%00x", headers=user.headers)
    assert by_id.status_code == 422


async def test_the_fast_lane_answers_every_track_read_as_the_framework_does(
    client: httpx.AsyncClient,
    app: FastAPI,
    make_user: Callable[..., TestUser],
    track_payload: Payload,
    register_tracks: RegisterTracks,
    token_issuer: TestIssuer,
) -> None:
    owner = make_user()
    [track] = await register_tracks(owner.headers, track_payload())
    created = await client.post("/api/v1/playlists", json={"name": "Mix"}, headers=owner.headers)
    assert created.status_code == 201, created.text
    paths = {
        "/api/v1/playlists": "/api/v1/playlists",
        "/api/v1/tracks": "/api/v1/tracks",
        "/api/v1/tracks/{track_id}": f"/api/v1/tracks/{track['id']}",
    }
    statuses = await assert_fast_lane_answers_alike(
        client, app, paths, owner=owner, issuer=token_issuer
    )
    assert statuses["/api/v1/tracks/{track_id} as given, owner token"] == 200
    assert statuses["/api/v1/tracks as given, malformed token"] == 401
