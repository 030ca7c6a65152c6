import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cadence_shared.testing.service import service_fixtures
from tracks_service.main import build_app
from tracks_service.settings import Settings

settings, app, client, sessions, engine = service_fixtures("tracks", Settings, build_app)


@pytest.fixture
async def empty_catalog(engine: AsyncEngine) -> None:
    """Tempo matching searches the whole catalog: tests that assert on it start from nothing."""
    async with engine.begin() as conn:
        await conn.execute(text("TRUNCATE tracks.track CASCADE"))


@pytest.fixture
def track_payload() -> Callable[..., dict[str, Any]]:
    """A valid track for /register, unique per call; keyword arguments override fields."""

    def make(**fields: Any) -> dict[str, Any]:
        unique = uuid.uuid4().hex[:12]
        track: dict[str, Any] = {
            "apple_music_id": f"am-{unique}",
            "title": f"Song {unique}",
            "artist": "The Testers",
            "album": "Fixtures",
            "duration_ms": 200_000,
        }
        track.update(fields)
        return track

    return make


RegisterTracks = Callable[..., Awaitable[list[dict[str, Any]]]]


@pytest.fixture
def register_tracks(client: httpx.AsyncClient) -> RegisterTracks:
    """Registers tracks through the API as the user of ``headers``; returns the stored tracks."""

    async def register(headers: dict[str, str], *tracks: dict[str, Any]) -> list[dict[str, Any]]:
        response = await client.post(
            "/api/v1/tracks/register", json={"tracks": list(tracks)}, headers=headers
        )
        assert response.status_code == 200, response.text
        stored: list[dict[str, Any]] = response.json()["tracks"]
        return stored

    return register
