"""Every event subscription of the runs service (it publishes runs.run.completed.v1)."""

from sqlalchemy.ext.asyncio import AsyncSession

from cadence_shared.context import ServiceContext
from cadence_shared.events import Envelope, EventBus, UserDeleted
from cadence_shared.idempotency import forget_user
from runs_service import service
from runs_service.models import events

bus = EventBus(events)


@bus.subscribe_with_context("erase-user-data", UserDeleted)
async def erase_user_data(
    context: ServiceContext, session: AsyncSession, event: UserDeleted, envelope: Envelope
) -> None:
    """Every run of the user, and the uploads their Idempotency-Keys stored in Redis (each holds
    a whole run for a day). Both are idempotent: a retry redoes them."""
    await service.erase_user(session, event.user_id)
    await forget_user(context.redis, event.user_id, scopes=service.IDEMPOTENCY_SCOPES)
