"""A service SIGKILLed behind the gateway (real nginx, the rendered config): its routes answer a
502 problem+json at once while it is gone, the other services keep answering, and the first
request after it is started again succeeds (a single-server upstream is never held down)."""

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cadence_gateway.routes import RouteTable
from gateway.tests.test_nginx import BEARER, PROBLEM, NginxSite, free_port, running_nginx

pytest_plugins = ["gateway.tests.test_nginx"]
REPOSITORY = Path(__file__).parents[2]
KILLED = "tasks"
UP_WITHIN_S = 30.0  # a fresh interpreter importing the gateway, on a loaded machine


class Upstream:
    """The echo upstream as a process of its own, on a port that stays the same across restarts."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gateway.tests.upstream_process", str(self.port)],
            cwd=REPOSITORY,
        )
        deadline = time.monotonic() + UP_WITHIN_S
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{self.port}/up", timeout=0.5)
                return
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the upstream did not start"
                time.sleep(0.02)

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=5)


@pytest.fixture
def killable() -> Iterator[Upstream]:
    upstream = Upstream()
    upstream.start()
    yield upstream
    if upstream.process is not None and upstream.process.poll() is None:
        upstream.kill()


@pytest.fixture
def gateway(
    nginx_site: NginxSite, table: RouteTable, echo_port: int, killable: Upstream
) -> Iterator[httpx.Client]:
    """nginx with ``KILLED`` on the killable process and the echo behind every other upstream."""
    ports = [killable.port if name == KILLED else echo_port for name in table.services]
    with running_nginx(nginx_site, table, [*ports, echo_port, echo_port]) as client:
        yield client


def test_a_killed_service_is_a_502_problem_and_answers_again_once_restarted(
    gateway: httpx.Client, killable: Upstream
) -> None:
    assert gateway.get("/api/v1/tasks", headers=BEARER).status_code == 200

    killable.kill()
    gone = gateway.get("/api/v1/tasks", headers=BEARER)
    others = gateway.get("/api/v1/runs", headers=BEARER)

    assert gone.status_code == 502, gone.text
    assert gone.headers["content-type"] == PROBLEM
    assert gone.json()["status"] == 502
    assert others.status_code == 200
    killable.start()
    answers = [gateway.get("/api/v1/tasks", headers=BEARER).status_code for _ in range(20)]
    assert answers == [200] * 20
