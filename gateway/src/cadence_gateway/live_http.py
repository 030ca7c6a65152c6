"""The live endpoints of the gateway's own app: a WebSocket and a Server-Sent Events stream of the
caller's job updates (``cadence_gateway.live``). The app runs them in its ``live`` process, under
uvicorn (see ``cadence_gateway.procfile.live_command`` for why not granian).

Both take the usual ``Authorization: Bearer <token>`` header. A browser cannot set headers on a
WebSocket, so the WebSocket also takes the token as a subprotocol: ``new WebSocket(url,
["cadence.bearer", token])``; the server picks ``cadence.bearer`` (echoed in
``Sec-WebSocket-Protocol``, which a browser requires) and reads the token from the other entry.

WebSocket: every event is one JSON text message, ``{"type": "snapshot", "jobs": [...]}``, then
``{"type": "job", "job": {...}}``, ``{"type": "heartbeat"}`` when idle (besides the protocol pings
uvicorn sends: browsers never show those to the page), and a final ``{"type": "end", "reason": ..., "detail": ...}`` before
the server closes: code 4401 for a missing, invalid, revoked or expired token, 1013 (try again
later) when Redis is unavailable or the client fell behind. SSE: ``event: snapshot`` /
``event: job`` / ``event: end`` with the same JSON as ``data``, a ``: heartbeat`` comment when
idle; a token refused up front is a 401 problem+json, Redis down up front a 503.
"""

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Coroutine
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any

import orjson
from redis.asyncio import Redis
from redis.exceptions import RedisError
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket, WebSocketDisconnect

from cadence_gateway.asgi import (
    MISSING_TOKEN_CHALLENGE,
    bearer_token,
    challenge,
    deny,
    log,
    request_id,
    unavailable,
)
from cadence_gateway.live import (
    End,
    Heartbeat,
    LiveEvent,
    LiveHub,
    LiveTiming,
    Snapshot,
    event_json,
    follow,
    job_json,
)
from cadence_shared.auth import InvalidToken, Principal, TokenVerifier
from cadence_shared.live import JobUpdate

BEARER_PROTOCOL = "cadence.bearer"
# Close codes: the token's fault (reconnect with a fresh one), or try again later.
CLOSE_TOKEN = 4401
CLOSE_TRY_AGAIN = 1013
TOKEN_REASONS = frozenset({"token_revoked", "token_expired"})
SSE_RETRY_MS = 2000
SSE_HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache, no-transform"),
    # nginx passes the stream on as it comes, whatever the location says.
    (b"x-accel-buffering", b"no"),
]


@dataclass(frozen=True)
class Live:
    """What the live endpoints need, opened with the authorizer."""

    hub: LiveHub
    redis: Redis
    verifier: TokenVerifier
    timing: LiveTiming

    def follow(self, token: str, principal: Principal) -> AsyncGenerator[LiveEvent]:
        return follow(self.hub, self.redis, self.verifier, token, principal, self.timing)


def websocket_token(scope: Scope) -> tuple[str | None, str | None]:
    """The token (header first, else the subprotocol pair) and the subprotocol to accept."""
    offered: list[str] = scope.get("subprotocols") or []
    protocol = BEARER_PROTOCOL if BEARER_PROTOCOL in offered else None
    token = bearer_token(scope["headers"])
    if token is None and protocol is not None:
        token = next((entry for entry in offered if entry != BEARER_PROTOCOL), None)
    return token, protocol


async def serve_websocket(live: Live, scope: Scope, receive: Receive, send: Send) -> None:
    websocket = WebSocket(scope, receive, send)
    token, protocol = websocket_token(scope)
    try:
        principal = await _principal(live, token)
    except RedisError:
        await _refuse(websocket, protocol, End("unavailable"), CLOSE_TRY_AGAIN)
        return
    if token is None or principal is None:
        await _refuse(websocket, protocol, None, CLOSE_TOKEN)
        return
    events = live.follow(token, principal)
    async with aclosing(events):
        try:
            first = await anext(events)  # subscribed, and the snapshot read
        except (RedisError, TimeoutError):
            await _refuse(websocket, protocol, End("unavailable"), CLOSE_TRY_AGAIN)
            return
        await websocket.accept(subprotocol=protocol)
        await _stream_websocket(websocket, first, events)


async def _principal(live: Live, token: str | None) -> Principal | None:
    if token is None:
        return None
    try:
        return await live.verifier.verify(token)
    except InvalidToken as exc:
        log.info("live_token_refused", detail=str(exc))
        return None


async def _refuse(websocket: WebSocket, protocol: str | None, end: End | None, code: int) -> None:
    """Accepts, says why in a final message, and closes: a browser sees neither the status of a
    refused handshake nor its body, but it does see a close code and a message."""
    await websocket.accept(subprotocol=protocol)
    if end is None:
        body = {"type": "end", "reason": "unauthorized", "detail": "A valid token is required."}
        await websocket.send_text(orjson.dumps(body).decode())
    else:
        await websocket.send_text(event_json(end).decode())
    await websocket.close(code)


async def _stream_websocket(
    websocket: WebSocket, first: LiveEvent, events: AsyncIterator[LiveEvent]
) -> None:
    async def pump() -> None:
        await websocket.send_text(event_json(first).decode())
        async for event in events:
            await websocket.send_text(event_json(event).decode())
            if isinstance(event, End):
                code = CLOSE_TOKEN if event.reason in TOKEN_REASONS else CLOSE_TRY_AGAIN
                await websocket.close(code)
                return

    async def drain() -> None:
        # What the client sends is ignored; its close (or its going away) ends the stream.
        while (await websocket.receive())["type"] != "websocket.disconnect":
            pass

    await _first_of(pump(), drain())


async def _first_of(*work: Coroutine[Any, Any, None]) -> None:
    """Runs ``work`` until one finishes (a client gone, a stream ended), then stops the rest."""
    tasks = [asyncio.ensure_future(item) for item in work]
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    for task in done:
        error = task.exception()
        if error is not None and not isinstance(error, WebSocketDisconnect | OSError):
            raise error


def sse_event(event: LiveEvent) -> bytes:
    if isinstance(event, Heartbeat):
        return b": heartbeat\n\n"
    data: dict[str, Any]
    if isinstance(event, Snapshot):
        name, data = b"snapshot", {"jobs": [job_json(job) for job in event.jobs]}
    elif isinstance(event, JobUpdate):
        name, data = b"job", job_json(event)
    else:
        name, data = b"end", {"reason": event.reason, "detail": event.detail}
    return b"event: " + name + b"\ndata: " + orjson.dumps(data) + b"\n\n"


async def serve_events(live: Live, scope: Scope, receive: Receive, send: Send) -> None:
    headers = scope["headers"]
    rid = request_id(headers)
    token = bearer_token(headers)
    if token is None:
        await deny(send, rid, "Missing bearer token.", MISSING_TOKEN_CHALLENGE)
        return
    try:
        principal = await live.verifier.verify(token)
        events = live.follow(token, principal)
        async with aclosing(events):
            first = await anext(events)
            start = [*SSE_HEADERS, (b"x-request-id", rid)]
            await send({"type": "http.response.start", "status": 200, "headers": start})
            await _stream_events(receive, send, first, events)
    except InvalidToken as exc:
        await deny(send, rid, f"Invalid token: {exc}", challenge(str(exc)))
    except (RedisError, TimeoutError) as exc:
        log.error("live_updates_unavailable", error=str(exc), request_id=rid.decode())
        await unavailable(send, rid, "Live updates are unavailable: retry shortly.")


async def _stream_events(
    receive: Receive, send: Send, first: LiveEvent, events: AsyncIterator[LiveEvent]
) -> None:
    async def pump() -> None:
        retry = f"retry: {SSE_RETRY_MS}\n\n".encode()
        await send(
            {"type": "http.response.body", "body": retry + sse_event(first), "more_body": True}
        )
        async for event in events:
            await send({"type": "http.response.body", "body": sse_event(event), "more_body": True})
            if isinstance(event, End):
                break
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def until_disconnect() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass

    await _first_of(pump(), until_disconnect())
