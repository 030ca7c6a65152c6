"""HTTP routes of the catalog: parse, call the service, commit, shape the answer."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from cadence_shared.deps import CurrentPrincipal, PageDep, SessionDep
from cadence_shared.pagination import Page
from tracks_service.catalog import service
from tracks_service.catalog.schemas import TrackList, TrackPublic, TrackRegister

router = APIRouter(prefix="/api/v1/tracks", tags=["tracks"])


# Fixed paths first: /{track_id} would otherwise try to read "by-apple-id" as a UUID (main.py
# also mounts the match and stats routers, under the same prefix, before this one).


@router.post("/register")
async def register_tracks(
    data: TrackRegister, session: SessionDep, principal: CurrentPrincipal
) -> TrackList:
    stored = await service.register_tracks(session, data.tracks)
    await session.commit()
    return TrackList(tracks=[TrackPublic.model_validate(track) for track in stored])


@router.get("/by-apple-id/{apple_music_id}")
async def get_track_by_apple_id(
    apple_music_id: str, session: SessionDep, principal: CurrentPrincipal
) -> TrackPublic:
    return TrackPublic.model_validate(await service.get_track_by_apple_id(session, apple_music_id))


@router.get("")
async def search_tracks(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    q: Annotated[str | None, Query(max_length=200, description="In title, artist, album")] = None,
    bpm_min: Annotated[float | None, Query(ge=0)] = None,
    bpm_max: Annotated[float | None, Query(ge=0)] = None,
) -> Page[TrackPublic]:
    found = await service.search_tracks(
        session, search=service.TrackSearch(q, bpm_min, bpm_max), page=page
    )
    return found.to_page(TrackPublic.model_validate)


@router.get("/{track_id}")
async def get_track(
    track_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> TrackPublic:
    return TrackPublic.model_validate(await service.get_track(session, track_id))
