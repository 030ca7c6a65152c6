"""``lock_until_commit``: a second transaction asking for the same key waits for the first to end;
another key does not wait."""

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from cadence_shared.db import lock_until_commit, session_factory


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(database_url, pool_size=3)
    yield engine
    await engine.dispose()


async def test_the_same_key_waits_for_the_first_commit(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    order: list[str] = []
    async with sessions() as first:
        await lock_until_commit(first, "audio:owner:sha")

        async def second() -> None:
            async with sessions() as session:
                await lock_until_commit(session, "audio:owner:sha")
                order.append("second locked")
                await session.commit()

        waiting = asyncio.create_task(second())
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(asyncio.shield(waiting), 0.5)
        order.append("first commits")
        await first.commit()
        await asyncio.wait_for(waiting, 10)
    assert order == ["first commits", "second locked"]


async def test_another_key_and_a_rolled_back_holder_do_not_block(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    async with sessions() as first, sessions() as other:
        await lock_until_commit(first, "key-a")
        await asyncio.wait_for(lock_until_commit(other, "key-b"), 5)
        await other.commit()
        await first.rollback()
        await asyncio.wait_for(lock_until_commit(other, "key-a"), 5)
        await other.commit()
