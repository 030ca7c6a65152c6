"""TokenVerifier against a JWKS served over real HTTP."""

import asyncio
import math
import time
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from prometheus_client import generate_latest

from cadence_shared.auth import InvalidToken, JwksKeys, TokenVerifier
from cadence_shared.testing.metrics import sample
from cadence_shared.testing.tokens import TestIssuer


@pytest.fixture
async def issuer() -> AsyncIterator[TestIssuer]:
    issuer = TestIssuer()
    issuer.serve_jwks()
    yield issuer
    issuer.close()


def verifier_for(issuer: TestIssuer, http: httpx.AsyncClient, **options: float) -> TokenVerifier:
    keys = JwksKeys(issuer.jwks_url, http, **options)
    return TokenVerifier(keys, issuer=issuer.issuer, audience=issuer.audience)


async def test_verifies_and_remembers_a_token(issuer: TestIssuer) -> None:
    user_id = uuid.uuid4()
    token = issuer.mint(user_id, roles=["user", "admin"], sid="family-1")
    async with httpx.AsyncClient() as http:
        verifier = verifier_for(issuer, http)
        principal = await verifier.verify(token)
        assert principal.user_id == user_id
        assert principal.roles == {"user", "admin"}
        assert principal.session_id == "family-1"
        assert principal.has_role("admin") and not principal.has_role("guest")
        assert await verifier.verify(token) is principal  # from the cache, no new check
    assert issuer.jwks_requests == 1


async def test_cache_hits_misses_and_key_fetches_are_counted(issuer: TestIssuer) -> None:
    def counts() -> list[float]:
        scraped = generate_latest().decode()
        cache = "cadence_token_cache_lookups_total"
        return [
            sample(scraped, cache, outcome="hit"),
            sample(scraped, cache, outcome="miss"),
            sample(scraped, "cadence_jwks_fetches_total", outcome="ok"),
        ]

    before = counts()
    async with httpx.AsyncClient() as http:
        verifier = verifier_for(issuer, http)
        token = issuer.mint()
        for _ in range(3):
            await verifier.verify(token)
        await verifier.verify(issuer.mint())
    after = counts()
    assert [a - b for a, b in zip(after, before, strict=True)] == [2, 2, 1]


async def test_rotated_key_is_fetched_on_unknown_kid_and_old_tokens_still_verify(
    issuer: TestIssuer,
) -> None:
    async with httpx.AsyncClient() as http:
        verifier = verifier_for(issuer, http, min_refetch_s=0)
        old_token = issuer.mint()
        await verifier.verify(old_token)
        issuer.rotate()
        new_token = issuer.mint()
        await verifier.verify(new_token)
        assert issuer.jwks_requests == 2
        await verifier.verify(old_token)


async def test_unknown_kids_do_not_flood_the_auth_service(issuer: TestIssuer) -> None:
    async with httpx.AsyncClient() as http:
        verifier = verifier_for(issuer, http, min_refetch_s=60)
        await verifier.verify(issuer.mint())
        issuer.rotate()
        for _ in range(5):
            with pytest.raises(InvalidToken):
                await verifier.verify(issuer.mint())
        assert issuer.jwks_requests == 1


async def test_cached_token_expires_with_its_exp(issuer: TestIssuer) -> None:
    async with httpx.AsyncClient() as http:
        verifier = verifier_for(issuer, http)
        await verifier.verify(issuer.mint())  # the keys fetched first: the next verify is quick
        # exp is whole seconds: the next whole second plus one leaves the token at least 1 s.
        token = issuer.mint(exp=math.ceil(time.time()) + 1)
        await verifier.verify(token)
        deadline = time.monotonic() + 5
        while True:
            try:
                await verifier.verify(token)
            except InvalidToken:
                break
            assert time.monotonic() < deadline, "an expired token was still accepted"
            await asyncio.sleep(0.05)


async def test_keys_are_kept_while_the_auth_service_is_down(issuer: TestIssuer) -> None:
    async with httpx.AsyncClient() as http:
        verifier = verifier_for(issuer, http, cache_s=0.01)
        token = issuer.mint()
        await verifier.verify(token)
        issuer.close()
        other = issuer.mint()
        assert (await verifier.verify(other)).user_id
