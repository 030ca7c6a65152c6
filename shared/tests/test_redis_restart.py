"""A Redis restart on a Redis this test starts itself, persisting with AOF: a logged-out token
stays refused, a rate-limit window keeps its count, an idempotency key still replays, even
when Redis was SIGKILLed. Without persistence the same restart forgets all three, which shows
the restart is real."""

import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated

import httpx
import pytest
from fastapi import APIRouter, FastAPI, Header
from redis.asyncio import Redis

from cadence_shared.app import context_of, create_app
from cadence_shared.auth import REVOCATION_CACHE_S, CurrentPrincipal, revoked_token_key
from cadence_shared.context import HTTP_RESOURCE, REDIS_RESOURCE, TOKENS_RESOURCE
from cadence_shared.idempotency import IdempotencyKeys, StoredResponse
from cadence_shared.ratelimit import Rate, RateLimiter
from cadence_shared.settings import ServiceSettings, service_config
from cadence_shared.testing import serve_app
from cadence_shared.testing.redis_server import RedisServer, redis_server
from cadence_shared.testing.tokens import TestIssuer
from cadence_shared.testing.waiting import eventually

LIMIT = Rate.parse("2/hour")


class RestartSettings(ServiceSettings):
    model_config = service_config("RESTART_")
    service_name: str = "restart"


def _app(redis_url: str, jwks_url: str) -> FastAPI:
    router = APIRouter()
    settings = RestartSettings(redis_url=redis_url, jwks_url=jwks_url)
    app = create_app(
        settings, routers=[router], standard=(REDIS_RESOURCE, HTTP_RESOURCE, TOKENS_RESOURCE)
    )

    def redis() -> Redis:
        return context_of(app).redis

    @router.get("/me")
    async def me(principal: CurrentPrincipal) -> str:
        return str(principal.user_id)

    @router.post("/limited")
    async def limited() -> bool:
        await RateLimiter(redis()).enforce(LIMIT, "one-client")
        return True

    @router.post("/once")
    async def once(key: Annotated[str, Header(alias="Idempotency-Key")]) -> str:
        async def produce() -> StoredResponse:
            return StoredResponse(201, {"made": uuid.uuid4().hex}, None)

        keys = IdempotencyKeys(redis(), uuid.UUID(int=1), key)
        response, _ = await keys.run(scope="t", request_fingerprint="f", produce=produce)
        return str(response.body)

    return app


@pytest.fixture
async def issuer() -> AsyncIterator[TestIssuer]:
    issuer = TestIssuer()
    issuer.serve_jwks()
    yield issuer
    issuer.close()


async def _written(client: httpx.AsyncClient, server: RedisServer, token: str, jti: str) -> str:
    """Logs ``token`` out (as the auth service does), spends the rate window, stores a key."""
    headers = {"Authorization": f"Bearer {token}"}
    assert (await client.get("/me", headers=headers)).status_code == 200
    async with Redis.from_url(server.url) as redis:
        await redis.set(revoked_token_key(jti), 1, ex=600)

    async def refused() -> bool:
        return (await client.get("/me", headers=headers)).status_code == 401

    # Within the bound a service may still reuse the answer it had before the logout.
    await eventually(refused, within_s=REVOCATION_CACHE_S + 1.0, what="the revoked token refused")
    assert [(await client.post("/limited")).status_code for _ in range(3)] == [200, 200, 429]
    first = await client.post("/once", headers={"Idempotency-Key": "k-1"})
    assert first.status_code == 200, first.text
    return first.text


async def _remembered(client: httpx.AsyncClient, token: str, first: str) -> list[bool]:
    me = await client.get("/me", headers={"Authorization": f"Bearer {token}"})
    limited = await client.post("/limited")
    again = await client.post("/once", headers={"Idempotency-Key": "k-1"})
    return [me.status_code == 401, limited.status_code == 429, again.text == first]


@pytest.mark.parametrize("persistent", [True, False], ids=["aof", "no-persistence"])
async def test_revocations_rate_windows_and_idempotency_keys_survive_a_redis_crash(
    issuer: TestIssuer, tmp_path: Path, persistent: bool
) -> None:
    async with (
        redis_server(tmp_path if persistent else None) as server,
        serve_app(_app(server.url, issuer.jwks_url)) as client,
    ):
        jti = uuid.uuid4().hex
        token = issuer.mint(jti=jti)
        first = await _written(client, server, token, jti)
        written_at = time.monotonic()

        server.kill()
        await server.start()
        # Ask only once the revocation answer taken before the crash has expired (it is reused
        # for REVOCATION_CACHE_S): what /me says then comes from the restarted Redis.
        await eventually(
            lambda: time.monotonic() - written_at > REVOCATION_CACHE_S,
            within_s=REVOCATION_CACHE_S + 1.0,
            what="the cached revocation answer expired",
        )

        remembered = await _remembered(client, token, first)
    assert remembered == ([True] * 3 if persistent else [False] * 3)
