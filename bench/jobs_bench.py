"""Jobs: pickup latency, from the enqueueing transaction's commit to a worker's claim.

Needs Postgres, RabbitMQ and Redis only (not the stack): a database and broker names of its own,
removed afterwards. ``python bench/jobs_bench.py`` (or `make bench`).

The process plays both sides: the test service of ``cadence_shared.testing.jobs`` enqueues
``scripted`` jobs that do nothing (so a slot is free again at once) and its worker, in the same
event loop, runs them with 2 slots (the machine's 2 cores). The path measured is the platform's
whole pickup: the job row and its outbox message commit together, the relay (running in the
worker) is woken by NOTIFY and publishes with a confirm, the broker delivers to the job queue's
consumer, the runner claims the row. Commit and claim are both stamped with ``time.monotonic``
in this process: the commit when ``session.commit()`` returns, the claim when ``claim`` returns.

- idle: one job at a time, the next enqueued once the previous one has succeeded.
- steady: jobs enqueued on a fixed schedule (open loop, each in its own transaction), at a rate
  the two slots keep up with; the first second is warm-up.
- commit → succeeded is measured too: the claim, the work's round trip to its process, the
  outcome's transaction and the live update.
- before/after: the idle phase of this checkout and of ``BEFORE`` (a temporary worktree, its
  ``cadence_shared`` first on the path), each in a fresh process, taking turns round by round;
  ratios are medians of per-round ratios.
"""

import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aio_pika
import asyncpg
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from benchlib import bench_lock, checkout, load, metric, write_results
from cadence_shared.db import create_engine, session_factory
from cadence_shared.events.broker import Topology
from cadence_shared.jobs import JobRecord
from cadence_shared.live import snapshot_key_of
from cadence_shared.testing.jobs import JobTestService, JobTestSettings, Script, build

POSTGRES_URL = os.environ.get(
    "CADENCE_BENCH_POSTGRES_URL", "postgresql://postgres:postgres@127.0.0.1:5432/postgres"
)
AMQP_URL = os.environ.get("CADENCE_BENCH_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
REDIS_URL = os.environ.get("CADENCE_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
IDLE_JOBS = int(os.environ.get("CADENCE_BENCH_IDLE_JOBS", "200"))
STEADY_RATE_PER_S = 10
STEADY_SECONDS = int(os.environ.get("CADENCE_BENCH_STEADY_SECONDS", "20"))
WARM_UP_SECONDS = 1
CONCURRENCY = 2
BENCH_USER = uuid.uuid4()  # every job's owner: its live snapshot is removed afterwards
BEFORE = "4fe2653"  # main before the worker's claim and renewals went autocommit
ROUNDS = int(os.environ.get("CADENCE_BENCH_JOBS_ROUNDS", "5"))
ROUND_JOBS = int(os.environ.get("CADENCE_BENCH_JOBS_ROUND_JOBS", "30"))
ROUND_FLAG = "--idle-round"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@dataclass
class Clock:
    committed: dict[uuid.UUID, float] = field(default_factory=dict)
    claimed: dict[uuid.UUID, float] = field(default_factory=dict)
    succeeded: dict[uuid.UUID, float] = field(default_factory=dict)

    def watch(self, service: JobTestService) -> None:
        """Stamps each claim and each success as the runner's store calls return."""
        store = service.jobs
        claim, finish = store.claim, store.finish

        async def claimed(session: Any, job_id: uuid.UUID, **kwargs: Any) -> Any:
            record = await claim(session, job_id, **kwargs)
            if record is not None:
                self.claimed.setdefault(job_id, time.monotonic())
            return record

        async def finished(
            session: AsyncSession, job_id: uuid.UUID, *args: Any, **kwargs: Any
        ) -> Any:
            record = await finish(session, job_id, *args, **kwargs)
            self.succeeded[job_id] = time.monotonic()
            return record

        store.claim = claimed  # type: ignore[method-assign]
        store.finish = finished  # type: ignore[method-assign]

    def spans_ms(self, ids: list[uuid.UUID], end: dict[uuid.UUID, float]) -> list[float]:
        return [(end[job_id] - self.committed[job_id]) * 1000 for job_id in ids]


async def enqueue(service: JobTestService, sessions: Any, clock: Clock) -> JobRecord:
    async with sessions() as session:
        record = await service.scripted.enqueue(
            session, Script(), resource_id=uuid.uuid4(), user_id=BENCH_USER
        )
        await session.commit()
    clock.committed[record.id] = time.monotonic()
    return record


async def until(condition: Any, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the jobs did not finish in time")
        await asyncio.sleep(0.002)


async def idle(service: JobTestService, sessions: Any, clock: Clock) -> list[uuid.UUID]:
    ids = []
    for _ in range(IDLE_JOBS):
        record = await enqueue(service, sessions, clock)
        await until(lambda job_id=record.id: job_id in clock.succeeded)
        ids.append(record.id)
    return ids


async def steady(service: JobTestService, sessions: Any, clock: Clock) -> list[uuid.UUID]:
    start = time.monotonic()
    tasks = []
    for number in range(STEADY_RATE_PER_S * STEADY_SECONDS):
        delay = start + number / STEADY_RATE_PER_S - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(enqueue(service, sessions, clock)))
    records = await asyncio.gather(*tasks)
    await until(lambda: all(record.id in clock.succeeded for record in records))
    return [record.id for record in records[STEADY_RATE_PER_S * WARM_UP_SECONDS :]]


def phase_results(name: str, clock: Clock, ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    pickup = clock.spans_ms(ids, clock.claimed)
    done = clock.spans_ms(ids, clock.succeeded)
    return [
        metric(f"{name}_pickup_p50", percentile(pickup, 0.5), "ms"),
        metric(f"{name}_pickup_p99", percentile(pickup, 0.99), "ms", "< 50 ms"),
        metric(f"{name}_pickup_mean", statistics.fmean(pickup), "ms"),
        metric(f"{name}_commit_to_succeeded_p50", percentile(done, 0.5), "ms"),
        metric(f"{name}_commit_to_succeeded_p99", percentile(done, 0.99), "ms"),
        metric(f"{name}_jobs", len(ids), "jobs"),
    ]


async def run(settings: JobTestSettings, *, idle_only: bool = False) -> list[dict[str, Any]]:
    service = build(settings)
    engine = create_engine(settings)
    await service.create_tables(engine)
    sessions = session_factory(engine)
    clock = Clock()
    clock.watch(service)
    try:
        async with service.worker.running() as running:
            for _ in range(10):  # warm-up: connections, prepared statements, the processes
                record = await enqueue(service, sessions, clock)
                await until(lambda job_id=record.id: job_id in clock.succeeded)
            ids = await idle(service, sessions, clock)
            if idle_only:  # one round of the before/after comparison: the raw spans
                pickup, done = (
                    clock.spans_ms(ids, clock.claimed),
                    clock.spans_ms(ids, clock.succeeded),
                )
                await running.stop(grace_s=10)
                return [{"pickup": pickup, "done": done}]
            results = phase_results("idle", clock, ids)
            results += phase_results("steady", clock, await steady(service, sessions, clock))
            stats = running.runner.stats
            results.append(
                metric("jobs_claimed_twice", stats.claimed - len(clock.claimed), "jobs", "0")
            )
            await running.stop(grace_s=10)
    finally:
        await engine.dispose()
    return results


async def delete_broker_names(settings: JobTestSettings, service: str) -> None:
    topology = Topology.from_settings(settings)
    connection = await aio_pika.connect(AMQP_URL)
    async with connection:
        channel = await connection.channel()
        for job in ("checksum", "scripted"):
            await channel.queue_delete(topology.queue(service, f"job.{job}"))
        await channel.exchange_delete(topology.exchange)


async def measured(*, idle_only: bool = False) -> list[dict[str, Any]]:
    """The bench in a database and broker names of its own, removed afterwards."""
    name = f"cadence_bench_jobs_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(POSTGRES_URL)
    await admin.execute(f'CREATE DATABASE "{name}"')
    database_url = POSTGRES_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    settings = JobTestSettings(
        service_name="benchjobs",
        environment="test",
        database_url=f"{database_url}/{name}",
        redis_url=REDIS_URL,
        amqp_url=AMQP_URL,
        amqp_prefix=f"bench-{uuid.uuid4().hex[:8]}",
        storage_local_dir=Path(f"/tmp/{name}"),
        worker_concurrency=CONCURRENCY,
        worker_health_host="127.0.0.1",
        worker_health_port=0,
        log_level="WARNING",
    )
    try:
        return await run(settings, idle_only=idle_only)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
        await delete_broker_names(settings, settings.service_name)
        redis = Redis.from_url(REDIS_URL)
        await redis.delete(snapshot_key_of(BENCH_USER))
        await redis.aclose()


def idle_round(variant: str, before_tree: Path) -> dict[str, list[float]]:
    """One idle round in a fresh process: this checkout's code, or ``BEFORE``'s."""
    env = {**os.environ, "CADENCE_BENCH_IDLE_JOBS": str(ROUND_JOBS)}
    if variant == "before":
        env["PYTHONPATH"] = str(before_tree / "shared" / "src")
    done = subprocess.run(
        [sys.executable, __file__, ROUND_FLAG], env=env, capture_output=True, text=True, check=True
    )
    return dict(json.loads(done.stdout.splitlines()[-1]))


def compared() -> tuple[list[dict[str, Any]], str]:
    """Before/after, ``ROUNDS`` interleaved rounds (which goes first alternates)."""
    medians: dict[str, dict[str, list[float]]] = {"before": {}, "after": {}}
    order = ["before", "after"]
    with checkout(BEFORE) as before_tree:
        load_before = load()
        for _ in range(ROUNDS):
            for variant in order:
                for span, values in idle_round(variant, before_tree).items():
                    medians[variant].setdefault(span, []).append(statistics.median(values))
            order.reverse()
        load_after = load()
    results = []
    for span in ("pickup", "done"):
        label = {"pickup": "pickup", "done": "commit_to_succeeded"}[span]
        before, after = medians["before"][span], medians["after"][span]
        ratios = [a / b for a, b in zip(after, before, strict=True)]
        results += [
            metric(f"idle_{label}_p50_before", statistics.median(before), "ms"),
            metric(f"idle_{label}_p50_after", statistics.median(after), "ms"),
            metric(f"idle_{label}_after_vs_before", statistics.median(ratios), "ratio"),
        ]
    return results, f"Load (uptime) before: {load_before}; after: {load_after}."


async def main() -> None:
    if ROUND_FLAG in sys.argv:
        print(json.dumps((await measured(idle_only=True))[0]))
        return
    with bench_lock():
        results, loads = compared()
        results += await measured()
    notes = (
        f"{CONCURRENCY} slots, jobs that do nothing; the relay runs in the worker (woken by "
        f"NOTIFY). Idle: {IDLE_JOBS} jobs one after another. Steady: {STEADY_RATE_PER_S} jobs/s "
        f"for {STEADY_SECONDS} s, open loop, the first {WARM_UP_SECONDS} s left out. Producer "
        "and worker share one event loop and the machine's 2 cores with Postgres, RabbitMQ and "
        "Redis; commit and claim are stamped with time.monotonic in this process. Before/after: "
        f"the idle phase ({ROUND_JOBS} jobs a round, the median of each round) of {BEFORE} and "
        f"of this checkout, {ROUNDS} interleaved rounds, each in a fresh process; the ratio is "
        f"the median of per-round ratios. {loads}"
    )
    path = write_results("jobs", results, notes)
    print(path.read_text())


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
