"""Every event subscription of the ocr service. It publishes ``ocr.job.requested.v1`` (a photo
queued) and ``ocr.job.completed.v1`` (read, or failed: fitness drafts from it) through its
outbox."""

from sqlalchemy.ext.asyncio import AsyncSession

from cadence_shared.context import ServiceContext
from cadence_shared.events import Envelope, EventBus, UserDeleted
from cadence_shared.idempotency import forget_user
from cadence_shared.storage.resource import delete_files_of_deleted_user
from ocr_service import service
from ocr_service.models import events

bus = EventBus(events)

# The idempotency scopes of the upload routes (views.UPLOAD_SCOPES; not imported from there so
# the worker does not load the routes).
UPLOAD_SCOPES = ("ocr-menu", "ocr-workout")


@bus.subscribe_with_context("erase-user-data", UserDeleted)
async def erase_user_data(
    context: ServiceContext, session: AsyncSession, event: UserDeleted, envelope: Envelope
) -> None:
    """The user's photos and jobs (running ones stop), and the upload answers kept for
    Idempotency-Key replays, which hold the user's data until they expire."""
    await service.erase_user(session, event.user_id)
    await forget_user(context.redis, event.user_id, scopes=UPLOAD_SCOPES)


bus.subscribe_with_context("erase-user-files", UserDeleted)(delete_files_of_deleted_user)
