"""Every event subscription of the runs service (it publishes runs.run.completed.v1)."""

from sqlalchemy.ext.asyncio import AsyncSession

from cadence_shared.events import Envelope, EventBus, UserDeleted
from runs_service import service
from runs_service.models import events

bus = EventBus(events)


@bus.subscribe("erase-user-data", UserDeleted)
async def erase_user_data(session: AsyncSession, event: UserDeleted, envelope: Envelope) -> None:
    await service.erase_user(session, event.user_id)
