"""Every event subscription of the tracks service."""

from sqlalchemy.ext.asyncio import AsyncSession

from cadence_shared.events import Envelope, EventBus, RunCompleted, UserDeleted
from tracks_service.models import events
from tracks_service.playlists import service as playlists
from tracks_service.plays import service as plays

bus = EventBus(events)


@bus.subscribe("record-plays", RunCompleted)
async def record_plays(session: AsyncSession, event: RunCompleted, envelope: Envelope) -> None:
    await plays.record_run(session, event)


@bus.subscribe("erase-user-data", UserDeleted)
async def erase_user_data(session: AsyncSession, event: UserDeleted, envelope: Envelope) -> None:
    """The catalog is shared by all users and stays; the user's plays and playlists go."""
    await plays.erase_user(session, event.user_id)
    await playlists.erase_user(session, event.user_id)
