"""HTTP route of listening stats: parse, call the service, shape the answer."""

from fastapi import APIRouter

from cadence_shared.deps import CurrentPrincipal, PageDep, SessionDep
from cadence_shared.pagination import Page
from tracks_service.catalog.schemas import track_public
from tracks_service.plays import service
from tracks_service.plays.schemas import TrackStats

router = APIRouter(prefix="/api/v1/tracks", tags=["tracks"])


def _stats(row: service.TrackStatsRow) -> TrackStats:
    return TrackStats(
        track=track_public(row.track, row.tempo),
        plays=row.plays,
        seconds_played=row.seconds_played,
        avg_cadence=row.avg_cadence,
        avg_hr=row.avg_hr,
    )


@router.get("/stats/me", summary="The caller's most played tracks")
async def my_track_stats(
    session: SessionDep, principal: CurrentPrincipal, page: PageDep
) -> Page[TrackStats]:
    """Per track the caller played during runs: plays, seconds played, mean cadence and heart
    rate; most played first.
    """
    found = await service.user_track_stats(session, user_id=principal.user_id, page=page)
    return found.to_page(_stats)
