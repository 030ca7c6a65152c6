"""HTTP route of tempo match: parse, call the service, shape the answer."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from cadence_shared.deps import CurrentPrincipal, SessionDep
from cadence_shared.openapi import problems
from tracks_service.catalog.schemas import track_public
from tracks_service.errors import PlaylistNotFound
from tracks_service.matching import service
from tracks_service.matching.schemas import TrackMatch, TrackMatches

MAX_MATCH_LIMIT = 100

router = APIRouter(prefix="/api/v1/tracks", tags=["tracks"])


@router.get(
    "/match",
    summary="Tracks that match a running cadence",
    responses=problems(PlaylistNotFound),  # a playlist_id the caller has no playlist of
)
async def match_tracks(
    session: SessionDep,
    principal: CurrentPrincipal,
    # From 1: a vanishing cadence (5e-324, found by schemathesis) underflowed in Postgres (500).
    cadence: Annotated[float, Query(ge=1, le=400, description="Steps per minute, 1 to 400")],
    tolerance: Annotated[float, Query(ge=0, le=50, description="In BPM, inclusive")] = 4,
    playlist_id: uuid.UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_MATCH_LIMIT)] = 20,
) -> TrackMatches:
    """Tracks whose tempo, or its half or double (`factor`), is within `tolerance` BPM of `cadence`
    steps per minute, closest first (`distance`); only the tracks of `playlist_id` when given.
    The tempo is the one the caller sees (the caller's own claim where the caller made one).
    """
    matches = await service.match_tracks(
        session,
        cadence=cadence,
        tolerance=tolerance,
        limit=limit,
        user_id=principal.user_id,
        playlist_id=playlist_id,
    )
    return TrackMatches(
        cadence=cadence,
        tolerance=tolerance,
        items=[
            TrackMatch(
                track=track_public(match.track, match.tempo),
                factor=match.factor,
                distance=match.distance,
            )
            for match in matches
        ],
    )
