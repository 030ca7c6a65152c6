"""Live job progress fan-out through the gateway: update published -> client received, p50/p99.

Run by `make bench`. No service is on this path, so the benchmark starts the gateway's part of it
on ports of its own: nginx with the rendered config and the live process (the gateway's app under
uvicorn, as the Procfile runs it), verifying tokens from a test issuer's JWKS. A worker is stood
in for by ``publish_update`` straight to Redis; the subscribers are WebSocket and SSE clients
through nginx. Two shapes, 100 subscribers each:
one user followed from 100 connections (every update fans out to all of them), and 100 users
with one connection each (half WebSocket, half SSE), each user's updates reaching only its own.
Publisher and subscribers share this one process and its event loop, so the figures include the
clients' own share of the 2 cores.
"""

import asyncio
import contextlib
import functools
import json
import os
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from redis.asyncio import Redis
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

from benchlib import metric, write_results
from cadence_gateway.nginx import NGINX_CONF, NGINX_PREFIX, RUNTIME_INCLUDE_DIR, render_nginx
from cadence_gateway.policy import LIVE_EVENTS, LIVE_WEBSOCKET
from cadence_gateway.procfile import live_command
from cadence_gateway.routes import load_route_table
from cadence_gateway.runtime import write_runtime_config
from cadence_gateway.settings import Settings
from cadence_shared.live import JobUpdate, publish_update, snapshot_key_of
from cadence_shared.testing.tokens import TestIssuer

REDIS_URL = os.environ.get("CADENCE_REDIS_URL", "redis://127.0.0.1:6379/0")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
START_DEADLINE_S = 30.0
SUBSCRIBERS = 100
FAN_OUT_UPDATES = 100  # to one user with 100 connections: 10,000 deliveries
FAN_OUT_RATE = 10.0  # updates per second
SPREAD_ROUNDS = 20  # one update per user per round, to 100 users: 2,000 deliveries
SPREAD_RATE = 200.0  # updates per second over all users
DELIVERY_DEADLINE_S = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    give_up = time.monotonic() + START_DEADLINE_S
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > give_up:
            raise RuntimeError(f"{url} did not answer within {START_DEADLINE_S} s")
        time.sleep(0.1)


def nginx_site(root: Path, listen: int, live: int) -> list[str]:
    """The rendered config under ``root`` as the local stack lays it out, listening on
    ``listen`` with the live process on ``live``; the nginx command that runs it."""
    table = load_route_table()
    conf = render_nginx(table)
    conf = conf.replace(f"listen 127.0.0.1:{table.gateway.port};", f"listen 127.0.0.1:{listen};")
    conf = conf.replace(f"server 127.0.0.1:{table.gateway.live_port};", f"server 127.0.0.1:{live};")
    path = root / NGINX_CONF
    path.parent.mkdir(parents=True)
    path.write_text(conf)
    prefix = root / NGINX_PREFIX
    for directory in ("logs", "tmp"):
        (prefix / directory).mkdir(parents=True)
    write_runtime_config(Settings(rate_limit_exempt="127.0.0.1"), root / RUNTIME_INCLUDE_DIR)
    return [NGINX, "-p", str(prefix), "-c", str(path), "-e", "stderr", "-g", "daemon off;"]


@contextlib.contextmanager
def gateway(issuer: TestIssuer) -> Iterator[str]:
    """nginx and the live process on free ports; yields the gateway's base URL."""
    listen, live = free_port(), free_port()
    command = [*shlex.split(live_command("127.0.0.1", live)), "--log-level", "warning"]
    env = {
        **os.environ,
        "GATEWAY_JWKS_URL": issuer.jwks_url,
        "GATEWAY_JWT_ISSUER": issuer.issuer,
        "GATEWAY_JWT_AUDIENCE": issuer.audience,
        "GATEWAY_REDIS_URL": REDIS_URL,
    }
    with tempfile.TemporaryDirectory() as root:
        server = subprocess.Popen([sys.executable, "-m", *command], env=env)
        nginx = subprocess.Popen(nginx_site(Path(root), listen, live))
        try:
            wait_until_up(f"http://127.0.0.1:{live}/health", server)
            wait_until_up(f"http://127.0.0.1:{listen}/health", nginx)
            yield f"http://127.0.0.1:{listen}"
        finally:
            for process in (nginx, server):
                process.terminate()
                process.wait(timeout=10)


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


async def follow_websocket(
    base_url: str, token: str, deliveries: Deliveries, ready: asyncio.Event
) -> None:
    url = base_url.replace("http://", "ws://", 1) + LIVE_WEBSOCKET
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


async def follow_sse(
    base_url: str, token: str, deliveries: Deliveries, ready: asyncio.Event
) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    async with (
        httpx.AsyncClient(base_url=base_url, timeout=None) as client,
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


async def fan_out(base_url: str, redis: Redis, user: uuid.UUID, token: str) -> list[dict[str, Any]]:
    deliveries = Deliveries()
    followers = [functools.partial(follow_websocket, base_url, token, deliveries)] * SUBSCRIBERS
    async with subscribed(followers):
        targets = [user] * FAN_OUT_UPDATES
        await publish_paced(redis, targets, FAN_OUT_RATE, deliveries)
        await wait_for(deliveries, FAN_OUT_UPDATES * SUBSCRIBERS)
    return percentiles(deliveries.latencies["websocket"], "one_user_100_sockets_latency")


async def spread(
    base_url: str, redis: Redis, users: list[tuple[uuid.UUID, str]]
) -> list[dict[str, Any]]:
    deliveries = Deliveries()
    followers = [
        functools.partial(
            follow_websocket if index % 2 == 0 else follow_sse, base_url, token, deliveries
        )
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


async def run(base_url: str, issuer: TestIssuer) -> list[dict[str, Any]]:
    ids = [uuid.uuid4() for _ in range(SUBSCRIBERS)]
    users = [(user_id, issuer.mint(user_id)) for user_id in ids]
    redis = Redis.from_url(REDIS_URL)
    try:
        results = await fan_out(base_url, redis, *users[0])
        results += await spread(base_url, redis, users)
    finally:
        await redis.delete(*(snapshot_key_of(user_id) for user_id in ids))
        await redis.aclose()
    return results


NOTES = (
    "Through nginx (the rendered config) to the gateway's live process (uvicorn, one worker), "
    "on the same 2 cores as Redis and this client. One user, 100 WebSocket connections: 100 updates at "
    f"{FAN_OUT_RATE:g}/s, each delivered to all 100 (one Redis message, fanned out by the "
    "gateway's hub). 100 users, one connection each (50 WebSocket, 50 SSE): "
    f"{SPREAD_ROUNDS} updates per user at {SPREAD_RATE:g} updates/s in all. Latency: "
    "publish_update called -> the client parsed the message, one clock. No service is on the "
    "path: the benchmark starts nginx and the live process on ports of its own, with tokens "
    "from a test issuer. An update to one user followed from 100 sockets is one Redis message "
    "and 100 sends from the hub's process, the last of which the p99 shows; spread over 100 "
    "users, an update reaches its one subscriber in about a millisecond, WebSocket and SSE alike."
)


def main() -> None:
    issuer = TestIssuer()
    issuer.serve_jwks()
    try:
        with gateway(issuer) as base_url:
            results = asyncio.run(run(base_url, issuer))
    finally:
        issuer.close()
    load = os.getloadavg()[0]
    path = write_results("live", results, f"{NOTES} Load average {load:.1f} at the end of the run.")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
