import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from cadence_shared.testing import serve_app
from runs_service.main import build_app
from runs_service.settings import Settings

RUN_START = datetime(2026, 5, 4, 7, 0, tzinfo=UTC)  # a Monday


@pytest.fixture(scope="session")
def settings(service_settings: Callable[[str], dict[str, Any]]) -> Settings:
    return Settings(**service_settings("runs"))


@pytest.fixture(scope="session")
def app(settings: Settings) -> FastAPI:
    return build_app(settings)


@pytest.fixture(scope="session")
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with serve_app(app) as client:
        yield client


@pytest.fixture(scope="session")
def sessions(app: FastAPI, client: httpx.AsyncClient) -> async_sessionmaker[AsyncSession]:
    factory: async_sessionmaker[AsyncSession] = app.state.sessions
    return factory


@pytest.fixture(scope="session")
def engine(app: FastAPI, client: httpx.AsyncClient) -> AsyncEngine:
    running: AsyncEngine = app.state.engine
    return running


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
