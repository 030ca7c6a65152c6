"""Writes the revocations that every verifier (gateway, services, this service) reads from Redis.

The keys are cadence_shared.auth's. Each lives only as long as a token it could refuse: an access
token lives at most ``access_token_ttl_s``, so a revoked session or user needs no longer.
"""

import time
import uuid
from collections.abc import Iterable

from redis.asyncio import Redis

from cadence_shared.auth import (
    Principal,
    revoked_before_key,
    revoked_session_key,
    revoked_token_key,
)


class Revocations:
    def __init__(self, redis: Redis, *, access_token_ttl_s: int) -> None:
        self._redis = redis
        self._ttl_s = access_token_ttl_s

    async def revoke_token(self, principal: Principal) -> None:
        remaining_s = principal.expires_at - int(time.time())
        if remaining_s > 0:
            await self._redis.set(revoked_token_key(principal.token_id), 1, ex=remaining_s + 1)

    async def revoke_sessions(self, session_ids: Iterable[uuid.UUID]) -> None:
        async with self._redis.pipeline(transaction=False) as pipe:
            for session_id in session_ids:
                pipe.set(revoked_session_key(str(session_id)), 1, ex=self._ttl_s + 1)
            await pipe.execute()

    async def revoke_user(self, user_id: uuid.UUID) -> None:
        """Every token of the user issued up to now (the account is gone)."""
        await self._redis.set(revoked_before_key(user_id), int(time.time()), ex=self._ttl_s + 1)
