"""Every event subscription of the fitness service."""

from sqlalchemy.ext.asyncio import AsyncSession

from cadence_shared.context import ServiceContext
from cadence_shared.events import Envelope, EventBus, OcrJobCompleted, RunCompleted, UserDeleted
from cadence_shared.idempotency import forget_user
from fitness_service.drafts import service as drafts
from fitness_service.erasure import accepts_data_for, erase_user
from fitness_service.models import events
from fitness_service.progress import service as progress
from fitness_service.responses import IDEMPOTENCY_SCOPES

bus = EventBus(events)


@bus.subscribe("record-cardio", RunCompleted)
async def record_cardio(session: AsyncSession, event: RunCompleted, envelope: Envelope) -> None:
    if await accepts_data_for(session, event.user_id):
        await progress.record_run(session, event)


@bus.subscribe("draft-from-ocr", OcrJobCompleted)
async def draft_from_ocr(session: AsyncSession, event: OcrJobCompleted, envelope: Envelope) -> None:
    if await accepts_data_for(session, event.user_id):
        await drafts.draft_from_ocr(session, event)


@bus.subscribe_with_context("erase-user-data", UserDeleted)
async def erase_user_data(
    context: ServiceContext, session: AsyncSession, event: UserDeleted, envelope: Envelope
) -> None:
    """Every row of the user, and the responses their Idempotency-Keys stored in Redis (they
    hold the user's entries and sessions for a day). Both are idempotent: a retry redoes them."""
    await erase_user(session, event.user_id)
    await forget_user(context.redis, event.user_id, scopes=IDEMPOTENCY_SCOPES)
