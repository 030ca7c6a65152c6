"""Sliding-window rate limits against the real Redis."""

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from cadence_shared.problems import Problem
from cadence_shared.ratelimit import Rate, RateLimiter


@pytest.fixture
async def limiter(redis_url: str) -> AsyncIterator[RateLimiter]:
    client = Redis.from_url(redis_url)
    yield RateLimiter(client, prefix=f"test:{uuid.uuid4().hex}")
    await client.aclose()


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("10/minute", Rate(10, 60)),
        ("5/hour", Rate(5, 3600)),
        ("30 / minutes", Rate(30, 60)),
        ("5/15minutes", Rate(5, 900)),
        ("1/second", Rate(1, 1)),
    ],
)
def test_parse(text: str, rate: Rate) -> None:
    assert Rate.parse(text) == rate


@pytest.mark.parametrize("text", ["", "ten/minute", "0/minute", "5/fortnight", "5"])
def test_parse_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="rate"):
        Rate.parse(text)


async def test_limit_then_refusal_with_retry_after(limiter: RateLimiter) -> None:
    rate = Rate(3, 60)
    decisions = [await limiter.hit("k", rate) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert [d.hits for d in decisions] == [1, 2, 3, 3]
    assert 59 <= decisions[-1].retry_after_s <= 60
    assert (await limiter.hit("other-key", rate)).allowed


async def test_the_window_slides(limiter: RateLimiter) -> None:
    rate = Rate(2, 1)
    assert (await limiter.hit("k", rate)).allowed
    assert (await limiter.hit("k", rate)).allowed
    refused = await limiter.hit("k", rate)
    assert not refused.allowed and refused.retry_after_s == 1
    # Retry-After is rounded up, so once it has passed the oldest hit has left the window.
    await asyncio.sleep(refused.retry_after_s + 0.05)
    assert (await limiter.hit("k", rate)).allowed


async def test_concurrent_hits_never_exceed_the_limit(limiter: RateLimiter) -> None:
    rate = Rate(10, 60)
    decisions = await asyncio.gather(*(limiter.hit("burst", rate) for _ in range(50)))
    assert sum(d.allowed for d in decisions) == 10


async def test_enforce_raises_429_with_retry_after(limiter: RateLimiter) -> None:
    rate = Rate(1, 30)
    await limiter.enforce(rate, "ip:1", "account:a")
    with pytest.raises(Problem) as refused:
        await limiter.enforce(rate, "ip:2", "account:a")  # a new address, the same account
    assert refused.value.status == 429
    assert (
        refused.value.headers is not None and 1 <= int(refused.value.headers["Retry-After"]) <= 30
    )
