"""Every event subscription of the tracks service."""

from sqlalchemy.ext.asyncio import AsyncSession

from cadence_shared.events import Envelope, EventBus, RunCompleted, UserDeleted
from tracks_service import service
from tracks_service.models import events

bus = EventBus(events)


@bus.subscribe("record-plays", RunCompleted)
async def record_plays(session: AsyncSession, event: RunCompleted, envelope: Envelope) -> None:
    await service.record_run(session, event)


@bus.subscribe("erase-user-data", UserDeleted)
async def erase_user_data(session: AsyncSession, event: UserDeleted, envelope: Envelope) -> None:
    await service.erase_user(session, event.user_id)
