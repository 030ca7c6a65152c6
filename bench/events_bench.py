"""The event bus: throughput ceiling with one relay + one consumer, and commit-to-commit latency.

Needs Postgres and RabbitMQ only (not the stack): it creates a database of its own and uses broker
names of its own, and removes both afterwards. ``python bench/events_bench.py`` (or `make bench`).

- Ceiling: N events committed to the outbox first (no relay running), then one relay and one
  consumer (handler: one insert, in the inbox transaction) drain them; events/s from start to the
  last consumer commit.
- Latency: one producer commits one event per transaction at a steady rate (200/s); for each event
  the time from the producer's commit returning to the consumer's commit returning (one process,
  one clock). The relay and consumer run in the producer's process, as in a service by default.
"""

import asyncio
import os
import statistics
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import aio_pika
import asyncpg
from sqlalchemy import BigInteger, Column, Identity, Table, Uuid, insert, text
from sqlalchemy.ext.asyncio import AsyncSession

from benchlib import metric, write_results
from cadence_shared.db import create_engine, service_metadata, session_factory
from cadence_shared.events import Envelope, EventBus, EventStore, UserDeleted
from cadence_shared.events.consumer import EventConsumer, Subscription
from cadence_shared.settings import ServiceSettings

POSTGRES_URL = os.environ.get(
    "CADENCE_BENCH_POSTGRES_URL", "postgresql://postgres:postgres@127.0.0.1:5432/postgres"
)
AMQP_URL = os.environ.get("CADENCE_BENCH_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
CEILING_EVENTS = int(os.environ.get("CADENCE_BENCH_EVENTS", "20000"))
RATE_PER_S = 200
LATENCY_SECONDS = 20
WARM_UP_SECONDS = 2
SCHEMA = "bench"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Timed(EventConsumer):
    """The consumer, noting when each event's transaction has committed."""

    committed_at: dict[uuid.UUID, float]

    async def handle_batch(self, subscription: Subscription, messages: list[Any]) -> list[Envelope]:
        applied = await super().handle_batch(subscription, messages)
        now = time.perf_counter()
        for envelope in applied:
            self.committed_at[envelope.id] = now
        return applied


async def run(database_url: str, prefix: str) -> list[dict[str, Any]]:
    settings = ServiceSettings(
        service_name=SCHEMA,
        database_url=database_url,
        amqp_url=AMQP_URL,
        amqp_prefix=prefix,
        log_level="WARNING",
        db_pool_size=20,
    )
    metadata = service_metadata(SCHEMA)
    store = EventStore(metadata, source=SCHEMA)
    effect = Table(
        "effect",
        metadata,
        Column("id", BigInteger, Identity(), primary_key=True),
        Column("user_id", Uuid, nullable=False),
    )
    engine = create_engine(settings)
    sessions = session_factory(engine)
    async with engine.begin() as conn:
        await conn.execute(text(f"CREATE SCHEMA {SCHEMA}"))
        await conn.run_sync(metadata.create_all)

    bus = EventBus(store)

    @bus.subscribe("effect", UserDeleted)
    async def apply(session: AsyncSession, event: UserDeleted, envelope: Envelope) -> None:
        await session.execute(insert(effect).values(user_id=event.user_id))

    committed_at: dict[uuid.UUID, float] = {}

    async def publish(count: int) -> list[tuple[uuid.UUID, float]]:
        async with sessions() as session, session.begin():
            ids = []
            for _ in range(count):
                event = UserDeleted(user_id=uuid.uuid4(), deleted_at=datetime.now(UTC))
                ids.append((await store.publish(session, event)).id)
        now = time.perf_counter()
        return [(event_id, now) for event_id in ids]

    async def started() -> Any:
        context = bus.running(settings, engine, sessions)
        running = await context.__aenter__()
        consumer = running.consumer
        consumer.__class__ = Timed  # same state, plus the commit clock
        consumer.committed_at = committed_at
        await asyncio.wait_for(running.ready.wait(), 10)
        return context, running

    # Declare the queue first, so the pre-filled events have somewhere to go.
    context, running = await started()
    await context.__aexit__(None, None, None)

    # --- ceiling ---
    for _ in range(CEILING_EVENTS // 500):
        await publish(500)
    begin = time.perf_counter()
    context, running = await started()
    while running.consumer.applied < CEILING_EVENTS:  # noqa: ASYNC110 (polls a counter)
        await asyncio.sleep(0.01)
    drained_s = max(committed_at.values()) - begin
    ceiling = CEILING_EVENTS / drained_s

    # --- latency at a steady rate ---
    committed_at.clear()
    produced: list[tuple[uuid.UUID, float]] = []

    async def produce_one() -> None:
        produced.extend(await publish(1))

    # Each event is its own request's transaction, started on schedule (as concurrent API calls).
    interval = 1 / RATE_PER_S
    start = time.perf_counter()
    total = RATE_PER_S * LATENCY_SECONDS
    producers = []
    for number in range(total):
        delay = start + number * interval - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        producers.append(asyncio.create_task(produce_one()))
    await asyncio.gather(*producers)
    achieved_rate = total / (time.perf_counter() - start)
    deadline = time.monotonic() + 30
    produced_ids = {event_id for event_id, _ in produced}
    while len(produced_ids & committed_at.keys()) < total and time.monotonic() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.01)
    warm = start + WARM_UP_SECONDS
    latencies = [
        (committed_at[event_id] - at) * 1000
        for event_id, at in produced
        if at >= warm and event_id in committed_at
    ]
    lost = total - len(produced_ids & committed_at.keys())
    await context.__aexit__(None, None, None)
    await engine.dispose()
    return [
        metric("ceiling_events_per_s", ceiling, "events/s", "> 2,000 (one relay, one consumer)"),
        metric("ceiling_events", CEILING_EVENTS, "events"),
        metric("steady_rate_achieved", achieved_rate, "events/s", "200"),
        metric("latency_p50", statistics.median(latencies), "ms"),
        metric("latency_p99", percentile(latencies, 0.99), "ms", "< 50 ms at 200 events/s"),
        metric("latency_max", max(latencies), "ms"),
        metric("latency_samples", len(latencies), "events"),
        metric("events_not_applied", lost, "events", "0"),
    ]


async def main() -> None:
    name = f"cadence_bench_events_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(POSTGRES_URL)
    await admin.execute(f'CREATE DATABASE "{name}"')
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    try:
        database_url = POSTGRES_URL.rsplit("/", 1)[0].replace(
            "postgresql://", "postgresql+asyncpg://"
        )
        results = await run(f"{database_url}/{name}", prefix)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
        await delete_broker_names(prefix)
    path = write_results(
        "events",
        results,
        "Outbox -> relay (publisher confirms, batches of 500) -> RabbitMQ quorum queue -> consumer "
        "(prefetch 100; a batch of what has arrived per transaction, a savepoint per event holding its inbox row + one insert). Relay, consumer and producer share "
        "one process and event loop, and Postgres/RabbitMQ run on the same 2 cores. Latency: one "
        "event per producer transaction, first 2 s excluded as warm-up.",
    )
    print(path.read_text())


async def delete_broker_names(prefix: str) -> None:
    connection = await aio_pika.connect(AMQP_URL)
    async with connection:
        channel = await connection.channel()
        queue = f"{prefix}.{SCHEMA}.effect"
        for name in (
            queue,
            f"{queue}.parked",
            *(f"{queue}.retry.{ms}ms" for ms in (1000, 10000, 60000, 300000)),
        ):
            await channel.queue_delete(name)
        await channel.exchange_delete(f"{prefix}.events")


if __name__ == "__main__":
    asyncio.run(main())
