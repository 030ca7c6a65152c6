"""OCR results become drafts; the user confirms them in one call or discards them."""

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cadence_shared.events import OcrJobCompleted, OcrMenu, OcrWorkoutSheet
from cadence_shared.pagination import PageParams, Paginated, paginate
from cadence_shared.time import utc_now
from fitness_service.base import EntryStatus
from fitness_service.drafts.models import DraftKind, DraftState, OcrDraft
from fitness_service.errors import OcrDraftConfirmed, OcrDraftNotFound
from fitness_service.nutrition import service as nutrition
from fitness_service.nutrition.models import Food, FoodLog, FoodLogKind
from fitness_service.types import EARLIEST_DAY, LATEST_DAY
from fitness_service.workouts import service as workouts
from fitness_service.workouts.schemas import SessionCreate, SetWrite

DEFAULT_MEAL = "menu"
DEFAULT_SESSION_NAME = "Workout sheet"


@dataclass(frozen=True, slots=True)
class DraftContents:
    draft: OcrDraft
    foods: list[Food]
    food_logs: list[nutrition.LoggedFood]
    workout: workouts.StoredSession | None


def _clean(text: str | None, limit: int) -> str | None:
    """OCR text as a name: NULs and runs of whitespace gone, cut to ``limit``; None if empty."""
    if text is None:
        return None
    cleaned = " ".join(text.replace("\x00", "").split())[:limit]
    return cleaned or None


def _draft_day(event: OcrJobCompleted) -> dt.date:
    day = event.target_date
    if day is None or not EARLIEST_DAY <= day <= LATEST_DAY:
        return event.completed_at.astimezone(dt.UTC).date()
    return day


def _draft_menu(session: AsyncSession, draft: OcrDraft, menu: OcrMenu) -> None:
    now = utc_now()
    for item in menu.items:
        name = _clean(item.name, 200)
        if name is None:
            continue
        food = Food(
            user_id=draft.user_id,
            name=name,
            brand=_clean(item.brand, 200),
            serving_size=item.serving_size or 1.0,
            serving_unit=_clean(item.serving_unit, 20) or "serving",
            # What the OCR could not read is 0 until the user edits the draft.
            kcal=item.kcal or 0.0,
            protein_g=item.protein_g or 0.0,
            carbs_g=item.carbs_g or 0.0,
            fat_g=item.fat_g or 0.0,
            fibre_g=item.fibre_g,
            sugar_g=item.sugar_g,
            sodium_mg=item.sodium_mg,
            status=EntryStatus.draft,
            source_job_id=draft.job_id,
            created_at=now,
            updated_at=now,
        )
        session.add(food)
        session.add(
            FoodLog(
                user_id=draft.user_id,
                date=draft.date,
                meal=draft.meal or DEFAULT_MEAL,
                food_id=food.id,
                quantity=item.quantity or 1.0,
                kind=FoodLogKind.ad_hoc,
                status=EntryStatus.draft,
                source_job_id=draft.job_id,
                created_at=now,
                updated_at=now,
            )
        )


async def _draft_session(
    session: AsyncSession, draft: OcrDraft, sheet: OcrWorkoutSheet, completed_at: dt.datetime
) -> None:
    sets = [
        SetWrite(
            id=uuid.uuid4(),
            exercise=name,
            reps=item.reps,
            weight_kg=item.weight_kg or 0.0,
            updated_at=completed_at,
        )
        for exercise in sheet.exercises
        if (name := _clean(exercise.name, 200)) is not None
        for item in exercise.sets
    ]
    # Noon UTC is the same calendar day in every zone within 12 hours of UTC.
    started_at = dt.datetime.combine(draft.date, dt.time(12), tzinfo=dt.UTC)
    data = SessionCreate(
        id=uuid.uuid4(),
        name=_clean(sheet.title, 200) or DEFAULT_SESSION_NAME,
        started_at=started_at,
        sets=sets,
    )
    await workouts.upload_session(
        session,
        user_id=draft.user_id,
        data=data,
        status=EntryStatus.draft,
        source_job_id=draft.job_id,
    )


async def draft_from_ocr(session: AsyncSession, event: OcrJobCompleted) -> bool:
    """Drafts what a finished OCR job read, once per job; a failed job drafts nothing."""
    if event.status != "succeeded":
        return False
    draft = await session.scalar(
        select(OcrDraft).from_statement(
            insert(OcrDraft)
            .values(
                job_id=event.job_id,
                user_id=event.user_id,
                kind=DraftKind(event.kind),
                date=_draft_day(event),
                meal=_clean(event.meal, 100),
                created_at=utc_now(),
            )
            .on_conflict_do_nothing(index_elements=[col(OcrDraft.job_id)])
            .returning(OcrDraft)
        )
    )
    if draft is None:
        return False
    if event.menu is not None and draft.kind == DraftKind.menu:
        _draft_menu(session, draft, event.menu)
        await session.flush()
    elif event.workout_sheet is not None:
        await _draft_session(session, draft, event.workout_sheet, event.completed_at)
    return True


async def _get_draft(session: AsyncSession, *, user_id: uuid.UUID, job_id: uuid.UUID) -> OcrDraft:
    draft = await session.scalar(
        select(OcrDraft).where(
            col(OcrDraft.job_id) == job_id,
            col(OcrDraft.user_id) == user_id,
            col(OcrDraft.state) != DraftState.discarded,
        )
    )
    if draft is None:
        raise OcrDraftNotFound()
    return draft


async def _contents(session: AsyncSession, draft: OcrDraft) -> DraftContents:
    foods, logs = await nutrition.drafted(session, user_id=draft.user_id, job_id=draft.job_id)
    workout = await workouts.drafted_session(session, user_id=draft.user_id, job_id=draft.job_id)
    return DraftContents(draft, foods, logs, workout)


async def get_draft(
    session: AsyncSession, *, user_id: uuid.UUID, job_id: uuid.UUID
) -> DraftContents:
    return await _contents(session, await _get_draft(session, user_id=user_id, job_id=job_id))


async def list_drafts(
    session: AsyncSession, *, user_id: uuid.UUID, state: DraftState, page: PageParams
) -> Paginated[OcrDraft]:
    statement = (
        select(OcrDraft)
        .where(col(OcrDraft.user_id) == user_id, col(OcrDraft.state) == state)
        .order_by(col(OcrDraft.created_at).desc(), col(OcrDraft.job_id))
    )
    return await paginate(session, statement, page)


async def confirm_draft(
    session: AsyncSession, *, user_id: uuid.UUID, job_id: uuid.UUID
) -> DraftContents:
    """Everything the job drafted becomes ordinary data; confirming again changes nothing."""
    draft = await _get_draft(session, user_id=user_id, job_id=job_id)
    if draft.state == DraftState.pending:
        await nutrition.confirm_drafts(session, user_id=user_id, job_id=job_id)
        await workouts.confirm_drafts(session, user_id=user_id, job_id=job_id)
        draft.state = DraftState.confirmed
        draft.decided_at = utc_now()
        await session.flush()
    return await _contents(session, draft)


async def discard_draft(session: AsyncSession, *, user_id: uuid.UUID, job_id: uuid.UUID) -> None:
    """Removes what the job drafted; the job stays known, so a repeated event drafts nothing."""
    draft = await _get_draft(session, user_id=user_id, job_id=job_id)
    if draft.state == DraftState.confirmed:
        raise OcrDraftConfirmed()
    await nutrition.discard_drafts(session, user_id=user_id, job_id=job_id)
    await workouts.discard_drafts(session, user_id=user_id, job_id=job_id)
    draft.state = DraftState.discarded
    draft.decided_at = utc_now()


async def erase_user(session: AsyncSession, user_id: uuid.UUID) -> None:
    await session.execute(delete(OcrDraft).where(col(OcrDraft.user_id) == user_id))
