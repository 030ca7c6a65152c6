"""Pytest fixtures every Cadence member shares (loaded automatically through the pytest11 entry point).

- ``backends``: the Postgres, Redis and RabbitMQ servers of this run.
- ``database_url``: a fresh Postgres database for the session (asyncpg URL), dropped afterwards.
- ``redis_url``: a Redis database of its own, flushed before and after.
- ``amqp_names``: a unique prefix for exchanges and queues, so runs never share broker names.
- ``token_issuer``: an RSA key whose JWKS is served over HTTP, to mint access tokens.
- ``service_settings``: migrates a service and gives the settings pointing it at all of the above.
"""

import asyncio
import os
import random
import socket
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest
from alembic import command
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from redis import Redis

from cadence_shared.migrations import alembic_config
from cadence_shared.testing.backends import Backends, BackendUnavailable, resolve_backends
from cadence_shared.testing.broker import delete_broker_names
from cadence_shared.testing.tokens import TestIssuer

T = TypeVar("T")


def _with_database(url: str, database: str, *, driver: str | None = None) -> str:
    parts = urlsplit(url)
    scheme = f"postgresql+{driver}" if driver else "postgresql"
    return urlunsplit((scheme, parts.netloc, f"/{database}", parts.query, ""))


async def _admin(url: str, statement: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def in_thread(function: Callable[[], T]) -> T:
    """Runs ``function`` in a thread and returns its result.

    Alembic's env and the admin steps call ``asyncio.run`` themselves; a thread keeps them off the
    test session's own event loop.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function).result()


def migrate(service: str, database_url: str) -> None:
    """Applies every migration of ``service`` to ``database_url`` (alembic upgrade head)."""
    variable = f"{service.upper()}_DATABASE_URL"
    previous = os.environ.get(variable)
    os.environ[variable] = database_url
    try:
        in_thread(lambda: command.upgrade(alembic_config(service), "head"))
    finally:
        if previous is None:
            os.environ.pop(variable, None)
        else:
            os.environ[variable] = previous


@pytest.fixture(scope="session")
def backends() -> Iterator[Backends]:
    try:
        with resolve_backends() as found:
            yield found
    except BackendUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)


@contextmanager
def scratch_database(admin_url: str) -> Iterator[str]:
    """A fresh, empty database on the server of ``admin_url`` (dropped afterwards), as an asyncpg
    SQLAlchemy URL with the admin's credentials."""
    name = f"cadence_test_{uuid.uuid4().hex[:12]}"
    in_thread(lambda: asyncio.run(_admin(admin_url, f'CREATE DATABASE "{name}"')))
    try:
        yield _with_database(admin_url, name, driver="asyncpg")
    finally:
        in_thread(
            lambda: asyncio.run(_admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        )


@pytest.fixture(scope="session")
def database_url(backends: Backends) -> Iterator[str]:
    """A fresh database for this test session, as an asyncpg SQLAlchemy URL."""
    with scratch_database(backends.postgres_url) as url:
        yield url


# Redis database 0 is the local stack's and 14 the e2e stack's; test sessions claim one of the
# others with a key in database 0, so test runs side by side never flush each other's data.
_TEST_REDIS_DBS = (*range(1, 14), 15)
_CLAIM_TTL_S = 3600


# Deletes a claim only if it still holds the value we read (compare-and-delete).
_RELEASE_IF = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end"


def _registry(base_url: str) -> Redis:
    parts = urlsplit(base_url)
    return Redis.from_url(urlunsplit((parts.scheme, parts.netloc, "/0", "", "")))


def _holder_is_gone(claim: bytes) -> bool:
    """A claim names its host and process: one left by a killed run on this host is free again."""
    host, pid, _ = claim.decode().split(":", 2) if claim.count(b":") >= 2 else ("", "", "")
    if host != socket.gethostname():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except (PermissionError, ValueError):
        return False
    return False


def _claim_redis_db(base_url: str) -> tuple[int, str]:
    token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex}"
    registry = _registry(base_url)
    try:
        for db in random.sample(_TEST_REDIS_DBS, len(_TEST_REDIS_DBS)):
            key = f"cadence:test:redis-db:{db}"
            held = registry.get(key)
            if isinstance(held, bytes) and _holder_is_gone(held):
                registry.eval(_RELEASE_IF, 1, key, held)
            if registry.set(key, token, nx=True, ex=_CLAIM_TTL_S):
                return db, token
    finally:
        registry.close()
    raise BackendUnavailable("every test Redis database is claimed by another running test run")


def _release_redis_db(base_url: str, db: int, token: str) -> None:
    registry = _registry(base_url)
    registry.eval(_RELEASE_IF, 1, f"cadence:test:redis-db:{db}", token)
    registry.close()


@pytest.fixture(scope="session")
def redis_url(backends: Backends) -> Iterator[str]:
    """A Redis database of this session's own (claimed, see above), flushed around it."""
    db, token = _claim_redis_db(backends.redis_url)
    parts = urlsplit(backends.redis_url)
    url = urlunsplit((parts.scheme, parts.netloc, f"/{db}", "", ""))
    client = Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()
    client.close()
    _release_redis_db(backends.redis_url, db, token)


@pytest.fixture(scope="session")
def amqp_names(backends: Backends) -> Iterator[str]:
    """A prefix for every exchange and queue this session declares; they are deleted after it."""
    prefix = f"test-{uuid.uuid4().hex[:10]}"
    yield prefix
    asyncio.run(delete_broker_names(backends.amqp_url, prefix))


@pytest.fixture(scope="session")
def token_issuer() -> Iterator[TestIssuer]:
    issuer = TestIssuer()
    issuer.serve_jwks()
    yield issuer
    issuer.close()


@dataclass(frozen=True)
class TestUser:
    """A user as the tests see one: an id, a valid token, and the headers that carry it."""

    __test__ = False

    id: uuid.UUID
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture
def make_user(token_issuer: TestIssuer) -> Callable[..., TestUser]:
    """Builds a new user with a fresh token; keyword arguments override token claims."""

    def make(**claims: object) -> TestUser:
        user_id = uuid.uuid4()
        return TestUser(user_id, token_issuer.mint(user_id, **claims))

    return make


@asynccontextmanager
async def serve_app(
    app: FastAPI, *, peer: tuple[str, int] = ("127.0.0.1", 123)
) -> AsyncIterator[httpx.AsyncClient]:
    """Runs the app's lifespan and gives an HTTP client bound to it in-process, calling from
    ``peer`` (the TCP address the app sees: a direct caller on loopback by default).

    Start-up and shutdown get 30 s, not asgi-lifespan's 5: closing the bus's channels is a broker
    round trip each, and a broker busy with other test runs can take longer than 5 s to answer.
    """
    async with LifespanManager(app, startup_timeout=30, shutdown_timeout=30) as manager:
        transport = httpx.ASGITransport(app=manager.app, client=peer)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


@pytest.fixture(scope="session")
def service_settings(
    database_url: str,
    redis_url: str,
    token_issuer: TestIssuer,
    backends: Backends,
    amqp_names: str,
) -> Callable[[str], dict[str, Any]]:
    """Migrates a service into this session's database and gives the settings that point it at
    this session's backends: ``Settings(**service_settings("runs"), some_field=...)``."""

    def for_service(service: str) -> dict[str, Any]:
        migrate(service, database_url)
        return {
            "database_url": database_url,
            "redis_url": redis_url,
            "jwks_url": token_issuer.jwks_url,
            "amqp_url": backends.amqp_url,
            "amqp_prefix": amqp_names,  # this run's own exchange and queues
            "events_retry_delays_s": [0.2],
        }

    return for_service
