"""HTTP routes of body metrics and progress: parse, call the service, shape the answer."""

from typing import Annotated

from fastapi import APIRouter, Depends, Response, status
from fastapi.responses import JSONResponse

from cadence_shared.deps import CurrentPrincipal, PageDep, ReadConnectionDep, SessionDep
from cadence_shared.pagination import Page
from fitness_service.formulas import ADHERENCE_FORMULA, PeriodKind, time_zone
from fitness_service.nutrition.schemas import MacroTargets
from fitness_service.progress import service
from fitness_service.progress.schemas import (
    AdherencePoint,
    AdherenceSeries,
    BodyMetricPublic,
    BodyMetricWrite,
    VolumePeriod,
    VolumeSeries,
    WeightPoint,
    WeightSeries,
)
from fitness_service.responses import no_content
from fitness_service.types import (
    DateRange,
    Day,
    TimeZoneName,
    optional_date_range,
    series_range,
)

router = APIRouter(prefix="/api/v1", tags=["progress"])

SeriesDays = Annotated[DateRange, Depends(series_range)]


# --- body metrics -------------------------------------------------------------------------------


@router.post(
    "/body-metrics",
    summary="Record the body metrics of a day",
    response_model=BodyMetricPublic,
    responses={201: {"model": BodyMetricPublic, "description": "The first record of that date"}},
)
async def upsert_body_metric(
    data: BodyMetricWrite, session: SessionDep, principal: CurrentPrincipal
) -> JSONResponse:
    """Upsert by ``date``: 201 for a new date, 200 when that date's record was replaced."""
    metric, created = await service.upsert_body_metric(
        session, user_id=principal.user_id, data=data
    )
    await session.commit()
    return JSONResponse(
        BodyMetricPublic.model_validate(metric).model_dump(mode="json"),
        status_code=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
    )


@router.get(
    "/body-metrics", response_model=Page[BodyMetricPublic], summary="List the caller's body metrics"
)
async def list_body_metrics(
    connection: ReadConnectionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    days: Annotated[DateRange | None, Depends(optional_date_range)],
) -> Response:
    """Newest first, optionally for the days `from`..`to`."""
    return await service.list_body_metrics(
        connection, user_id=principal.user_id, days=days, page=page
    )


@router.get(
    "/body-metrics/{day}",
    response_model=BodyMetricPublic,
    summary="Read the body metrics of a day",
)
async def get_body_metric(
    day: Day, connection: ReadConnectionDep, principal: CurrentPrincipal
) -> Response:
    """What the caller recorded on this date (404 when nothing)."""
    return await service.read_body_metric(connection, user_id=principal.user_id, day=day)


@router.delete(
    "/body-metrics/{day}",
    summary="Delete the body metrics of a day",
    status_code=status.HTTP_204_NO_CONTENT,
)
async def delete_body_metric(
    day: Day, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    """Removes what was recorded on this date."""
    await service.delete_body_metric(session, user_id=principal.user_id, day=day)
    await session.commit()
    return no_content()


# --- series -------------------------------------------------------------------------------------


@router.get("/progress/weight", summary="Weight over a range of days")
async def weight_series(
    principal: CurrentPrincipal, days: SeriesDays, session: SessionDep
) -> WeightSeries:
    """Each day of the range with a weight (kg), and the mean of the weights measured in the 7
    days ending on it (days without a measurement are not zeros)."""
    points = await service.weight_series(session, user_id=principal.user_id, days=days)
    return WeightSeries(
        first=days.first,
        last=days.last,
        points=[
            WeightPoint(date=day, weight_kg=weight, moving_average_7d_kg=round(average, 3))
            for day, weight, average in points
        ],
    )


@router.get(
    "/progress/adherence",
    summary="Diet adherence over a range of days",
    description=f"Every day of the range (`from`, `to`: inclusive days) with its logged macros, its targets (the sum of the plan active for its weekday) and the day view's {ADHERENCE_FORMULA} `average` is the mean over the days that have an adherence. Units: kcal, and g for protein, carbs and fat.",
)
async def adherence_series(
    principal: CurrentPrincipal, days: SeriesDays, session: SessionDep
) -> AdherenceSeries:
    series = await service.adherence_series(session, user_id=principal.user_id, days=days)
    known = [day.adherence for day in series if day.adherence is not None]
    return AdherenceSeries(
        first=days.first,
        last=days.last,
        average=round(sum(known) / len(known), 2) if known else None,
        days=[
            AdherencePoint(
                date=day.day,
                adherence=day.adherence,
                logged=MacroTargets.of(day.logged),
                targets=MacroTargets.of(day.target) if day.target is not None else None,
            )
            for day in series
        ],
    )


@router.get("/progress/volume", summary="Training volume per week or month")
async def volume_series(
    principal: CurrentPrincipal,
    days: SeriesDays,
    session: SessionDep,
    group: PeriodKind = PeriodKind.week,
    tz: TimeZoneName = None,
) -> VolumeSeries:
    """Per ISO week or calendar month in ``tz`` (UTC if none): strength volume (kg) and sets
    from confirmed sessions, cardio minutes and distance (km) from finished runs. Every period
    of the range is listed, empty ones with zeros."""
    zone = time_zone(tz)
    found = await service.volume_series(
        session, user_id=principal.user_id, days=days, kind=group, zone=zone
    )
    return VolumeSeries(
        first=days.first,
        last=days.last,
        group=group,
        tz=str(zone),
        periods=[
            VolumePeriod(
                start=period.start,
                end=period.end,
                sessions=period.sessions,
                strength_volume_kg=round(period.strength_volume_kg, 3),
                strength_sets=period.strength_sets,
                runs=period.runs,
                cardio_minutes=round(period.cardio_minutes, 3),
                cardio_distance_km=round(period.cardio_distance_km, 3),
            )
            for period in found
        ],
    )
