"""Every event subscription of the projects service. It publishes ``projects.file.uploaded.v1``
(files.py) and ``projects.file.processed.v1`` (processing.py); the processing itself is a job
(cadence_shared.jobs), queued beside the first."""

from sqlalchemy.ext.asyncio import AsyncSession

from cadence_shared.context import ServiceContext
from cadence_shared.events import Envelope, EventBus, UserDeleted
from cadence_shared.idempotency import forget_user
from cadence_shared.storage.resource import STORAGE
from projects_service import service
from projects_service.models import events

bus = EventBus(events)

IDEMPOTENCY_SCOPES = ("projects", "project-files")


@bus.subscribe_with_context("erase-user-data", UserDeleted)
async def erase_user_data(
    context: ServiceContext, session: AsyncSession, event: UserDeleted, envelope: Envelope
) -> None:
    """The user's projects, files and jobs, every stored object under the user's prefix, and
    the responses their Idempotency-Keys kept. Each step is idempotent: a redelivery redoes
    them and finds nothing."""
    await service.erase_user(session, event.user_id)
    await context.get(STORAGE).delete_all_of(event.user_id)
    await forget_user(context.redis, event.user_id, scopes=IDEMPOTENCY_SCOPES)
