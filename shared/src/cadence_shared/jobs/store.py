"""The job table (one shape for every service, in the service's own schema) and its transitions.

A job row is the truth about a job; the broker message that announces it is only a wake-up.
Every transition is one conditional UPDATE in a short transaction of its own, so no transaction
or pooled connection is held while the work runs:

- ``enqueue``: the row ``queued`` + the job message into the outbox, in the caller's transaction.
- ``claim``: ``queued`` (its ``run_after`` reached) or ``processing`` with an expired lease
  → ``processing``, one more attempt, a fresh claim token and lease. One statement: the worker
  runs it (and ``renew``) in autocommit, one round trip instead of BEGIN, UPDATE and COMMIT.
- ``renew`` (also carries progress), ``succeed``, ``fail``, ``retry``, ``release``: only while
  the caller's claim token is still the row's and the row is ``processing``; otherwise nothing
  changes and the caller learns it lost the job (cancelled, or taken over after its lease).
- ``cancel`` (a service deleting the resource): ``queued``/``processing`` → ``cancelled``.
- ``due``: the sweeper's query: rows whose ``wake_at`` has come (a retry's delay over, a lease
  expired, a message never claimed), pushed a lease further, to be announced again.

Every change bumps ``version``, which live updates carry so the newer one wins.
"""

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, get_args

from pydantic import BaseModel
from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Uuid,
    and_,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql import ColumnElement

from cadence_shared.events.envelope import Envelope, child_traceparent
from cadence_shared.events.store import EventStore
from cadence_shared.live import JobStatus, JobUpdate

if TYPE_CHECKING:
    from cadence_shared.context import ServiceContext

I = TypeVar("I", bound=BaseModel)  # noqa: E741 - the input model
O = TypeVar("O", bound=BaseModel)  # noqa: E741 - the output model

ACTIVE: tuple[JobStatus, ...] = ("queued", "processing")
MAX_ERROR_LENGTH = 1000


class Progress(Protocol):
    """What a job's work calls as it goes: ``progress(40, "decoding")`` (throttled for it)."""

    def __call__(self, percent: int, stage: str | None = None) -> None: ...


class JobMessage(BaseModel):
    """The data of a job message: which row to claim."""

    job_id: uuid.UUID
    kind: str


@dataclass(frozen=True, slots=True)
class JobRecord:
    """One job row, as read back from a transition."""

    id: uuid.UUID
    kind: str
    resource: str
    resource_id: uuid.UUID
    user_id: uuid.UUID
    status: JobStatus
    input: dict[str, Any]
    result: dict[str, Any] | None
    error: str | None
    error_code: str | None
    percent: int
    stage: str | None
    attempts: int
    version: int
    claimed_by: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_row(cls, row: Any) -> "JobRecord":
        mapping = row._mapping
        return cls(**{item.name: mapping[item.name] for item in fields(cls)})

    @property
    def terminal(self) -> bool:
        return self.status not in ACTIVE

    def update(self) -> JobUpdate:
        """The job as its owner sees it (``cadence_shared.live``)."""
        return JobUpdate(
            resource=self.resource,
            id=self.resource_id,
            status=self.status,
            percent=self.percent,
            stage=self.stage,
            error=self.error,
            version=self.version,
            at=self.updated_at,
        )


Fetch = Callable[["ServiceContext", I, Path], Awaitable[None]]
# After the work succeeded, while its work directory still exists: store what it left there.
Keep = Callable[["ServiceContext", I, Path], Awaitable[None]]
OnSucceeded = Callable[["ServiceContext", AsyncSession, JobRecord, O], Awaitable[None]]
OnFailed = Callable[["ServiceContext", AsyncSession, JobRecord], Awaitable[None]]


@dataclass(frozen=True)
class Job(Generic[I, O]):
    """A kind of long work a service does. Made by ``JobStore.define``; see the package doc."""

    store: "JobStore"
    name: str
    resource: str
    input: type[I]
    output: type[O]
    work: Callable[[I, Path, Progress], O]
    fetch: Fetch[I] | None = None
    on_succeeded: OnSucceeded[O] | None = None
    on_failed: OnFailed | None = None
    time_limit_s: float | None = None
    keep: Keep[I] | None = None
    warm_up: Callable[[], None] | None = None

    @property
    def message_type(self) -> str:
        """The routing key of this job's messages (and the envelope's type)."""
        return f"{self.store.source}.job.{self.name}.v1"

    def message(self, job_id: uuid.UUID) -> Envelope:
        return Envelope(
            id=uuid.uuid4(),
            source=self.store.source,
            type=self.message_type,
            time=datetime.now(UTC),
            subject=str(job_id),
            traceparent=child_traceparent(),
            data=JobMessage(job_id=job_id, kind=self.name).model_dump(mode="json"),
        )

    async def enqueue(
        self,
        session: AsyncSession,
        input: I,
        *,
        resource_id: uuid.UUID,
        user_id: uuid.UUID,
        job_id: uuid.UUID | None = None,
    ) -> JobRecord:
        """Queues the job in the caller's transaction (row + outbox message); the caller commits."""
        return await self.store.enqueue(
            session, self, input, resource_id=resource_id, user_id=user_id, job_id=job_id
        )


def _seconds(value: float) -> ColumnElement[Any]:
    return func.make_interval(0, 0, 0, 0, 0, 0, literal(value))


class JobStore:
    """A service's job table, declared on the service's own metadata (like ``EventStore``)::

    jobs = JobStore(AudioTable.metadata, events)   # in models.py, beside the EventStore

    ``unclaimed_wake_s``: a job no worker has claimed this long is announced again (its message
    may have been lost, e.g. published before any worker had declared the queue).
    """

    def __init__(
        self, metadata: MetaData, events: EventStore, *, unclaimed_wake_s: float = 60.0
    ) -> None:
        self.events = events
        self.source = events.source
        self.unclaimed_wake_s = unclaimed_wake_s
        self.defined: list[Job[Any, Any]] = []  # every job kind, in the order defined
        statuses = ", ".join(f"'{status}'" for status in get_args(JobStatus))
        self.table = Table(
            "job",
            metadata,
            Column("id", Uuid, primary_key=True),
            Column("kind", String(100), nullable=False),
            Column("resource", String(100), nullable=False),
            Column("resource_id", Uuid, nullable=False),
            Column("user_id", Uuid, nullable=False),
            Column("status", String(20), nullable=False),
            Column("input", JSONB, nullable=False),
            Column("result", JSONB, nullable=True),
            Column("error", String(MAX_ERROR_LENGTH), nullable=True),
            Column("error_code", String(100), nullable=True),
            Column("percent", SmallInteger, nullable=False, server_default=text("0")),
            Column("stage", String(100), nullable=True),
            Column("attempts", Integer, nullable=False, server_default=text("0")),
            Column("version", Integer, nullable=False, server_default=text("0")),
            Column("claim_token", Uuid, nullable=True),
            Column("claimed_by", String(200), nullable=True),
            Column("lease_expires_at", DateTime(timezone=True), nullable=True),
            Column("run_after", DateTime(timezone=True), nullable=False),
            Column("wake_at", DateTime(timezone=True), nullable=True),
            Column("created_at", DateTime(timezone=True), nullable=False),
            Column("updated_at", DateTime(timezone=True), nullable=False),
            Column("claimed_at", DateTime(timezone=True), nullable=True),
            Column("finished_at", DateTime(timezone=True), nullable=True),
            CheckConstraint(f"status IN ({statuses})", name="status"),
            CheckConstraint("percent BETWEEN 0 AND 100", name="percent"),
            Index("ix_job_resource_id", "resource_id"),
            Index("ix_job_user_id", "user_id"),
            Index("ix_job_wake_at", "wake_at", postgresql_where=text("wake_at IS NOT NULL")),
        )

    def define(
        self,
        name: str,
        *,
        resource: str,
        input: type[I],
        output: type[O],
        work: Callable[[I, Path, Progress], O],
        fetch: Fetch[I] | None = None,
        on_succeeded: OnSucceeded[O] | None = None,
        on_failed: OnFailed | None = None,
        time_limit_s: float | None = None,
        keep: Keep[I] | None = None,
        warm_up: Callable[[], None] | None = None,
    ) -> Job[I, O]:
        """A job kind of this service; ``work`` must be a module-level function (it runs in a
        worker process: it is pickled by reference). ``keep`` (e.g. ``files_to``) stores files
        the work left in its work directory, after it succeeded and before the outcome is
        recorded: large outputs travel as files, never through the pipe of the work's process.
        ``warm_up`` (a module-level function) runs once in the worker's fork server, so every
        work process starts with what it did already done (e.g. numba's JIT compiling)."""
        job = Job(
            self,
            name,
            resource,
            input,
            output,
            work,
            fetch,
            on_succeeded,
            on_failed,
            time_limit_s,
            keep,
            warm_up,
        )
        self.defined.append(job)
        return job

    def _changed(self, **values: Any) -> dict[str, Any]:
        return {"version": self.table.c.version + 1, "updated_at": func.now(), **values}

    async def _one(
        self, session: AsyncSession | AsyncConnection, statement: Any
    ) -> JobRecord | None:
        row = (await session.execute(statement.returning(*self.table.c))).first()
        return JobRecord.from_row(row) if row is not None else None

    async def enqueue(
        self,
        session: AsyncSession,
        job: Job[Any, Any],
        input: BaseModel,
        *,
        resource_id: uuid.UUID,
        user_id: uuid.UUID,
        job_id: uuid.UUID | None = None,
    ) -> JobRecord:
        job_id = job_id or uuid.uuid4()
        record = await self._one(
            session,
            insert(self.table).values(
                id=job_id,
                kind=job.name,
                resource=job.resource,
                resource_id=resource_id,
                user_id=user_id,
                status="queued",
                input=input.model_dump(mode="json"),
                run_after=func.now(),
                wake_at=func.now() + _seconds(self.unclaimed_wake_s),
                created_at=func.now(),
                updated_at=func.now(),
            ),
        )
        assert record is not None
        await self.events.add(session, job.message(job_id))
        return record

    async def get(
        self, session: AsyncSession | AsyncConnection, job_id: uuid.UUID
    ) -> JobRecord | None:
        row = (await session.execute(select(self.table).where(self.table.c.id == job_id))).first()
        return JobRecord.from_row(row) if row is not None else None

    async def of_resource(
        self, session: AsyncSession | AsyncConnection, resource_id: uuid.UUID
    ) -> list[JobRecord]:
        """The resource's jobs, oldest first."""
        rows = await session.execute(
            select(self.table)
            .where(self.table.c.resource_id == resource_id)
            .order_by(self.table.c.created_at)
        )
        return [JobRecord.from_row(row) for row in rows]

    async def cancel(self, session: AsyncSession, *, resource_id: uuid.UUID) -> list[JobRecord]:
        """Cancels the resource's unfinished jobs in the caller's transaction (deleting the
        resource). A running one stops at its worker's next lease renewal or progress report."""
        rows = await session.execute(
            update(self.table)
            .where(self.table.c.resource_id == resource_id, self.table.c.status.in_(ACTIVE))
            .values(
                **self._changed(
                    status="cancelled", claim_token=None, wake_at=None, finished_at=func.now()
                )
            )
            .returning(*self.table.c)
        )
        return [JobRecord.from_row(row) for row in rows]

    async def erase_user(self, session: AsyncSession, user_id: uuid.UUID) -> int:
        """Deletes every job of the user (``auth.user.deleted.v1``); running ones stop."""
        result = await session.execute(delete(self.table).where(self.table.c.user_id == user_id))
        return int(result.rowcount)  # type: ignore[attr-defined]

    # --- the worker's side --------------------------------------------------------------------

    def _held(self, job_id: uuid.UUID, token: uuid.UUID) -> ColumnElement[bool]:
        table = self.table
        return and_(
            table.c.id == job_id, table.c.claim_token == token, table.c.status == "processing"
        )

    def _claimable(self) -> ColumnElement[bool]:
        table = self.table
        return or_(
            and_(table.c.status == "queued", table.c.run_after <= func.now()),
            and_(table.c.status == "processing", table.c.lease_expires_at < func.now()),
        )

    async def claimable(self, session: AsyncSession | AsyncConnection, job_id: uuid.UUID) -> bool:
        """Whether ``claim`` would take the job now (asked without holding a slot)."""
        table = self.table
        found = await session.scalar(
            select(table.c.id).where(table.c.id == job_id, self._claimable())
        )
        return found is not None

    async def claim(
        self,
        session: AsyncSession | AsyncConnection,
        job_id: uuid.UUID,
        *,
        token: uuid.UUID,
        worker: str,
        lease_s: float,
    ) -> JobRecord | None:
        """Takes the job if it is free to take; None if it is not (finished, cancelled, gone,
        held by a live lease, or a retry whose delay is not over)."""
        table = self.table
        lease = func.now() + _seconds(lease_s)
        return await self._one(
            session,
            update(table)
            .where(table.c.id == job_id, self._claimable())
            .values(
                **self._changed(
                    status="processing",
                    attempts=table.c.attempts + 1,
                    claim_token=token,
                    claimed_by=worker,
                    lease_expires_at=lease,
                    wake_at=lease,
                    claimed_at=func.now(),
                    percent=0,
                    stage=None,
                )
            ),
        )

    async def renew(
        self,
        session: AsyncSession | AsyncConnection,
        job_id: uuid.UUID,
        token: uuid.UUID,
        *,
        lease_s: float,
        progress: tuple[int, str | None] | None = None,
    ) -> JobRecord | None:
        """Extends the lease (and records progress); None if the job is no longer ours."""
        lease = func.now() + _seconds(lease_s)
        values: dict[str, Any] = {"lease_expires_at": lease, "wake_at": lease}
        if progress is not None:
            values = self._changed(percent=progress[0], stage=progress[1], **values)
        return await self._one(
            session, update(self.table).where(self._held(job_id, token)).values(**values)
        )

    async def finish(
        self,
        session: AsyncSession,
        job_id: uuid.UUID,
        token: uuid.UUID,
        *,
        status: JobStatus,
        result: dict[str, Any] | None = None,
        error: str | None = None,
        error_code: str | None = None,
    ) -> JobRecord | None:
        """Succeeded (``result``) or failed (``error``, readable by the job's owner)."""
        values = self._changed(
            status=status,
            result=result,
            error=error[:MAX_ERROR_LENGTH] if error else None,
            error_code=error_code,
            claim_token=None,
            lease_expires_at=None,
            wake_at=None,
            finished_at=func.now(),
        )
        if status == "succeeded":
            values.update(percent=100, stage=None)
        return await self._one(
            session, update(self.table).where(self._held(job_id, token)).values(**values)
        )

    async def retry(
        self,
        session: AsyncSession,
        job_id: uuid.UUID,
        token: uuid.UUID,
        *,
        delay_s: float,
        error: str,
        error_code: str,
    ) -> JobRecord | None:
        """Back to ``queued`` after a transient failure; due again after ``delay_s``."""
        due = func.now() + _seconds(delay_s)
        return await self._one(
            session,
            update(self.table)
            .where(self._held(job_id, token))
            .values(
                **self._changed(
                    status="queued",
                    claim_token=None,
                    lease_expires_at=None,
                    run_after=due,
                    wake_at=due,
                    error=error[:MAX_ERROR_LENGTH],
                    error_code=error_code,
                )
            ),
        )

    async def release(
        self, session: AsyncSession, job_id: uuid.UUID, token: uuid.UUID
    ) -> JobRecord | None:
        """Back to ``queued`` at once, the attempt not counted (a worker stopping)."""
        table = self.table
        return await self._one(
            session,
            update(table)
            .where(self._held(job_id, token))
            .values(
                **self._changed(
                    status="queued",
                    attempts=func.greatest(table.c.attempts - 1, 0),
                    claim_token=None,
                    lease_expires_at=None,
                    run_after=func.now(),
                    wake_at=func.now() + _seconds(self.unclaimed_wake_s),
                    percent=0,
                    stage=None,
                )
            ),
        )

    async def due(
        self, session: AsyncSession, kinds: Sequence[str], *, again_in_s: float, limit: int = 500
    ) -> list[tuple[uuid.UUID, str]]:
        """Jobs of ``kinds`` whose wake-up time has come; each is pushed ``again_in_s`` further,
        so concurrent sweepers (SKIP LOCKED) and the next sweep do not announce it twice."""
        table = self.table
        chosen = (
            select(table.c.id)
            .where(table.c.wake_at <= func.now(), table.c.kind.in_(list(kinds)))
            .order_by(table.c.wake_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        rows = await session.execute(
            update(table)
            .where(table.c.id.in_(chosen.scalar_subquery()))
            .values(wake_at=func.now() + _seconds(again_in_s))
            .returning(table.c.id, table.c.kind)
        )
        return [(row.id, row.kind) for row in rows]

    async def queued(self, connection: AsyncConnection, kinds: Sequence[str]) -> dict[str, int]:
        """Jobs of each of ``kinds`` waiting for a worker (due now or retrying later)."""
        table = self.table
        rows = await connection.execute(
            select(table.c.kind, func.count())
            .where(table.c.status == "queued", table.c.kind.in_(list(kinds)))
            .group_by(table.c.kind)
        )
        return dict.fromkeys(kinds, 0) | {kind: int(count) for kind, count in rows}
