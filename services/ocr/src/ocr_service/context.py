"""What the ocr routes need besides the database and storage: the per-user job rate limiter."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends

from cadence_shared.context import REDIS, Key, Resource, ServiceContext
from cadence_shared.deps import ContextDep
from cadence_shared.ratelimit import RateLimiter

LIMITER: Key[RateLimiter] = Key("ocr_limiter")


@asynccontextmanager
async def _open_limiter(context: ServiceContext) -> AsyncIterator[RateLimiter]:
    # Redis counts for every replica: the limit holds however many web apps run.
    yield RateLimiter(context.redis, prefix="cadence:ocr:ratelimit")


LIMITER_RESOURCE = Resource(LIMITER, _open_limiter, needs=(REDIS,))


async def get_limiter(context: ContextDep) -> RateLimiter:
    return context.get(LIMITER)


LimiterDep = Annotated[RateLimiter, Depends(get_limiter)]
