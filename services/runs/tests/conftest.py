import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from cadence_shared.testing import migrate, serve_app
from cadence_shared.testing.backends import Backends
from cadence_shared.testing.tokens import TestIssuer
from runs_service.main import build_app
from runs_service.settings import Settings

RUN_START = datetime(2026, 5, 4, 7, 0, tzinfo=UTC)  # a Monday


@pytest.fixture(scope="session")
def settings(
    database_url: str,
    redis_url: str,
    token_issuer: TestIssuer,
    backends: Backends,
    amqp_names: str,
) -> Settings:
    migrate("runs", database_url)
    return Settings(
        database_url=database_url,
        redis_url=redis_url,
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
def run_payload() -> Callable[..., dict[str, Any]]:
    """A valid 30-minute run with two segments; keyword arguments override fields."""

    def make(start: datetime = RUN_START, **fields: Any) -> dict[str, Any]:
        def at(minutes: float) -> str:
            return (start + timedelta(minutes=minutes)).isoformat()

        run: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "started_at": at(0),
            "ended_at": at(30),
            "distance_m": 5000.0,
            "avg_hr": 150.0,
            "max_hr": 172.0,
            "avg_cadence": 170.0,
            "calories": 350.0,
            "segments": [
                {
                    "apple_music_id": "am-1",
                    "started_at": at(0),
                    "ended_at": at(4),
                    "avg_hr": 140.0,
                    "avg_cadence": 168.0,
                },
                {
                    "track_id": str(uuid.uuid4()),
                    "started_at": at(4),
                    "ended_at": at(8),
                    "avg_cadence": 172.0,
                },
            ],
        }
        run.update(fields)
        return run

    return make
