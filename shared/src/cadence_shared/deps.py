"""Typed dependencies, so route signatures read like sentences. They all read the context."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from cadence_shared.auth import CurrentPrincipal, require_roles
from cadence_shared.context import ServiceContext
from cadence_shared.pagination import PageDep

# Dependencies are ``async def`` even when they await nothing: FastAPI runs a plain ``def`` in its
# thread pool, and that hand-off cost about a fifth of the CPU of a one-row read (py-spy, the
# tasks benchmark in bench/README.md).


async def get_context(request: Request) -> ServiceContext:
    context: ServiceContext = request.app.state.context
    return context


ContextDep = Annotated[ServiceContext, Depends(get_context)]


async def get_session(context: ContextDep) -> AsyncIterator[AsyncSession]:
    database = context.database
    async with database.admission, database.sessions() as session:
        yield session


async def get_read_connection(context: ContextDep) -> AsyncIterator[AsyncConnection]:
    """A connection for routes that only read: autocommit (no BEGIN/ROLLBACK round trips) and no
    ORM session (rows, not entities): the cheap path for GETs."""
    database = context.database
    async with database.admission, database.read_engine.connect() as connection:
        yield connection


async def get_redis(context: ContextDep) -> Redis:
    return context.redis


SessionDep = Annotated[AsyncSession, Depends(get_session)]
ReadConnectionDep = Annotated[AsyncConnection, Depends(get_read_connection)]
RedisDep = Annotated[Redis, Depends(get_redis)]

__all__ = [
    "ContextDep",
    "CurrentPrincipal",
    "PageDep",
    "ReadConnectionDep",
    "RedisDep",
    "SessionDep",
    "require_roles",
]
