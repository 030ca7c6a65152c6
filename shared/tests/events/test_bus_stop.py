"""Stopping a bus whose task swallowed a cancel (as aio-pika can while opening a channel)."""

import asyncio

from cadence_shared.events.bus import _cancelled


async def test_a_bus_task_that_swallows_a_cancel_still_stops() -> None:
    swallowed = 0

    async def stubborn() -> None:
        nonlocal swallowed
        while True:
            try:
                await asyncio.sleep(3600)
            except asyncio.CancelledError:
                if swallowed:
                    raise
                swallowed += 1  # the first cancel is lost below us

    task = asyncio.create_task(stubborn())
    await asyncio.sleep(0)
    await asyncio.wait_for(_cancelled(task, ask_every_s=0.05), 5)
    assert task.cancelled() and swallowed == 1
