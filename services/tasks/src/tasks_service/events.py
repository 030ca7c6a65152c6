"""Every event subscription of the tasks service."""

from sqlalchemy.ext.asyncio import AsyncSession

from cadence_shared.events import Envelope, EventBus, UserDeleted
from tasks_service import service
from tasks_service.models import events

bus = EventBus(events)


@bus.subscribe("erase-user-data", UserDeleted)
async def erase_user_data(session: AsyncSession, event: UserDeleted, envelope: Envelope) -> None:
    await service.erase_user(session, event.user_id)
