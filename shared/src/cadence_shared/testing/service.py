"""The fixtures every service's tests start from, defined once and bound per service.

In a service's ``tests/conftest.py``::

    settings, app, client, sessions, engine = service_fixtures("runs", Settings, build_app)

Each call makes fresh fixture functions, so two services' fixtures never share a session cache
even when their tests run in one pytest session.
"""

from collections.abc import AsyncIterator, Callable
from typing import Any, Generic, NamedTuple, TypeVar

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from cadence_shared.app import context_of
from cadence_shared.settings import CoreSettings
from cadence_shared.testing.plugin import serve_app

S = TypeVar("S", bound=CoreSettings)


class ServiceFixtures(NamedTuple, Generic[S]):
    settings: Callable[..., S]
    app: Callable[..., FastAPI]
    client: Callable[..., AsyncIterator[httpx.AsyncClient]]
    sessions: Callable[..., async_sessionmaker[AsyncSession]]
    engine: Callable[..., AsyncEngine]


def service_fixtures(
    service: str,
    settings_class: type[S],
    build_app: Callable[[S], FastAPI],
) -> ServiceFixtures[S]:
    """``settings`` (migrated, pointed at this session's backends), ``app``, ``client`` (the app
    running in-process), ``sessions`` and ``engine`` (the running app's), all session-scoped."""

    @pytest.fixture(scope="session")
    def settings(service_settings: Callable[[str], dict[str, Any]]) -> S:
        return settings_class(**service_settings(service))

    @pytest.fixture(scope="session")
    def app(settings: S) -> FastAPI:
        return build_app(settings)

    @pytest.fixture(scope="session")
    async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
        async with serve_app(app) as running:
            yield running

    @pytest.fixture(scope="session")
    def sessions(app: FastAPI, client: httpx.AsyncClient) -> async_sessionmaker[AsyncSession]:
        return context_of(app).database.sessions

    @pytest.fixture(scope="session")
    def engine(app: FastAPI, client: httpx.AsyncClient) -> AsyncEngine:
        return context_of(app).database.engine

    return ServiceFixtures(settings, app, client, sessions, engine)
