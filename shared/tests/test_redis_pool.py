"""The services' Redis client under more concurrent calls than its pool holds: the extra calls
wait for a connection instead of failing (redis-py's default pool raised "Too many
connections", which the authorizer answered as 503 under the load benchmark)."""

import asyncio
import uuid

from cadence_shared.context import REDIS_MAX_CONNECTIONS, redis_client


async def test_more_concurrent_calls_than_connections_all_succeed(redis_url: str) -> None:
    client = redis_client(redis_url)
    key = f"pool-{uuid.uuid4().hex}"
    try:
        # Each BLPOP holds its connection until its timeout: the last 20 need a freed one.
        calls = [client.blpop([key], timeout=0.3) for _ in range(REDIS_MAX_CONNECTIONS + 20)]
        answers = await asyncio.gather(*calls, return_exceptions=True)
    finally:
        await client.aclose()

    assert answers == [None] * (REDIS_MAX_CONNECTIONS + 20)
