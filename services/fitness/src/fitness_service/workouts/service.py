"""Workouts as plain async functions: the session comes in, the caller commits.

Every write to a user's workout sessions takes that user's lock (``lock_user``) first, so the
session totals and the personal records it rebuilds never miss a concurrent write.
"""

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import Response
from sqlalchemy import Float, bindparam, cast, delete, func, select
from sqlalchemy.dialects.postgresql import distinct_on, insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlmodel import col

from cadence_shared import fastread
from cadence_shared.db import flush_or_conflict, table_of
from cadence_shared.errors import NullNotAllowed
from cadence_shared.pagination import PageParams, Paginated, paginate
from cadence_shared.time import utc_now
from fitness_service.base import EntryStatus, lock_user
from fitness_service.errors import (
    ProgramIdTaken,
    ProgramNotFound,
    SessionEndsBeforeStart,
    UnknownProgram,
    WorkoutSessionIdTaken,
    WorkoutSessionNotFound,
    WorkoutSetIdTaken,
)
from fitness_service.formulas import epley_one_rep_max
from fitness_service.workouts.models import PersonalRecord, Program, WorkoutSession, WorkoutSet
from fitness_service.workouts.schemas import (
    ProgramCreate,
    ProgramWrite,
    SessionCreate,
    SessionPatch,
    SessionSummary,
    SetPublic,
    SetWrite,
)

# --- programs -----------------------------------------------------------------------------------


def _program_fields(data: ProgramWrite) -> dict[str, Any]:
    return {
        "name": data.name,
        "description": data.description,
        "split": {day.value: name for day, name in data.split.items()},
        "days": [day.model_dump(mode="json") for day in data.days],
    }


async def create_program(
    session: AsyncSession, *, user_id: uuid.UUID, data: ProgramCreate
) -> Program:
    now = utc_now()
    program = Program(
        id=data.id or uuid.uuid4(),
        user_id=user_id,
        created_at=now,
        updated_at=now,
        **_program_fields(data),
    )
    session.add(program)
    await flush_or_conflict(session, ProgramIdTaken())
    return program


async def get_program(
    session: AsyncSession, *, user_id: uuid.UUID, program_id: uuid.UUID
) -> Program:
    program = await session.scalar(
        select(Program).where(col(Program.id) == program_id, col(Program.user_id) == user_id)
    )
    if program is None:
        raise ProgramNotFound()
    return program


async def list_programs(
    session: AsyncSession, *, user_id: uuid.UUID, page: PageParams
) -> Paginated[Program]:
    statement = (
        select(Program)
        .where(col(Program.user_id) == user_id)
        .order_by(col(Program.created_at), col(Program.id))
    )
    return await paginate(session, statement, page)


async def replace_program(
    session: AsyncSession, *, user_id: uuid.UUID, program_id: uuid.UUID, data: ProgramWrite
) -> Program:
    program = await get_program(session, user_id=user_id, program_id=program_id)
    for name, value in _program_fields(data).items():
        setattr(program, name, value)
    program.updated_at = utc_now()
    return program


async def delete_program(
    session: AsyncSession, *, user_id: uuid.UUID, program_id: uuid.UUID
) -> None:
    """Deletes the program; its sessions stay, without a program."""
    program = await get_program(session, user_id=user_id, program_id=program_id)
    await session.delete(program)


async def _check_program(
    session: AsyncSession, *, user_id: uuid.UUID, program_id: uuid.UUID | None
) -> None:
    if program_id is None:
        return
    found = await session.scalar(
        select(col(Program.id)).where(
            col(Program.id) == program_id, col(Program.user_id) == user_id
        )
    )
    if found is None:
        raise UnknownProgram()


# --- sessions -----------------------------------------------------------------------------------


def exercise_key(name: str) -> str:
    """Records group sets by exercise: "Bench Press" and " bench press" are one exercise."""
    return " ".join(name.split()).casefold()


# The session reads answer straight from the rows (cadence_shared.fastread). A summary's
# ``totals`` object is selected flat (``totals_<field>``) and nested by ``_summary``.
_duration_s = cast(
    func.extract("epoch", col(WorkoutSession.ended_at) - col(WorkoutSession.started_at)), Float
)
_TOTALS = {
    "volume_kg": col(WorkoutSession.total_volume_kg),
    "sets": col(WorkoutSession.total_sets),
    "duration_s": _duration_s,
}
SUMMARY_COLUMNS = (
    *(table_of(WorkoutSession).c[name] for name in SessionSummary.model_fields if name != "totals"),
    *(column.label(f"totals_{name}") for name, column in _TOTALS.items()),
)
SET_COLUMNS = fastread.columns_of(
    SetPublic, table_of(WorkoutSet), updated_at=table_of(WorkoutSet).c.client_updated_at
)
_SESSION_BY_ID = fastread.Prepared(
    select(*SUMMARY_COLUMNS).where(
        col(WorkoutSession.id) == bindparam("session_id"),
        col(WorkoutSession.user_id) == bindparam("user_id"),
    )
)
_LIVE_SETS_OF = fastread.Prepared(
    select(*SET_COLUMNS)
    .where(
        col(WorkoutSet.session_id) == bindparam("session_id"), col(WorkoutSet.deleted_at).is_(None)
    )
    .order_by(col(WorkoutSet.position), col(WorkoutSet.id))
)


def _summary(row: dict[str, Any]) -> dict[str, Any]:
    """A ``SUMMARY_COLUMNS`` row in ``SessionSummary``'s shape and field order."""
    totals = {name: row[f"totals_{name}"] for name in _TOTALS}
    return {name: totals if name == "totals" else row[name] for name in SessionSummary.model_fields}


@dataclass(frozen=True, slots=True)
class StoredSession:
    workout: WorkoutSession
    sets: list[WorkoutSet]  # live sets, in order
    created: bool = False


def _set_row(
    item: SetWrite, *, position: int, session_id: uuid.UUID, user_id: uuid.UUID
) -> dict[str, Any]:
    return {
        "id": item.id,
        "session_id": session_id,
        "user_id": user_id,
        "exercise": item.exercise,
        "exercise_key": exercise_key(item.exercise),
        "position": position,
        "reps": item.reps,
        "weight_kg": item.weight_kg,
        "client_updated_at": item.updated_at,
        "deleted_at": item.updated_at if item.deleted else None,
    }


async def _positions(session: AsyncSession, session_id: uuid.UUID) -> dict[uuid.UUID, int]:
    """The position of every set the session has stored (deleted ones too)."""
    rows = await session.execute(
        select(col(WorkoutSet.id), col(WorkoutSet.position)).where(
            col(WorkoutSet.session_id) == session_id
        )
    )
    return {row[0]: row[1] for row in rows.all()}


def _placed(sets: Sequence[SetWrite], stored: dict[uuid.UUID, int]) -> list[int]:
    """Each set's position: as sent; else where it is stored; else after the stored ones."""
    following = max(stored.values(), default=-1) + 1
    positions = []
    for item in sets:
        if item.position is not None:
            positions.append(item.position)
        elif item.id in stored:
            positions.append(stored[item.id])
        else:
            positions.append(following)
            following += 1
    return positions


async def _write_sets(
    session: AsyncSession, *, workout: WorkoutSession, sets: Sequence[SetWrite]
) -> None:
    """Upserts ``sets`` by id, last write wins by the client's ``updated_at``: an older (or
    equal) write changes nothing. A set id of another session is a 409 and nothing is kept."""
    if not sets:
        return
    positions = _placed(sets, await _positions(session, workout.id))
    rows = [
        _set_row(item, position=position, session_id=workout.id, user_id=workout.user_id)
        for item, position in zip(sets, positions, strict=True)
    ]
    values = insert(WorkoutSet).values(rows)
    changing = [name for name in rows[0] if name not in ("id", "session_id", "user_id")]
    upsert = values.on_conflict_do_update(
        index_elements=[col(WorkoutSet.id)],
        set_={name: values.excluded[name] for name in changing},
        where=(col(WorkoutSet.session_id) == values.excluded.session_id)
        & (col(WorkoutSet.client_updated_at) < values.excluded.client_updated_at),
    ).returning(col(WorkoutSet.id))
    written = set((await session.scalars(upsert)).all())
    unwritten = [row["id"] for row in rows if row["id"] not in written]
    if unwritten:
        taken = await session.scalars(
            select(col(WorkoutSet.id)).where(
                col(WorkoutSet.id).in_(unwritten), col(WorkoutSet.session_id) != workout.id
            )
        )
        taken_ids = sorted(str(set_id) for set_id in taken)
        if taken_ids:
            await session.rollback()
            raise WorkoutSetIdTaken(set_ids=taken_ids)


async def _live_sets(session: AsyncSession, session_id: uuid.UUID) -> list[WorkoutSet]:
    found = await session.scalars(
        select(WorkoutSet)
        .where(col(WorkoutSet.session_id) == session_id, col(WorkoutSet.deleted_at).is_(None))
        .order_by(col(WorkoutSet.position), col(WorkoutSet.id))
        .execution_options(populate_existing=True)
    )
    return list(found)


async def _settle(
    session: AsyncSession, workout: WorkoutSession, touched: Iterable[str] = ()
) -> StoredSession:
    """Brings the session's totals in step with its live sets and rebuilds the records of every
    exercise it had or has."""
    sets = await _live_sets(session, workout.id)
    workout.total_volume_kg = sum(item.reps * item.weight_kg for item in sets)
    workout.total_sets = len(sets)
    workout.updated_at = utc_now()
    await session.flush()
    await refresh_records(
        session, user_id=workout.user_id, keys={*touched, *(s.exercise_key for s in sets)}
    )
    return StoredSession(workout, sets)


async def upload_session(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    data: SessionCreate,
    status: EntryStatus = EntryStatus.confirmed,
    source_job_id: uuid.UUID | None = None,
) -> StoredSession:
    """Stores a session and its sets. The client's session id makes the upload idempotent: a
    concurrent or later duplicate gets the stored session back; another user's id is a 409."""
    await lock_user(session, user_id)
    await _check_program(session, user_id=user_id, program_id=data.program_id)
    now = utc_now()
    values = data.model_dump(exclude={"sets"})
    inserted = await session.scalar(
        select(WorkoutSession).from_statement(
            insert(WorkoutSession)
            .values(
                **values,
                user_id=user_id,
                status=status,
                source_job_id=source_job_id,
                total_volume_kg=0.0,
                total_sets=0,
                created_at=now,
                updated_at=now,
            )
            .on_conflict_do_nothing(index_elements=[col(WorkoutSession.id)])
            .returning(WorkoutSession)
        )
    )
    if inserted is None:
        existing = await session.get(WorkoutSession, data.id)
        if existing is None or existing.user_id != user_id:
            raise WorkoutSessionIdTaken()
        return StoredSession(existing, await _live_sets(session, existing.id), created=False)
    await _write_sets(session, workout=inserted, sets=data.sets)
    settled = await _settle(session, inserted)
    return StoredSession(settled.workout, settled.sets, created=True)


async def _owned_session(
    session: AsyncSession, *, user_id: uuid.UUID, session_id: uuid.UUID
) -> WorkoutSession:
    workout = await session.scalar(
        select(WorkoutSession).where(
            col(WorkoutSession.id) == session_id, col(WorkoutSession.user_id) == user_id
        )
    )
    if workout is None:
        raise WorkoutSessionNotFound()
    return workout


async def read_session(
    connection: AsyncConnection, *, user_id: uuid.UUID, session_id: uuid.UUID
) -> Response:
    """The session as a ``SessionPublic``: its summary and its live sets in order."""
    workout = await _SESSION_BY_ID.row(
        connection, missing=WorkoutSessionNotFound(), session_id=session_id, user_id=user_id
    )
    sets = await _LIVE_SETS_OF.records(connection, session_id=session_id)
    return fastread.respond({**_summary(workout), "sets": sets})


async def patch_session(
    session: AsyncSession, *, user_id: uuid.UUID, session_id: uuid.UUID, data: SessionPatch
) -> StoredSession:
    changes = data.model_dump(exclude_unset=True, exclude={"sets"})
    nulls = [name for name in ("name", "started_at") if name in changes and changes[name] is None]
    if nulls:
        raise NullNotAllowed(*nulls)
    await lock_user(session, user_id)
    workout = await _owned_session(session, user_id=user_id, session_id=session_id)
    if "program_id" in changes:
        await _check_program(session, user_id=user_id, program_id=changes["program_id"])
    for name, value in changes.items():
        setattr(workout, name, value)
    if workout.ended_at is not None and workout.ended_at < workout.started_at:
        raise SessionEndsBeforeStart()
    before = {item.exercise_key for item in await _live_sets(session, workout.id)}
    await _write_sets(session, workout=workout, sets=data.sets)
    return await _settle(session, workout, touched=before)


async def delete_session(
    session: AsyncSession, *, user_id: uuid.UUID, session_id: uuid.UUID
) -> None:
    await lock_user(session, user_id)
    workout = await _owned_session(session, user_id=user_id, session_id=session_id)
    keys = {item.exercise_key for item in await _live_sets(session, workout.id)}
    await session.delete(workout)
    await session.flush()
    await refresh_records(session, user_id=user_id, keys=keys)


async def list_sessions(
    connection: AsyncConnection,
    *,
    user_id: uuid.UUID,
    started: tuple[dt.datetime, dt.datetime] | None,
    status: EntryStatus,
    page: PageParams,
) -> Response:
    """A ``Page[SessionSummary]``, newest first; ``started`` = [from, to) instants of
    ``started_at``."""
    statement = select(*SUMMARY_COLUMNS).where(
        col(WorkoutSession.user_id) == user_id, col(WorkoutSession.status) == status
    )
    if started is not None:
        statement = statement.where(
            col(WorkoutSession.started_at) >= started[0],
            col(WorkoutSession.started_at) < started[1],
        )
    statement = statement.order_by(col(WorkoutSession.started_at).desc(), col(WorkoutSession.id))
    return await fastread.page(connection, statement, page, shape=_summary)


async def strength_sessions(
    session: AsyncSession, *, user_id: uuid.UUID, start: dt.datetime, end: dt.datetime
) -> list[tuple[dt.datetime, float, int]]:
    """(started_at, volume, sets) of the confirmed sessions started in [start, end)."""
    rows = await session.execute(
        select(
            col(WorkoutSession.started_at),
            col(WorkoutSession.total_volume_kg),
            col(WorkoutSession.total_sets),
        ).where(
            col(WorkoutSession.user_id) == user_id,
            col(WorkoutSession.status) == EntryStatus.confirmed,
            col(WorkoutSession.started_at) >= start,
            col(WorkoutSession.started_at) < end,
        )
    )
    return [(started, float(volume), int(sets)) for started, volume, sets in rows]


# --- personal records ---------------------------------------------------------------------------


def _record_sets(user_id: uuid.UUID, keys: Sequence[str]) -> Any:
    """The sets that count for records: live, with reps, in confirmed sessions."""
    return (
        select(
            col(WorkoutSet.exercise_key).label("key"),
            col(WorkoutSet.exercise).label("exercise"),
            col(WorkoutSet.reps).label("reps"),
            col(WorkoutSet.weight_kg).label("weight"),
            col(WorkoutSet.session_id).label("session_id"),
            col(WorkoutSession.started_at).label("at"),
            col(WorkoutSet.id).label("set_id"),
        )
        .join(WorkoutSession, col(WorkoutSession.id) == col(WorkoutSet.session_id))
        .where(
            col(WorkoutSet.user_id) == user_id,
            col(WorkoutSet.exercise_key).in_(keys),
            col(WorkoutSet.deleted_at).is_(None),
            col(WorkoutSet.reps) > 0,
            col(WorkoutSession.status) == EntryStatus.confirmed,
        )
        .subquery()
    )


async def _best_sets(session: AsyncSession, sets: Any, *score: Any) -> dict[str, Any]:
    """Per exercise, the set that ranks first by ``score`` (earliest first on a tie)."""
    rows = await session.execute(
        select(sets)
        .ext(distinct_on(sets.c.key))
        .order_by(sets.c.key, *(term.desc() for term in score), sets.c.at, sets.c.set_id)
    )
    return {row.key: row for row in rows}


async def _best_session_volumes(session: AsyncSession, sets: Any) -> dict[str, Any]:
    per_session = (
        select(
            sets.c.key,
            sets.c.session_id,
            func.min(sets.c.at).label("at"),
            func.sum(sets.c.reps * sets.c.weight).label("volume"),
        )
        .group_by(sets.c.key, sets.c.session_id)
        .subquery()
    )
    rows = await session.execute(
        select(per_session)
        .ext(distinct_on(per_session.c.key))
        .order_by(per_session.c.key, per_session.c.volume.desc(), per_session.c.at)
    )
    return {row.key: row for row in rows}


async def refresh_records(
    session: AsyncSession, *, user_id: uuid.UUID, keys: Iterable[str]
) -> None:
    """Rebuilds the records of ``keys`` from the sets as they are now: a set edited down or
    deleted, or a session deleted, takes its record with it."""
    wanted = sorted(set(keys))
    if not wanted:
        return
    await session.execute(
        delete(PersonalRecord).where(
            col(PersonalRecord.user_id) == user_id, col(PersonalRecord.exercise_key).in_(wanted)
        )
    )
    sets = _record_sets(user_id, wanted)
    heaviest = await _best_sets(session, sets, sets.c.weight, sets.c.reps)
    strongest = await _best_sets(session, sets, sets.c.weight * (1 + sets.c.reps / 30.0))
    volumes = await _best_session_volumes(session, sets)
    now = utc_now()
    for key, top in heaviest.items():
        best, volume = strongest[key], volumes[key]
        session.add(
            PersonalRecord(
                user_id=user_id,
                exercise_key=key,
                exercise=top.exercise,
                heaviest_weight_kg=top.weight,
                heaviest_reps=top.reps,
                heaviest_session_id=top.session_id,
                heaviest_at=top.at,
                best_e1rm_kg=epley_one_rep_max(best.weight, best.reps),
                best_e1rm_weight_kg=best.weight,
                best_e1rm_reps=best.reps,
                best_e1rm_session_id=best.session_id,
                best_e1rm_at=best.at,
                best_session_volume_kg=float(volume.volume),
                best_volume_session_id=volume.session_id,
                best_volume_at=volume.at,
                updated_at=now,
            )
        )
    await session.flush()


async def list_records(session: AsyncSession, *, user_id: uuid.UUID) -> list[PersonalRecord]:
    found = await session.scalars(
        select(PersonalRecord)
        .where(col(PersonalRecord.user_id) == user_id)
        .order_by(col(PersonalRecord.exercise_key))
    )
    return list(found)


# --- drafts and erasure -------------------------------------------------------------------------


async def drafted_session(
    session: AsyncSession, *, user_id: uuid.UUID, job_id: uuid.UUID
) -> StoredSession | None:
    workout = await session.scalar(
        select(WorkoutSession).where(
            col(WorkoutSession.user_id) == user_id, col(WorkoutSession.source_job_id) == job_id
        )
    )
    return (
        None if workout is None else StoredSession(workout, await _live_sets(session, workout.id))
    )


async def confirm_drafts(session: AsyncSession, *, user_id: uuid.UUID, job_id: uuid.UUID) -> None:
    """The session drafted from OCR job ``job_id`` becomes an ordinary one (records included)."""
    await lock_user(session, user_id)
    drafted = await drafted_session(session, user_id=user_id, job_id=job_id)
    if drafted is not None and drafted.workout.status == EntryStatus.draft:
        drafted.workout.status = EntryStatus.confirmed
        await _settle(session, drafted.workout)


async def discard_drafts(session: AsyncSession, *, user_id: uuid.UUID, job_id: uuid.UUID) -> None:
    await session.execute(
        delete(WorkoutSession).where(
            col(WorkoutSession.user_id) == user_id,
            col(WorkoutSession.source_job_id) == job_id,
            col(WorkoutSession.status) == EntryStatus.draft,
        )
    )


async def erase_user(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Every record, session (sets cascade) and program of the user."""
    await session.execute(delete(PersonalRecord).where(col(PersonalRecord.user_id) == user_id))
    await session.execute(delete(WorkoutSession).where(col(WorkoutSession.user_id) == user_id))
    await session.execute(delete(Program).where(col(Program.user_id) == user_id))
