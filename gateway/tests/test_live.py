"""Live job updates from the gateway's app, served over real sockets (uvicorn on a free port) to a
real WebSocket client and an SSE client, against the real Redis and a real JWKS.

A worker is stood in for by ``publish_update`` straight to Redis. Redis going away while clients
are subscribed is shown through a TCP relay in front of Redis that the test cuts.
"""

import asyncio
import contextlib
import json
import math
import socket
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import uvicorn
from redis.asyncio import Redis
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from cadence_gateway.authorizer import build_app
from cadence_gateway.live import End, LiveHub
from cadence_gateway.live_http import BEARER_PROTOCOL, CLOSE_TOKEN, CLOSE_TRY_AGAIN
from cadence_gateway.policy import LIVE_EVENTS, LIVE_WEBSOCKET
from cadence_gateway.procfile import LIVE_WEBSOCKETS
from cadence_gateway.routes import load_route_table
from cadence_gateway.settings import Settings
from cadence_shared.auth import revoked_token_key
from cadence_shared.live import JobUpdate, publish_update
from cadence_shared.testing.plugin import TestUser
from cadence_shared.testing.tokens import TestIssuer
from cadence_shared.testing.waiting import eventually

# Short enough that a test sees a heartbeat and a revocation at once; the defaults are 15 s / 5 s.
HEARTBEAT_S = 0.3
REVOCATION_CHECK_S = 0.2
RECEIVE_DEADLINE_S = 5.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Gateway:
    http: str
    ws: str


@contextlib.asynccontextmanager
async def serving(settings: Settings) -> AsyncIterator[Gateway]:
    """The gateway's app on a free port of its own, as its live process serves it in the stack."""
    port = free_port()
    app = build_app(settings, load_route_table())
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", lifespan="on", ws=LIVE_WEBSOCKETS
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    await eventually(lambda: server.started, within_s=10, what="the gateway app started")
    try:
        yield Gateway(f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        await task


def live_settings(token_issuer: TestIssuer, redis_url: str) -> Settings:
    return Settings(
        jwks_url=token_issuer.jwks_url,
        redis_url=redis_url,
        live_heartbeat_s=HEARTBEAT_S,
        live_revocation_check_s=REVOCATION_CHECK_S,
    )


@pytest.fixture(scope="module")
async def gateway(token_issuer: TestIssuer, redis_url: str) -> AsyncIterator[Gateway]:
    async with serving(live_settings(token_issuer, redis_url)) as running:
        yield running


@pytest.fixture(scope="module")
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()


def update(
    status: str = "processing", percent: int = 0, version: int = 1, **changes: Any
) -> JobUpdate:
    fields: dict[str, Any] = {
        "resource": "audio.sample",
        "id": uuid.uuid4(),
        "status": status,
        "percent": percent,
        "stage": "decoding",
        "version": version,
        "at": datetime.now(UTC),
        **changes,
    }
    return JobUpdate.model_validate(fields)


def as_sent(job: JobUpdate) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(job.model_dump_json())
    if body["error"] is None:
        del body["error"]
    return body


async def next_message(websocket: ClientConnection, *, skip_heartbeats: bool = True) -> Any:
    async with asyncio.timeout(RECEIVE_DEADLINE_S):
        while True:
            message = json.loads(await websocket.recv())
            if not (skip_heartbeats and message["type"] == "heartbeat"):
                return message


def browser_socket(gateway: Gateway, token: str) -> connect:
    """As a browser opens it: the token in the subprotocol list, no Authorization header."""
    protocols = [Subprotocol(BEARER_PROTOCOL), Subprotocol(token)]
    return connect(gateway.ws + LIVE_WEBSOCKET, subprotocols=protocols)


async def test_a_browser_socket_gets_the_snapshot_then_its_updates(
    gateway: Gateway, redis: Redis, make_user: Callable[..., TestUser]
) -> None:
    user = make_user()
    earlier = update("processing", 40)
    await publish_update(redis, user.id, earlier)
    async with browser_socket(gateway, user.token) as websocket:
        assert websocket.subprotocol == BEARER_PROTOCOL
        assert await next_message(websocket) == {"type": "snapshot", "jobs": [as_sent(earlier)]}
        later = update("processing", 80, version=2, id=earlier.id, stage="analysing")
        await publish_update(redis, user.id, later)
        assert await next_message(websocket) == {"type": "job", "job": as_sent(later)}
        failed = update("failed", 80, version=3, id=earlier.id, error="Not an audio file.")
        await publish_update(redis, user.id, failed)
        message = await next_message(websocket)
        assert message["job"]["error"] == "Not an audio file."
        assert message["job"]["status"] == "failed"


async def test_a_client_with_a_header_and_an_sse_client_get_the_same_updates(
    gateway: Gateway, redis: Redis, make_user: Callable[..., TestUser]
) -> None:
    user = make_user()
    url = gateway.ws + LIVE_WEBSOCKET
    async with (
        connect(url, additional_headers=user.headers) as websocket,
        SseClient.open(gateway.http, user.headers) as sse,
    ):
        assert websocket.subprotocol is None
        assert await next_message(websocket) == {"type": "snapshot", "jobs": []}
        assert await sse.next_event() == ("snapshot", {"jobs": []})
        job = update("succeeded", 100, stage=None)
        await publish_update(redis, user.id, job)
        assert await next_message(websocket) == {"type": "job", "job": as_sent(job)}
        assert await sse.next_event() == ("job", as_sent(job))
    assert sse.response.headers["content-type"].startswith("text/event-stream")
    assert sse.response.headers["x-accel-buffering"] == "no"


async def test_a_user_sees_nothing_of_another_users_jobs(
    gateway: Gateway, redis: Redis, make_user: Callable[..., TestUser]
) -> None:
    owner, other = make_user(), make_user()
    await publish_update(redis, owner.id, update("processing", 10))
    async with (
        browser_socket(gateway, owner.token) as owners,
        browser_socket(gateway, other.token) as others,
    ):
        assert len((await next_message(owners))["jobs"]) == 1
        assert await next_message(others) == {"type": "snapshot", "jobs": []}
        job = update("processing", 20)
        await publish_update(redis, owner.id, job)
        assert (await next_message(owners))["job"]["id"] == str(job.id)
        # The other user's socket stays open and idle: heartbeats only, until the owner's last
        # update (sent after this one) has long arrived at the owner.
        await publish_update(redis, owner.id, update("succeeded", 100))
        await next_message(owners)
        assert await next_message(others, skip_heartbeats=False) == {"type": "heartbeat"}


async def test_an_idle_stream_gets_heartbeats(
    gateway: Gateway, make_user: Callable[..., TestUser]
) -> None:
    user = make_user()
    async with (
        browser_socket(gateway, user.token) as websocket,
        SseClient.open(gateway.http, user.headers) as sse,
    ):
        await next_message(websocket)
        assert await next_message(websocket, skip_heartbeats=False) == {"type": "heartbeat"}
        await sse.next_event()
        assert await sse.next_comment() == "heartbeat"


async def test_a_revoked_token_closes_both_streams(
    gateway: Gateway, redis: Redis, token_issuer: TestIssuer
) -> None:
    user_id, jti = uuid.uuid4(), uuid.uuid4().hex
    token = token_issuer.mint(user_id, jti=jti)
    async with (
        browser_socket(gateway, token) as websocket,
        SseClient.open(gateway.http, {"Authorization": f"Bearer {token}"}) as sse,
    ):
        await next_message(websocket)
        await sse.next_event()
        await redis.set(revoked_token_key(jti), 1, ex=60)
        end = await next_message(websocket)
        assert (end["type"], end["reason"]) == ("end", "token_revoked")
        with pytest.raises(ConnectionClosed) as closed:
            await next_message(websocket)
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == CLOSE_TOKEN
        assert await sse.next_event() == (
            "end",
            {"reason": "token_revoked", "detail": End("token_revoked").detail},
        )
        assert await sse.at_end()


async def test_an_expired_token_ends_the_stream(gateway: Gateway, token_issuer: TestIssuer) -> None:
    # exp is in whole seconds: from the next whole second on, the token lives 1-2 s, long enough
    # to be accepted before it expires on a loaded machine.
    expires = math.ceil(datetime.now(UTC).timestamp()) + 1
    token = token_issuer.mint(uuid.uuid4(), exp=expires)
    async with browser_socket(gateway, token) as websocket:
        await next_message(websocket)
        end = await next_message(websocket)
        assert (end["type"], end["reason"]) == ("end", "token_expired")


@pytest.mark.parametrize("token", ["not-a-jwt", None])
async def test_a_socket_without_a_valid_token_is_told_and_closed(
    gateway: Gateway, token: str | None
) -> None:
    url = gateway.ws + LIVE_WEBSOCKET
    opened = connect(url) if token is None else browser_socket(gateway, token)
    async with opened as websocket:
        end = await next_message(websocket)
        assert (end["type"], end["reason"]) == ("end", "unauthorized")
        with pytest.raises(ConnectionClosed) as closed:
            await next_message(websocket)
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == CLOSE_TOKEN


async def test_an_sse_request_without_a_valid_token_is_a_401_problem(gateway: Gateway) -> None:
    async with httpx.AsyncClient(base_url=gateway.http) as client:
        for headers in ({}, {"Authorization": "Bearer not-a-jwt"}):
            response = await client.get(LIVE_EVENTS, headers=headers)
            assert response.status_code == 401
            assert response.headers["content-type"] == "application/problem+json"
            assert response.json()["code"] == "unauthorized"
            assert response.headers["www-authenticate"].startswith('Bearer realm="cadence"')


async def test_an_update_already_in_the_snapshot_is_not_sent_again(
    gateway: Gateway, redis: Redis, make_user: Callable[..., TestUser]
) -> None:
    user = make_user()
    current = update("processing", 60, version=5)
    await publish_update(redis, user.id, current)
    async with browser_socket(gateway, user.token) as websocket:
        assert (await next_message(websocket))["jobs"] == [as_sent(current)]
        # An older copy of the same job (a late duplicate) is dropped; the next version is sent.
        await redis.publish(
            f"cadence:live:{user.id}",
            update("processing", 30, version=4, id=current.id).model_dump_json(),
        )
        newer = update("succeeded", 100, version=6, id=current.id)
        await publish_update(redis, user.id, newer)
        assert await next_message(websocket) == {"type": "job", "job": as_sent(newer)}


async def test_redis_going_away_ends_every_stream_with_a_clear_event(
    token_issuer: TestIssuer, redis_url: str, redis: Redis, make_user: Callable[..., TestUser]
) -> None:
    user = make_user()
    async with (
        RedisRelay(redis_url) as relay,
        serving(live_settings(token_issuer, relay.url)) as gw,
    ):
        async with (
            browser_socket(gw, user.token) as websocket,
            SseClient.open(gw.http, user.headers) as sse,
        ):
            await next_message(websocket)
            await sse.next_event()
            relay.cut()
            end = await next_message(websocket)
            assert (end["type"], end["reason"]) == ("end", "unavailable")
            with pytest.raises(ConnectionClosed) as closed:
                await next_message(websocket)
            assert closed.value.rcvd is not None
            assert closed.value.rcvd.code == CLOSE_TRY_AGAIN
            event, data = await sse.next_event()
            assert (event, data["reason"]) == ("end", "unavailable")
            # While Redis is away a new stream is refused, and the job ends meanwhile.
            async with httpx.AsyncClient(base_url=gw.http) as client:
                refused = await client.get(LIVE_EVENTS, headers=user.headers)
            assert refused.status_code == 503
            assert refused.headers["content-type"] == "application/problem+json"
        final = update("succeeded", 100)
        await publish_update(redis, user.id, final)
        relay.restore()
        # Reconnecting gives the job's final state: nothing of it was lost.
        async with browser_socket(gw, user.token) as websocket:
            assert await next_message(websocket) == {"type": "snapshot", "jobs": [as_sent(final)]}


async def test_the_hub_drops_a_stream_that_cannot_keep_up(
    redis_url: str, redis: Redis, make_user: Callable[..., TestUser]
) -> None:
    user = make_user()
    hub = LiveHub(Redis.from_url(redis_url), queue_size=3)
    try:
        subscription = await hub.subscribe(user.id)
        for percent in range(10):
            await publish_update(redis, user.id, update("processing", percent))
        await eventually(lambda: hub.subscriber_count == 0, what="the slow stream dropped")
        items = [subscription.queue.get_nowait() for _ in range(subscription.queue.qsize())]
        assert items[-1] == End("lagging")

        # The channel, left without streams, is unsubscribed in Redis too.
        async def unsubscribed() -> bool:
            ((_, count),) = await redis.pubsub_numsub(f"cadence:live:{user.id}")
            return int(count) == 0

        await eventually(unsubscribed, what="the channel unsubscribed")
    finally:
        await hub.aclose()


@dataclass
class SseClient:
    """Reads a text/event-stream response: events and comments, in order."""

    response: httpx.Response
    lines: AsyncIterator[str]
    pending: list[tuple[str, Any]] = field(default_factory=list)

    @classmethod
    @contextlib.asynccontextmanager
    async def open(cls, base_url: str, headers: dict[str, str]) -> AsyncIterator["SseClient"]:
        async with (
            httpx.AsyncClient(base_url=base_url, timeout=RECEIVE_DEADLINE_S) as client,
            client.stream("GET", LIVE_EVENTS, headers=headers) as response,
        ):
            assert response.status_code == 200, await response.aread()
            yield cls(response, response.aiter_lines())

    async def _next(self) -> tuple[str, Any] | None:
        """The next event ``(name, data)`` or comment ``("", text)``; None at the stream's end."""
        name, data = "", None
        async with asyncio.timeout(RECEIVE_DEADLINE_S):
            async for line in self.lines:
                if line.startswith(":"):
                    return "", line[1:].strip()
                if line.startswith("event: "):
                    name = line.removeprefix("event: ")
                elif line.startswith("data: "):
                    data = json.loads(line.removeprefix("data: "))
                elif line == "" and name:
                    return name, data
        return None

    async def next_event(self) -> tuple[str, Any]:
        while True:
            item = await self._next()
            assert item is not None, "the stream ended"
            if item[0]:
                return item

    async def next_comment(self) -> str:
        while True:
            item = await self._next()
            assert item is not None, "the stream ended"
            if not item[0]:
                return str(item[1])

    async def at_end(self) -> bool:
        return await self._next() is None


class RedisRelay:
    """A TCP relay in front of Redis that a test can cut (every connection closed, new ones
    refused) and restore: Redis going away, as the gateway sees it."""

    def __init__(self, redis_url: str) -> None:
        parts = httpx.URL(redis_url)
        self._target = (parts.host, parts.port or 6379)
        self._db = parts.path
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._open = True
        self.port = 0

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}{self._db}"

    async def __aenter__(self) -> "RedisRelay":
        self._server = await asyncio.start_server(self._relay, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *_: object) -> None:
        self.cut()
        assert self._server is not None
        self._server.close()

    def cut(self) -> None:
        self._open = False
        for writer in list(self._writers):
            writer.transport.abort()

    def restore(self) -> None:
        self._open = True

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self._open:
            writer.transport.abort()
            return
        upstream_reader, upstream_writer = await asyncio.open_connection(*self._target)
        self._writers |= {writer, upstream_writer}

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            with contextlib.suppress(OSError):
                while chunk := await source.read(65536):
                    sink.write(chunk)
                    await sink.drain()
            sink.transport.abort()

        await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))
        self._writers -= {writer, upstream_writer}
