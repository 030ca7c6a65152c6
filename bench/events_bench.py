"""The event bus: throughput ceilings (one process; relay and consumers apart), commit-to-commit latency.

Needs Postgres and RabbitMQ only (not the stack): it creates a database of its own and uses broker
names of its own, and removes both afterwards. ``python bench/events_bench.py`` (or `make bench`).

The process running this script plays the service: one relay and one consumer (``EventBus.running``,
as ``bus.resource`` runs them in a service), whose handler inserts one row in the inbox
transaction. The load comes from a separate producer process, so the load generator neither
competes with the bus for its event loop nor stamps its commits late when that loop is busy.

- Ceiling: N events committed to the outbox first (no relay running), then the relay and the
  consumer start together and drain them; events/s from the start to the last consumer commit.
  Twice: with a handler that does nothing (the bus's own cost: claim, publish, confirm, inbox
  row, ack) and with the one-insert handler (the figure the aim is about).
- Latency: the producer process commits one event per transaction (as one API request each) on a
  fixed schedule of 200/s, open loop (a late commit does not delay the next one). For each event:
  the producer's commit returning -> the consumer's commit returning, both on CLOCK_MONOTONIC
  (``time.monotonic`` is system-wide on Linux). The first 2 s are warm-up. Stages along the way:
  commit -> relay claimed the row -> broker confirmed it -> consumer started the batch holding it
  -> consumer committed.
- Split: the ceiling again with the relay alone in this process and one, then two, consumer
  processes on the queue (as `cadence-events <svc> worker --no-relay` runs them; the inbox makes
  the second one safe), with the CPU each stage used per event: the relay, the consumers,
  Postgres and RabbitMQ.
- The bus process's CPU time per event and how busy the whole machine was are recorded with each
  phase: the machine has 2 cores shared with Postgres, RabbitMQ, the producer and whatever else
  runs (other benchmarks and test suites: compare runs only at similar machine load).
- Before each phase the tables are vacuumed, as autovacuum would have (it is off on this machine's
  Postgres; without it the ceilings' dead outbox rows slow every later claim).
"""

import asyncio
import contextlib
import itertools
import json
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aio_pika
import asyncpg
import orjson
from sqlalchemy import BigInteger, Column, Identity, MetaData, Table, Uuid, insert, text
from sqlalchemy.ext.asyncio import AsyncSession

from benchlib import metric, write_results
from cadence_shared.db import create_engine, service_metadata, session_factory
from cadence_shared.events import Envelope, EventBus, EventStore, RunningBus, UserDeleted
from cadence_shared.events.broker import Topology
from cadence_shared.events.consumer import EventConsumer
from cadence_shared.events.relay import OutboxRelay
from cadence_shared.settings import ServiceSettings

POSTGRES_URL = os.environ.get(
    "CADENCE_BENCH_POSTGRES_URL", "postgresql://postgres:postgres@127.0.0.1:5432/postgres"
)
AMQP_URL = os.environ.get("CADENCE_BENCH_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
CEILING_EVENTS = int(os.environ.get("CADENCE_BENCH_EVENTS", "20000"))
RATE_PER_S = 200
LATENCY_SECONDS = int(os.environ.get("CADENCE_BENCH_LATENCY_SECONDS", "20"))
WARM_UP_SECONDS = 2
SCHEMA = "bench"
STAGES = ("committed", "claimed", "confirmed", "consuming", "applied")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def bench_settings(database_url: str, prefix: str) -> ServiceSettings:
    # The defaults of every service, but for the names and a log level that keeps the run quiet.
    return ServiceSettings(
        service_name=SCHEMA,
        database_url=database_url,
        amqp_url=AMQP_URL,
        amqp_prefix=prefix,
        log_level="WARNING",
    )


def bench_tables() -> tuple[MetaData, EventStore, Table]:
    metadata = service_metadata(SCHEMA)
    store = EventStore(metadata, source=SCHEMA)
    effect = Table(
        "effect",
        metadata,
        Column("id", BigInteger, Identity(), primary_key=True),
        Column("user_id", Uuid, nullable=False),
    )
    return metadata, store, effect


def new_event() -> UserDeleted:
    return UserDeleted(user_id=uuid.uuid4(), deleted_at=datetime.now(UTC))


class Clock:
    """When each event passed each stage (``time.monotonic``), noted by wrapping the bus's steps."""

    def __init__(self) -> None:
        self.at: dict[str, dict[uuid.UUID, float]] = {}
        self.reset()

    def reset(self) -> None:
        self.at = {stage: {} for stage in STAGES}

    def watch(self, running: RunningBus) -> None:
        relay, consumer = running.relay, running.consumer
        if relay is not None:
            self._watch_relay(relay)
        if consumer is not None:
            self._watch_consumer(consumer)

    def _watch_relay(self, relay: OutboxRelay) -> None:
        publish = relay._publish_confirmed

        async def publish_confirmed(channel: Any, bodies: list[bytes]) -> None:
            ids = [uuid.UUID(orjson.loads(body)["id"]) for body in bodies]
            self.note("claimed", ids)
            await publish(channel, bodies)
            self.note("confirmed", ids)

        relay._publish_confirmed = publish_confirmed  # type: ignore[method-assign]

    def _watch_consumer(self, consumer: EventConsumer) -> None:
        handle = consumer.handle_batch

        async def handle_batch(subscription: Any, messages: list[Any]) -> list[Envelope]:
            self.note("consuming", [uuid.UUID(message.message_id) for message in messages])
            applied = await handle(subscription, messages)
            self.note("applied", [envelope.id for envelope in applied])
            return applied

        consumer.handle_batch = handle_batch  # type: ignore[method-assign]

    def note(self, stage: str, ids: list[uuid.UUID]) -> None:
        now = time.monotonic()
        for event_id in ids:
            self.at[stage].setdefault(event_id, now)

    def span_ms(self, first: str, last: str, ids: list[uuid.UUID]) -> list[float]:
        begin, end = self.at[first], self.at[last]
        return [(end[i] - begin[i]) * 1000 for i in ids if i in begin and i in end]


def machine_cpu_s() -> tuple[float, float]:
    """(busy, all) CPU seconds of the whole machine since boot, from /proc/stat."""
    with open("/proc/stat") as stat:
        ticks = [int(field) for field in stat.readline().split()[1:]]
    idle = ticks[3] + ticks[4]  # idle + iowait
    hertz = os.sysconf("SC_CLK_TCK")
    return (sum(ticks) - idle) / hertz, sum(ticks) / hertz


class CpuMeter:
    """This process's CPU time, and how busy the whole machine was, over a phase."""

    def __enter__(self) -> "CpuMeter":
        self.cpu = time.process_time()
        self.wall = time.monotonic()
        self._machine = machine_cpu_s()[0]
        return self

    def __exit__(self, *_: object) -> None:
        self.cpu = time.process_time() - self.cpu
        self.wall = time.monotonic() - self.wall
        self.machine_busy_cores = (machine_cpu_s()[0] - self._machine) / self.wall


def cpu_by_process(pids: list[int]) -> dict[int, float]:
    """User + system CPU seconds of each of ``pids`` so far (processes that have gone are left
    out)."""
    seconds = {}
    for pid in pids:
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            seconds[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return seconds


def cpu_since(before: dict[int, float], pids: list[int]) -> float:
    """CPU seconds ``pids`` used since ``before`` was taken; a process started since (such as a
    Postgres backend for a new connection) counts whole."""
    return sum(now - before.get(pid, 0.0) for pid, now in cpu_by_process(pids).items())


def pids_named(name: str) -> list[int]:
    """Every process whose command name is ``name`` (the machine's Postgres or RabbitMQ)."""
    found = []
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(FileNotFoundError, ProcessLookupError, NotADirectoryError):
            if entry.name.isdigit() and (entry / "comm").read_text().strip() == name:
                found.append(int(entry.name))
    return found


async def wait_for(condition: Callable[[], bool], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:  # noqa: ASYNC110 (polls counters)
        await asyncio.sleep(0.01)


@dataclass
class Drained:
    """One ceiling phase: the rate, its CPU meter, and the bus left running with its clock."""

    rate: float
    cpu: CpuMeter
    context: Any
    running: RunningBus
    clock: Clock


@dataclass
class Split:
    """A ceiling with the relay in this process and ``consumers`` consumer processes on the
    queue: the rate, and CPU per event of each stage (the servers' figures include whatever
    else used them meanwhile)."""

    consumers: int
    rate: float
    cpu_per_event_us: dict[str, float]
    machine_busy_cores: float


@dataclass
class Produced:
    """The latency phase: the producer's report, when each event committed, and the CPU meter."""

    report: dict[str, Any]
    committed: dict[uuid.UUID, float]
    cpu: CpuMeter


class BenchBus:
    """The bus under test with its engine, sessions and tables, in the process playing the service.

    ``with_effect`` is off for the bus's own ceiling: the handler then does nothing.
    """

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self.metadata, self.store, self.effect = bench_tables()
        self.engine = create_engine(settings)
        self.sessions = session_factory(self.engine)
        self.bus = EventBus(self.store)
        self.with_effect = True
        self.bus.subscribe("effect", UserDeleted)(self.apply)

    async def apply(self, session: AsyncSession, event: UserDeleted, envelope: Envelope) -> None:
        if self.with_effect:
            await session.execute(insert(self.effect).values(user_id=event.user_id))

    async def create_schema(self) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(text(f"CREATE SCHEMA {SCHEMA}"))
            await conn.run_sync(self.metadata.create_all)

    async def started(
        self, clock: Clock, *, relay: bool = True, consume: bool = True
    ) -> tuple[Any, RunningBus]:
        context = self.bus.running(
            self.settings, self.engine, self.sessions, relay=relay, consume=consume
        )
        running = await context.__aenter__()
        clock.watch(running)  # before the bus task first runs: it has not been scheduled yet
        await asyncio.wait_for(running.ready.wait(), 10)
        return context, running

    async def declare_queue(self) -> None:
        """Starts and stops the bus once, so the pre-filled events have somewhere to go."""
        context, _ = await self.started(Clock())
        await context.__aexit__(None, None, None)

    async def vacuum(self) -> None:
        """What autovacuum would have done by now (it is off on this machine's Postgres): left
        alone, the outbox's dead rows turn each claim into a scan of them all."""
        async with self.engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            for table in self.metadata.sorted_tables:
                await conn.execute(text(f"VACUUM ANALYZE {table.schema}.{table.name}"))

    async def fill_outbox(self) -> None:
        for _ in range(CEILING_EVENTS // 500):
            async with self.sessions() as session, session.begin():
                for _ in range(500):
                    await self.store.publish(session, new_event())
        await self.vacuum()

    async def effects(self) -> int:
        async with self.engine.connect() as conn:
            return int(await conn.scalar(text(f"SELECT count(*) FROM {SCHEMA}.effect")) or 0)

    async def drain_ceiling(self) -> Drained:
        """Fills the outbox, then starts the bus and times it draining the lot."""
        await self.fill_outbox()
        clock = Clock()
        with CpuMeter() as cpu:
            begin = time.monotonic()
            context, running = await self.started(clock)
            consumer = running.consumer
            assert consumer is not None
            await wait_for(lambda: consumer.applied >= CEILING_EVENTS, 120)
        if consumer.applied != CEILING_EVENTS:
            raise RuntimeError(f"drained {consumer.applied} of {CEILING_EVENTS} events")
        rate = CEILING_EVENTS / (max(clock.at["applied"].values()) - begin)
        return Drained(rate, cpu, context, running, clock)

    async def drain_split(self, consumers: int) -> Split:
        """Fills the outbox, starts ``consumers`` consumer processes, then the relay here, and
        times them draining the lot into the effect table."""
        async with self.engine.begin() as conn:
            await conn.execute(text(f"TRUNCATE {SCHEMA}.effect"))
        await self.fill_outbox()
        processes = [await consumer_process(self.settings) for _ in range(consumers)]
        try:
            stages: dict[str, Callable[[], list[int]]] = {
                "relay": lambda: [os.getpid()],
                "consumers": lambda: [process.pid for process in processes],
                "postgres": lambda: pids_named("postgres"),
                "rabbitmq": lambda: pids_named("beam.smp"),
            }
            before = {stage: cpu_by_process(pids()) for stage, pids in stages.items()}
            machine_before, begin = machine_cpu_s()[0], time.monotonic()
            context, _ = await self.started(Clock(), consume=False)
            while await self.effects() < CEILING_EVENTS:
                if time.monotonic() - begin > 120:
                    raise RuntimeError(f"{consumers} consumers drained too slowly")
                await asyncio.sleep(0.05)
            wall = time.monotonic() - begin
            used = {stage: cpu_since(before[stage], pids()) for stage, pids in stages.items()}
            busy = (machine_cpu_s()[0] - machine_before) / wall
            await context.__aexit__(None, None, None)
        finally:
            for process in processes:
                await stopped(process)
        per_event = {stage: seconds / CEILING_EVENTS * 1e6 for stage, seconds in used.items()}
        return Split(consumers, CEILING_EVENTS / wall, per_event, busy)

    async def produce_steadily(self, clock: Clock) -> Produced:
        """Latency at a steady 200 events/s, from another process, into the running bus."""
        clock.reset()
        with CpuMeter() as cpu:
            producer = await asyncio.create_subprocess_exec(
                sys.executable,
                __file__,
                "produce",
                self.settings.database_url,
                str(RATE_PER_S),
                str(LATENCY_SECONDS),
                stdout=asyncio.subprocess.PIPE,
            )
            output, _ = await producer.communicate()
            if producer.returncode:
                raise RuntimeError(f"the producer failed ({producer.returncode})")
            report = json.loads(output)
            committed = {uuid.UUID(event_id): at for event_id, at in report["committed"]}
            clock.at["committed"] = committed
            await wait_for(lambda: committed.keys() <= clock.at["applied"].keys(), 30)
        return Produced(report, committed, cpu)


def ceiling_results(ceiling: Drained, bus_ceiling: Drained) -> list[dict[str, Any]]:
    return [
        metric(
            "ceiling_events_per_s", ceiling.rate, "events/s", "> 2,000 (one relay, one consumer)"
        ),
        metric("ceiling_events", CEILING_EVENTS, "events"),
        metric("ceiling_bus_cpu_per_event", ceiling.cpu.cpu / CEILING_EVENTS * 1e6, "µs"),
        metric("ceiling_noop_handler_events_per_s", bus_ceiling.rate, "events/s"),
        metric(
            "ceiling_noop_handler_cpu_per_event", bus_ceiling.cpu.cpu / CEILING_EVENTS * 1e6, "µs"
        ),
    ]


def split_results(one: Split, two: Split) -> list[dict[str, Any]]:
    results = [
        metric("split_1_consumer_events_per_s", one.rate, "events/s"),
        metric("split_2_consumers_events_per_s", two.rate, "events/s", "3,000 (two consumers)"),
        metric("split_2_vs_1_consumers", two.rate / one.rate, "ratio"),
    ]
    for split in (one, two):
        for stage, micros in split.cpu_per_event_us.items():
            results.append(metric(f"split_{split.consumers}_cpu_{stage}", micros, "µs/event"))
        results.append(
            metric(f"split_{split.consumers}_machine_busy", split.machine_busy_cores, "cores of 2")
        )
    return results


def latency_results(produced: Produced, clock: Clock) -> list[dict[str, Any]]:
    report, committed = produced.report, produced.committed
    warm = report["started_at"] + WARM_UP_SECONDS
    measured = [event_id for event_id, at in committed.items() if at >= warm]
    latencies = clock.span_ms("committed", "applied", measured)
    lost = len(committed.keys() - clock.at["applied"].keys())
    results = [
        metric("steady_rate_achieved", report["achieved_rate"], "events/s", "200"),
        metric("latency_p50", statistics.median(latencies), "ms"),
        metric("latency_p90", percentile(latencies, 0.90), "ms"),
        metric("latency_p99", percentile(latencies, 0.99), "ms", "< 50 ms at 200 events/s"),
        metric("latency_max", max(latencies), "ms"),
        metric("latency_samples", len(latencies), "events"),
        metric("events_not_applied", lost, "events", "0"),
    ]
    for first, last in itertools.pairwise(STAGES):
        span = clock.span_ms(first, last, measured)
        for name, value in (("p50", statistics.median(span)), ("p99", percentile(span, 0.99))):
            results.append(metric(f"stage_{first}_to_{last}_{name}", value, "ms"))
    cpu = produced.cpu
    results += [
        metric("latency_bus_cpu_share", cpu.cpu / cpu.wall * 100, "% of a core"),
        metric("latency_producer_commit_p50", report["commit_ms_p50"], "ms"),
    ]
    return results


def run_notes(settings: ServiceSettings, batch_size: int) -> str:
    return (
        f"Outbox -> relay (publisher confirms, batches of up to {settings.events_relay_batch_size}"
        ") -> RabbitMQ quorum queue -> consumer (prefetch "
        f"{settings.amqp_prefetch}; what has arrived, up to {batch_size}, per "
        "transaction: inbox rows + one insert per event, then one ack). Service defaults. The "
        "relay and consumer share one process and event loop (as in a service), the producer is "
        "another process; Postgres and RabbitMQ run on the same 2 cores. Latency: producer "
        "commit -> consumer commit on one clock, one event per producer transaction on a "
        "fixed 200/s schedule, first 2 s excluded. Stages: committed -> claimed (NOTIFY, "
        "claim) -> confirmed (publish, quorum-queue confirm) -> consuming (delivery, waiting "
        "for the consumer) -> applied (inbox + effect commit, ack). Split: the same ceiling "
        "with the relay alone in this process and one, then two, consumer processes on the "
        "queue (the inbox makes a second consumer safe); CPU per event by stage is each "
        "process's user+system time over the drain, Postgres and RabbitMQ included (theirs "
        "also counts whatever else used them meanwhile)."
    )


async def run(settings: ServiceSettings) -> tuple[list[dict[str, Any]], str]:
    bench = BenchBus(settings)
    await bench.create_schema()
    await bench.declare_queue()

    # --- ceilings: the bus alone (no-op handler), then with the one-insert effect ---
    bench.with_effect = False
    bus_ceiling = await bench.drain_ceiling()
    await bus_ceiling.context.__aexit__(None, None, None)
    bench.with_effect = True
    ceiling = await bench.drain_ceiling()
    assert ceiling.running.consumer is not None
    batch_size = ceiling.running.consumer.batch_size
    await bench.vacuum()

    # The latency phase runs into the bus the second ceiling left running.
    produced = await bench.produce_steadily(ceiling.clock)
    await ceiling.context.__aexit__(None, None, None)
    splits = [await bench.drain_split(consumers) for consumers in (1, 2)]
    await bench.engine.dispose()

    results = ceiling_results(ceiling, bus_ceiling) + latency_results(produced, ceiling.clock)
    results += split_results(*splits)
    results += [
        metric("machine_busy_during_ceiling", ceiling.cpu.machine_busy_cores, "cores of 2"),
        metric("machine_busy_during_latency", produced.cpu.machine_busy_cores, "cores of 2"),
    ]
    return results, run_notes(settings, batch_size)


async def produce(database_url: str, rate: int, seconds: int) -> None:
    """The producer process: ``rate`` transactions a second, one event each, for ``seconds``;
    prints when each committed (JSON on stdout)."""
    settings = bench_settings(database_url, "unused")
    _, store, _ = bench_tables()
    engine = create_engine(settings)
    sessions = session_factory(engine)
    committed: list[tuple[str, float]] = []
    commit_ms: list[float] = []

    async def one() -> None:
        async with sessions() as session:
            async with session.begin():
                envelope = await store.publish(session, new_event())
                begin_commit = time.monotonic()
            now = time.monotonic()  # the commit has returned
        committed.append((str(envelope.id), now))
        commit_ms.append((now - begin_commit) * 1000)

    started = time.monotonic()
    await scheduled(one, rate, seconds, started)
    achieved = len(committed) / (max(at for _, at in committed) - started)
    await engine.dispose()
    report = {
        "started_at": started,
        "achieved_rate": achieved,
        "commit_ms_p50": statistics.median(commit_ms),
        "committed": committed,
    }
    sys.stdout.write(json.dumps(report))


async def consumer_process(settings: ServiceSettings) -> asyncio.subprocess.Process:
    """Another process consuming the bench's queue, once its consumer is running."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        "consume",
        settings.database_url,
        settings.amqp_prefix,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    async with asyncio.timeout(30):
        while (line := await process.stdout.readline()).strip() != b"ready":
            if not line:  # the process ended (its traceback is on stderr)
                raise RuntimeError(f"a consumer process failed to start ({process.returncode})")
    return process


async def stopped(process: asyncio.subprocess.Process) -> None:
    """Closes the consumer process's stdin (its signal to stop) and waits for it."""
    assert process.stdin is not None
    process.stdin.close()
    try:
        await asyncio.wait_for(process.wait(), 20)
    except TimeoutError:
        process.kill()
        await process.wait()


async def consume(database_url: str, prefix: str) -> None:
    """A consumer process: the bench's consumer alone (no relay) until stdin closes."""
    bench = BenchBus(bench_settings(database_url, prefix))
    context, _ = await bench.started(Clock(), relay=False)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    await context.__aexit__(None, None, None)
    await bench.engine.dispose()


async def scheduled(
    action: Callable[[], Coroutine[Any, Any, None]], rate: int, seconds: int, start: float
) -> None:
    """Starts ``action`` ``rate`` times a second on a fixed schedule, whether or not the earlier
    ones have finished (as independent requests would)."""
    tasks: list[asyncio.Task[None]] = []
    for number in range(rate * seconds):
        delay = start + number / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(action()))
    await asyncio.gather(*tasks)


async def main() -> None:
    name = f"cadence_bench_events_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(POSTGRES_URL)
    await admin.execute(f'CREATE DATABASE "{name}"')
    database_url = POSTGRES_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    settings = bench_settings(f"{database_url}/{name}", f"bench-{uuid.uuid4().hex[:8]}")
    try:
        results, notes = await run(settings)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
        await delete_broker_names(settings)
    path = write_results("events", results, notes)
    print(path.read_text())


async def delete_broker_names(settings: ServiceSettings) -> None:
    topology = Topology.from_settings(settings)
    queue = topology.queue(SCHEMA, "effect")
    retries = [Topology.retry_queue(queue, delay) for delay in settings.events_retry_delays_s]
    connection = await aio_pika.connect(AMQP_URL)
    async with connection:
        channel = await connection.channel()
        for name in (queue, Topology.parking_queue(queue), *retries):
            await channel.queue_delete(name)
        await channel.exchange_delete(topology.exchange)


if __name__ == "__main__":
    if sys.argv[1:2] == ["produce"]:
        asyncio.run(produce(sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
    elif sys.argv[1:2] == ["consume"]:
        asyncio.run(consume(sys.argv[2], sys.argv[3]))
    else:
        asyncio.run(main())
