"""Jobs against the real servers: each test builds the test service (cadence_shared.testing.jobs)
in a schema, broker prefix and storage directory of its own."""

import asyncio
import contextlib
import json
import os
import socket
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest
from pydantic import BaseModel
from redis.asyncio import Redis
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from cadence_shared.db import create_engine, session_factory
from cadence_shared.jobs import Job, JobRecord
from cadence_shared.testing.backends import Backends
from cadence_shared.testing.jobs import JobTestService, JobTestSettings, build
from cadence_shared.testing.waiting import eventually
from cadence_shared.worker import RunningWorker
from shared.tests.events.conftest import broker_names

__all__ = ["broker_names"]

WORKER_COMMAND = [
    str(Path(sys.executable).with_name("cadence-worker")),
    "cadence_shared.testing.job_worker:worker",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class World:
    """One test's service, its engine, and the steps the tests share."""

    def __init__(self, service: JobTestService, engine: AsyncEngine, redis: Redis) -> None:
        self.service = service
        self.settings = service.settings
        self.engine = engine
        self.sessions = session_factory(engine)
        self.redis = redis
        self.user_id = uuid.uuid4()

    async def enqueue(self, job: Job[Any, Any], input: BaseModel) -> JobRecord:
        async with self.sessions() as session, session.begin():
            return await job.enqueue(session, input, resource_id=uuid.uuid4(), user_id=self.user_id)

    async def job(self, job_id: uuid.UUID) -> JobRecord:
        async with self.engine.connect() as conn:
            record = await self.service.jobs.get(conn, job_id)
        assert record is not None
        return record

    async def reaches(self, job_id: uuid.UUID, *statuses: str, within_s: float = 30) -> JobRecord:
        async def there() -> bool:
            return (await self.job(job_id)).status in statuses

        await eventually(there, within_s=within_s, what=f"job {job_id} {'/'.join(statuses)}")
        return await self.job(job_id)

    async def effects(self, job_id: uuid.UUID) -> int:
        effects = self.service.effects
        async with self.engine.connect() as conn:
            count = await conn.scalar(
                select(func.count()).select_from(effects).where(effects.c.job_id == job_id)
            )
        return int(count or 0)

    @asynccontextmanager
    async def worker(self, service: JobTestService | None = None) -> AsyncIterator[RunningWorker]:
        """The service's worker in this process; stopped gracefully at the end."""
        async with (service or self.service).worker.running() as running:
            yield running
            await running.stop(grace_s=5)

    def environment(self, **overrides: Any) -> dict[str, str]:
        """The settings as JOBTEST_* variables, for a worker process of its own."""
        values = {**self.settings.model_dump(exclude_unset=True), **overrides}
        env = {key: value for key, value in os.environ.items() if not key.startswith("JOBTEST_")}
        for name, value in values.items():
            text = json.dumps(value) if isinstance(value, list) else str(value)
            env[f"JOBTEST_{name.upper()}"] = text
        return env

    @asynccontextmanager
    async def worker_process(self, **overrides: Any) -> AsyncIterator["WorkerProcess"]:
        port = free_port()
        process = await asyncio.create_subprocess_exec(
            *WORKER_COMMAND,
            "--health-port",
            str(port),
            "--concurrency",
            "1",
            env=self.environment(**overrides),
            stdout=asyncio.subprocess.DEVNULL,
            cwd=Path(__file__).parents[3],
        )
        worker = WorkerProcess(process, port)
        try:
            await eventually(worker.ready, within_s=60, what="the worker process ready")
            yield worker
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()


class WorkerProcess:
    def __init__(self, process: asyncio.subprocess.Process, port: int) -> None:
        self.process = process
        self.port = port
        self.url = f"http://127.0.0.1:{port}"

    @property
    def worker_id(self) -> str:
        return f"{socket.gethostname()}:{self.process.pid}"

    async def health(self, path: str) -> int | None:
        try:
            async with httpx.AsyncClient(timeout=2) as client:
                return (await client.get(f"{self.url}{path}")).status_code
        except httpx.TransportError:
            return None

    async def ready(self) -> bool:
        if self.process.returncode is not None:
            pytest.fail(f"the worker process exited with {self.process.returncode}")
        return await self.health("/health/ready") == 200


def process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    with contextlib.suppress(FileNotFoundError):
        # A zombie (dead, not yet reaped by its parent) counts as gone.
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    return True


MakeWorld = Callable[..., Awaitable[World]]


@pytest.fixture
async def make_world(
    database_url: str,
    backends: Backends,
    broker_names: str,
    redis_url: str,
    tmp_path: Path,
) -> AsyncIterator[MakeWorld]:
    """Builds a world; keyword arguments override the test service's settings."""
    made: list[World] = []

    async def make(**overrides: Any) -> World:
        schema = f"jb_{uuid.uuid4().hex[:8]}"
        settings = JobTestSettings(
            **{
                "service_name": schema,
                "environment": "test",
                "database_url": database_url,
                "redis_url": redis_url,
                "amqp_url": backends.amqp_url,
                "amqp_prefix": f"{broker_names}.{schema}",
                "amqp_reconnect_interval_s": 0.3,
                "events_relay_poll_s": 0.5,
                "events_reconnect_max_s": 0.5,
                "storage_local_dir": str(tmp_path / "storage"),
                "worker_health_host": "127.0.0.1",
                "worker_health_port": 0,
                "worker_grace_s": 5.0,
                "jobs_lease_s": 1.5,
                "jobs_sweep_interval_s": 0.1,
                "jobs_retry_delays_s": [0.1],
                "jobs_progress_interval_s": 0.05,
                "log_json": False,
                "log_level": os.environ.get("JOBTEST_LOG", "WARNING"),
                **overrides,
            }
        )
        service = build(settings)
        engine = create_engine(settings, pool_size=5)
        await service.create_tables(engine)
        world = World(service, engine, Redis.from_url(redis_url))  # never through a proxy
        made.append(world)
        return world

    yield make
    for world in made:
        await world.engine.dispose()
        await world.redis.aclose()


@pytest.fixture
async def world(make_world: MakeWorld) -> World:
    return await make_world()


class Gate:
    """A file a scripted job waits for: the test opens the gate by creating it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __str__(self) -> str:
        return str(self.path)

    def open(self) -> None:
        self.path.touch()


@pytest.fixture
def gate(tmp_path: Path) -> Gate:
    return Gate(tmp_path / f"gate-{uuid.uuid4().hex[:6]}")


class TcpProxy:
    """A TCP proxy to a real server that a test can cut (refusing and dropping connections)
    and restore on the same port: a backend outage for one process, others unaffected."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = free_port()
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._connect, "127.0.0.1", self.port)

    async def cut(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._pipes):
            writer.close()
        self._pipes.clear()

    async def _connect(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        self._pipes |= {writer, upstream_writer}
        await asyncio.gather(
            _pump(reader, upstream_writer), _pump(upstream_reader, writer), return_exceptions=True
        )


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    finally:
        writer.close()


@pytest.fixture
async def redis_proxy(redis_url: str) -> AsyncIterator[tuple[TcpProxy, str]]:
    """A proxy to the session's Redis, and the URL (same database) that goes through it."""
    parts = urlsplit(redis_url)
    proxy = TcpProxy(parts.hostname or "127.0.0.1", parts.port or 6379)
    await proxy.start()
    yield proxy, urlunsplit((parts.scheme, f"127.0.0.1:{proxy.port}", parts.path, "", ""))
    await proxy.cut()
