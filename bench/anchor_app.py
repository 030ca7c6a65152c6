"""The limit anchor: the tasks service's two hot reads with no framework at all.

A bare ASGI callable on the same server (uvicorn, 1 worker), an asyncpg pool of the service's
size, the suite's own token verifier (``cadence_shared.context``'s tokens resource: the same
signature cache and the same revocation check) and the same rows written by the same JSON
writer (``fastread.json_bytes``). No routing table, no dependency solving, no middleware, no
request or response objects: what is left is the least a Python process on this machine must do
to answer the read, so "close to the limit" means close to this (bench/anchor_bench.py).

Run: ``uvicorn anchor_app:app --app-dir bench`` with the tasks service's ``TASKS_`` settings.
"""

import uuid
from contextlib import AsyncExitStack
from typing import Any
from urllib.parse import parse_qsl

import asyncpg

from cadence_shared.auth import InvalidToken, Principal
from cadence_shared.context import HTTP_RESOURCE, REDIS_RESOURCE, TOKENS_RESOURCE, ServiceContext
from cadence_shared.fastread import json_bytes
from tasks_service.settings import get_settings

# TaskPublic's fields in its order, as the service's fastread select lists them.
COLUMNS = (
    "id, title, description, status, priority, due_date, created_at, updated_at, "
    "completed_at, deleted_at"
)
ONE = f"SELECT {COLUMNS} FROM task WHERE id = $1 AND user_id = $2 AND deleted_at IS NULL"
# The service's default order (newest first, then id) and its window count for the total.
PAGE = (
    f"SELECT {COLUMNS}, count(*) OVER () AS total FROM task "
    "WHERE user_id = $1 AND deleted_at IS NULL "
    "ORDER BY created_at DESC NULLS LAST, id LIMIT $2 OFFSET $3"
)
PREFIX = "/api/v1/tasks"
Answer = tuple[int, bytes]


class Anchor:
    def __init__(self) -> None:
        self.settings = get_settings()
        self.context = ServiceContext(
            self.settings, [REDIS_RESOURCE, HTTP_RESOURCE, TOKENS_RESOURCE]
        )
        self._stack = AsyncExitStack()
        self.pool: Any = None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        status, body = await self._answer(scope)
        headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _lifespan(self, receive: Any, send: Any) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await self._stack.enter_async_context(self.context.opened())
                dsn = self.settings.database_url.replace("postgresql+asyncpg", "postgresql")
                self.pool = await asyncpg.create_pool(
                    dsn,
                    min_size=self.settings.db_pool_size,
                    max_size=self.settings.db_pool_size,
                    server_settings={"search_path": f"{self.settings.db_schema},public"},
                )
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.pool.close()
                await self._stack.aclose()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _answer(self, scope: dict[str, Any]) -> Answer:
        path: str = scope["path"]
        if path == "/health":
            return 200, b'{"status":"ok"}'
        principal = await self._principal(scope)
        if principal is None:
            return 401, b'{"detail":"invalid token"}'
        if path == PREFIX:
            query = dict(parse_qsl(scope["query_string"].decode("latin-1")))
            return await self._page(
                principal, int(query.get("limit", 50)), int(query.get("offset", 0))
            )
        if path.startswith(PREFIX + "/"):
            try:
                task_id = uuid.UUID(path[len(PREFIX) + 1 :])
            except ValueError:
                return 422, b'{"detail":"not a task id"}'
            row = await self.pool.fetchrow(ONE, task_id, principal.user_id)
            return (200, json_bytes(dict(row))) if row else (404, b'{"detail":"no such task"}')
        return 404, b'{"detail":"not found"}'

    async def _principal(self, scope: dict[str, Any]) -> Principal | None:
        for name, value in scope["headers"]:
            if name == b"authorization" and value[:7].lower() == b"bearer ":
                try:
                    return await self.context.tokens.verify(value[7:].decode("latin-1"))
                except InvalidToken:
                    return None
        return None

    async def _page(self, principal: Principal, limit: int, offset: int) -> Answer:
        rows = [dict(row) for row in await self.pool.fetch(PAGE, principal.user_id, limit, offset)]
        total = rows[0]["total"] if rows else 0
        for row in rows:
            del row["total"]
        body = {"items": rows, "total": total, "limit": limit, "offset": offset}
        return 200, json_bytes(body)


app = Anchor()
