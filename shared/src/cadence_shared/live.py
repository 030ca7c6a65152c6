"""Live job updates: what workers publish and what the gateway streams to a job's owner.

Workers publish through Redis pub/sub, on one channel per user: any number of gateway replicas
subscribe to the channels of the clients they serve, and no replica keeps state of its own. Pub/sub
delivers only to whoever listens at that moment, so every update is also written to a snapshot hash
per user (one field per job, kept for ``SNAPSHOT_TTL_S``): a client that connects is sent the
snapshot after it has subscribed, and nothing published between its request and its subscription
is missed. Streams would give replay too, at the price of one trimmed stream per user and a cursor
per connection; the snapshot gives what a client needs (each job's latest state) in one HGETALL.

Updates carry the job's ``version`` (it grows with every change of the job row), so a reader that
sees both a pushed update and an older snapshot entry keeps the newer one.
"""

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field
from redis.asyncio import Redis

JobStatus = Literal["queued", "processing", "succeeded", "failed", "cancelled"]
TERMINAL_STATUSES: frozenset[str] = frozenset({"succeeded", "failed", "cancelled"})
SNAPSHOT_TTL_S = 24 * 3600


class JobUpdate(BaseModel):
    """One job's state as its owner sees it: ``{resource, id, status, percent, stage, error?}``."""

    resource: str = Field(description="The kind of resource the job works on, e.g. `audio.sample`")
    id: UUID = Field(description="The resource's id")
    status: JobStatus
    percent: int = Field(ge=0, le=100)
    stage: str | None = None
    error: str | None = Field(default=None, description="Why the job failed, for a user to read")
    version: int = Field(ge=0, description="Grows with every change; the newer update wins")
    at: datetime

    @property
    def snapshot_field(self) -> str:
        return f"{self.resource}:{self.id}"

    @property
    def terminal(self) -> bool:
        return self.status in TERMINAL_STATUSES


def channel_of(user_id: UUID) -> str:
    return f"cadence:live:{user_id}"


def snapshot_key_of(user_id: UUID) -> str:
    return f"cadence:live:{user_id}:jobs"


async def publish_update(redis: Redis, user_id: UUID, update: JobUpdate) -> None:
    """Record ``update`` in the owner's snapshot and push it to every subscriber, atomically."""
    payload = update.model_dump_json()
    snapshot_key = snapshot_key_of(user_id)
    async with redis.pipeline(transaction=True) as pipe:
        pipe.hset(snapshot_key, update.snapshot_field, payload)
        pipe.expire(snapshot_key, SNAPSHOT_TTL_S)
        pipe.publish(channel_of(user_id), payload)
        await pipe.execute()


async def read_snapshot(redis: Redis, user_id: UUID) -> list[JobUpdate]:
    """Every job of the user updated in the last ``SNAPSHOT_TTL_S``, oldest update first."""
    entries = await redis.hvals(snapshot_key_of(user_id))
    updates = [JobUpdate.model_validate_json(entry) for entry in entries]
    return sorted(updates, key=lambda update: update.at)
