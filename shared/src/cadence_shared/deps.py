"""Typed dependencies, so route signatures read like sentences."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from cadence_shared.auth import CurrentPrincipal, require_roles
from cadence_shared.pagination import PageDep


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.app.state.sessions() as session:
        yield session


async def get_read_session(request: Request) -> AsyncIterator[AsyncSession]:
    """A session for routes that only read: autocommit, so no BEGIN/ROLLBACK round trips."""
    async with request.app.state.read_sessions() as session:
        yield session


def get_redis(request: Request) -> Redis:
    redis: Redis = request.app.state.redis
    return redis


SessionDep = Annotated[AsyncSession, Depends(get_session)]
ReadSessionDep = Annotated[AsyncSession, Depends(get_read_session)]
RedisDep = Annotated[Redis, Depends(get_redis)]

__all__ = [
    "CurrentPrincipal",
    "PageDep",
    "ReadSessionDep",
    "RedisDep",
    "SessionDep",
    "require_roles",
]
