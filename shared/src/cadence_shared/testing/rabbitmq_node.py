"""A RabbitMQ node of a test's own: its own node name, AMQP and distribution ports, data and
logs in a directory the test owns, no plugins. Fault tests stop and restart it without touching
the machine's shared broker. Start-up takes 5-20 s (Erlang boot), so only a few tests use one.

It runs Debian's ``/usr/lib/rabbitmq/bin/rabbitmq-server`` as the current user (the packaged
``rabbitmq-server`` wrapper would switch to the rabbitmq user and read /etc/rabbitmq).
"""

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

SERVER = Path("/usr/lib/rabbitmq/bin/rabbitmq-server")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


class RabbitNode:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.name = f"cadence-test-{uuid.uuid4().hex[:8]}@localhost"
        self.port = _free_port()
        self.dist_port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/"

    def _environment(self) -> dict[str, str]:
        (self.directory / "enabled_plugins").write_text("[].\n")
        (self.directory / "rabbitmq.conf").write_text("loopback_users = none\n")
        return {
            **os.environ,
            "HOME": str(self.directory),  # the Erlang cookie goes here
            "RABBITMQ_CONF_ENV_FILE": "/dev/null",
            "RABBITMQ_NODENAME": self.name,
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_MNESIA_BASE": str(self.directory / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.directory / "log"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.directory / "enabled_plugins"),
            "RABBITMQ_CONFIG_FILE": str(self.directory / "rabbitmq"),
            "ERL_EPMD_ADDRESS": "127.0.0.1",
        }

    def _spawn(self) -> subprocess.Popen[bytes]:
        if not SERVER.exists() or shutil.which("erl") is None:
            raise RuntimeError(f"{SERVER} is missing: deploy/local/bootstrap.sh installs it")
        return subprocess.Popen(
            [str(SERVER)],
            env=self._environment(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its Erlang processes end with the group
        )

    async def start(self, *, within_s: float = 60.0) -> None:
        """Starts the node (again: same name, ports and data) and returns once AMQP listens."""
        self.process = self._spawn()
        deadline = time.monotonic() + within_s
        while not _listening(self.port):
            if self.process.poll() is not None:
                raise RuntimeError(f"the RabbitMQ node exited; see {self.directory / 'log'}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the RabbitMQ node did not listen within {within_s} s")
            await asyncio.sleep(0.1)

    def stop(self, *, sig: int = signal.SIGTERM) -> None:
        """Ends the node (SIGTERM: a clean shutdown; SIGKILL: a crash) and waits for its group."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=60)
        except ProcessLookupError:
            pass
        finally:
            self.process = None


@asynccontextmanager
async def rabbitmq_node(directory: Path) -> AsyncIterator[RabbitNode]:
    node = RabbitNode(directory)
    await node.start()
    try:
        yield node
    finally:
        node.stop(sig=signal.SIGKILL)
