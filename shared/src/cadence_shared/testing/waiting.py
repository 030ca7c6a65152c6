"""Waiting for a condition with a deadline, instead of sleeping and hoping."""

import asyncio
import time
from collections.abc import Awaitable, Callable

import pytest


async def eventually(
    condition: Callable[[], Awaitable[bool]],
    *,
    within_s: float = 15.0,
    every_s: float = 0.02,
    what: str = "the condition",
) -> None:
    """Returns as soon as ``await condition()`` is true; fails the test after ``within_s``."""
    deadline = time.monotonic() + within_s
    while not await condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not true within {within_s} s")
        await asyncio.sleep(every_s)
