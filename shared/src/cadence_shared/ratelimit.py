"""Sliding-window rate limits kept in Redis, so every replica counts against the same window.

Each limited key is a sorted set of hit times; one Lua script drops hits older than the window,
counts the rest and records the new hit only if it is allowed. The script reads Redis's own
clock, so replicas with drifting clocks still agree.
"""

import re
import uuid
from dataclasses import dataclass

from redis.asyncio import Redis

from cadence_shared.problems import Problem

_UNITS_S = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_RATE_PATTERN = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*(second|minute|hour|day)s?\s*$")

# KEYS[1]: the window's sorted set. ARGV: window in microseconds, limit, a unique member.
# Returns {allowed (0/1), hits in the window, microseconds until the oldest hit leaves it}.
_SLIDING_WINDOW = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000000 + tonumber(now_parts[2])
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local hits = redis.call('ZCARD', KEYS[1])
if hits < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000))
  return {1, hits + 1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, hits, tonumber(oldest[2]) + window - now}
"""


@dataclass(frozen=True, slots=True)
class Rate:
    """``limit`` hits per ``window_s`` seconds; written as ``"10/minute"`` or ``"5/15minutes"``."""

    limit: int
    window_s: int

    @classmethod
    def parse(cls, text: str) -> "Rate":
        match = _RATE_PATTERN.match(text)
        if match is None:
            raise ValueError(f"not a rate: {text!r} (expected e.g. '10/minute' or '5/hour')")
        count, multiple, unit = match.groups()
        window_s = int(multiple or 1) * _UNITS_S[unit]
        if int(count) < 1 or window_s < 1:
            raise ValueError(f"a rate needs a positive count and window: {text!r}")
        return cls(limit=int(count), window_s=window_s)


@dataclass(frozen=True, slots=True)
class RateDecision:
    allowed: bool
    hits: int
    retry_after_s: int  # whole seconds until one more hit is allowed; 0 when allowed


class RateLimiter:
    """Counts hits per key in a sliding window; ``enforce`` turns a refusal into a 429."""

    def __init__(self, redis: Redis, *, prefix: str = "cadence:ratelimit") -> None:
        self._redis = redis
        self._prefix = prefix
        self._script = redis.register_script(_SLIDING_WINDOW)

    async def hit(self, key: str, rate: Rate) -> RateDecision:
        allowed, hits, wait_us = await self._script(
            keys=[f"{self._prefix}:{key}"],
            args=[rate.window_s * 1_000_000, rate.limit, uuid.uuid4().hex],
        )
        retry_after_s = 0 if allowed else max(1, -(-int(wait_us) // 1_000_000))
        return RateDecision(bool(allowed), int(hits), retry_after_s)

    async def enforce(self, rate: Rate, *keys: str) -> None:
        """Counts one hit on every key; if any is over its limit, raises 429 with Retry-After."""
        decisions = [await self.hit(key, rate) for key in keys]
        refused = [decision for decision in decisions if not decision.allowed]
        if refused:
            retry_after = max(decision.retry_after_s for decision in refused)
            raise Problem(
                429,
                f"Too many requests: at most {rate.limit} per {rate.window_s} s. "
                f"Try again in {retry_after} s.",
                headers={"Retry-After": str(retry_after)},
                retry_after=retry_after,
            )
