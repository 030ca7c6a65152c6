"""A real S3-protocol server on this machine for tests and benchmarks: moto's standalone server
(``moto[server]``, a dev dependency) in a process of its own, on a free loopback port.

In its own process, not a thread: its allocations and CPU stay out of the measuring process
(tracemalloc in the tests, timings in the benchmarks).
"""

import importlib.util
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx


class S3ServerUnavailable(RuntimeError):
    pass


def moto_installed() -> bool:
    return importlib.util.find_spec("moto.server") is not None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_serving(url: str, process: "subprocess.Popen[bytes]", within_s: float) -> None:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise S3ServerUnavailable(f"moto's server exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/moto-api/", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise S3ServerUnavailable(f"moto's server did not answer at {url} within {within_s} s")


@contextmanager
def running_moto_server(*, start_within_s: float = 30.0) -> Iterator[str]:
    """Starts the server, yields its endpoint URL once it answers, and stops it after."""
    if not moto_installed():
        raise S3ServerUnavailable("moto[server] is not installed (`uv sync` brings it)")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_serving(url, process, start_within_s)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
