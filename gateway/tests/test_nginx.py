"""The rendered nginx config run by a real nginx, laid out as the local stack lays it out.

With every process behind it down (services and authorizer), the gateway must still answer at
once with a 5xx problem+json, never hang and never send nginx's own HTML error page. The local
stack cannot show this: honcho stops every process when one of them exits.
"""

import json
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import httpx
import pytest

from cadence_gateway.nginx import NGINX_CONF, NGINX_PREFIX, RUNTIME_INCLUDE_DIR, render_nginx
from cadence_gateway.render import REPO_ROOT
from cadence_gateway.routes import MIB, RouteTable, load_route_table
from cadence_gateway.runtime import write_runtime_config
from cadence_gateway.settings import Settings
from cadence_shared.settings import LOCAL_GATEWAY_ADDRESS

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PROBLEM = "application/problem+json"
START_DEADLINE_S = 5.0
# Every upstream refuses connections, so an answer takes milliseconds; a hang hits this.
ANSWER_DEADLINE_S = 1.0
BEARER = {"Authorization": "Bearer a.b.c"}
LOGIN = {"email": "runner@example.com", "password": "correct horse battery staple"}


@dataclass
class NginxSite:
    prefix: Path
    conf: Path

    def command(self, *args: str) -> list[str]:
        return [NGINX, "-p", str(self.prefix), "-c", str(self.conf), "-e", "stderr", *args]


@pytest.fixture
def nginx_site(tmp_path: Path) -> NginxSite:
    """The repo's rendered config at the same place relative to the runner's `.run/nginx`
    prefix, so its relative includes resolve as they do in the local stack."""
    conf = tmp_path / NGINX_CONF
    conf.parent.mkdir(parents=True)
    conf.write_text((REPO_ROOT / NGINX_CONF).read_text())
    prefix = tmp_path / NGINX_PREFIX
    for directory in ("logs", "tmp"):
        (prefix / directory).mkdir(parents=True)
    write_runtime_config(
        Settings(rate_limit_exempt="127.0.0.1, 10.0.0.0/8"), tmp_path / RUNTIME_INCLUDE_DIR
    )
    return NginxSite(prefix, conf)


def test_nginx_accepts_the_config(nginx_site: NginxSite) -> None:
    result = subprocess.run(nginx_site.command("-t"), capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def dead_ports(table: RouteTable) -> Iterator[list[int]]:
    """One port per upstream that refuses connections while the test runs: bound, not listening
    (the table's own ports may be in use by a developer's running stack)."""
    sockets = [socket.socket() for _ in range(len(table.services) + 2)]
    try:
        for dead in sockets:
            dead.bind(("127.0.0.1", 0))
        yield [dead.getsockname()[1] for dead in sockets]
    finally:
        for dead in sockets:
            dead.close()


@pytest.fixture
def table() -> RouteTable:
    return load_route_table()


def moved_to(conf: str, table: RouteTable, listen: int, upstreams: list[int]) -> str:
    """The config with the gateway on ``listen`` and its upstreams (services, then the
    authorizer and the live process) on the given ports; every address must appear exactly once."""
    old_upstreams = [service.port for service in table.services.values()]
    old_upstreams += [table.gateway.authorizer_port, table.gateway.live_port]
    replacements = {f"listen 127.0.0.1:{table.gateway.port};": f"listen 127.0.0.1:{listen};"}
    for old_port, new_port in zip(old_upstreams, upstreams, strict=True):
        replacements[f"server 127.0.0.1:{old_port};"] = f"server 127.0.0.1:{new_port};"
    for old, new in replacements.items():
        assert conf.count(old) == 1, f"{old!r} is not in the rendered config exactly once"
        conf = conf.replace(old, new)
    return conf


@contextmanager
def running_nginx(
    site: NginxSite, table: RouteTable, upstreams: list[int]
) -> Iterator[httpx.Client]:
    """A client of nginx running the rendered config with its upstreams on ``upstreams``."""
    port = free_port()
    site.conf.write_text(moved_to(site.conf.read_text(), table, port, upstreams))
    error_log = site.prefix / "logs" / "stderr.log"
    with error_log.open("wb") as stderr:
        nginx = subprocess.Popen(site.command("-g", "daemon off;"), stderr=stderr)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=ANSWER_DEADLINE_S) as client:
            give_up = time.monotonic() + START_DEADLINE_S
            while True:
                assert nginx.poll() is None, f"nginx exited: {error_log.read_text()}"
                try:
                    client.get("/health")
                    break
                except httpx.TransportError:
                    assert time.monotonic() < give_up, f"nginx not up: {error_log.read_text()}"
                    time.sleep(0.02)
            yield client
    finally:
        nginx.terminate()
        nginx.wait(timeout=5)


@pytest.fixture
def gateway_alone(
    nginx_site: NginxSite, table: RouteTable, dead_ports: list[int]
) -> Iterator[httpx.Client]:
    """A client of nginx running the rendered config with nothing behind it."""
    with running_nginx(nginx_site, table, dead_ports) as client:
        yield client


class _Echo(BaseHTTPRequestHandler):
    """Every upstream at once: /verify accepts any bearer token and refuses a request without
    one, every other request is answered with what arrived, so a test sees what nginx passed on
    (and where to)."""

    verify_traceparents: ClassVar[list[str | None]] = []  # what each /verify received

    def do_GET(self) -> None:
        if self.path == "/verify":
            self.verify_traceparents.append(self.headers.get("traceparent"))
            self.send_response(200 if self.headers.get("authorization") else 401)
            self.send_header("content-length", "0")
            self.end_headers()
            return
        body = json.dumps(
            {
                "method": self.command,
                "path": self.path,
                "peer": self.client_address[0],
                "headers": {name.lower(): value for name, value in self.headers.items()},
            }
        ).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def echo_port() -> Iterator[int]:
    echo = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    thread = threading.Thread(target=echo.serve_forever, daemon=True)
    thread.start()
    try:
        yield echo.server_address[1]
    finally:
        echo.shutdown()
        echo.server_close()


@pytest.fixture
def gateway_with_echo(
    nginx_site: NginxSite, table: RouteTable, echo_port: int
) -> Iterator[httpx.Client]:
    """A client of nginx running the rendered config with the echo behind every upstream."""
    with running_nginx(nginx_site, table, [echo_port] * (len(table.services) + 2)) as client:
        yield client


@pytest.fixture
def rate_limited_gateway(
    nginx_site: NginxSite, table: RouteTable, echo_port: int, tmp_path: Path
) -> Iterator[httpx.Client]:
    """As ``gateway_with_echo``, with no address exempt from the rate limits."""
    write_runtime_config(Settings(rate_limit_exempt=""), tmp_path / RUNTIME_INCLUDE_DIR)
    with running_nginx(nginx_site, table, [echo_port] * (len(table.services) + 2)) as client:
        yield client


def test_the_gateway_answers_its_own_health(gateway_alone: httpx.Client) -> None:
    health = gateway_alone.get("/health")
    assert health.status_code == 200
    assert health.json() == {"status": "ok"}


@pytest.mark.parametrize(
    ("method", "path", "headers", "status"),
    [
        # The service is down: 502.
        pytest.param("POST", "/api/v1/auth/login", {}, 502, id="public-route"),
        pytest.param("GET", "/health/tasks", {}, 502, id="service-readiness"),
        # The authorizer is down too, so no token can be checked: 503.
        pytest.param("GET", "/api/v1/tasks", BEARER, 503, id="protected-route"),
        pytest.param("GET", "/api/v1/runs", {}, 503, id="protected-route-without-token"),
    ],
)
def test_a_route_with_nothing_behind_it_answers_a_problem_at_once(
    gateway_alone: httpx.Client, method: str, path: str, headers: dict[str, str], status: int
) -> None:
    body = LOGIN if method == "POST" else None
    started = time.monotonic()
    response = gateway_alone.request(method, path, headers=headers, json=body)
    assert time.monotonic() - started < ANSWER_DEADLINE_S
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == status
    assert problem["title"] == HTTPStatus(status).phrase
    assert problem["detail"]
    assert response.headers["x-request-id"]


SPOOFED_IDENTITY = {"X-User-Id": "00000000-0000-0000-0000-000000000001", "X-User-Roles": "admin"}


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        pytest.param("/api/v1/auth/login", SPOOFED_IDENTITY, id="public-route"),
        pytest.param("/api/v1/tasks", {**BEARER, **SPOOFED_IDENTITY}, id="protected-route"),
    ],
)
def test_identity_headers_from_a_client_never_reach_a_service(
    gateway_with_echo: httpx.Client, path: str, headers: dict[str, str]
) -> None:
    response = gateway_with_echo.get(path, headers=headers)
    assert response.status_code == 200, response.text
    arrived = response.json()
    assert arrived["path"] == path
    assert "x-user-id" not in arrived["headers"]
    assert "x-user-roles" not in arrived["headers"]
    # What the gateway does pass on: the request id and the client's address.
    assert arrived["headers"]["x-request-id"] == response.headers["x-request-id"]
    assert arrived["headers"]["x-forwarded-for"] == "127.0.0.1"


def test_a_clients_traceparent_reaches_the_authorizer_and_the_service(
    gateway_with_echo: httpx.Client,
) -> None:
    traceparent = f"00-{'ab' * 16}-{'cd' * 8}-01"
    _Echo.verify_traceparents.clear()
    response = gateway_with_echo.get(
        "/api/v1/tasks", headers={"traceparent": traceparent, "Authorization": "Bearer t"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["headers"]["traceparent"] == traceparent
    assert _Echo.verify_traceparents == [traceparent]


def test_services_see_the_gateway_from_its_own_address_and_the_real_client(
    gateway_with_echo: httpx.Client,
) -> None:
    # Services trust X-Forwarded-For from LOCAL_GATEWAY_ADDRESS only; a direct caller on
    # 127.0.0.1 is not the gateway, and a client's forged header is replaced at the edge.
    response = gateway_with_echo.get(
        "/api/v1/auth/login", headers={"X-Forwarded-For": "203.0.113.9"}
    )

    arrived = response.json()
    assert arrived["peer"] == LOCAL_GATEWAY_ADDRESS == "127.0.0.2"
    assert arrived["headers"]["x-forwarded-for"] == "127.0.0.1"


@pytest.mark.parametrize("path", ["/problems", "/problems/task_not_found", "/docs"])
def test_the_gateway_pages_go_to_the_authorizer(gateway_with_echo: httpx.Client, path: str) -> None:
    # The echo answers for every upstream: the path shows nginx passed the page on unchanged,
    # and no route's token check stood in the way.
    response = gateway_with_echo.get(path)
    assert response.status_code == 200, response.text
    assert response.json()["path"] == path


def assert_gateway_problem(response: httpx.Response, status: int, code: str) -> None:
    """A problem+json the gateway made itself, typed with the code its catalog page describes."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == status
    assert problem["code"] == code
    assert problem["type"] == f"/problems/{code}"
    assert problem["detail"]
    assert response.headers["x-request-id"]


def test_the_gateways_own_401_and_404_carry_their_code(gateway_with_echo: httpx.Client) -> None:
    unauthorized = gateway_with_echo.get("/api/v1/tasks")
    assert_gateway_problem(unauthorized, 401, "unauthorized")
    assert_gateway_problem(gateway_with_echo.get("/api/v9/nothing"), 404, "not_found")


def test_a_body_over_the_routes_limit_is_a_413_with_its_code(
    gateway_with_echo: httpx.Client,
) -> None:
    too_large = gateway_with_echo.post("/api/v1/auth/login", content=b"x" * (MIB + 1))
    assert_gateway_problem(too_large, 413, "payload_too_large")


def test_a_client_over_the_rate_limit_gets_a_429_with_its_code(
    rate_limited_gateway: httpx.Client,
) -> None:
    # /api/v1/auth/password/forgot: 1 request/s with a burst of 5.
    responses = [rate_limited_gateway.get("/api/v1/auth/password/forgot") for _ in range(10)]
    assert [r.status_code for r in responses[:6]] == [200] * 6
    limited = next(r for r in responses if r.status_code != 200)
    assert_gateway_problem(limited, 429, "rate_limited")
    assert limited.headers["retry-after"] == "1"


class StreamingUpstream:
    """Every upstream at once, reading a request's body as it arrives: ``received`` grows while
    the client is still sending, ``requests`` counts what reached it at all and ``cut_off`` the
    requests whose body ended early. It answers once the whole body has arrived (its declared
    length, or a chunked body's last chunk), with the number of bytes it read."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.server.getsockname()[1]
        self.received = 0
        self.requests = 0
        self.cut_off = 0
        self.first_bytes = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        with connection, connection.makefile("rb") as stream:
            head = b""
            while not head.endswith(b"\r\n\r\n"):
                line = stream.readline()
                if not line:
                    return
                head += line
            self.requests += 1
            fields = dict(
                line.split(": ", 1) for line in head.decode().split("\r\n")[1:] if ": " in line
            )
            length = int(fields.get("Content-Length") or 0)
            chunked = fields.get("Transfer-Encoding") == "chunked"
            tail = b""
            while self.received < length or (chunked and not tail.endswith(b"\r\n0\r\n\r\n")):
                chunk = stream.read1(64 * 1024)
                if not chunk:
                    self.cut_off += 1
                    return
                self.received += len(chunk)
                tail = (tail + chunk)[-7:]
                self.first_bytes.set()
            body = json.dumps({"received": self.received}).encode()
            connection.sendall(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                + f"content-length: {len(body)}\r\nconnection: close\r\n\r\n".encode()
                + body
            )

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def upload_gateway(
    nginx_site: NginxSite, worker_table: Callable[..., RouteTable]
) -> Iterator[tuple[httpx.Client, StreamingUpstream]]:
    """nginx running the config of a table with an upload route (100 MiB, streamed) in front of
    the streaming upstream; the authorizer's /verify is the same upstream (an empty 200)."""
    table = worker_table()
    nginx_site.conf.write_text(render_nginx(table))
    upstream = StreamingUpstream()
    try:
        with running_nginx(
            nginx_site, table, [upstream.port] * (len(table.services) + 2)
        ) as client:
            yield client, upstream
    finally:
        upstream.close()


def test_an_upload_streams_to_the_service_while_the_client_still_sends(
    upload_gateway: tuple[httpx.Client, StreamingUpstream],
) -> None:
    client, upstream = upload_gateway
    first, rest = b"a" * MIB, b"b" * (8 * MIB)
    arrived_early: list[bool] = []

    def body() -> Iterator[bytes]:
        yield first
        # nginx spooling the body would send nothing upstream before the last byte arrives.
        arrived_early.append(upstream.first_bytes.wait(timeout=5.0))
        yield rest

    response = client.post(
        "/api/v1/samples",
        content=body(),
        headers={"Content-Length": str(len(first) + len(rest)), **BEARER},
        timeout=10.0,
    )
    assert arrived_early == [True]
    assert response.status_code == 200, response.text
    assert response.json() == {"received": len(first) + len(rest)}


@pytest.mark.parametrize(
    ("path", "size"),
    [
        pytest.param("/api/v1/tasks", 2 * MIB, id="1-MiB-route"),
        pytest.param("/api/v1/samples", 100 * MIB + 1, id="upload-route"),
    ],
)
def test_an_oversize_body_is_a_413_and_never_reaches_the_service(
    upload_gateway: tuple[httpx.Client, StreamingUpstream], path: str, size: int
) -> None:
    client, upstream = upload_gateway

    def body() -> Iterator[bytes]:
        for offset in range(0, size, MIB):
            yield b"x" * min(MIB, size - offset)

    response = client.post(
        path, content=body(), headers={"Content-Length": str(size), **BEARER}, timeout=10.0
    )
    assert_gateway_problem(response, 413, "payload_too_large")
    # The declared length is refused before the token check: nothing reached any upstream.
    assert (upstream.requests, upstream.received) == (0, 0)


def test_an_upload_without_a_declared_length_is_cut_off_at_the_limit(
    upload_gateway: tuple[httpx.Client, StreamingUpstream],
) -> None:
    """A chunked body has no length to refuse up front: it streams until it crosses the limit,
    then nginx answers 413 and cuts the service's request off (an incomplete body, which the
    service's upload reader treats as a failed upload: no resource is recorded)."""
    client, upstream = upload_gateway

    def body() -> Iterator[bytes]:  # no Content-Length: sent chunked
        for _ in range(101):
            yield b"x" * MIB

    response = client.post("/api/v1/samples", content=body(), headers=BEARER, timeout=10.0)
    assert_gateway_problem(response, 413, "payload_too_large")
    give_up = time.monotonic() + ANSWER_DEADLINE_S
    while upstream.cut_off == 0 and time.monotonic() < give_up:
        time.sleep(0.01)
    assert upstream.cut_off == 1
    assert upstream.received < 101 * MIB  # chunk framing aside, nothing past the limit


@pytest.mark.parametrize("path", ["/metrics", "/metrics/", "/api/v1/metrics"])
def test_no_route_reaches_a_processs_metrics(
    gateway_with_echo: httpx.Client, table: RouteTable, path: str
) -> None:
    # Metrics are scraped on each process's own port; the public gateway answers its own 404.
    assert table.route_for(path) is None
    assert_gateway_problem(gateway_with_echo.get(path), 404, "not_found")
