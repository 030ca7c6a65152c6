"""The per-client rate limits of the gateway under Traefik, counted by the authorizer in Redis.

nginx counts its own (``limit_req``) and answers its 429 as problem+json. Traefik's rateLimit
middleware answers plain text, and its errors middleware cannot tell that 429 from a service's
own 429 (with its body and Retry-After). So under Traefik every route's forwardAuth asks the
authorizer, which counts the route's limit per client address and answers the gateway's 429
problem+json itself (``cadence_gateway.traefik``).

The limit is a token bucket like nginx's and Traefik's: ``burst`` requests at once, then
``per_second`` sustained. It is kept as one key per route and client (GCRA: the time the bucket is
full again), updated by one Lua script on Redis's own clock, so every authorizer replica (and
every Traefik replica in front of them) counts against the same bucket.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from ipaddress import ip_address, ip_network

from redis.asyncio import Redis

from cadence_gateway import policy
from cadence_gateway.routes import RateLimit, RouteTable

# KEYS[1]: the bucket. ARGV: microseconds per request, burst. The key holds when the bucket is
# full again (microseconds, Redis's clock). Returns 0 when allowed, else microseconds to wait.
# Numbers go to Redis as formatted integers: Lua's own tostring keeps 14 digits only.
_GCRA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local full_at = tonumber(redis.call('GET', KEYS[1]) or now)
if full_at < now then full_at = now end
local next_full_at = full_at + interval
local wait = next_full_at - now - interval * tonumber(ARGV[2])
if wait > 0 then return wait end
local ttl_ms = math.ceil((next_full_at - now) / 1000)
redis.call('SET', KEYS[1], string.format('%.0f', next_full_at), 'PX', ttl_ms)
return 0
"""

KEY_PREFIX = "cadence:gateway:rate"
# The live streams' limit, under this name (no route has it: route names start with their prefix).
LIVE = "live"


@dataclass(frozen=True, slots=True)
class Refusal:
    retry_after_s: int


class RateLimits:
    """The limits of ``table``'s routes (and the live streams') by name, counted in Redis."""

    def __init__(self, redis: Redis, table: RouteTable, exempt: Sequence[str] = ()) -> None:
        self._redis = redis
        self._script = redis.register_script(_GCRA)
        self._exempt = [ip_network(network) for network in exempt]
        self.limits = route_limits(table)

    async def take(self, name: str, client: str) -> Refusal | None:
        """One request of ``client`` on the route ``name``: None if allowed, else a refusal."""
        if self._is_exempt(client):
            return None
        limit = self.limits[name]
        interval_us = 1_000_000 / limit.per_second
        wait_us = await self._script(
            keys=[f"{KEY_PREFIX}:{name}:{client}"], args=[f"{interval_us:.0f}", limit.burst]
        )
        if int(wait_us) <= 0:
            return None
        return Refusal(max(1, math.ceil(int(wait_us) / 1_000_000)))

    def _is_exempt(self, client: str) -> bool:
        if not self._exempt:
            return False
        try:
            address = ip_address(client)
        except ValueError:
            return False
        return any(address in network for network in self._exempt)


def route_limits(table: RouteTable) -> dict[str, RateLimit]:
    limits = {route.name: route.rate_limit for route in table.routes}
    if LIVE in limits:
        raise ValueError(f"a route may not be named {LIVE!r}: the live streams' limit is")
    limits[LIVE] = RateLimit(per_second=policy.LIVE_RATE_PER_S, burst=policy.LIVE_BURST)
    return limits
