import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from cadence_shared.testing import migrate, serve_app
from cadence_shared.testing.backends import Backends
from cadence_shared.testing.tokens import TestIssuer
from tracks_service.main import build_app
from tracks_service.settings import Settings


@pytest.fixture(scope="session")
def settings(
    database_url: str, token_issuer: TestIssuer, backends: Backends, amqp_names: str
) -> Settings:
    migrate("tracks", database_url)
    return Settings(
        database_url=database_url,
        jwks_url=token_issuer.jwks_url,
        amqp_url=backends.amqp_url,
        amqp_prefix=amqp_names,
        events_retry_delays_s=[0.2],
    )


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    app = build_app(settings)
    async with serve_app(app) as client:
        app.state.test_client = client
        yield app


@pytest.fixture(scope="session")
def client(app: FastAPI) -> httpx.AsyncClient:
    test_client: httpx.AsyncClient = app.state.test_client
    return test_client


@pytest.fixture(scope="session")
def sessions(app: FastAPI) -> async_sessionmaker[AsyncSession]:
    factory: async_sessionmaker[AsyncSession] = app.state.sessions
    return factory


@pytest.fixture(scope="session")
def engine(app: FastAPI) -> AsyncEngine:
    engine: AsyncEngine = app.state.engine
    return engine


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
