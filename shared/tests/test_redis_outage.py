"""Each use of Redis when Redis is hung or gone, on a Redis this test starts itself:
revocation checks fail closed, rate limits fail closed, idempotency keys fail: all three a 503
problem with Retry-After, never a 500; and every request succeeds again within seconds of Redis
coming back, stale pooled connections included."""

import time
import uuid
from collections.abc import AsyncIterator
from typing import Annotated

import httpx
import pytest
from fastapi import APIRouter, FastAPI, Header
from redis.asyncio import Redis

from cadence_shared.app import context_of, create_app
from cadence_shared.auth import Principal, RedisRevocationList
from cadence_shared.context import REDIS_RESOURCE
from cadence_shared.idempotency import IdempotencyKeys, StoredResponse
from cadence_shared.ratelimit import Rate, RateLimiter
from cadence_shared.settings import ServiceSettings, service_config
from cadence_shared.testing import serve_app
from cadence_shared.testing.redis_server import RedisServer, redis_server
from cadence_shared.testing.waiting import eventually

USES = ["/revocation", "/rate-limit", "/idempotency"]


class OutageSettings(ServiceSettings):
    model_config = service_config("OUTAGE_")
    service_name: str = "outage"


def _principal() -> Principal:
    now = int(time.time())
    return Principal(uuid.uuid4(), frozenset(), True, uuid.uuid4().hex, None, now, now + 60)


def _app(redis_url: str) -> FastAPI:
    router = APIRouter()
    app = create_app(
        OutageSettings(redis_url=redis_url), routers=[router], standard=(REDIS_RESOURCE,)
    )

    def redis() -> Redis:
        return context_of(app).redis

    @router.get("/revocation")
    async def revocation() -> bool:
        return await RedisRevocationList(redis()).is_revoked(_principal())

    @router.get("/rate-limit")
    async def rate_limit() -> bool:
        await RateLimiter(redis()).enforce(Rate.parse("10000/minute"), uuid.uuid4().hex)
        return True

    @router.get("/idempotency")
    async def idempotency(key: Annotated[str, Header(alias="Idempotency-Key")] = "k") -> int:
        async def produce() -> StoredResponse:
            return StoredResponse(201, {"ok": True}, None)

        keys = IdempotencyKeys(redis(), uuid.uuid4(), key)
        response, _ = await keys.run(scope="t", request_fingerprint="f", produce=produce)
        return response.status

    app.include_router(router)
    return app


@pytest.fixture
async def server() -> AsyncIterator[RedisServer]:
    async with redis_server() as server:
        yield server


@pytest.fixture
async def client(server: RedisServer) -> AsyncIterator[httpx.AsyncClient]:
    async with serve_app(_app(server.url)) as client:
        yield client


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "service_unavailable"
    assert int(response.headers["retry-after"]) >= 1


async def all_succeed(client: httpx.AsyncClient, count: int = 1) -> bool:
    for _ in range(count):
        for use in USES:
            if (await client.get(use)).status_code != 200:
                return False
    return True


@pytest.mark.parametrize("use", USES)
async def test_a_hung_redis_is_a_503_in_bounded_time(
    client: httpx.AsyncClient, server: RedisServer, use: str
) -> None:
    assert (await client.get(use)).status_code == 200
    server.pause()
    try:
        started = time.monotonic()
        response = await client.get(use)
        waited_s = time.monotonic() - started
    finally:
        server.resume()

    assert_unavailable(response)
    assert waited_s < 5
    await eventually(lambda: all_succeed(client), within_s=5, what="recovered after SIGCONT")


async def test_a_stopped_redis_is_a_503_and_a_restart_recovers_within_seconds(
    client: httpx.AsyncClient, server: RedisServer
) -> None:
    assert await all_succeed(client, 5)  # pooled connections that the restart will break
    server.stop()
    refused = [await client.get(use) for use in USES]
    await server.start()

    for response in refused:
        assert_unavailable(response)
    # Within seconds every request succeeds again, and keeps succeeding: no stale connections.
    await eventually(lambda: all_succeed(client), within_s=5, what="recovered after restart")
    assert await all_succeed(client, 50)
