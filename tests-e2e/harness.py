"""What the e2e tests share besides fixtures: the running stack and the users signed up on it."""

import asyncio
import itertools
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import connect

from cadence_gateway.routes import RouteTable

_addresses = (
    f"127.0.{high}.{low}" for high, low in itertools.product(range(1, 250), range(1, 250))
)


def next_client_address() -> str:
    """A loopback address no other client of this run has used."""
    return next(_addresses)


def a_run() -> dict[str, Any]:
    """A 30-minute run upload (a new id each call) playing one track by its Apple Music id."""
    return {
        "id": str(uuid.uuid4()),
        "started_at": "2026-05-04T07:00:00Z",
        "ended_at": "2026-05-04T07:30:00Z",
        "distance_m": 5000.0,
        "avg_hr": 150.0,
        "calories": 350.0,
        "segments": [
            {
                "apple_music_id": "am-e2e",
                "started_at": "2026-05-04T07:00:00Z",
                "ended_at": "2026-05-04T07:04:00Z",
                "avg_cadence": 170.0,
            },
        ],
    }


def wait_until(check: Callable[[], Any], *, seconds: float = 20, what: str) -> Any:
    """Polls ``check`` until it returns something true (and returns that), or fails after
    ``seconds`` naming ``what`` was awaited."""
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result:
            return result
        assert time.monotonic() < deadline, f"not within {seconds} s: {what}"
        time.sleep(0.2)


@dataclass
class Stack:
    base_url: str
    table: RouteTable
    log_file: Path
    database_url: str
    redis_url: str
    env: dict[str, str] = field(default_factory=dict)

    def client(self, address: str = "127.0.0.1", **options: object) -> httpx.Client:
        transport = httpx.HTTPTransport(local_address=address)
        return httpx.Client(base_url=self.base_url, transport=transport, timeout=10.0, **options)  # type: ignore[arg-type]

    def service_url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.table.services[service].port}"

    def log_lines(self, process: str) -> list[str]:
        """The JSON log lines of one process: its own file beside the stack log."""
        path = self.log_file.parent / f"{process}.1.log"
        return path.read_text(errors="replace").splitlines() if path.exists() else []


@dataclass
class User:
    id: uuid.UUID
    email: str
    password: str
    access_token: str
    refresh_token: str
    address: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


LIVE_WEBSOCKET = "/api/v1/live/ws"


async def follow_until_done(
    stack: Stack, user: User, start: Callable[[], str], *, seconds: float = 60
) -> list[Any]:
    """Opens the live WebSocket, then calls ``start`` (an upload, in a thread) for the id of
    the resource it queued; that resource's job updates, in order, until its job ended."""
    url = stack.base_url.replace("http://", "ws://", 1) + LIVE_WEBSOCKET
    updates: list[Any] = []
    async with connect(url, additional_headers=user.headers) as socket:
        first = json.loads(await socket.recv())
        assert first["type"] == "snapshot"
        resource_id = await asyncio.to_thread(start)
        async with asyncio.timeout(seconds):
            while not updates or updates[-1]["status"] not in ("succeeded", "failed"):
                message = json.loads(await socket.recv())
                if message["type"] == "job" and message["job"]["id"] == resource_id:
                    updates.append(message["job"])
    return updates
