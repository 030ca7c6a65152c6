"""A Redis server of a test's own, on a free port, to pause (SIGSTOP), stop and restart:
fault tests never touch the machine's shared Redis. Given a directory, it persists with an
append-only file fsynced on every write, so a restart, even after SIGKILL, keeps what was
written."""

import asyncio
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from redis.asyncio import Redis


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class RedisServer:
    """``redis-server`` as a child process, no daemon; persistent (AOF) when given a directory."""

    def __init__(self, aof_dir: Path | None = None) -> None:
        self.port = _free_port()
        self.aof_dir = aof_dir
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _spawn(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed")
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--save",
                "",
                *self._persistence(),
                "--daemonize",
                "no",
                "--bind",
                "127.0.0.1",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def _persistence(self) -> list[str]:
        if self.aof_dir is None:
            return ["--appendonly", "no"]
        return ["--appendonly", "yes", "--appendfsync", "always", "--dir", str(self.aof_dir)]

    async def start(self, *, within_s: float = 10.0) -> None:
        """Starts the server (again, on the same port) and returns once it answers PING."""
        self._spawn()
        deadline = time.monotonic() + within_s
        client = Redis.from_url(self.url, socket_connect_timeout=0.5, socket_timeout=0.5)
        try:
            while True:
                try:
                    if await client.ping():
                        return
                except Exception:  # not up yet: refused, reset, loading
                    if time.monotonic() > deadline:
                        raise
                await asyncio.sleep(0.02)
        finally:
            await client.aclose()

    def pause(self) -> None:
        """Hung: connections are accepted by the kernel, nothing answers."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        """Gone: connections refused (and pooled ones broken)."""
        if self.process is None:
            return
        self.process.send_signal(signal.SIGCONT)  # a stopped process cannot handle SIGTERM
        self.process.terminate()
        self.process.wait(timeout=10)
        self.process = None

    def kill(self) -> None:
        """Crashed: SIGKILL, no chance to write anything more."""
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=10)
        self.process = None


@asynccontextmanager
async def redis_server(aof_dir: Path | None = None) -> AsyncIterator[RedisServer]:
    server = RedisServer(aof_dir)
    await server.start()
    try:
        yield server
    finally:
        server.stop()
