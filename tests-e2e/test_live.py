"""Live job progress through the gateway of the running stack (nginx in front of the gateway's
app): a real WebSocket client and an SSE client, each seeing only its own user's jobs; a logout
closes the streams of the token it revokes; once in headless Chromium, a page that opens the
WebSocket with the token in the subprotocol, as a browser app does.

``publish_update`` straight to the stack's Redis stands in for a worker.
"""

import asyncio
import contextlib
import json
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import sync_playwright
from redis.asyncio import Redis
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from cadence_gateway.policy import LIVE_EVENTS, LIVE_WEBSOCKET
from cadence_shared.live import JobUpdate, publish_update
from harness import Stack, User

BEARER_PROTOCOL = "cadence.bearer"
DEADLINE_S = 10.0
CHROMIUM = "/usr/bin/chromium"


def job(status: str = "processing", percent: int = 0, version: int = 1, **fields: Any) -> JobUpdate:
    values: dict[str, Any] = {
        "resource": "projects.file",
        "id": uuid.uuid4(),
        "status": status,
        "percent": percent,
        "stage": "reading",
        "version": version,
        "at": datetime.now(UTC),
        **fields,
    }
    return JobUpdate.model_validate(values)


def ws_url(stack: Stack) -> str:
    return stack.base_url.replace("http://", "ws://", 1) + LIVE_WEBSOCKET


@contextlib.asynccontextmanager
async def stack_redis(stack: Stack) -> AsyncIterator[Redis]:
    redis = Redis.from_url(stack.redis_url)
    try:
        yield redis
    finally:
        await redis.aclose()


def browser_socket(stack: Stack, user: User) -> connect:
    protocols = [Subprotocol(BEARER_PROTOCOL), Subprotocol(user.access_token)]
    return connect(ws_url(stack), subprotocols=protocols)


async def receive(websocket: ClientConnection) -> Any:
    """The next message that is not a heartbeat."""
    async with asyncio.timeout(DEADLINE_S):
        while True:
            message = json.loads(await websocket.recv())
            if message["type"] != "heartbeat":
                return message


async def sse_events(response: httpx.Response) -> AsyncIterator[tuple[str, Any]]:
    """``(event, data)`` per event; ``("", comment)`` per comment line."""
    name = ""
    async for line in response.aiter_lines():
        if line.startswith(":"):
            yield "", line[1:].strip()
        elif line.startswith("event: "):
            name = line.removeprefix("event: ")
        elif line.startswith("data: "):
            yield name, json.loads(line.removeprefix("data: "))


def sent(update: JobUpdate) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(update.model_dump_json())
    if body["error"] is None:
        del body["error"]
    return body


async def test_a_socket_and_an_sse_stream_follow_only_their_users_jobs(
    stack: Stack, new_user: Callable[..., User]
) -> None:
    owner, other = new_user(), new_user()
    async with stack_redis(stack) as redis:
        before = job("processing", 10)
        await publish_update(redis, owner.id, before)
        async with (
            browser_socket(stack, owner) as owners,
            browser_socket(stack, other) as others,
            httpx.AsyncClient(base_url=stack.base_url, timeout=DEADLINE_S) as client,
            client.stream("GET", LIVE_EVENTS, headers=owner.headers) as stream,
        ):
            assert owners.subprotocol == BEARER_PROTOCOL
            assert stream.status_code == 200
            assert stream.headers["content-type"].startswith("text/event-stream")
            events = sse_events(stream)
            assert await receive(owners) == {"type": "snapshot", "jobs": [sent(before)]}
            assert await receive(others) == {"type": "snapshot", "jobs": []}
            assert await anext(events) == ("snapshot", {"jobs": [sent(before)]})
            after = job("succeeded", 100, version=2, id=before.id, stage=None)
            await publish_update(redis, owner.id, after)
            assert await receive(owners) == {"type": "job", "job": sent(after)}
            assert await anext(events) == ("job", sent(after))
            # The other user's socket hears heartbeats only.
            async with asyncio.timeout(DEADLINE_S):
                assert json.loads(await others.recv()) == {"type": "heartbeat"}


async def test_a_heartbeat_crosses_the_gateway_on_an_idle_stream(
    stack: Stack, new_user: Callable[..., User]
) -> None:
    user = new_user()
    async with (
        httpx.AsyncClient(base_url=stack.base_url, timeout=DEADLINE_S) as client,
        client.stream("GET", LIVE_EVENTS, headers=user.headers) as stream,
    ):
        events = sse_events(stream)
        assert (await anext(events))[0] == "snapshot"
        async with asyncio.timeout(DEADLINE_S):
            assert await anext(events) == ("", "heartbeat")


async def test_logging_out_closes_the_tokens_live_streams(
    stack: Stack, new_user: Callable[..., User]
) -> None:
    user = new_user()
    async with (
        browser_socket(stack, user) as websocket,
        httpx.AsyncClient(base_url=stack.base_url, timeout=DEADLINE_S) as client,
    ):
        await receive(websocket)
        logout = await client.post("/api/v1/auth/logout", headers=user.headers)
        assert logout.status_code == 204, logout.text
        end = await receive(websocket)
        assert (end["type"], end["reason"]) == ("end", "token_revoked")
        with pytest.raises(ConnectionClosed) as closed:
            await receive(websocket)
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == 4401
        # Reconnecting with the revoked token is refused up front.
        refused = await client.get(LIVE_EVENTS, headers=user.headers)
    assert refused.status_code == 401
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "unauthorized"


def test_a_body_over_the_routes_limit_is_the_gateways_413(
    api: httpx.Client, new_user: Callable[..., User]
) -> None:
    user = new_user()
    response = api.post(
        "/api/v1/tasks",
        content=b"x" * (2 * 1024 * 1024),
        headers={**user.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert (problem["code"], problem["type"]) == (
        "payload_too_large",
        "/problems/payload_too_large",
    )
    assert problem["detail"] == "The request body is larger than this route accepts."


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


PAGE_SCRIPT = """([url, token]) => new Promise((resolve, reject) => {
    const socket = new WebSocket(url, ["cadence.bearer", token]);
    window.liveMessages = [];
    socket.onmessage = (event) => window.liveMessages.push(JSON.parse(event.data));
    socket.onopen = () => resolve(socket.protocol);
    socket.onerror = () => reject(new Error("the socket failed"));
})"""


def test_a_browser_page_follows_its_jobs_over_a_websocket(
    chromium: Any, stack: Stack, new_user: Callable[..., User]
) -> None:
    user = new_user()
    page = chromium.new_page()
    try:
        page.goto(stack.base_url + "/health")
        gateway = urlsplit(stack.base_url)
        url = f"ws://{gateway.netloc}{LIVE_WEBSOCKET}"
        assert page.evaluate(PAGE_SCRIPT, [url, user.access_token]) == BEARER_PROTOCOL
        page.wait_for_function("window.liveMessages.some(m => m.type === 'snapshot')")
        update = job("processing", 55, stage="tracing")
        # Playwright's sync API runs an event loop of its own on this thread: publish from another.
        with ThreadPoolExecutor(1) as thread:
            thread.submit(asyncio.run, _publish(stack, user, update)).result()
        page.wait_for_function(
            "id => window.liveMessages.some(m => m.type === 'job' && m.job.id === id)",
            arg=str(update.id),
            timeout=DEADLINE_S * 1000,
        )
        messages = page.evaluate("window.liveMessages")
        assert messages[0] == {"type": "snapshot", "jobs": []}
        assert {"type": "job", "job": sent(update)} in messages
    finally:
        page.close()


async def _publish(stack: Stack, user: User, update: JobUpdate) -> None:
    async with stack_redis(stack) as redis:
        await publish_update(redis, user.id, update)
