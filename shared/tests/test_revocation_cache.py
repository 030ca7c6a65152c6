"""RecentRevocations: a token revoked after it was used is refused within the written bound
(``REVOCATION_CACHE_S``), against a real Redis and the keys auth writes at logout."""

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from redis.asyncio import Redis

from cadence_shared.auth import (
    REVOCATION_CACHE_S,
    InvalidToken,
    JwksKeys,
    RecentRevocations,
    RedisRevocationList,
    TokenVerifier,
    revoked_session_key,
    revoked_token_key,
)
from cadence_shared.testing.tokens import TestIssuer
from cadence_shared.testing.waiting import eventually


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()


def _verifier(
    issuer: TestIssuer, http: httpx.AsyncClient, revocations: RecentRevocations
) -> TokenVerifier:
    keys = JwksKeys(issuer.jwks_url, http)
    return TokenVerifier(
        keys, issuer=issuer.issuer, audience=issuer.audience, revocations=revocations
    )


async def _refused(verifier: TokenVerifier, token: str) -> bool:
    try:
        await verifier.verify(token)
    except InvalidToken:
        return True
    return False


async def test_an_answer_is_kept_no_longer_than_the_bound(
    token_issuer: TestIssuer, redis: Redis
) -> None:
    clock = Clock()
    cached = RecentRevocations(RedisRevocationList(redis), clock=clock)
    token = token_issuer.mint(uuid.uuid4(), sid=f"family-{uuid.uuid4()}")
    async with httpx.AsyncClient() as http:
        verifier = _verifier(token_issuer, http, cached)
        principal = await verifier.verify(token)
        assert principal.session_id is not None
        await redis.set(revoked_session_key(principal.session_id), 1, ex=60)  # logout
        clock.now += REVOCATION_CACHE_S - 0.001
        assert not await _refused(verifier, token)  # the answer taken before the logout
        clock.now += 0.001
        assert await _refused(verifier, token)
        clock.now += 3600
        assert await _refused(verifier, token)


async def test_a_token_revoked_after_its_last_use_is_refused_within_the_bound(
    token_issuer: TestIssuer, redis: Redis
) -> None:
    token = token_issuer.mint(uuid.uuid4())
    async with httpx.AsyncClient() as http:
        verifier = _verifier(token_issuer, http, RecentRevocations(RedisRevocationList(redis)))
        principal = await verifier.verify(token)
        await redis.set(revoked_token_key(principal.token_id), 1, ex=60)  # logout
        await eventually(
            lambda: _refused(verifier, token),
            within_s=REVOCATION_CACHE_S + 1.0,  # the bound, and a second for a loaded machine
            what="the revoked token refused",
        )
