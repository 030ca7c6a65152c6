"""The worker factory: a service's long work in a process of its own, beside its web app.

``create_worker(settings, jobs=[...])`` opens the same typed ``ServiceContext`` from the same
resources as ``create_app`` (database, Redis, HTTP client, token verifier, and the service's own),
with the same logging and settings, but serves no API: it consumes the service's job queues
(``cadence_shared.jobs``), runs the service's outbox relay when given its ``bus`` (so events the
jobs publish leave even while no web replica runs) and, if named, some of the bus's event
subscriptions. ``cadence-worker <module>:<attribute> [--concurrency N] [--health-port P]`` runs it.

Health: ``GET /health/live`` (the event loop answers) and ``GET /health/ready`` (every backend
check, the broker and the job consumers; 503 while stopping) on a small HTTP port of its own,
not a heartbeat file. Kubernetes ``httpGet`` probes and compose health checks then work as for
the web apps, without a shell or an exec per probe in the image; liveness is answered by the
event loop itself, so a loop blocked by work that escaped the process pool fails it, which a
heartbeat written by a thread would hide; and readiness can say which backend is down.
``GET /metrics`` on the same port is the worker's Prometheus metrics (``cadence_shared.metrics``).

SIGTERM (or SIGINT): stop taking jobs, let the running ones finish within ``worker_grace_s``,
release the rest (back to ``queued``, their messages requeued for another worker), then exit 0.
"""

import argparse
import asyncio
import contextlib
import importlib
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import orjson
import structlog
from prometheus_client import CONTENT_TYPE_LATEST

from cadence_shared.context import (
    EVENTS,
    STANDARD_RESOURCES,
    Resource,
    ServiceContext,
    StartupError,
)
from cadence_shared.events.broker import connect
from cadence_shared.events.bus import EventBus
from cadence_shared.health import readiness_report
from cadence_shared.jobs.runner import JobRunner
from cadence_shared.jobs.settings import WorkerSettings
from cadence_shared.jobs.store import Job
from cadence_shared.logging import logging_from
from cadence_shared.metrics import exposition
from cadence_shared.observability import configure_tracing
from cadence_shared.settings import CoreSettings, ServiceSettings

log = structlog.get_logger("cadence.worker")

MAX_REQUEST_BYTES = 8192


class Worker:
    """A service's worker process, made by ``create_worker``; ``run()`` until SIGTERM."""

    def __init__(
        self,
        settings: ServiceSettings,
        config: WorkerSettings,
        *,
        jobs: Sequence[Job[Any, Any]],
        bus: EventBus | None,
        subscriptions: Sequence[str],
        resources: Sequence[Resource],
        standard: Sequence[Resource],
    ) -> None:
        self.settings = settings
        self.config = config
        self.jobs = list(jobs)
        self.bus = bus.only(subscriptions) if bus is not None else None
        self.context = ServiceContext(settings, [*standard, *resources])
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}"

    def configure(self, *, concurrency: int | None = None, health_port: int | None = None) -> None:
        """Overrides settings (the command line's ``--concurrency`` and ``--health-port``)."""
        changes: dict[str, Any] = {}
        if concurrency is not None:
            changes["worker_concurrency"] = concurrency
        if health_port is not None:
            changes["worker_health_port"] = health_port
        self.config = self.config.model_copy(update=changes)

    async def run(self, stop: asyncio.Event | None = None) -> None:
        """Runs until ``stop`` is set (or SIGTERM / SIGINT), then stops gracefully."""
        stop = stop or asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        try:
            async with self.running() as running:
                await stop.wait()
                log.info("worker_stopping", grace_s=self.config.worker_grace_s)
                await running.stop()
        finally:
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(signum)
        log.info("worker_stopped")

    @asynccontextmanager
    async def running(self) -> AsyncIterator["RunningWorker"]:
        """The worker started: context open, consuming, health served. Leaving it without
        ``stop()`` first ends abruptly (running jobs are abandoned to their leases)."""
        async with AsyncExitStack() as stack:
            context = await stack.enter_async_context(self.context.opened(leave_out=[EVENTS]))
            runner = JobRunner(
                context, self.jobs, self.settings, self.config, worker_id=self.worker_id
            )
            connection = await connect(self.settings, name="jobs")
            stack.push_async_callback(connection.close)
            stack.push_async_callback(runner.close)
            await runner.start(connection)  # the job queues exist before this relay publishes
            context.add_health_check("jobs", runner.health)
            if self.bus is not None:
                await stack.enter_async_context(self._bus(context))
            running = RunningWorker(self, runner)
            server = await asyncio.start_server(
                running.serve_health, self.config.worker_health_host, self.config.worker_health_port
            )
            stack.push_async_callback(_close_server, server)
            running.health_port = server.sockets[0].getsockname()[1]
            log.info(
                "worker_started",
                jobs=[job.name for job in self.jobs],
                concurrency=self.config.worker_concurrency,
                health_port=running.health_port,
            )
            yield running

    @asynccontextmanager
    async def _bus(self, context: ServiceContext) -> AsyncIterator[None]:
        assert self.bus is not None
        database = context.database
        async with self.bus.running(
            self.settings,
            database.engine,
            database.sessions,
            relay=True,
            consume=bool(self.bus.subscriptions),
            context=context,
        ) as running:
            context.add_health_check("broker", running.broker_check)
            context.add_health_check("outbox", running.outbox_check)
            yield


class RunningWorker:
    def __init__(self, worker: Worker, runner: JobRunner) -> None:
        self.worker = worker
        self.runner = runner
        self.health_port = 0
        self.stopping = False

    async def stop(self, grace_s: float | None = None) -> None:
        """Stops taking jobs, waits for the running ones up to the grace period, releases the
        rest."""
        self.stopping = True
        await self.runner.stop_consuming()
        grace = self.worker.config.worker_grace_s if grace_s is None else grace_s
        await self.runner.drain(grace)

    async def serve_health(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        try:
            request = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
            path = request.split(b" ", 2)[1].decode() if request.count(b" ") >= 2 else ""
            status, content_type, payload = await self._answer(path.split("?", 1)[0])
            reason = {200: "OK", 404: "Not Found", 503: "Service Unavailable"}[status]
            writer.write(
                f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n"
                f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n".encode()
                + payload
            )
            await writer.drain()
        except (TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _answer(self, path: str) -> tuple[int, str, bytes]:
        """The status, content type and body of a ``GET path``."""
        if path == "/metrics":
            scraped = await exposition(self.worker.context, self.runner.read_queue_depth)
            return 200, CONTENT_TYPE_LATEST, scraped
        status, body = await self._health(path)
        return status, "application/json", orjson.dumps(body)

    async def _health(self, path: str) -> tuple[int, dict[str, Any]]:
        if path in ("/health/live", "/health"):
            return 200, {"status": "ok"}
        if path != "/health/ready":
            return 404, {"status": "not found"}
        if self.stopping:
            return 503, {"status": "stopping"}
        report = await readiness_report(self.worker.context.health_checks)
        healthy = all(result["status"] == "ok" for result in report.values())
        return (200 if healthy else 503), {"status": "ok" if healthy else "down", "checks": report}


async def _close_server(server: asyncio.Server) -> None:
    server.close()
    await server.wait_closed()


def create_worker(
    settings: CoreSettings,
    *,
    jobs: Sequence[Job[Any, Any]],
    bus: EventBus | None = None,
    subscriptions: Sequence[str] = (),
    resources: Sequence[Resource] = (),
    standard: Sequence[Resource] = STANDARD_RESOURCES,
) -> Worker:
    """A worker for ``jobs`` (all of one service's ``JobStore``). ``bus``: the service's event
    bus, whose relay then also runs here; ``subscriptions``: names of the bus's subscriptions
    this process consumes too (none by default: the web app consumes them). ``resources`` and
    ``standard`` as for ``create_app``. Its settings class must inherit ``WorkerSettings``."""
    if not isinstance(settings, ServiceSettings) or not isinstance(settings, WorkerSettings):
        raise StartupError(
            f"{settings.service_name}'s settings must inherit ServiceSettings and WorkerSettings"
        )
    if not jobs:
        raise StartupError("a worker needs at least one job")
    if subscriptions and bus is None:
        raise StartupError("subscriptions name a bus's subscriptions: pass the bus too")
    logging_from(settings)
    configure_tracing(settings)
    return Worker(
        settings,
        settings,
        jobs=jobs,
        bus=bus,
        subscriptions=subscriptions,
        resources=resources,
        standard=standard,
    )


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="cadence-worker", description="Run a service's worker (its jobs) until SIGTERM."
    )
    root.add_argument("target", help="<module>:<attribute>, the Worker made by create_worker")
    root.add_argument("--concurrency", type=int, help="jobs at once (overrides the setting)")
    root.add_argument("--health-port", type=int, help="port of /health/live and /health/ready")
    return root


def load(target: str) -> Worker:
    module, _, attribute = target.partition(":")
    if not module or not attribute:
        raise SystemExit(f"{target!r}: expected <module>:<attribute>")
    sys.path.insert(0, os.getcwd())  # like uvicorn: modules of the working directory import
    worker = getattr(importlib.import_module(module), attribute, None)
    if not isinstance(worker, Worker):
        raise SystemExit(f"{target} is not a Worker made by create_worker")
    return worker


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(sys.argv[1:] if argv is None else argv)
    if args.concurrency is not None and args.concurrency < 1:
        raise SystemExit("--concurrency must be at least 1")
    worker = load(args.target)
    worker.configure(concurrency=args.concurrency, health_port=args.health_port)
    asyncio.run(worker.run())
