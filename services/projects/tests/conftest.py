from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cadence_shared.storage import Storage, storage_from_settings
from cadence_shared.testing import TestUser
from cadence_shared.testing.service import service_fixtures
from cadence_shared.worker import RunningWorker
from projects_service.main import build_app
from projects_service.settings import Settings
from projects_service.worker import build_worker

_, app, client, sessions, engine = service_fixtures("projects", Settings, build_app)


@pytest.fixture(scope="session")
def settings(
    service_settings: Callable[[str], dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    """The session's backends, a storage directory of its own, and jobs that fail loudly: a
    job stuck for 20 s fails (and its process is replaced) instead of hanging a test."""
    return Settings(
        **service_settings("projects"),
        storage_local_dir=Path(tmp_path_factory.mktemp("storage")),
        worker_concurrency=2,
        worker_health_host="127.0.0.1",
        worker_health_port=0,
        worker_grace_s=5.0,
        jobs_time_limit_s=20.0,
        jobs_lease_s=6.0,
        jobs_sweep_interval_s=0.2,
        jobs_retry_delays_s=[0.2],
        jobs_progress_interval_s=0.05,
    )


@pytest.fixture(scope="session")
async def worker(settings: Settings, client: httpx.AsyncClient) -> AsyncIterator[RunningWorker]:
    """The projects worker, in the test process, for the whole session."""
    async with build_worker(settings).running() as running:
        yield running
        await running.stop(grace_s=5)


@pytest.fixture(scope="session")
async def storage(settings: Settings) -> AsyncIterator[Storage]:
    store = storage_from_settings(settings)
    yield store
    await store.close()


PROJECTS = "/api/v1/projects"
CreateProject = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture
def create_project(client: httpx.AsyncClient) -> CreateProject:
    """Creates a project for ``user`` (201 asserted); keyword arguments are body fields."""

    async def create(user: TestUser, **fields: Any) -> dict[str, Any]:
        body: dict[str, Any] = {"name": "Coasters", **fields}
        response = await client.post(PROJECTS, json=body, headers=user.headers)
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()
        return created

    return create


@pytest.fixture
def count_rows(engine: AsyncEngine) -> Callable[..., Awaitable[int]]:
    """Counts rows with plain SQL (``:user`` and other parameters by keyword)."""

    async def count(sql: str, **parameters: Any) -> int:
        async with engine.connect() as connection:
            return int(await connection.scalar(text(sql), parameters) or 0)

    return count
