"""HTTP routes of OCR drafts: list, show, confirm in one call, discard."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from cadence_shared.deps import CurrentPrincipal, PageDep, SessionDep
from cadence_shared.openapi import problems
from cadence_shared.pagination import Page
from fitness_service.drafts import service
from fitness_service.drafts.models import DraftState
from fitness_service.drafts.schemas import OcrDraftPublic, OcrDraftSummary
from fitness_service.nutrition.schemas import FoodLogPublic, FoodPublic
from fitness_service.responses import no_content
from fitness_service.workouts.schemas import SessionPublic

router = APIRouter(prefix="/api/v1/ocr-drafts", tags=["ocr drafts"])


def _draft(contents: service.DraftContents) -> OcrDraftPublic:
    workout = contents.workout
    return OcrDraftPublic(
        **OcrDraftSummary.model_validate(contents.draft).model_dump(),
        foods=[FoodPublic.model_validate(food) for food in contents.foods],
        food_logs=[FoodLogPublic.of(entry.log, entry.food) for entry in contents.food_logs],
        session=SessionPublic.with_sets(workout.workout, workout.sets) if workout else None,
    )


@router.get("", summary="List the caller's OCR drafts")
async def list_drafts(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    state: Annotated[DraftState, Query()] = DraftState.pending,
) -> Page[OcrDraftSummary]:
    """Newest first; ``state`` pending (the default) or confirmed."""
    found = await service.list_drafts(session, user_id=principal.user_id, state=state, page=page)
    return found.to_page(OcrDraftSummary.model_validate)


@router.get("/{job_id}", summary="Read an OCR draft")
async def get_draft(
    job_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> OcrDraftPublic:
    """What an OCR job drafted from a photo: foods, food log entries and a workout, not yet counted
    anywhere.
    """
    return _draft(await service.get_draft(session, user_id=principal.user_id, job_id=job_id))


@router.post("/{job_id}/confirm", summary="Confirm an OCR draft")
async def confirm_draft(
    job_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> OcrDraftPublic:
    """Everything the job drafted becomes ordinary data (it counts in totals, series and
    records from now on). Confirming again returns the same and changes nothing."""
    contents = await service.confirm_draft(session, user_id=principal.user_id, job_id=job_id)
    await session.commit()
    return _draft(contents)


@router.delete(
    "/{job_id}",
    summary="Discard an OCR draft",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(409),
)
async def discard_draft(
    job_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    """Removes what the job drafted (a confirmed draft is a 409: it is ordinary data now)."""
    await service.discard_draft(session, user_id=principal.user_id, job_id=job_id)
    await session.commit()
    return no_content()
