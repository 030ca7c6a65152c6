"""The app factory: a service's main.py names its settings, routers and extra resources."""

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager

import httpx
from fastapi import APIRouter, FastAPI
from redis.asyncio import Redis

from cadence_shared.auth import JwksKeys, RedisRevocationList, TokenVerifier
from cadence_shared.db import create_engine, ping, session_factory
from cadence_shared.errors import install_problem_handlers
from cadence_shared.health import HealthCheck
from cadence_shared.health import router as health_router
from cadence_shared.logging import configure_logging
from cadence_shared.middleware import RequestContextMiddleware
from cadence_shared.settings import ServiceSettings

# A resource opens something for the app's lifetime (a consumer, a relay) and closes it after.
Resource = Callable[[FastAPI], AbstractAsyncContextManager[None]]


@asynccontextmanager
async def database(app: FastAPI) -> AsyncIterator[None]:
    settings: ServiceSettings = app.state.settings
    engine = create_engine(settings)
    app.state.engine = engine
    app.state.sessions = session_factory(engine)
    # Requests queue here, first come first served, before they take a pooled connection: the
    # pool's own queue lets newcomers overtake waiters, and under steady load some requests then
    # starve into the pool timeout (503s measured at concurrency 32 with a pool of 10).
    app.state.db_admission = asyncio.Semaphore(settings.db_pool_size + settings.db_max_overflow)
    # Reads need no transaction: in autocommit a GET costs one round trip, not BEGIN + SELECT +
    # ROLLBACK. Same pool, same connections.
    app.state.read_engine = engine.execution_options(isolation_level="AUTOCOMMIT")
    add_health_check(app, "postgres", lambda: _ping_postgres(app))
    try:
        yield
    finally:
        await engine.dispose()


async def _ping_postgres(app: FastAPI) -> None:
    await ping(app.state.engine)


@asynccontextmanager
async def redis(app: FastAPI) -> AsyncIterator[None]:
    settings: ServiceSettings = app.state.settings
    client = Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2)
    app.state.redis = client

    async def ping_redis() -> None:
        await client.ping()

    add_health_check(app, "redis", ping_redis)
    try:
        yield
    finally:
        await client.aclose()


@asynccontextmanager
async def token_verification(app: FastAPI) -> AsyncIterator[None]:
    """Verifies bearer tokens; with the ``redis`` resource opened before it, revocations too."""
    settings: ServiceSettings = app.state.settings
    redis_client: Redis | None = getattr(app.state, "redis", None)
    async with httpx.AsyncClient() as http:
        keys = JwksKeys(settings.jwks_url, http, cache_s=settings.jwks_cache_s)
        app.state.token_verifier = TokenVerifier(
            keys,
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            revocations=RedisRevocationList(redis_client) if redis_client is not None else None,
        )
        yield


def add_health_check(app: FastAPI, name: str, check: HealthCheck) -> None:
    app.state.health_checks[name] = check


def create_app(
    settings: ServiceSettings,
    *,
    routers: Sequence[APIRouter],
    resources: Sequence[Resource] = (database, token_verification),
    title: str | None = None,
    version: str = "0.1.0",
) -> FastAPI:
    """A service app: logging, request ids, problem+json errors, health, and its resources.

    Resources open in order at start-up and close in reverse at shutdown; each may register a
    readiness check with ``add_health_check``.
    """
    configure_logging(settings.service_name, level=settings.log_level, json=settings.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            for resource in resources:
                await stack.enter_async_context(resource(app))
            yield

    app = FastAPI(
        title=title or f"Cadence {settings.service_name}",
        version=version,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.health_checks = {}
    app.add_middleware(RequestContextMiddleware)
    install_problem_handlers(app)
    app.include_router(health_router)
    for router in routers:
        app.include_router(router)
    return app
