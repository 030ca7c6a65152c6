"""A harness for the event bus tests: each test gets its own schema, outbox, inbox and broker names.

The crash test's subprocess (crash_consumer.py) imports this module too, to build the same bus.
"""

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import pytest
from sqlalchemy import BigInteger, Column, Identity, String, Table, Uuid, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from cadence_shared.context import ServiceContext
from cadence_shared.db import create_engine, service_metadata, session_factory
from cadence_shared.events import Envelope, EventBus, EventStore, RunningBus, UserDeleted
from cadence_shared.settings import ServiceSettings
from cadence_shared.testing.backends import Backends
from cadence_shared.testing.waiting import eventually

Handler = Callable[[AsyncSession, UserDeleted, Envelope], Awaitable[None]]


def harness_settings(database_url: str, amqp_url: str, schema: str, prefix: str) -> ServiceSettings:
    return ServiceSettings(
        service_name=schema,
        database_url=database_url,
        amqp_url=amqp_url,
        amqp_prefix=prefix,
        amqp_reconnect_interval_s=0.3,
        amqp_prefetch=64,
        events_retry_delays_s=[0.05, 0.2],
        events_max_attempts=3,
        events_relay_poll_s=0.5,
        events_reconnect_max_s=0.5,
        log_json=False,
        log_level="WARNING",
    )


class Harness:
    """One test's world: a schema with the outbox, inbox and an ``applied`` effect table."""

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self.schema = settings.db_schema
        metadata = service_metadata(self.schema)
        self.metadata = metadata
        self.store = EventStore(metadata, source=self.schema)
        # No unique key on purpose: an effect applied twice shows up as two rows.
        self.applied = Table(
            "applied",
            metadata,
            Column("id", BigInteger, Identity(), primary_key=True),
            Column("handler", String(100), nullable=False),
            Column("event_id", Uuid, nullable=False),
            Column("user_id", Uuid, nullable=False),
        )
        self.engine: AsyncEngine = create_engine(settings, pool_size=20)
        self.sessions = session_factory(self.engine)

    async def create_tables(self) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"'))
            await conn.run_sync(self.metadata.create_all)

    def record(self, handler: str) -> Handler:
        """A handler whose effect is one ``applied`` row in the event's transaction."""

        async def apply(session: AsyncSession, event: UserDeleted, envelope: Envelope) -> None:
            await session.execute(
                insert(self.applied).values(
                    handler=handler, event_id=envelope.id, user_id=event.user_id
                )
            )

        return apply

    def bus(self, handlers: dict[str, Handler] | None = None) -> EventBus:
        """A bus whose subscriptions (all on UserDeleted) are ``handlers``, by name."""
        bus = EventBus(self.store)
        for name, handler in (handlers or {"record": self.record("record")}).items():
            bus.subscribe(name, UserDeleted)(handler)
        return bus

    @asynccontextmanager
    async def running(
        self,
        bus: EventBus,
        *,
        relay: bool = True,
        consume: bool = True,
        context: ServiceContext | None = None,
    ) -> AsyncIterator[RunningBus]:
        async with bus.running(
            self.settings, self.engine, self.sessions, relay=relay, consume=consume, context=context
        ) as running:
            await asyncio.wait_for(running.ready.wait(), 10)
            yield running

    async def publish(self, count: int, *, per_transaction: int = 1) -> list[Envelope]:
        """Commits ``count`` UserDeleted events, ``per_transaction`` to a transaction."""
        envelopes: list[Envelope] = []
        while len(envelopes) < count:
            async with self.sessions() as session, session.begin():
                for _ in range(min(per_transaction, count - len(envelopes))):
                    event = UserDeleted(user_id=uuid.uuid4(), deleted_at=datetime.now(UTC))
                    envelopes.append(
                        await self.store.publish(session, event, subject=str(event.user_id))
                    )
        return envelopes

    async def applied_ids(self, handler: str = "record") -> list[uuid.UUID]:
        async with self.engine.connect() as conn:
            rows = await conn.scalars(
                select(self.applied.c.event_id).where(self.applied.c.handler == handler)
            )
            return list(rows)

    async def inbox_count(self, handler: str = "record") -> int:
        async with self.engine.connect() as conn:
            inbox = self.store.inbox
            count = await conn.scalar(
                select(func.count()).select_from(inbox).where(inbox.c.handler == handler)
            )
            return int(count or 0)

    async def unsent(self) -> int:
        async with self.engine.connect() as conn:
            return (await self.store.backlog(conn)).unsent

    async def applied_exactly(
        self, envelopes: list[Envelope], handler: str = "record", *, within_s: float = 15.0
    ) -> None:
        """Waits until every event was applied, then checks none was applied twice or missed."""
        expected = sorted(envelope.id for envelope in envelopes)

        async def all_applied() -> bool:
            return len(await self.applied_ids(handler)) >= len(expected)

        await eventually(
            all_applied, within_s=within_s, what=f"{len(expected)} events applied by {handler}"
        )
        assert sorted(await self.applied_ids(handler)) == expected

    async def dispose(self) -> None:
        await self.engine.dispose()


@pytest.fixture(scope="session")
def broker_names(amqp_names: str) -> str:
    """The session's broker prefix (the plugin deletes its queues and exchanges at the end)."""
    return amqp_names


@pytest.fixture
async def harness(
    request: pytest.FixtureRequest, database_url: str, backends: Backends, broker_names: str
) -> AsyncIterator[Harness]:
    schema = f"ev_{uuid.uuid4().hex[:8]}"
    settings = harness_settings(database_url, backends.amqp_url, schema, f"{broker_names}.{schema}")
    world = Harness(settings)
    await world.create_tables()
    yield world
    await world.dispose()
