from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from cadence_shared.testing import serve_app
from tasks_service.main import build_app
from tasks_service.settings import Settings


@pytest.fixture(scope="session")
def settings(service_settings: Callable[[str], dict[str, Any]]) -> Settings:
    return Settings(**service_settings("tasks"))


@pytest.fixture(scope="session")
def app(settings: Settings) -> FastAPI:
    return build_app(settings)


@pytest.fixture(scope="session")
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with serve_app(app) as client:
        yield client
