"""HTTP routes of the runs service: parse, call service.py, commit, shape the answer."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from cadence_shared.deps import CurrentPrincipal, PageDep, ReadConnectionDep, SessionDep
from cadence_shared.idempotency import IdempotencyDep, StoredResponse
from cadence_shared.pagination import Page
from runs_service import service
from runs_service.models import Run
from runs_service.schemas import (
    FilterTime,
    PeriodStats,
    RunCreate,
    RunPublic,
    RunStats,
    RunSummary,
    SegmentPublic,
    StatsPeriod,
)

router = APIRouter(prefix="/api/v1/runs", tags=["runs"])

FromQuery = Annotated[FilterTime | None, Query(alias="from", description="Started at or after")]
ToQuery = Annotated[FilterTime | None, Query(alias="to", description="Started before")]


def _summary(run: Run) -> RunSummary:
    return RunSummary(
        id=run.id,
        started_at=run.started_at,
        ended_at=run.ended_at,
        duration_s=(run.ended_at - run.started_at).total_seconds(),
        distance_m=run.distance_m,
        avg_hr=run.avg_hr,
        max_hr=run.max_hr,
        avg_cadence=run.avg_cadence,
        calories=run.calories,
        created_at=run.created_at,
    )


def _public(stored: service.StoredRun) -> RunPublic:
    return RunPublic(
        **_summary(stored.run).model_dump(),
        segments=[SegmentPublic.model_validate(segment) for segment in stored.segments],
    )


@router.post(
    "",
    summary="Upload a finished run",
    status_code=status.HTTP_201_CREATED,
    response_model=RunPublic,
    responses={
        200: {"model": RunPublic, "description": "This run id was already uploaded: the run"},
        409: {"description": "A request with this Idempotency-Key is still in flight"},
        422: {"description": "Invalid run, or an Idempotency-Key reused with another body"},
    },
)
async def upload_run(
    data: RunCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    idempotency: IdempotencyDep,
) -> Response:
    """Uploads a finished run. Safe to retry: by the run's own id and by Idempotency-Key (a
    replayed key answers the first response again, with ``Idempotent-Replayed: true``)."""

    async def upload() -> StoredResponse:
        result = await service.upload_run(session, user_id=principal.user_id, data=data)
        await session.commit()
        return StoredResponse(
            status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
            _public(result.stored).model_dump(mode="json"),
            {"Location": f"{router.prefix}/{data.id}"},
        )

    return await idempotency.respond(
        scope=service.UPLOAD_SCOPE, fingerprint_of=data, produce=upload
    )


@router.get("", summary="List the caller's runs", response_model=Page[RunSummary])
async def list_runs(
    connection: ReadConnectionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    started_from: FromQuery = None,
    started_to: ToQuery = None,
) -> Response:
    """Newest first, optionally only those started within `from`..`to`; each with its totals,
    without its segments.
    """
    return await service.list_runs(
        connection,
        user_id=principal.user_id,
        started_from=started_from,
        started_to=started_to,
        page=page,
    )


@router.get("/stats", summary="Totals per week, month or year")
async def run_stats(
    session: SessionDep,
    principal: CurrentPrincipal,
    period: StatsPeriod = StatsPeriod.week,
    started_from: FromQuery = None,
    started_to: ToQuery = None,
) -> RunStats:
    """Per period (`period`) the caller ran in: runs, distance, duration, mean pace and mean heart
    rate, optionally only for runs started within `from`..`to`.
    """
    totals = await service.run_stats(
        session,
        user_id=principal.user_id,
        period=period,
        started_from=started_from,
        started_to=started_to,
    )
    return RunStats(
        period=period,
        items=[
            PeriodStats(
                period_start=row.period_start.date(),
                runs=row.runs,
                distance_m=row.distance_m,
                duration_s=row.duration_s,
                avg_pace_s_per_km=row.avg_pace_s_per_km,
                avg_hr=row.avg_hr,
            )
            for row in totals
        ],
    )


@router.get("/{run_id}", summary="Read a run with its segments", response_model=RunPublic)
async def get_run(
    run_id: uuid.UUID, connection: ReadConnectionDep, principal: CurrentPrincipal
) -> Response:
    """One of the caller's runs, with every segment (distance, pace, heart rate, cadence)."""
    return await service.read_run(connection, user_id=principal.user_id, run_id=run_id)


@router.delete("/{run_id}", summary="Delete a run", status_code=status.HTTP_204_NO_CONTENT)
async def delete_run(run_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> None:
    """Removes the run and its segments for good."""
    await service.delete_run(session, user_id=principal.user_id, run_id=run_id)
    await session.commit()
