"""Body metrics and the progress series as plain async functions: the caller commits."""

import datetime as dt
import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from fastapi import Response
from sqlalchemy import bindparam, delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlmodel import col

from cadence_shared import fastread
from cadence_shared.db import table_of
from cadence_shared.events import RunCompleted
from cadence_shared.pagination import PageParams
from cadence_shared.time import utc_now
from fitness_service.errors import BodyMetricNotFound
from fitness_service.formulas import (
    Macros,
    PeriodKind,
    adherence,
    local_date,
    local_day_bounds,
    moving_average,
    next_period,
    period_start,
    periods,
)
from fitness_service.nutrition import service as nutrition
from fitness_service.progress.models import BodyMetric, CardioActivity
from fitness_service.progress.schemas import BodyMetricPublic, BodyMetricWrite
from fitness_service.types import DateRange
from fitness_service.workouts import service as workouts

MOVING_AVERAGE_DAYS = 7

# Body metrics are read straight from the rows (cadence_shared.fastread), as BodyMetricPublic.
METRIC_COLUMNS = fastread.columns_of(BodyMetricPublic, table_of(BodyMetric))
_METRIC_OF_DAY = fastread.Prepared(
    select(*METRIC_COLUMNS).where(
        col(BodyMetric.user_id) == bindparam("user_id"), col(BodyMetric.date) == bindparam("day")
    )
)

# --- body metrics -------------------------------------------------------------------------------


async def upsert_body_metric(
    session: AsyncSession, *, user_id: uuid.UUID, data: BodyMetricWrite
) -> tuple[BodyMetric, bool]:
    """Stores the day's measurements, replacing that day's if any; True when the day is new."""
    now = utc_now()
    fields = data.model_dump(exclude={"date"})
    statement = (
        insert(BodyMetric)
        .values(user_id=user_id, date=data.date, created_at=now, updated_at=now, **fields)
        .on_conflict_do_update(
            index_elements=[col(BodyMetric.user_id), col(BodyMetric.date)],
            set_={**fields, "updated_at": now},
        )
        .returning(BodyMetric)
    )
    metric = (
        await session.scalars(
            select(BodyMetric).from_statement(statement).execution_options(populate_existing=True)
        )
    ).one()
    # An update keeps the day's first created_at; only a new row carries this call's.
    return metric, metric.created_at == now


async def get_body_metric(session: AsyncSession, *, user_id: uuid.UUID, day: dt.date) -> BodyMetric:
    metric = await session.get(BodyMetric, (user_id, day))
    if metric is None:
        raise BodyMetricNotFound()
    return metric


async def read_body_metric(
    connection: AsyncConnection, *, user_id: uuid.UUID, day: dt.date
) -> Response:
    """The day's measurements as a ``BodyMetricPublic``."""
    return await _METRIC_OF_DAY.one(
        connection, missing=BodyMetricNotFound(), user_id=user_id, day=day
    )


async def list_body_metrics(
    connection: AsyncConnection, *, user_id: uuid.UUID, days: DateRange | None, page: PageParams
) -> Response:
    """A ``Page[BodyMetricPublic]``, newest first."""
    statement = select(*METRIC_COLUMNS).where(col(BodyMetric.user_id) == user_id)
    if days is not None:
        statement = statement.where(col(BodyMetric.date).between(days.first, days.last))
    return await fastread.page(connection, statement.order_by(col(BodyMetric.date).desc()), page)


async def delete_body_metric(session: AsyncSession, *, user_id: uuid.UUID, day: dt.date) -> None:
    await session.delete(await get_body_metric(session, user_id=user_id, day=day))


# --- series -------------------------------------------------------------------------------------


async def weight_series(
    session: AsyncSession, *, user_id: uuid.UUID, days: DateRange
) -> list[tuple[dt.date, float, float]]:
    """(date, weight, 7-day moving average) for each day of ``days`` with a weight."""
    window_start = days.first - dt.timedelta(days=MOVING_AVERAGE_DAYS - 1)
    rows = await session.execute(
        select(col(BodyMetric.date), col(BodyMetric.weight_kg))
        .where(
            col(BodyMetric.user_id) == user_id,
            col(BodyMetric.weight_kg).is_not(None),
            col(BodyMetric.date).between(window_start, days.last),
        )
        .order_by(col(BodyMetric.date))
    )
    points = [(day, float(weight)) for day, weight in rows if weight is not None]
    averages = moving_average(points, window_days=MOVING_AVERAGE_DAYS)
    return [
        (day, weight, average)
        for (day, weight), average in zip(points, averages, strict=True)
        if day >= days.first
    ]


@dataclass(frozen=True, slots=True)
class DayAdherence:
    day: dt.date
    adherence: float | None
    logged: Macros
    target: Macros | None


async def adherence_series(
    session: AsyncSession, *, user_id: uuid.UUID, days: DateRange
) -> list[DayAdherence]:
    """Every day of ``days`` with the day view's adherence (two queries for the whole range)."""
    targets = await nutrition.targets_by_weekday(session, user_id=user_id)
    logged = await nutrition.logged_by_day(session, user_id=user_id, days=days)
    series = []
    for day in days.days():
        target = targets.get(day.isoweekday())
        eaten = logged.get(day, Macros())
        series.append(DayAdherence(day, adherence(eaten, target), eaten, target))
    return series


@dataclass(slots=True)
class PeriodVolume:
    start: dt.date
    end: dt.date
    sessions: int = 0
    strength_volume_kg: float = 0.0
    strength_sets: int = 0
    runs: int = 0
    cardio_minutes: float = 0.0
    cardio_distance_km: float = 0.0


async def _cardio_runs(
    session: AsyncSession, *, user_id: uuid.UUID, start: dt.datetime, end: dt.datetime
) -> list[tuple[dt.datetime, float, float]]:
    """(started_at, duration in s, distance in m) of the runs started in [start, end)."""
    rows = await session.execute(
        select(
            col(CardioActivity.started_at),
            col(CardioActivity.ended_at),
            col(CardioActivity.distance_m),
        ).where(
            col(CardioActivity.user_id) == user_id,
            col(CardioActivity.started_at) >= start,
            col(CardioActivity.started_at) < end,
        )
    )
    return [
        (started, (ended - started).total_seconds(), float(distance))
        for started, ended, distance in rows
    ]


async def volume_series(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    days: DateRange,
    kind: PeriodKind,
    zone: ZoneInfo,
) -> list[PeriodVolume]:
    """Strength and cardio per week or month of ``days`` in ``zone``, empty periods included."""
    start, end = local_day_bounds(days.first, days.last, zone)
    buckets = {
        first: PeriodVolume(first, next_period(first, kind) - dt.timedelta(days=1))
        for first in periods(days.first, days.last, kind)
    }
    for started, volume, sets in await workouts.strength_sessions(
        session, user_id=user_id, start=start, end=end
    ):
        bucket = buckets[period_start(local_date(started, zone), kind)]
        bucket.sessions += 1
        bucket.strength_volume_kg += volume
        bucket.strength_sets += sets
    for started, seconds, metres in await _cardio_runs(
        session, user_id=user_id, start=start, end=end
    ):
        bucket = buckets[period_start(local_date(started, zone), kind)]
        bucket.runs += 1
        bucket.cardio_minutes += seconds / 60
        bucket.cardio_distance_km += metres / 1000
    return list(buckets.values())


# --- runs and erasure ---------------------------------------------------------------------------


async def record_run(session: AsyncSession, event: RunCompleted) -> bool:
    """Cardio from a finished run, once per run id (a repeated event changes nothing)."""
    inserted = await session.scalar(
        insert(CardioActivity)
        .values(
            run_id=event.run_id,
            user_id=event.user_id,
            source="runs",
            started_at=event.started_at,
            ended_at=event.ended_at,
            distance_m=event.distance_m,
            calories=event.calories,
        )
        .on_conflict_do_nothing(index_elements=[col(CardioActivity.run_id)])
        .returning(col(CardioActivity.run_id))
    )
    return inserted is not None


async def erase_user(session: AsyncSession, user_id: uuid.UUID) -> None:
    await session.execute(delete(BodyMetric).where(col(BodyMetric.user_id) == user_id))
    await session.execute(delete(CardioActivity).where(col(CardioActivity.user_id) == user_id))
