"""Waiting for a condition with a deadline, instead of sleeping and hoping."""

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable

import pytest


async def _holds(condition: Callable[[], bool | Awaitable[bool]]) -> bool:
    result = condition()
    return bool(await result) if inspect.isawaitable(result) else bool(result)


async def eventually(
    condition: Callable[[], bool | Awaitable[bool]],
    *,
    within_s: float = 15.0,
    every_s: float = 0.02,
    what: str = "the condition",
) -> None:
    """Returns as soon as ``condition()`` (awaited if it is a coroutine) is true; fails the test
    after ``within_s``. The one way tests wait: never a bare sleep."""
    deadline = time.monotonic() + within_s
    while not await _holds(condition):
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not true within {within_s} s")
        await asyncio.sleep(every_s)
