"""One database connection kept across a loop's transactions (the relay's, a handler's drain)."""

import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine


class HeldConnection:
    """A pooled connection checked out once, not per batch: each checkout pre-pings (three round
    trips), more than a small batch's own statements. Given back after any error, so a broken
    connection is replaced (and pre-pinged) at the next use."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._connection: AsyncConnection | None = None

    @asynccontextmanager
    async def use(self) -> AsyncIterator[AsyncConnection]:
        """The connection, not in a transaction; the caller begins and ends its own."""
        if self._connection is None:
            self._connection = await self.engine.connect()
        try:
            yield self._connection
        except BaseException:
            await self.release()
            raise

    async def release(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.close()
