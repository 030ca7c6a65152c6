"""The outbox and inbox tables, in the service's own schema, and publishing into the outbox."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Uuid,
    bindparam,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from cadence_shared.events.contracts import Event
from cadence_shared.events.envelope import Envelope


@dataclass(frozen=True, slots=True)
class Backlog:
    unsent: int
    oldest_unsent_at: datetime | None


class EventStore:
    """A service's outbox and inbox tables, declared on the service's own metadata.

    One line in the service's models.py, so Alembic autogenerate picks both tables up::

        events = EventStore(TasksTable.metadata, source="tasks", publishes=(TaskDone,))

    ``publishes`` declares every event type the service publishes: the event catalog
    (``cadence_shared.events.asyncapi``) is rendered from it, and tests-e2e/test_suite.py fails
    when a service's code makes a contract it does not declare, or declares one it never makes.

    ``await events.publish(session, SomeEvent(...), subject=...)`` adds the event in the caller's
    transaction; the caller commits (or rolls back, and nothing is published).
    """

    def __init__(
        self, metadata: MetaData, *, source: str, publishes: Sequence[type[Event]] = ()
    ) -> None:
        if metadata.schema is None:
            raise ValueError("the service's metadata must name its schema")
        self.source = source
        self.publishes: tuple[type[Event], ...] = tuple(publishes)
        self.schema = metadata.schema
        # NOTIFY is transactional: the relay wakes when the event's transaction commits.
        self.channel = f"cadence_outbox_{self.schema}"
        self.outbox = Table(
            "event_outbox",
            metadata,
            Column("seq", BigInteger, Identity(), primary_key=True),
            Column("id", Uuid, nullable=False, unique=True),
            Column("type", String(200), nullable=False),
            Column("envelope", JSONB, nullable=False),
            Column(
                "created_at", DateTime(timezone=True), nullable=False, server_default=func.now()
            ),
            Column("published_at", DateTime(timezone=True), nullable=True),
            Index("ix_event_outbox_unsent", "seq", postgresql_where=text("published_at IS NULL")),
        )
        self.inbox = Table(
            "event_inbox",
            metadata,
            Column("handler", String(200), nullable=False),
            Column("event_id", Uuid, nullable=False),
            Column("type", String(200), nullable=False),
            Column(
                "processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()
            ),
            PrimaryKeyConstraint("handler", "event_id"),
        )
        inbox = self.inbox
        # Arrays, not a VALUES list: one statement text (one prepared statement) for any batch.
        self._record_processed = (
            pg_insert(inbox)
            .from_select(
                [inbox.c.handler, inbox.c.event_id, inbox.c.type],
                select(
                    bindparam("handler", type_=String),
                    func.unnest(bindparam("event_ids", type_=ARRAY(Uuid))),
                    func.unnest(bindparam("types", type_=ARRAY(String))),
                ),
            )
            .on_conflict_do_nothing()
            .returning(inbox.c.event_id)
        )

    async def publish(
        self,
        session: AsyncSession | AsyncConnection,
        event: Event,
        *,
        subject: str | None = None,
        traceparent: str | None = None,
    ) -> Envelope:
        """Adds ``event`` to the outbox in the caller's transaction and returns its envelope."""
        envelope = Envelope.wrap(
            event, source=self.source, subject=subject, traceparent=traceparent
        )
        await self.add(session, envelope)
        return envelope

    async def add(self, session: AsyncSession | AsyncConnection, envelope: Envelope) -> None:
        """Adds an envelope as it is (a job message: ``cadence_shared.jobs``) to the outbox."""
        added = (
            insert(self.outbox)
            .values(id=envelope.id, type=envelope.type, envelope=envelope.model_dump(mode="json"))
            .cte("added")
        )
        # One round trip: the insert rides along as a CTE of the NOTIFY.
        await session.execute(select(func.pg_notify(self.channel, "")).add_cte(added))

    async def backlog(self, connection: AsyncConnection | AsyncSession) -> Backlog:
        row = (
            await connection.execute(
                select(func.count(), func.min(self.outbox.c.created_at)).where(
                    self.outbox.c.published_at.is_(None)
                )
            )
        ).one()
        return Backlog(unsent=int(row[0]), oldest_unsent_at=row[1])

    async def inbox_sizes(self, connection: AsyncConnection | AsyncSession) -> dict[str, int]:
        """Rows in each handler's inbox (an index-only scan of its primary key)."""
        rows = await connection.execute(
            select(self.inbox.c.handler, func.count()).group_by(self.inbox.c.handler)
        )
        return {handler: int(count) for handler, count in rows}

    async def record_processed(
        self, session: AsyncSession, *, handler: str, envelopes: list[Envelope]
    ) -> set[uuid.UUID]:
        """Adds the events to ``handler``'s inbox in one statement; returns the ids that were new
        (the others are duplicates, already applied). A concurrent duplicate waits on the key
        until the first transaction ends, then counts as seen."""
        if not envelopes:
            return set()
        inserted = await session.execute(
            self._record_processed,
            {
                "handler": handler,
                "event_ids": [envelope.id for envelope in envelopes],
                "types": [envelope.type for envelope in envelopes],
            },
        )
        return set(inserted.scalars())
