"""Every event subscription of the tracks service."""

from sqlalchemy.ext.asyncio import AsyncSession

from cadence_shared.events import (
    AudioAnalysisCompleted,
    Envelope,
    EventBus,
    RunCompleted,
    UserDeleted,
)
from tracks_service.catalog import service as catalog
from tracks_service.models import events
from tracks_service.playlists import service as playlists
from tracks_service.plays import service as plays

bus = EventBus(events)


@bus.subscribe("record-plays", RunCompleted)
async def record_plays(session: AsyncSession, event: RunCompleted, envelope: Envelope) -> None:
    await plays.record_run(session, event)


@bus.subscribe("take-analysed-bpm", AudioAnalysisCompleted)
async def take_analysed_bpm(
    session: AsyncSession, event: AudioAnalysisCompleted, envelope: Envelope
) -> None:
    """A linked recording's analysed BPM, as its uploader's analysis claim on the track."""
    await catalog.take_analysed_bpm(session, event)


@bus.subscribe("erase-user-data", UserDeleted)
async def erase_user_data(session: AsyncSession, event: UserDeleted, envelope: Envelope) -> None:
    """The catalog is shared by all users and stays; the user's claims, plays and playlists go."""
    await catalog.erase_user(session, event.user_id)
    await plays.erase_user(session, event.user_id)
    await playlists.erase_user(session, event.user_id)
