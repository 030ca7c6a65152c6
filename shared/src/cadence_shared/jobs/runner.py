"""Running jobs: consume job messages, claim, run in a slot's process, complete; sweep; publish.

A job queue is consumed with prefetch = concurrency, so a worker holds at most one message per
free slot and the broker hands the rest to other workers. For each message: claim the row (a
short transaction), run the work in the slot's process while a keeper renews the lease every
third of it (and writes throttled progress, and notices a cancel or a lost claim), then record
the outcome in a transaction of its own (with the job's ``on_succeeded``/``on_failed``), publish
the live update, and ack. A message whose job cannot be claimed (finished, cancelled, held by a
live lease elsewhere, a retry not yet due) is acked without effect: the sweeper wakes every job
that becomes due again (a retry's delay over, a dead worker's lease expired, a lost message), so
no message ever needs to wait in a worker.
"""

import asyncio
import contextlib
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import aio_pika
import structlog
from aio_pika.abc import (
    AbstractChannel,
    AbstractExchange,
    AbstractIncomingMessage,
    AbstractRobustConnection,
)
from opentelemetry.trace import SpanKind
from pydantic import ValidationError
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cadence_shared.context import ServiceContext
from cadence_shared.errors import DomainError
from cadence_shared.events.broker import Backoff, Topology, declare_exchange
from cadence_shared.events.envelope import Envelope
from cadence_shared.jobs.pool import ChildLost, Done, Failed, Outcome, Task, WorkProcess, preload
from cadence_shared.jobs.settings import WorkerSettings
from cadence_shared.jobs.store import Job, JobMessage, JobRecord, JobStore
from cadence_shared.live import publish_update
from cadence_shared.metrics import JOBS_FINISHED, JOBS_QUEUED, JOBS_RUNNING
from cadence_shared.observability import message_span
from cadence_shared.settings import ServiceSettings

log = structlog.get_logger("cadence.jobs")

TIMED_OUT = "job_timed_out"
ATTEMPTS_EXHAUSTED = "job_attempts_exhausted"
WORK_FAILED = "job_failed"


@dataclass
class Stats:
    """What a runner did, for readiness details, tests and benchmarks."""

    claimed: int = 0
    succeeded: int = 0
    failed: int = 0
    retried: int = 0
    released: int = 0
    lost: int = 0  # cancelled, or taken over after the lease, while running here
    ignored: int = 0  # messages whose job could not be claimed
    woken: int = 0  # wake-up messages the sweeper sent


@dataclass(frozen=True)
class TimedOut:
    limit_s: float


@dataclass(frozen=True)
class Lost:
    pass


@dataclass(frozen=True)
class Released:
    pass


Result = Outcome | TimedOut | Lost | Released


class LivePublisher:
    """Live updates through Redis (``cadence_shared.live``). Progress is best effort; a terminal
    update that fails (Redis down) is retried with back-off until it is delivered: the job row
    stays the truth meanwhile."""

    def __init__(self, redis: Redis, *, retry_max_s: float = 5.0) -> None:
        self.redis = redis
        self.pending: dict[uuid.UUID, JobRecord] = {}
        self._arrived = asyncio.Event()
        self._retry_max_s = retry_max_s

    async def publish(self, record: JobRecord) -> bool:
        try:
            await publish_update(self.redis, record.user_id, record.update())
        except Exception as exc:
            log.warning("live_update_failed", job_id=str(record.id), error=str(exc))
            if record.terminal:
                self.pending[record.id] = record
                self._arrived.set()
            return False
        return True

    async def retry_forever(self) -> None:
        backoff = Backoff(self._retry_max_s)
        while True:
            await self._arrived.wait()
            for job_id, record in list(self.pending.items()):
                with contextlib.suppress(Exception):
                    await publish_update(self.redis, record.user_id, record.update())
                    if self.pending.get(job_id) is record:
                        del self.pending[job_id]
            if self.pending:
                await backoff.wait()
            else:
                backoff.reset()
                self._arrived.clear()


async def announce(redis: Redis, record: JobRecord) -> bool:
    """Pushes a job's state live, best effort (a web app after enqueueing or cancelling: the
    worker publishes every later change)."""
    try:
        await publish_update(redis, record.user_id, record.update())
    except Exception as exc:
        log.warning("live_update_failed", job_id=str(record.id), error=str(exc))
        return False
    return True


class _Progress:
    """The latest progress a slot's child reported, taken by the keeper when it writes."""

    def __init__(self) -> None:
        self.latest: tuple[int, str | None] | None = None
        self.changed = asyncio.Event()

    def report(self, percent: int, stage: str | None) -> None:
        self.latest = (percent, stage)
        self.changed.set()

    def take(self) -> tuple[int, str | None] | None:
        latest, self.latest = self.latest, None
        self.changed.clear()
        return latest


@dataclass
class _Running:
    record: JobRecord
    token: uuid.UUID
    release: asyncio.Event = field(default_factory=asyncio.Event)
    # Set once the work's outcome is known: the keeper stops renewing even if the cancel that
    # follows is lost (seen on 3.11: the keeper renewed forever and the slot never freed).
    settled: bool = False
    # The live "processing" update, sent while the work starts rather than before it (a Redis
    # round trip off every job's path); every later update of the job waits for it first.
    announcing: asyncio.Task[bool] | None = None

    async def announced(self) -> None:
        if self.announcing is not None:
            await asyncio.shield(self.announcing)


class JobRunner:
    """The jobs of one worker process: ``start`` consuming, ``stop_consuming``, ``drain``."""

    def __init__(
        self,
        context: ServiceContext,
        jobs: Sequence[Job[Any, Any]],
        settings: ServiceSettings,
        worker_settings: WorkerSettings,
        *,
        worker_id: str,
    ) -> None:
        stores = {id(job.store) for job in jobs}
        if len(stores) != 1:
            raise ValueError("a worker runs the jobs of one JobStore (one service)")
        self.context = context
        self.jobs = {job.name: job for job in jobs}
        self.store: JobStore = jobs[0].store
        self.settings = settings
        self.config = worker_settings
        self.worker_id = worker_id
        self.topology = Topology.from_settings(settings)
        self.stats = Stats()
        self.processes = [WorkProcess() for _ in range(worker_settings.worker_concurrency)]
        self.running: dict[uuid.UUID, _Running] = {}
        self.live = LivePublisher(context.redis)
        self.consuming = False
        self._slots: asyncio.Queue[WorkProcess] = asyncio.Queue()
        self._sessions: async_sessionmaker[AsyncSession] = context.database.sessions
        # Claims and renewals are one UPDATE each: in autocommit they cost one round trip to
        # Postgres, not three (BEGIN, UPDATE, COMMIT); the same pool as the sessions.
        self._autocommit = context.database.read_engine
        self._channel: AbstractChannel | None = None
        self._publisher: AbstractChannel | None = None
        self._exchange: AbstractExchange | None = None
        self._consumers: list[tuple[Any, str]] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._background: list[asyncio.Task[None]] = []

    def queue_name(self, job: Job[Any, Any]) -> str:
        return self.topology.queue(self.store.source, f"job.{job.name}")

    async def start(self, connection: AbstractRobustConnection) -> None:
        preload(
            {job.work.__module__ for job in self.jobs.values()},
            warm_ups={job.warm_up for job in self.jobs.values() if job.warm_up is not None},
        )
        for process in self.processes:
            # In a thread: the first start waits for the fork server's imports and warm-ups
            # (seconds), while the loop goes on answering liveness.
            await asyncio.to_thread(process.start)
            self._slots.put_nowait(process)
        self._publisher = await connection.channel(publisher_confirms=True)
        self._exchange = exchange = await declare_exchange(self._publisher, self.topology)
        self._channel = await connection.channel()
        await self._channel.set_qos(prefetch_count=self.config.worker_concurrency)
        for job in self.jobs.values():
            queue = await self._channel.declare_queue(
                self.queue_name(job), durable=True, arguments={"x-queue-type": "quorum"}
            )
            await queue.bind(exchange, routing_key=job.message_type)
            self._consumers.append((queue, await queue.consume(self._on_message(job))))
        self.consuming = True
        self._background = [
            asyncio.create_task(self._sweep_forever(), name="jobs-sweep"),
            asyncio.create_task(self.live.retry_forever(), name="jobs-live-retry"),
        ]

    def _on_message(self, job: Job[Any, Any]) -> Any:
        async def on_message(message: AbstractIncomingMessage) -> None:
            task = asyncio.create_task(self._handle(job, message), name=f"job-{job.name}")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

        return on_message

    async def stop_consuming(self) -> None:
        """Takes no more messages; those already delivered are still handled (or released)."""
        self.consuming = False
        for queue, tag in self._consumers:
            with contextlib.suppress(Exception):
                await queue.cancel(tag)
        self._consumers.clear()

    async def drain(self, grace_s: float) -> None:
        """Lets running jobs finish within ``grace_s``; releases the rest (back to queued, the
        message requeued for another worker)."""
        tasks = set(self._tasks)
        if tasks:
            _, late = await asyncio.wait(tasks, timeout=grace_s)
            if late:
                log.warning("jobs_released_at_stop", jobs=len(self.running))
                for running in self.running.values():
                    running.release.set()
                await asyncio.wait(late, timeout=30)

    async def close(self) -> None:
        for task in self._background:
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        if self.live.pending:  # one last try for terminal updates Redis missed
            await asyncio.wait_for(asyncio.shield(self._flush_live()), 5)
        for channel in (self._channel, self._publisher):
            if channel is not None:
                with contextlib.suppress(Exception):
                    await channel.close()
        for process in self.processes:
            await asyncio.to_thread(process.close)

    async def _flush_live(self) -> None:
        for record in list(self.live.pending.values()):
            await self.live.publish(record)

    async def health(self) -> dict[str, Any]:
        if not self.consuming:
            raise RuntimeError("not consuming job messages")
        if self._channel is None or self._channel.is_closed:
            raise RuntimeError("not connected to the broker")
        return {"running": len(self.running), "slots": len(self.processes), **vars(self.stats)}

    async def read_queue_depth(self) -> None:
        """Sets ``cadence_jobs_queued`` for this worker's kinds (read when /metrics is scraped)."""
        async with self.context.database.engine.connect() as connection:
            queued = await self.store.queued(connection, list(self.jobs))
        for kind, count in queued.items():
            JOBS_QUEUED.labels(kind).set(count)

    # --- one message --------------------------------------------------------------------------

    async def _handle(self, job: Job[Any, Any], message: AbstractIncomingMessage) -> None:
        try:
            envelope = Envelope.from_json(message.body)
            job_id = JobMessage.model_validate(envelope.data).job_id
        except (ValidationError, ValueError) as exc:
            log.error("job_message_unreadable", queue=self.queue_name(job), error=str(exc)[:300])
            await _settle(message, requeue=None)
            return
        if not self.consuming:
            await _settle(message, requeue=True)
            return
        if self._slots.empty() and not await self._claimable(job_id):
            # More messages than free slots (a redelivery after a reconnect, a duplicate): one
            # that could not be claimed anyway is settled now rather than after a slot frees.
            self.stats.ignored += 1
            await _settle(message, requeue=False)
            return
        process = await self._slots.get()
        try:
            with message_span(
                f"{job.name} run",
                envelope.traceparent,
                SpanKind.CONSUMER,
                {"messaging.system": "rabbitmq", "cadence.job.id": str(job_id)},
            ):
                requeue = await self._claim_and_run(job, job_id, process)
        except Exception:
            log.exception("job_handling_failed", job_id=str(job_id))
            requeue = True
        finally:
            self._slots.put_nowait(process)
        await _settle(message, requeue=requeue)

    async def _claimable(self, job_id: uuid.UUID) -> bool:
        async with self._autocommit.connect() as connection:
            return await self.store.claimable(connection, job_id)

    async def _claim_and_run(
        self, job: Job[Any, Any], job_id: uuid.UUID, process: WorkProcess
    ) -> bool:
        """Claims and runs the job; returns whether its message goes back to the queue."""
        token = uuid.uuid4()
        async with self._autocommit.connect() as connection:
            record = await self.store.claim(
                connection,
                job_id,
                token=token,
                worker=self.worker_id,
                lease_s=self.config.jobs_lease_s,
            )
        if record is None:
            self.stats.ignored += 1
            return False
        self.stats.claimed += 1
        log.info("job_claimed", job_id=str(job_id), kind=job.name, attempt=record.attempts)
        if record.attempts > self.config.jobs_max_attempts:  # its workers kept dying on it
            gave_up = Failed(WORK_FAILED, "its worker stopped on every attempt", False)
            await self._settle_failure(
                job, replace(record, attempts=record.attempts - 1), token, gave_up
            )
            return False
        running = _Running(record, token, announcing=asyncio.create_task(self.live.publish(record)))
        self.running[job_id] = running
        started = time.perf_counter()
        JOBS_RUNNING.labels(job.name).inc()
        try:
            result = await self._run(job, running, process)
        finally:
            del self.running[job_id]
            JOBS_RUNNING.labels(job.name).dec()
        outcome = type(result).__name__.lower()  # done, failed, timedout, lost, released
        JOBS_FINISHED.labels(job.name, outcome).observe(time.perf_counter() - started)
        return await self._record(job, running, result)

    async def _run(self, job: Job[Any, Any], running: _Running, process: WorkProcess) -> Result:
        """The work in the slot's process, beside the lease keeper, within the time limit."""
        limit_s = job.time_limit_s or self.config.jobs_time_limit_s
        progress = _Progress()
        with tempfile.TemporaryDirectory(prefix="cadence-job-") as workdir:
            work = asyncio.create_task(
                self._work(job, running.record, Path(workdir), process, progress)
            )
            keeper = asyncio.create_task(self._keep(running, progress))
            release = asyncio.create_task(running.release.wait())
            done, _ = await asyncio.wait(
                {work, keeper, release}, timeout=limit_s, return_when=asyncio.FIRST_COMPLETED
            )
            running.settled = True
            for task in (work, keeper, release):
                task.cancel()
            await asyncio.gather(work, keeper, release, return_exceptions=True)
        if work in done:
            return work.result()
        if keeper in done:
            return Lost()
        if release in done:
            return Released()
        return TimedOut(limit_s)

    async def _work(
        self,
        job: Job[Any, Any],
        record: JobRecord,
        workdir: Path,
        process: WorkProcess,
        progress: _Progress,
    ) -> Outcome:
        try:
            if job.fetch is not None:
                await job.fetch(self.context, job.input.model_validate(record.input), workdir)
            task = Task(
                job.work, job.input, record.input, workdir, self.config.jobs_progress_interval_s
            )
            outcome = await process.run(task, progress.report)
            if isinstance(outcome, Done) and job.keep is not None:
                await job.keep(self.context, job.input.model_validate(record.input), workdir)
            return outcome
        except DomainError as exc:
            return Failed(exc.code, exc.detail, exc.permanent)
        except ChildLost as exc:
            return Failed("", str(exc), False)
        except Exception as exc:  # a fetch or keep that failed, an input that no longer parses
            return Failed("", f"{type(exc).__name__}: {exc}", False)

    async def _keep(self, running: _Running, progress: _Progress) -> None:
        """Renews the lease every third of it, writing progress (throttled) as it comes;
        returns when the job is no longer ours (cancelled, erased, taken over)."""
        lease_s = self.config.jobs_lease_s
        while not running.settled:
            # asyncio.timeout, not wait_for: 3.11's wait_for swallows a cancel that arrives as
            # the event is set, and the keeper would then renew forever.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(lease_s / 3):
                    await progress.changed.wait()
            latest = progress.take()
            if running.settled:
                return
            try:
                # Shielded: the keeper is cancelled as soon as the work ends, often while it
                # writes progress; a cancel inside the transaction (or the live publish) left
                # it never finishing, and _run waiting for it forever (1 run in 4 of the
                # projects files tests). Shielded, the write completes and the cancel lands.
                record = await asyncio.shield(self._renew(running, latest))
            except Exception as exc:  # the database blinked: try again, the lease still holds
                if _being_cancelled():  # a cancel that the driver turned into an error
                    raise asyncio.CancelledError from exc
                log.warning(
                    "job_lease_renewal_failed", job_id=str(running.record.id), error=str(exc)
                )
                continue
            if record is None:
                return
            if latest is not None:
                await running.announced()
                await asyncio.shield(self.live.publish(record))
                await asyncio.sleep(self.config.jobs_progress_interval_s)

    async def _renew(
        self, running: _Running, latest: tuple[int, str | None] | None
    ) -> JobRecord | None:
        async with self._autocommit.connect() as connection:
            return await self.store.renew(
                connection,
                running.record.id,
                running.token,
                lease_s=self.config.jobs_lease_s,
                progress=latest,
            )

    # --- outcomes -----------------------------------------------------------------------------

    async def _record(self, job: Job[Any, Any], running: _Running, result: Result) -> bool:
        record, token = running.record, running.token
        await running.announced()  # "processing" reaches the owner before what follows it
        if isinstance(result, Done):
            await self._settle_success(job, record, token, result)
        elif isinstance(result, Failed):
            await self._settle_failure(job, record, token, result)
        elif isinstance(result, TimedOut):
            failure = Failed(TIMED_OUT, f"The job took longer than {result.limit_s:g} s.", True)
            await self._settle_failure(job, record, token, failure)
        elif isinstance(result, Lost):
            await self._lost(record)
        else:
            async with self._sessions() as session, session.begin():
                released = await self.store.release(session, record.id, token)
            if released is not None:
                self.stats.released += 1
                await self.live.publish(released)
            return True
        return False

    async def _settle_success(
        self, job: Job[Any, Any], record: JobRecord, token: uuid.UUID, done: Done
    ) -> None:
        output = job.output.model_validate(done.result)
        async with self._sessions() as session, session.begin():
            finished = await self.store.finish(
                session, record.id, token, status="succeeded", result=done.result
            )
            if finished is not None and job.on_succeeded is not None:
                await job.on_succeeded(self.context, session, finished, output)
        if finished is None:
            await self._lost(record)
            return
        self.stats.succeeded += 1
        log.info("job_succeeded", job_id=str(record.id), kind=job.name, attempt=record.attempts)
        await self.live.publish(finished)

    async def _settle_failure(
        self, job: Job[Any, Any], record: JobRecord, token: uuid.UUID, failure: Failed
    ) -> None:
        """A permanent failure ends the job at once; a transient one is retried after a delay,
        until the attempts run out."""
        if not failure.permanent and record.attempts < self.config.jobs_max_attempts:
            delay_s = self.config.retry_delay_s(record.attempts)
            async with self._sessions() as session, session.begin():
                queued = await self.store.retry(
                    session,
                    record.id,
                    token,
                    delay_s=delay_s,
                    error=failure.detail,
                    error_code=failure.code or WORK_FAILED,
                )
            log.warning(
                "job_retry",
                job_id=str(record.id),
                attempt=record.attempts,
                error=failure.detail,
                delay_s=delay_s,
            )
            self.stats.retried += queued is not None
            if queued is not None:
                await self.live.publish(queued)
            return
        error, code = _readable(failure, record.attempts)
        async with self._sessions() as session, session.begin():
            failed = await self.store.finish(
                session, record.id, token, status="failed", error=error, error_code=code
            )
            if failed is not None and job.on_failed is not None:
                await job.on_failed(self.context, session, failed)
        if failed is None:
            await self._lost(record)
            return
        self.stats.failed += 1
        log.warning("job_failed", job_id=str(record.id), code=code, error=failure.detail)
        await self.live.publish(failed)

    async def _lost(self, record: JobRecord) -> None:
        """The job stopped being ours while it ran: cancelled (say so live) or taken over."""
        self.stats.lost += 1
        async with self._sessions() as session:
            now = await self.store.get(session, record.id)
        log.info("job_lost", job_id=str(record.id), status=now.status if now else "erased")
        if now is not None and now.status == "cancelled":
            await self.live.publish(now)

    # --- the sweeper --------------------------------------------------------------------------

    async def _sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(self.config.jobs_sweep_interval_s)
            try:
                await self.sweep()
            except Exception as exc:
                log.warning("job_sweep_failed", error=f"{type(exc).__name__}: {exc}")

    async def sweep(self) -> int:
        """Announces every job that is due again; returns how many."""
        async with self._sessions() as session, session.begin():
            due = await self.store.due(
                session, list(self.jobs), again_in_s=self.config.jobs_lease_s
            )
        exchange = self._exchange
        if not due or exchange is None:
            return 0
        for job_id, kind in due:
            job = self.jobs[kind]
            message = job.message(job_id)
            await exchange.publish(
                aio_pika.Message(
                    message.to_json(),
                    content_type="application/cloudevents+json",
                    delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                    message_id=str(message.id),
                    type=message.type,
                ),
                routing_key=job.message_type,
            )
        self.stats.woken += len(due)
        return len(due)


def _being_cancelled() -> bool:
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


def _readable(failure: Failed, attempts: int) -> tuple[str, str]:
    """The reason a user reads: a domain error's own words; for anything else, no internals
    (they are in the worker's log)."""
    if failure.permanent:
        return failure.detail, failure.code or WORK_FAILED
    return f"The job could not be completed after {attempts} attempts.", ATTEMPTS_EXHAUSTED


async def _settle(message: AbstractIncomingMessage, *, requeue: bool | None) -> None:
    """Acks (``requeue=False``), requeues (True) or rejects (None); a closed channel is fine:
    the broker redelivers, and the redelivery finds the job finished or held."""
    try:
        if requeue is None:
            await message.reject(requeue=False)
        elif requeue:
            await message.nack(requeue=True)
        else:
            await message.ack()
    except Exception as exc:
        log.info("job_message_unsettled", error=str(exc))
