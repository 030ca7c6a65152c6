"""The gateway's authorizer: ``GET /verify`` for nginx ``auth_request`` and Traefik ``forwardAuth``.

A bare ASGI app, because it runs on every request: ``/verify`` reads the bearer token, verifies
it with the shared ``TokenVerifier`` (a token verified once costs a cache lookup until its ``exp``;
revocations are read from Redis on every call, so they always win) and answers an empty 200, or
401 problem+json with ``WWW-Authenticate``. It passes no identity on: every service verifies the
token itself and reads the caller from it. No database.
The same app serves the gateway's pages (``/docs``, the problem codes at ``/problems``: see
``cadence_gateway.docs``) and its own liveness (``/health``).

    uvicorn cadence_gateway.authorizer:app --port 8001
"""

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import orjson
import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError
from starlette.types import Receive, Scope, Send

from cadence_gateway.catalog import ProblemCatalog, load_catalog
from cadence_gateway.docs import build_docs_app
from cadence_gateway.routes import RouteTable, load_route_table
from cadence_gateway.settings import Settings, get_settings
from cadence_shared.auth import InvalidToken, JwksKeys, RedisRevocationList, TokenVerifier
from cadence_shared.logging import configure_logging
from cadence_shared.middleware import MAX_REQUEST_ID_LENGTH
from cadence_shared.problems import PROBLEM_JSON, problem_body

log = structlog.get_logger("cadence.authorizer")

Headers = list[tuple[bytes, bytes]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MISSING_TOKEN_CHALLENGE = b'Bearer realm="cadence"'
OK_BODY = b'{"status":"ok"}'
JSON_HEADER = (b"content-type", b"application/json")
PROBLEM_HEADER = (b"content-type", PROBLEM_JSON.encode())


def bearer_token(headers: Headers) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, if there is one."""
    for name, value in headers:
        if name == b"authorization":
            scheme, _, token = value.partition(b" ")
            if scheme.lower() == b"bearer" and token.strip():
                return token.strip().decode("latin-1")
            return None
    return None


def request_id(headers: Headers) -> bytes:
    for name, value in headers:
        if name == b"x-request-id" and 0 < len(value) <= MAX_REQUEST_ID_LENGTH:
            return value
    return uuid.uuid4().hex.encode()


def challenge(detail: str) -> bytes:
    # RFC 6750: error_description is a quoted string; keep it to characters that need no escape.
    safe = "".join(ch for ch in detail if ch.isprintable() and ch not in '"\\')[:200]
    return f'Bearer realm="cadence", error="invalid_token", error_description="{safe}"'.encode()


class Authorizer:
    """The ASGI app: ``/verify`` on the fast path, everything else to the docs app."""

    def __init__(
        self,
        settings: Settings | None = None,
        table: RouteTable | None = None,
        catalog: ProblemCatalog | None = None,
    ) -> None:
        self._settings = settings
        self._table = table
        self._catalog = catalog
        self._verifier: TokenVerifier | None = None
        self._other: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            if scope["path"] == "/verify":
                await self._verify(scope, send)
            elif scope["path"] == "/health":
                await _respond(send, 200, [JSON_HEADER], OK_BODY)
            else:
                assert self._other is not None, "the app was not started"
                await self._other(scope, receive, send)
        elif scope["type"] == "lifespan":
            await self._lifespan(receive, send)

    async def _verify(self, scope: Scope, send: Send) -> None:
        headers: Headers = scope["headers"]
        rid = request_id(headers)
        token = bearer_token(headers)
        if token is None:
            await self._deny(send, rid, "Missing bearer token.", MISSING_TOKEN_CHALLENGE)
            return
        assert self._verifier is not None, "the app was not started"
        try:
            await self._verifier.verify(token)
        except InvalidToken as exc:
            await self._deny(send, rid, f"Invalid token: {exc}", challenge(str(exc)))
            return
        except RedisError as exc:
            # Fail closed: without the revocation list a revoked token could pass.
            log.error("revocation_list_unavailable", error=str(exc), request_id=rid.decode())
            body = orjson.dumps(problem_body(503, "The revocation list is unavailable."))
            await _respond(send, 503, [PROBLEM_HEADER, (b"x-request-id", rid)], body)
            return
        await _respond(send, 200, [(b"x-request-id", rid)], b"")

    async def _deny(self, send: Send, rid: bytes, detail: str, www_authenticate: bytes) -> None:
        log.info("token_refused", detail=detail, request_id=rid.decode())
        await _respond(
            send,
            401,
            [PROBLEM_HEADER, (b"www-authenticate", www_authenticate), (b"x-request-id", rid)],
            orjson.dumps(problem_body(401, detail)),
        )

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        resources: list[Any] = []
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    resources = await self._start()
                except Exception as exc:
                    await send({"type": "lifespan.startup.failed", "message": repr(exc)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                for resource in reversed(resources):
                    await resource.aclose()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _start(self) -> list[Any]:
        settings = self._settings or get_settings()
        table = self._table or load_route_table()
        configure_logging(settings.service_name, level=settings.log_level, json=settings.log_json)
        redis = Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2)
        http = httpx.AsyncClient()
        keys = JwksKeys(settings.jwks_url, http, cache_s=settings.jwks_cache_s)
        self._verifier = TokenVerifier(
            keys,
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            revocations=RedisRevocationList(redis),
            cache_size=settings.token_cache_size,
        )
        self._other = build_docs_app(sorted(table.services), self._catalog or load_catalog())
        return [http, redis]


async def _respond(send: Send, status: int, headers: Headers, body: bytes) -> None:
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def build_app(
    settings: Settings | None = None,
    table: RouteTable | None = None,
    catalog: ProblemCatalog | None = None,
) -> Authorizer:
    return Authorizer(settings, table, catalog)


app = build_app()
