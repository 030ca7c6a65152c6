"""Every event subscription of the fitness service."""

from sqlalchemy.ext.asyncio import AsyncSession

from cadence_shared.events import Envelope, EventBus, OcrJobCompleted, RunCompleted, UserDeleted
from fitness_service.drafts import service as drafts
from fitness_service.erasure import accepts_data_for, erase_user
from fitness_service.models import events
from fitness_service.progress import service as progress

bus = EventBus(events)


@bus.subscribe("record-cardio", RunCompleted)
async def record_cardio(session: AsyncSession, event: RunCompleted, envelope: Envelope) -> None:
    if await accepts_data_for(session, event.user_id):
        await progress.record_run(session, event)


@bus.subscribe("draft-from-ocr", OcrJobCompleted)
async def draft_from_ocr(session: AsyncSession, event: OcrJobCompleted, envelope: Envelope) -> None:
    if await accepts_data_for(session, event.user_id):
        await drafts.draft_from_ocr(session, event)


@bus.subscribe("erase-user-data", UserDeleted)
async def erase_user_data(session: AsyncSession, event: UserDeleted, envelope: Envelope) -> None:
    await erase_user(session, event.user_id)
