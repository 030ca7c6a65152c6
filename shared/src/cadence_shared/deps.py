"""Typed dependencies, so route signatures read like sentences."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from cadence_shared.auth import CurrentPrincipal, require_roles
from cadence_shared.pagination import PageDep


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.app.state.db_admission, request.app.state.sessions() as session:
        yield session


async def get_read_connection(request: Request) -> AsyncIterator[AsyncConnection]:
    """A connection for routes that only read: autocommit (no BEGIN/ROLLBACK round trips) and no
    ORM session (rows, not entities): the cheap path for GETs."""
    async with (
        request.app.state.db_admission,
        request.app.state.read_engine.connect() as connection,
    ):
        yield connection


def get_redis(request: Request) -> Redis:
    redis: Redis = request.app.state.redis
    return redis


SessionDep = Annotated[AsyncSession, Depends(get_session)]
ReadConnectionDep = Annotated[AsyncConnection, Depends(get_read_connection)]
RedisDep = Annotated[Redis, Depends(get_redis)]

__all__ = [
    "CurrentPrincipal",
    "PageDep",
    "ReadConnectionDep",
    "RedisDep",
    "SessionDep",
    "require_roles",
]
