"""Every event subscription of the audio service. It publishes ``audio.analysis.requested.v1``
(an upload queued) and ``audio.analysis.completed.v1`` (its analysis done or failed)."""

from sqlalchemy.ext.asyncio import AsyncSession

from audio_service import service
from audio_service.models import events
from cadence_shared.context import ServiceContext
from cadence_shared.events import Envelope, EventBus, UserDeleted
from cadence_shared.idempotency import forget_user
from cadence_shared.storage.resource import STORAGE

bus = EventBus(events)
IDEMPOTENCY_SCOPES = ("audio",)  # the upload route's scope (views.AUDIO_UPLOAD)


@bus.subscribe_with_context("erase-user-data", UserDeleted)
async def erase_user_data(
    context: ServiceContext, session: AsyncSession, event: UserDeleted, envelope: Envelope
) -> None:
    """The user's items and jobs (running ones stop), every stored file of theirs, and the
    upload responses kept for Idempotency-Key replays. A redelivery finds nothing left."""
    await service.erase_user(session, event.user_id)
    await context.get(STORAGE).delete_all_of(event.user_id)
    await forget_user(context.redis, event.user_id, scopes=IDEMPOTENCY_SCOPES)
