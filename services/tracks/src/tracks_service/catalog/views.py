"""HTTP routes of the catalog: parse, call the service, commit, shape the answer."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from cadence_shared.deps import CurrentPrincipal, PageDep, ReadConnectionDep, SessionDep
from cadence_shared.pagination import Page
from tracks_service.catalog import service
from tracks_service.catalog.schemas import (
    AppleMusicId,
    SearchText,
    TrackList,
    TrackPublic,
    TrackRegister,
    track_public,
)
from tracks_service.models import BPM_MAX

router = APIRouter(prefix="/api/v1/tracks", tags=["tracks"])


# Fixed paths first: /{track_id} would otherwise try to read "by-apple-id" as a UUID (main.py
# also mounts the match and stats routers, under the same prefix, before this one).


@router.post("/register", summary="Register tracks in the shared catalog")
async def register_tracks(
    data: TrackRegister, session: SessionDep, principal: CurrentPrincipal
) -> TrackList:
    """Records the caller's claims on the tracks of the body (title, artist, album, tempo, by
    Apple Music id), adding the tracks the shared catalog does not have yet; answers them all as
    the caller sees them. What other users see is derived from every user's claims: the values
    most users agree on, the first claim on a tie, an analysis before any client's tempo; a
    caller's own tempo claim is what the caller sees.
    """
    stored = await service.register_tracks(session, data.tracks, user_id=principal.user_id)
    await session.commit()
    return TrackList(tracks=[track_public(track, tempo) for track, tempo in stored])


@router.get("/by-apple-id/{apple_music_id}", summary="Read a track by its Apple Music id")
async def get_track_by_apple_id(
    apple_music_id: AppleMusicId, session: SessionDep, principal: CurrentPrincipal
) -> TrackPublic:
    """The catalog's track with this Apple Music id (404 when none was registered)."""
    track, tempo = await service.get_track_by_apple_id(
        session, apple_music_id, viewer=principal.user_id
    )
    return track_public(track, tempo)


@router.get("", summary="Search the catalog", response_model=Page[TrackPublic])
async def search_tracks(
    connection: ReadConnectionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    q: Annotated[SearchText | None, Query(description="In title, artist, album")] = None,
    bpm_min: Annotated[float | None, Query(ge=0, le=BPM_MAX)] = None,
    bpm_max: Annotated[float | None, Query(ge=0, le=BPM_MAX)] = None,
) -> Response:
    """Tracks whose title, artist or album contain `q`, optionally within a tempo range
    (`bpm_min`..`bpm_max`).
    """
    return await service.search_tracks(
        connection,
        search=service.TrackSearch(q, bpm_min, bpm_max),
        page=page,
        viewer=principal.user_id,
    )


@router.get("/{track_id}", summary="Read a track", response_model=TrackPublic)
async def get_track(
    track_id: uuid.UUID, connection: ReadConnectionDep, principal: CurrentPrincipal
) -> Response:
    """One track of the shared catalog."""
    return await service.read_track(connection, track_id=track_id, viewer=principal.user_id)
