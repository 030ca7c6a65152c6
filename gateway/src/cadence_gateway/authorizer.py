"""The gateway's authorizer: ``GET /verify`` for nginx ``auth_request`` and Traefik ``forwardAuth``.

A bare ASGI app, because it runs on every request: ``/verify`` reads the bearer token, verifies
it with the shared ``TokenVerifier`` (a token verified once costs a cache lookup until its ``exp``;
revocations are read from Redis on every call, so they always win) and answers an empty 200, or
401 problem+json with ``WWW-Authenticate``. It passes no identity on: every service verifies the
token itself and reads the caller from it. No database. Under Traefik, each route's forwardAuth
asks ``/limit/<route>`` or ``/verify/<route>`` instead: the route's rate limit per client, counted
in Redis (``cadence_gateway.limits``, a 429 problem+json when it is spent), then on ``/verify/``
the token as above.
The same app serves the gateway's pages (``/docs``, the merged ``/openapi.json``, the problem codes at ``/problems``: see
``cadence_gateway.docs``), the callers' live job updates (a WebSocket at ``/api/v1/live/ws`` and
Server-Sent Events at ``/api/v1/live/events``, served from the same app run as the ``live``
process under uvicorn: see ``cadence_gateway.live_http``) and its own liveness (``/health``) and Prometheus metrics (``/metrics``, on its port only: the gateway
routes nothing there).

    uvicorn cadence_gateway.authorizer:app --port 8001
"""

from typing import Any

import httpx
import orjson
from prometheus_client import CONTENT_TYPE_LATEST
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from starlette.types import Receive, Scope, Send

from cadence_gateway import policy
from cadence_gateway.asgi import (
    JSON_HEADER,
    MISSING_TOKEN_CHALLENGE,
    OK_BODY,
    PROBLEM_HEADER,
    ASGIApp,
    Headers,
    bearer_token,
    challenge,
    client_address,
    deny,
    log,
    request_id,
    respond,
    too_many,
    unavailable,
)
from cadence_gateway.catalog import ProblemCatalog, load_catalog
from cadence_gateway.docs import build_docs_app
from cadence_gateway.limits import RateLimits
from cadence_gateway.live import LiveHub, LiveTiming
from cadence_gateway.live_http import Live, serve_events, serve_websocket
from cadence_gateway.openapi import MergedSpec
from cadence_gateway.routes import RouteTable, load_route_table
from cadence_gateway.settings import Settings, get_settings
from cadence_shared.auth import InvalidToken, JwksKeys, RedisRevocationList, TokenVerifier
from cadence_shared.context import redis_client
from cadence_shared.logging import logging_from
from cadence_shared.metrics import TOKEN_VERIFICATIONS, exposition
from cadence_shared.problems import problem_body

__all__ = ["Authorizer", "app", "bearer_token", "build_app", "challenge"]

METRICS_HEADER = (b"content-type", CONTENT_TYPE_LATEST.encode())
# Bound once: /verify runs on every request, and ``labels()`` takes a lock each call.
VERIFIED = {
    outcome: TOKEN_VERIFICATIONS.labels(outcome)
    for outcome in ("ok", "missing", "invalid", "unavailable")
}


# Traefik's forwardAuth per route (cadence_gateway.traefik): the limit alone, or with the token.
GATE_PATHS = (f"{policy.LIMIT_PATH}/", f"{policy.VERIFY_PATH}/")


def proxied(headers: Headers) -> bool:
    """Whether the request came through the gateway, which always adds X-Forwarded-For: Traefik
    sends every path no route takes here (for the 404 problem), so ``/metrics`` is answered
    only to a direct caller (Prometheus, on the authorizer's own port)."""
    return any(name == b"x-forwarded-for" for name, _ in headers)


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
        self._live: Live | None = None
        self._limits: RateLimits | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            if scope["path"] == "/verify":
                await self._verify(scope, send)
            elif scope["path"].startswith(GATE_PATHS):
                await self._gate(scope, send)
            elif scope["path"] == policy.LIVE_EVENTS:
                assert self._live is not None, "the app was not started"
                await serve_events(self._live, scope, receive, send)
            elif scope["path"] == "/health":
                await respond(send, 200, [JSON_HEADER], OK_BODY)
            elif scope["path"] == "/metrics" and not proxied(scope["headers"]):
                await respond(send, 200, [METRICS_HEADER], await exposition())
            else:
                assert self._other is not None, "the app was not started"
                await self._other(scope, receive, send)
        elif scope["type"] == "websocket":
            if scope["path"] == policy.LIVE_WEBSOCKET:
                assert self._live is not None, "the app was not started"
                await serve_websocket(self._live, scope, receive, send)
            else:
                await send({"type": "websocket.close", "code": 1008})
        elif scope["type"] == "lifespan":
            await self._lifespan(receive, send)

    async def _gate(self, scope: Scope, send: Send) -> None:
        """Traefik's forwardAuth of a route: ``/limit/<route>`` counts the route's rate limit for
        the client, ``/verify/<route>`` then checks the token as ``/verify`` does."""
        kind, _, name = scope["path"].lstrip("/").partition("/")
        headers: Headers = scope["headers"]
        rid = request_id(headers)
        assert self._limits is not None, "the app was not started"
        if name not in self._limits.limits:
            body = orjson.dumps(problem_body(404, f"No route is named {name!r}."))
            await respond(send, 404, [PROBLEM_HEADER], body)
            return
        try:
            refusal = await self._limits.take(name, client_address(scope))
        except RedisError as exc:
            # Open: a limit that cannot be counted refuses nobody (the token is still checked).
            log.warning("rate_limit_unavailable", error=str(exc), request_id=rid.decode())
            refusal = None
        if refusal is not None:
            await too_many(send, rid, refusal.retry_after_s)
        elif kind == "verify":
            await self._verify(scope, send)
        else:
            await respond(send, 200, [(b"x-request-id", rid)], b"")

    async def _verify(self, scope: Scope, send: Send) -> None:
        headers: Headers = scope["headers"]
        rid = request_id(headers)
        token = bearer_token(headers)
        if token is None:
            VERIFIED["missing"].inc()
            await deny(send, rid, "Missing bearer token.", MISSING_TOKEN_CHALLENGE)
            return
        assert self._verifier is not None, "the app was not started"
        try:
            await self._verifier.verify(token)
        except InvalidToken as exc:
            VERIFIED["invalid"].inc()
            await deny(send, rid, f"Invalid token: {exc}", challenge(str(exc)))
            return
        except RedisError as exc:
            VERIFIED["unavailable"].inc()
            # Fail closed: without the revocation list a revoked token could pass.
            log.error("revocation_list_unavailable", error=str(exc), request_id=rid.decode())
            await unavailable(send, rid, "The revocation list is unavailable.")
            return
        VERIFIED["ok"].inc()
        await respond(send, 200, [(b"x-request-id", rid)], b"")

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
        logging_from(settings)
        # Health-checked and retried once on a broken connection: recovers in seconds after Redis.
        redis = redis_client(settings.redis_url)
        http = httpx.AsyncClient()
        keys = JwksKeys(settings.jwks_url, http, cache_s=settings.jwks_cache_s)
        self._verifier = TokenVerifier(
            keys,
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            revocations=RedisRevocationList(redis),
            cache_size=settings.token_cache_size,
        )
        services = sorted(table.services)
        servers = [{"url": settings.gateway_url, "description": "The Cadence gateway"}]
        merged = MergedSpec(services, settings.docs_source_url, servers, settings.docs_cache_s)
        self._other = build_docs_app(
            services, self._catalog or load_catalog(), merged=merged, servers=servers
        )
        # Pub/sub on a connection of its own that never reconnects behind the streams' backs
        # (cadence_gateway.live): a lost connection ends every stream with a clear event.
        pubsub_redis = Redis.from_url(
            settings.redis_url, socket_connect_timeout=2, socket_keepalive=True,
            retry=Retry(NoBackoff(), 0),
        )  # fmt: skip
        hub = LiveHub(pubsub_redis, queue_size=settings.live_queue_size)
        timing = LiveTiming(settings.live_heartbeat_s, settings.live_revocation_check_s)
        self._live = Live(hub, redis, self._verifier, timing)
        self._limits = RateLimits(redis, table, settings.rate_limit_exempt_networks)
        return [http, redis, pubsub_redis, hub]


def build_app(
    settings: Settings | None = None,
    table: RouteTable | None = None,
    catalog: ProblemCatalog | None = None,
) -> Authorizer:
    return Authorizer(settings, table, catalog)


app = build_app()
