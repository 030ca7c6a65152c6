from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cadence_shared.testing import TestUser
from cadence_shared.testing.service import service_fixtures
from projects_service.main import build_app
from projects_service.settings import Settings

settings, app, client, sessions, engine = service_fixtures("projects", Settings, build_app)

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
