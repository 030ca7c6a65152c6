"""The typed service context: everything a process opens at start-up, in one object.

A web app (``create_app``) and a worker process open the same context from the same resources.
A resource says what it provides and what it needs; ``plan_resources`` orders them, so an order
mistake cannot happen, and a need that nothing provides is an error naming both, raised when the
app is built rather than on the first request::

    context.database.sessions()   # the ORM sessions of the service's engine
    context.redis                 # Redis, for revocations, rate limits, idempotency keys
    context.tokens                # the bearer-token verifier (revocations always checked)
    context.events                # the running event bus (relay, consumer)
    context.get(STORAGE)          # a service's own resource, by its typed key

Route dependencies (``cadence_shared.deps``) read the context; nothing else lives on
``app.state``.
"""

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

import httpx
from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from cadence_shared.auth import JwksKeys, RecentRevocations, RedisRevocationList, TokenVerifier
from cadence_shared.db import Admission, create_engine, ping, session_factory
from cadence_shared.health import HealthCheck
from cadence_shared.settings import (
    CoreSettings,
    HttpSettings,
    RedisSettings,
    ServiceSettings,
    TokenSettings,
)

if TYPE_CHECKING:
    from cadence_shared.events.bus import RunningBus

T = TypeVar("T")


class StartupError(RuntimeError):
    """The process cannot start as configured (a resource's need is not provided)."""


class Key(Generic[T]):
    """The typed name of something a resource provides."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"Key({self.name!r})"


@dataclass(frozen=True)
class Resource:
    """Opens something for the process's lifetime: ``open(context)`` yields what it provides."""

    provides: Key[Any]
    open: Callable[["ServiceContext"], AbstractAsyncContextManager[Any]]
    needs: tuple[Key[Any], ...] = ()


@dataclass(frozen=True)
class Database:
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    # Reads need no transaction: in autocommit a GET costs one round trip, not BEGIN + SELECT +
    # ROLLBACK. Same pool, same connections.
    read_engine: AsyncEngine
    # Requests queue here, first come first served, before they take a pooled connection: the
    # pool's own queue lets newcomers overtake waiters, and under steady load some requests then
    # starve into the pool timeout (503s measured at concurrency 32 with a pool of 10).
    admission: asyncio.Semaphore


DATABASE: Key[Database] = Key("database")
REDIS: Key[Redis] = Key("redis")
HTTP: Key[httpx.AsyncClient] = Key("http")
TOKENS: Key[TokenVerifier] = Key("tokens")
EVENTS: Key["RunningBus"] = Key("events")


class ServiceContext:
    """One per process. Its values exist between start-up and shutdown."""

    def __init__(self, settings: CoreSettings, resources: Sequence[Resource] = ()) -> None:
        self.settings = settings
        # In the order they open (``plan_resources``): a worker opens the same ones as the app.
        self.resources = plan_resources(resources)
        self.health_checks: dict[str, HealthCheck] = {}
        self._values: dict[str, Any] = {}

    def get(self, key: Key[T]) -> T:
        if key.name not in self._values:
            raise StartupError(f"{key.name!r} is not open in {self.settings.service_name}")
        return cast(T, self._values[key.name])

    def has(self, key: Key[Any]) -> bool:
        return key.name in self._values

    def add_health_check(self, name: str, check: HealthCheck) -> None:
        """Readiness (``/health/ready``) runs every check; a failing one makes it 503."""
        self.health_checks[name] = check

    @property
    def database(self) -> Database:
        return self.get(DATABASE)

    @property
    def redis(self) -> Redis:
        return self.get(REDIS)

    @property
    def http(self) -> httpx.AsyncClient:
        return self.get(HTTP)

    @property
    def tokens(self) -> TokenVerifier:
        return self.get(TOKENS)

    @property
    def events(self) -> "RunningBus":
        return self.get(EVENTS)

    @asynccontextmanager
    async def opened(
        self, *, leave_out: Sequence[Key[Any]] = ()
    ) -> AsyncIterator["ServiceContext"]:
        """Opens the resources in their planned order and closes them in reverse; ``leave_out``
        names what the caller runs itself (a worker command runs the event bus its own way)."""
        skipped = {key.name for key in leave_out}
        async with AsyncExitStack() as stack:
            for resource in self.resources:
                if resource.provides.name in skipped:
                    continue
                self._values[resource.provides.name] = await stack.enter_async_context(
                    resource.open(self)
                )
            try:
                yield self
            finally:
                self._values.clear()


def plan_resources(resources: Sequence[Resource]) -> list[Resource]:
    """Orders resources so each opens after what it needs; a later resource providing the same
    key replaces an earlier one (a service overriding a standard resource)."""
    by_key = {resource.provides.name: resource for resource in resources}
    ordered: list[Resource] = []
    placed: set[str] = set()

    def place(resource: Resource, path: tuple[str, ...]) -> None:
        name = resource.provides.name
        if name in placed:
            return
        if name in path:
            raise StartupError(f"resources need each other in a cycle: {' -> '.join(path)}")
        for need in resource.needs:
            if need.name not in by_key:
                raise StartupError(f"resource {name!r} needs {need.name!r}, which nothing opens")
            place(by_key[need.name], (*path, name))
        placed.add(name)
        ordered.append(resource)

    for resource in by_key.values():
        place(resource, ())
    return ordered


def _settings(context: ServiceContext, group: type[T]) -> T:
    if not isinstance(context.settings, group):
        raise StartupError(f"{context.settings.service_name}'s settings lack {group.__name__}")
    return context.settings


@asynccontextmanager
async def _open_database(context: ServiceContext) -> AsyncIterator[Database]:
    settings = _settings(context, ServiceSettings)
    engine = create_engine(settings)
    database = Database(
        engine=engine,
        sessions=session_factory(engine),
        read_engine=engine.execution_options(isolation_level="AUTOCOMMIT"),
        admission=Admission(settings.db_pool_size + settings.db_max_overflow),
    )

    async def ping_postgres() -> None:
        await ping(engine)

    context.add_health_check("postgres", ping_postgres)
    try:
        yield database
    finally:
        await engine.dispose()


REDIS_TIMEOUT_S = 2
REDIS_HEALTH_CHECK_S = 5
REDIS_MAX_CONNECTIONS = 100  # per process (redis-py's default)


def redis_client(url: str) -> Redis:
    """The Redis client every service uses, built to recover in seconds after an outage.

    A call waits at most ``REDIS_TIMEOUT_S`` (a hung Redis is a 503 in 2 s, not a hung request).
    A pooled connection idle for ``REDIS_HEALTH_CHECK_S`` is pinged before use, and a call that
    meets a broken connection (Redis restarted since) is retried once on a fresh one: without
    both, stale connections failed 1-2 % of requests for minutes after Redis came back.
    Timeouts are not retried, so a hung Redis costs one timeout, not several.

    With all ``REDIS_MAX_CONNECTIONS`` in use a call waits for one (at most ``REDIS_TIMEOUT_S``)
    rather than failing at once: redis-py's default pool raised "Too many connections", a 503
    of the authorizer, under 200 concurrent clients (bench/load_bench.py).
    """
    pool = BlockingConnectionPool.from_url(
        url,
        max_connections=REDIS_MAX_CONNECTIONS,
        timeout=REDIS_TIMEOUT_S,
        socket_timeout=REDIS_TIMEOUT_S,
        socket_connect_timeout=REDIS_TIMEOUT_S,
        socket_keepalive=True,
        health_check_interval=REDIS_HEALTH_CHECK_S,
        retry=Retry(NoBackoff(), 1, supported_errors=(RedisConnectionError,)),
    )
    return Redis.from_pool(pool)


@asynccontextmanager
async def _open_redis(context: ServiceContext) -> AsyncIterator[Redis]:
    settings = _settings(context, RedisSettings)
    client = redis_client(settings.redis_url)

    async def ping_redis() -> None:
        await client.ping()

    context.add_health_check("redis", ping_redis)
    try:
        yield client
    finally:
        await client.aclose()


@asynccontextmanager
async def _open_http(context: ServiceContext) -> AsyncIterator[httpx.AsyncClient]:
    settings = _settings(context, HttpSettings)
    async with httpx.AsyncClient(timeout=settings.http_timeout_s) as client:
        yield client


@asynccontextmanager
async def _open_tokens(context: ServiceContext) -> AsyncIterator[TokenVerifier]:
    """Bearer tokens against the auth service's JWKS, revocations checked on every request:
    every service checks them itself, behind the gateway's own check, with answers reused for
    ``REVOCATION_CACHE_S`` (a revoked token is refused here at most that long after logout)."""
    settings = _settings(context, TokenSettings)
    keys = JwksKeys(settings.jwks_url, context.http, cache_s=settings.jwks_cache_s)
    yield TokenVerifier(
        keys,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        revocations=RecentRevocations(RedisRevocationList(context.redis)),
    )


DATABASE_RESOURCE = Resource(DATABASE, _open_database)
REDIS_RESOURCE = Resource(REDIS, _open_redis)
HTTP_RESOURCE = Resource(HTTP, _open_http)
TOKENS_RESOURCE = Resource(TOKENS, _open_tokens, needs=(REDIS, HTTP))
# What every service process opens; a service adds its own, or replaces one by its key.
STANDARD_RESOURCES = (DATABASE_RESOURCE, REDIS_RESOURCE, HTTP_RESOURCE, TOKENS_RESOURCE)
