"""Writes the revocations that every verifier (gateway, services, this service) reads from Redis.

The keys are cadence_shared.auth's. Each lives only as long as a token it could refuse: an access
token lives at most ``access_token_ttl_s``, so a revoked session or user needs no longer.

Every route that revokes ends with ``commit_and_revoke``: the database change commits first, then
the revocations are written, so a failed commit never leaves a revocation without its cause (and
a Redis failure after the commit is a 503 the client retries: revoking again is harmless).
"""

import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from cadence_shared.auth import (
    Principal,
    revoked_before_key,
    revoked_session_key,
    revoked_token_key,
)


@dataclass(frozen=True, slots=True)
class Revoked:
    """What an operation revoked in the database, to be written to Redis once it commits."""

    sessions: Iterable[uuid.UUID] = field(default_factory=tuple)
    token: Principal | None = None  # this access token, until it expires
    user_id: uuid.UUID | None = None  # every token of this user issued up to now


class Revocations:
    def __init__(self, redis: Redis, *, access_token_ttl_s: int) -> None:
        self._redis = redis
        self._ttl_s = access_token_ttl_s

    async def revoke_token(self, principal: Principal) -> None:
        remaining_s = principal.expires_at - int(time.time())
        if remaining_s > 0:
            await self._redis.set(revoked_token_key(principal.token_id), 1, ex=remaining_s + 1)

    async def revoke_sessions(self, session_ids: Iterable[uuid.UUID]) -> None:
        session_ids = list(session_ids)
        if not session_ids:
            return
        async with self._redis.pipeline(transaction=False) as pipe:
            for session_id in session_ids:
                pipe.set(revoked_session_key(str(session_id)), 1, ex=self._ttl_s + 1)
            await pipe.execute()

    async def revoke_user(self, user_id: uuid.UUID) -> None:
        """Every token of the user issued up to now (the account is gone)."""
        await self._redis.set(revoked_before_key(user_id), int(time.time()), ex=self._ttl_s + 1)

    async def commit_and_revoke(self, session: AsyncSession, revoked: Revoked) -> None:
        """Commits ``session``, then writes ``revoked``: the one place routes revoke."""
        await session.commit()
        if revoked.token is not None:
            await self.revoke_token(revoked.token)
        await self.revoke_sessions(revoked.sessions)
        if revoked.user_id is not None:
            await self.revoke_user(revoked.user_id)
