"""Runs as plain async functions: the session comes in, the caller commits."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from fastapi import Response
from sqlalchemy import ColumnElement, Float, bindparam, case, cast, delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlmodel import col

from cadence_shared import fastread
from cadence_shared.db import table_of
from cadence_shared.errors import InvalidRange
from cadence_shared.events import RunCompleted
from cadence_shared.events import RunSegment as RunSegmentEvent
from cadence_shared.pagination import PageParams
from runs_service.errors import RunIdTaken, RunNotFound
from runs_service.models import Run, RunSegment, events
from runs_service.schemas import RunCreate, RunSummary, SegmentPublic, StatsPeriod

# The Idempotency-Key scope of the upload; an erased user's stored uploads under it are deleted
# too (events.erase_user_data).
UPLOAD_SCOPE = "runs"
IDEMPOTENCY_SCOPES = (UPLOAD_SCOPE,)

# The reads answer straight from the rows (cadence_shared.fastread), in the schemas' shapes.
_duration_s = cast(func.extract("epoch", col(Run.ended_at) - col(Run.started_at)), Float)
SUMMARY_COLUMNS = fastread.columns_of(RunSummary, table_of(Run), duration_s=_duration_s)
SEGMENT_COLUMNS = fastread.columns_of(SegmentPublic, table_of(RunSegment))
_RUN_BY_ID = fastread.Prepared(
    select(*SUMMARY_COLUMNS).where(
        col(Run.id) == bindparam("run_id"), col(Run.user_id) == bindparam("user_id")
    )
)
_SEGMENTS_OF = fastread.Prepared(
    select(*SEGMENT_COLUMNS)
    .where(col(RunSegment.run_id) == bindparam("run_id"))
    .order_by(col(RunSegment.position))
)


@dataclass(frozen=True, slots=True)
class StoredRun:
    run: Run
    segments: list[RunSegment]


@dataclass(frozen=True, slots=True)
class Upload:
    stored: StoredRun
    created: bool  # False: the run was already uploaded, this is the first upload's result


def _completed_event(run: Run, segments: list[RunSegment]) -> RunCompleted:
    return RunCompleted(
        run_id=run.id,
        user_id=run.user_id,
        started_at=run.started_at,
        ended_at=run.ended_at,
        distance_m=run.distance_m,
        avg_hr=run.avg_hr,
        max_hr=run.max_hr,
        avg_cadence=run.avg_cadence,
        calories=run.calories,
        segments=[
            RunSegmentEvent(
                apple_music_id=segment.apple_music_id,
                track_id=segment.track_id,
                started_at=segment.started_at,
                ended_at=segment.ended_at,
                avg_hr=segment.avg_hr,
                avg_cadence=segment.avg_cadence,
            )
            for segment in segments
        ],
    )


async def upload_run(session: AsyncSession, *, user_id: uuid.UUID, data: RunCreate) -> Upload:
    """Stores a finished run and queues runs.run.completed.v1 in the same transaction.

    The client's run id makes the upload idempotent: a concurrent or later duplicate waits for
    the first insert, inserts nothing and gets the stored run back. An id taken by another user's
    run is a 409 (it says nothing about that run).
    """
    run: Run | None = await session.scalar(
        select(Run).from_statement(
            insert(Run)
            .values(
                id=data.id,
                user_id=user_id,
                started_at=data.started_at,
                ended_at=data.ended_at,
                distance_m=data.distance_m,
                avg_hr=data.avg_hr,
                max_hr=data.max_hr,
                avg_cadence=data.avg_cadence,
                calories=data.calories,
            )
            .on_conflict_do_nothing(index_elements=[col(Run.id)])
            .returning(Run)
        )
    )
    if run is None:
        existing = await session.get(Run, data.id)
        if existing is None or existing.user_id != user_id:
            raise RunIdTaken()
        return Upload(await _with_segments(session, existing), created=False)
    segments = [
        RunSegment(run_id=data.id, position=position, **segment.model_dump())
        for position, segment in enumerate(data.segments)
    ]
    # One batched INSERT for all segments at flush.
    session.add_all(segments)
    await session.flush()
    await events.publish(session, _completed_event(run, segments), subject=str(data.id))
    return Upload(StoredRun(run, segments), created=True)


async def _with_segments(session: AsyncSession, run: Run) -> StoredRun:
    segments = await session.scalars(
        select(RunSegment)
        .where(col(RunSegment.run_id) == run.id)
        .order_by(col(RunSegment.position))
    )
    return StoredRun(run, list(segments))


async def get_run(session: AsyncSession, *, user_id: uuid.UUID, run_id: uuid.UUID) -> Run:
    run: Run | None = await session.scalar(
        select(Run).where(col(Run.id) == run_id, col(Run.user_id) == user_id)
    )
    if run is None:
        raise RunNotFound()
    return run


async def read_run(
    connection: AsyncConnection, *, user_id: uuid.UUID, run_id: uuid.UUID
) -> Response:
    """The run as a ``RunPublic``: its summary and its segments in play order."""
    run = await _RUN_BY_ID.row(connection, missing=RunNotFound(), run_id=run_id, user_id=user_id)
    run["segments"] = await _SEGMENTS_OF.records(connection, run_id=run_id)
    return fastread.respond(run)


def _started_within(
    started_from: datetime | None, started_to: datetime | None
) -> list[ColumnElement[bool]]:
    """``started_from`` inclusive, ``started_to`` exclusive; either may be open."""
    conditions = []
    if started_from is not None:
        conditions.append(col(Run.started_at) >= started_from)
    if started_to is not None:
        conditions.append(col(Run.started_at) < started_to)
    return conditions


async def list_runs(
    connection: AsyncConnection,
    *,
    user_id: uuid.UUID,
    started_from: datetime | None,
    started_to: datetime | None,
    page: PageParams,
) -> Response:
    """A ``Page[RunSummary]`` of the user's runs, newest first; ``started_from`` inclusive,
    ``started_to`` exclusive."""
    if started_from is not None and started_to is not None and started_from >= started_to:
        raise InvalidRange("from must be before to.")
    statement = select(*SUMMARY_COLUMNS).where(
        col(Run.user_id) == user_id, *_started_within(started_from, started_to)
    )
    return await fastread.page(
        connection, statement.order_by(col(Run.started_at).desc(), col(Run.id)), page
    )


async def delete_run(session: AsyncSession, *, user_id: uuid.UUID, run_id: uuid.UUID) -> None:
    await session.delete(await get_run(session, user_id=user_id, run_id=run_id))


@dataclass(frozen=True, slots=True)
class PeriodTotals:
    period_start: datetime
    runs: int
    distance_m: float
    duration_s: float
    avg_hr: float | None

    @property
    def avg_pace_s_per_km(self) -> float | None:
        return self.duration_s / (self.distance_m / 1000) if self.distance_m > 0 else None


async def run_stats(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    period: StatsPeriod,
    started_from: datetime | None = None,
    started_to: datetime | None = None,
) -> list[PeriodTotals]:
    """Totals per UTC week (from Monday) or month, newest period first."""
    bucket = func.date_trunc(period.value, func.timezone("UTC", col(Run.started_at)))
    duration = func.extract("epoch", col(Run.ended_at) - col(Run.started_at))
    hr_weight = case((col(Run.avg_hr).is_not(None), duration))
    statement = (
        select(
            bucket.label("period_start"),
            func.count(),
            func.sum(col(Run.distance_m)),
            func.sum(duration),
            func.sum(col(Run.avg_hr) * hr_weight) / func.nullif(func.sum(hr_weight), 0),
        )
        .where(col(Run.user_id) == user_id, *_started_within(started_from, started_to))
        .group_by(bucket)
        .order_by(bucket.desc())
    )
    rows = await session.execute(statement)
    return [
        PeriodTotals(
            period_start=start,
            runs=int(count),
            distance_m=float(distance),
            duration_s=float(seconds),
            avg_hr=None if hr is None else float(hr),
        )
        for start, count, distance, seconds, hr in rows
    ]


async def erase_user(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Erases every run of the user (their segments cascade)."""
    await session.execute(delete(Run).where(col(Run.user_id) == user_id))
