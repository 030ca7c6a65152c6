"""Every event subscription of the audio service (it publishes none yet)."""

from sqlalchemy.ext.asyncio import AsyncSession

from audio_service import service
from audio_service.models import events
from cadence_shared.events import Envelope, EventBus, UserDeleted

bus = EventBus(events)


@bus.subscribe("erase-user-data", UserDeleted)
async def erase_user_data(session: AsyncSession, event: UserDeleted, envelope: Envelope) -> None:
    await service.erase_user(session, event.user_id)
