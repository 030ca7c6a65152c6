"""HTTP routes of workouts: parse, call the service, commit, shape the answer."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from cadence_shared.deps import CurrentPrincipal, PageDep, ReadConnectionDep, SessionDep
from cadence_shared.idempotency import IdempotencyDep
from cadence_shared.openapi import problems
from cadence_shared.pagination import Page
from fitness_service.base import EntryStatus
from fitness_service.formulas import local_day_bounds, time_zone
from fitness_service.responses import WORKOUT_SESSIONS_SCOPE, no_content, write_once
from fitness_service.types import DateRange, TimeZoneName, optional_date_range
from fitness_service.workouts import service
from fitness_service.workouts.schemas import (
    PersonalRecordPublic,
    ProgramCreate,
    ProgramPublic,
    ProgramWrite,
    SessionCreate,
    SessionPatch,
    SessionPublic,
    SessionSummary,
)

router = APIRouter(prefix="/api/v1", tags=["workouts"])


def _session(stored: service.StoredSession) -> SessionPublic:
    return SessionPublic.with_sets(stored.workout, stored.sets)


# --- programs -----------------------------------------------------------------------------------


@router.post(
    "/programs",
    summary="Create a workout program",
    status_code=status.HTTP_201_CREATED,
    responses=problems(409),
)
async def create_program(
    data: ProgramCreate, session: SessionDep, principal: CurrentPrincipal
) -> ProgramPublic:
    """A named program of exercises; a client-generated `id` already used is a 409
    `program_id_taken`.
    """
    program = await service.create_program(session, user_id=principal.user_id, data=data)
    await session.commit()
    return ProgramPublic.model_validate(program)


@router.get("/programs", summary="List the caller's programs")
async def list_programs(
    session: SessionDep, principal: CurrentPrincipal, page: PageDep
) -> Page[ProgramPublic]:
    """Every workout program of the caller."""
    found = await service.list_programs(session, user_id=principal.user_id, page=page)
    return found.to_page(ProgramPublic.model_validate)


@router.get("/programs/{program_id}", summary="Read a program")
async def get_program(
    program_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> ProgramPublic:
    """One workout program of the caller."""
    program = await service.get_program(session, user_id=principal.user_id, program_id=program_id)
    return ProgramPublic.model_validate(program)


@router.put("/programs/{program_id}", summary="Replace a program")
async def replace_program(
    program_id: uuid.UUID, data: ProgramWrite, session: SessionDep, principal: CurrentPrincipal
) -> ProgramPublic:
    """Every field is set from the body."""
    program = await service.replace_program(
        session, user_id=principal.user_id, program_id=program_id, data=data
    )
    await session.commit()
    return ProgramPublic.model_validate(program)


@router.delete(
    "/programs/{program_id}", summary="Delete a program", status_code=status.HTTP_204_NO_CONTENT
)
async def delete_program(
    program_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    """Removes the program; the sessions done with it stay."""
    await service.delete_program(session, user_id=principal.user_id, program_id=program_id)
    await session.commit()
    return no_content()


# --- sessions -----------------------------------------------------------------------------------


@router.post(
    "/workout-sessions",
    summary="Upload a workout session",
    status_code=status.HTTP_201_CREATED,
    response_model=SessionPublic,
    responses={
        **problems(409),
        200: {"model": SessionPublic, "description": "This session id was uploaded before"},
    },
)
async def upload_session(
    data: SessionCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    idempotency: IdempotencyDep,
) -> Response:
    """201 with the stored session; 200 with the first upload when the session id was uploaded
    before. ``Idempotency-Key`` replays the first response; the same key with another body is
    422, a key still in flight 409."""

    async def upload() -> tuple[SessionPublic, bool]:
        stored = await service.upload_session(session, user_id=principal.user_id, data=data)
        return _session(stored), stored.created

    return await write_once(
        idempotency, session, scope=WORKOUT_SESSIONS_SCOPE, request=data, write=upload
    )


@router.get(
    "/workout-sessions",
    response_model=Page[SessionSummary],
    summary="List the caller's workout sessions",
)
async def list_sessions(
    connection: ReadConnectionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    days: Annotated[DateRange | None, Depends(optional_date_range)],
    tz: TimeZoneName = None,
    status_: Annotated[EntryStatus, Query(alias="status")] = EntryStatus.confirmed,
) -> Response:
    """Newest first; ``from``/``to`` are the days the sessions started on, in ``tz``."""
    zone = time_zone(tz)
    started = local_day_bounds(days.first, days.last, zone) if days is not None else None
    return await service.list_sessions(
        connection, user_id=principal.user_id, started=started, status=status_, page=page
    )


@router.get(
    "/workout-sessions/{session_id}",
    response_model=SessionPublic,
    summary="Read a workout session",
)
async def get_session(
    session_id: uuid.UUID, connection: ReadConnectionDep, principal: CurrentPrincipal
) -> Response:
    """The session with its sets."""
    return await service.read_session(connection, user_id=principal.user_id, session_id=session_id)


@router.patch(
    "/workout-sessions/{session_id}",
    summary="Change a workout session and its sets",
    responses=problems(409),
)
async def patch_session(
    session_id: uuid.UUID, data: SessionPatch, session: SessionDep, principal: CurrentPrincipal
) -> SessionPublic:
    """Session fields given replace the stored ones; each set is upserted by id and the write
    with the later ``updated_at`` wins (an older one is ignored: the answer shows the stored
    set). ``deleted: true`` removes a set under the same rule."""
    stored = await service.patch_session(
        session, user_id=principal.user_id, session_id=session_id, data=data
    )
    await session.commit()
    return _session(stored)


@router.delete(
    "/workout-sessions/{session_id}",
    summary="Delete a workout session",
    status_code=status.HTTP_204_NO_CONTENT,
)
async def delete_session(
    session_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    """Removes the session and its sets; the personal records are rebuilt without it."""
    await service.delete_session(session, user_id=principal.user_id, session_id=session_id)
    await session.commit()
    return no_content()


# --- records ------------------------------------------------------------------------------------


@router.get("/progress/records", summary="The caller's personal records")
async def list_records(
    session: SessionDep, principal: CurrentPrincipal
) -> list[PersonalRecordPublic]:
    """Per exercise (names compared without case or extra spaces), over confirmed sessions: the
    heaviest set, the best estimated one-rep max (Epley: weight * (1 + reps / 30)) and the best
    volume in one session. Sets with 0 reps do not count. Rebuilt on every session write, so an
    edit down or a delete corrects them."""
    records = await service.list_records(session, user_id=principal.user_id)
    return [PersonalRecordPublic.of(record) for record in records]
