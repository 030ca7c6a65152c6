"""The live job update contract against the real Redis: the snapshot, the channel, the TTL."""

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from redis.asyncio import Redis

from cadence_shared.live import (
    SNAPSHOT_TTL_S,
    JobUpdate,
    channel_of,
    publish_update,
    read_snapshot,
    snapshot_key_of,
)

START = datetime(2026, 5, 4, 7, 0, tzinfo=UTC)


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()


def update(job_id: uuid.UUID, **fields: Any) -> JobUpdate:
    values: dict[str, Any] = {
        "resource": "projects.file",
        "id": job_id,
        "status": "processing",
        "percent": 0,
        "version": 1,
        "at": START,
        **fields,
    }
    return JobUpdate.model_validate(values)


async def test_an_update_reaches_subscribers_and_the_owners_snapshot(redis: Redis) -> None:
    user_id, job_id = uuid.uuid4(), uuid.uuid4()
    pubsub = redis.pubsub()
    await pubsub.subscribe(channel_of(user_id))
    try:
        assert (await pubsub.get_message(timeout=1.0))["type"] == "subscribe"
        sent = update(job_id, percent=40, stage="decoding")
        await publish_update(redis, user_id, sent)
        message = await pubsub.get_message(timeout=1.0)
        assert message is not None
        assert JobUpdate.model_validate_json(message["data"]) == sent
    finally:
        close: Callable[[], Awaitable[None]] = pubsub.aclose  # unannotated in redis-py
        await close()
    assert await read_snapshot(redis, user_id) == [sent]
    ttl = await redis.ttl(snapshot_key_of(user_id))
    assert 0 < ttl <= SNAPSHOT_TTL_S


async def test_the_snapshot_keeps_each_jobs_latest_update_oldest_first(redis: Redis) -> None:
    user_id, first_job, second_job = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await publish_update(redis, user_id, update(first_job, at=START))
    await publish_update(redis, user_id, update(second_job, at=START + timedelta(seconds=1)))
    done = update(
        first_job, status="failed", percent=30, version=2, error="Unreadable file.",
        at=START + timedelta(seconds=2),
    )  # fmt: skip
    await publish_update(redis, user_id, done)
    snapshot = await read_snapshot(redis, user_id)
    assert [(job.id, job.version) for job in snapshot] == [(second_job, 1), (first_job, 2)]
    assert snapshot[1].terminal and snapshot[1].error == "Unreadable file."
    assert not snapshot[0].terminal


async def test_users_channels_and_snapshots_are_apart(redis: Redis) -> None:
    owner, other = uuid.uuid4(), uuid.uuid4()
    assert channel_of(owner) != channel_of(other)
    await publish_update(redis, owner, update(uuid.uuid4()))
    assert await read_snapshot(redis, other) == []
    assert len(await read_snapshot(redis, owner)) == 1


def test_an_update_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError, match="percent"):
        update(uuid.uuid4(), percent=101)
    with pytest.raises(ValueError, match="status"):
        update(uuid.uuid4(), status="done")
