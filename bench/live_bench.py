"""Live job progress fan-out through the gateway: update published -> client received, p50/p99.

Run by `make bench` (bench/run.py starts the stack); needs CADENCE_BENCH_BASE_URL. A worker is
stood in for by ``publish_update`` straight to the stack's Redis; the subscribers are WebSocket
and SSE clients through nginx to the gateway's live process. Two shapes, 100 subscribers each:
one user followed from 100 connections (every update fans out to all of them), and 100 users
with one connection each (half WebSocket, half SSE), each user's updates reaching only its own.
Publisher and subscribers share this one process and its event loop, so the figures include the
clients' own share of the 2 cores.
"""

import asyncio
import contextlib
import functools
import itertools
import json
import os
import statistics
import time
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import httpx
from redis.asyncio import Redis
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

from benchlib import metric, write_results
from cadence_gateway.policy import LIVE_EVENTS, LIVE_WEBSOCKET
from cadence_shared.live import JobUpdate, publish_update

BASE_URL = os.environ.get("CADENCE_BENCH_BASE_URL", "http://127.0.0.1:8000")
REDIS_URL = os.environ.get("CADENCE_REDIS_URL", "redis://127.0.0.1:6379/0")
PASSWORD = "benchmark password 1"
SUBSCRIBERS = 100
FAN_OUT_UPDATES = 100  # to one user with 100 connections: 10,000 deliveries
FAN_OUT_RATE = 10.0  # updates per second
SPREAD_ROUNDS = 20  # one update per user per round, to 100 users: 2,000 deliveries
SPREAD_RATE = 200.0  # updates per second over all users
DELIVERY_DEADLINE_S = 30.0

# Every user signs up from a loopback address of its own, as the e2e harness does: the auth
# service limits sign-ups per client address.
_addresses = (
    f"127.0.{high}.{low}" for high, low in itertools.product(range(200, 250), range(1, 250))
)


def sign_up() -> tuple[uuid.UUID, str]:
    transport = httpx.HTTPTransport(local_address=next(_addresses))
    with httpx.Client(base_url=BASE_URL, transport=transport, timeout=30) as client:
        email = f"bench-live-{uuid.uuid4().hex[:10]}@example.com"
        registered = client.post(
            "/api/v1/auth/register", json={"email": email, "password": PASSWORD}
        )
        registered.raise_for_status()
        login = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
        login.raise_for_status()
        return uuid.UUID(registered.json()["id"]), login.json()["access_token"]


class Deliveries:
    """When each update was published, and how long each subscriber took to get it."""

    def __init__(self) -> None:
        self.published: dict[str, float] = {}
        self.latencies: dict[str, list[float]] = {"websocket": [], "sse": []}
        self.received = 0
        self.expected = 1 << 62  # set by wait_for once everything is published
        self.all_in = asyncio.Event()

    def arrived(self, transport: str, job: dict[str, Any]) -> None:
        key = f"{job['id']}:{job['version']}"
        self.latencies[transport].append(time.perf_counter() - self.published[key])
        self.received += 1
        if self.received >= self.expected:
            self.all_in.set()


async def follow_websocket(token: str, deliveries: Deliveries, ready: asyncio.Event) -> None:
    url = BASE_URL.replace("http://", "ws://", 1) + LIVE_WEBSOCKET
    protocols = [Subprotocol("cadence.bearer"), Subprotocol(token)]
    async with connect(url, subprotocols=protocols, max_queue=None) as websocket:
        await _read_websocket(websocket, deliveries, ready)


async def _read_websocket(
    websocket: ClientConnection, deliveries: Deliveries, ready: asyncio.Event
) -> None:
    async for raw in websocket:
        message = json.loads(raw)
        if message["type"] == "snapshot":
            ready.set()
        elif message["type"] == "job":
            deliveries.arrived("websocket", message["job"])


async def follow_sse(token: str, deliveries: Deliveries, ready: asyncio.Event) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    async with (
        httpx.AsyncClient(base_url=BASE_URL, timeout=None) as client,
        client.stream("GET", LIVE_EVENTS, headers=headers) as response,
    ):
        response.raise_for_status()
        event = ""
        async for line in response.aiter_lines():
            if line.startswith("event: "):
                event = line.removeprefix("event: ")
            elif line.startswith("data: ") and event == "snapshot":
                ready.set()
            elif line.startswith("data: ") and event == "job":
                deliveries.arrived("sse", json.loads(line.removeprefix("data: ")))


@contextlib.asynccontextmanager
async def subscribed(
    followers: Sequence[Callable[[asyncio.Event], Any]],
) -> AsyncIterator[None]:
    """Every follower connected and past its snapshot; cancelled on the way out."""
    readies = [asyncio.Event() for _ in followers]
    tasks = [
        asyncio.create_task(follow(ready)) for follow, ready in zip(followers, readies, strict=True)
    ]
    try:
        async with asyncio.timeout(DELIVERY_DEADLINE_S):
            await asyncio.gather(*(ready.wait() for ready in readies))
        yield
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def publish_paced(
    redis: Redis, targets: list[uuid.UUID], rate: float, deliveries: Deliveries
) -> None:
    """One update per target, ``rate`` per second, recording each one's publish time."""
    job_ids = {user: uuid.uuid4() for user in set(targets)}
    versions = dict.fromkeys(job_ids, 0)
    start = time.perf_counter()
    for index, user in enumerate(targets):
        delay = start + index / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        versions[user] += 1
        update = JobUpdate(
            resource="bench.job", id=job_ids[user], status="processing",
            percent=min(99, versions[user]), stage="working", version=versions[user],
            at=datetime.now(UTC),
        )  # fmt: skip
        deliveries.published[f"{update.id}:{update.version}"] = time.perf_counter()
        await publish_update(redis, user, update)


async def wait_for(deliveries: Deliveries, expected: int) -> None:
    deliveries.expected = expected
    if deliveries.received >= expected:
        return
    async with asyncio.timeout(DELIVERY_DEADLINE_S):
        await deliveries.all_in.wait()


def percentiles(samples: list[float], prefix: str) -> list[dict[str, Any]]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return [
        metric(f"{prefix}_p50", statistics.median(ordered) * 1000, "ms"),
        metric(f"{prefix}_p99", p99 * 1000, "ms"),
        metric(f"{prefix}_samples", len(ordered), "deliveries"),
    ]


async def fan_out(redis: Redis, user: uuid.UUID, token: str) -> list[dict[str, Any]]:
    deliveries = Deliveries()
    followers = [functools.partial(follow_websocket, token, deliveries)] * SUBSCRIBERS
    async with subscribed(followers):
        targets = [user] * FAN_OUT_UPDATES
        await publish_paced(redis, targets, FAN_OUT_RATE, deliveries)
        await wait_for(deliveries, FAN_OUT_UPDATES * SUBSCRIBERS)
    return percentiles(deliveries.latencies["websocket"], "one_user_100_sockets_latency")


async def spread(redis: Redis, users: list[tuple[uuid.UUID, str]]) -> list[dict[str, Any]]:
    deliveries = Deliveries()
    followers = [
        functools.partial(follow_websocket if index % 2 == 0 else follow_sse, token, deliveries)
        for index, (_, token) in enumerate(users)
    ]
    async with subscribed(followers):
        targets = [user for _ in range(SPREAD_ROUNDS) for user, _ in users]
        await publish_paced(redis, targets, SPREAD_RATE, deliveries)
        await wait_for(deliveries, len(targets))
    return [
        *percentiles(deliveries.latencies["websocket"], "100_users_websocket_latency"),
        *percentiles(deliveries.latencies["sse"], "100_users_sse_latency"),
    ]


async def run() -> list[dict[str, Any]]:
    users = await asyncio.gather(*(asyncio.to_thread(sign_up) for _ in range(SUBSCRIBERS)))
    redis = Redis.from_url(REDIS_URL)
    try:
        results = await fan_out(redis, *users[0])
        results += await spread(redis, list(users))
    finally:
        await redis.aclose()
    return results


NOTES = (
    "Through nginx to the gateway's live process (uvicorn, one worker) on the same 2 cores as "
    "Redis, the services and this client. One user, 100 WebSocket connections: 100 updates at "
    f"{FAN_OUT_RATE:g}/s, each delivered to all 100 (one Redis message, fanned out by the "
    "gateway's hub). 100 users, one connection each (50 WebSocket, 50 SSE): "
    f"{SPREAD_ROUNDS} updates per user at {SPREAD_RATE:g} updates/s in all. Latency: "
    "publish_update called -> the client parsed the message, one clock."
)


def main() -> None:
    results = asyncio.run(run())
    path = write_results("live", results, NOTES)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
