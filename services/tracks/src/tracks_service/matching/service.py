"""Tempo match: ``|bpm x k - cadence| <= tolerance`` for k in 1, 2, 1/2, best match first."""

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Float,
    Integer,
    Select,
    Uuid,
    bindparam,
    exists,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from cadence_shared.db import table_of
from tracks_service.catalog.claims import (
    OVERRIDES_CATALOG,
    SEEN_BPM,
    SEEN_COLUMNS,
    SEEN_CONFIDENCE,
    SeenBpm,
    own_claim_of,
    seen,
    with_own_claims,
)
from tracks_service.models import PlaylistTrack, Track, TrackClaim
from tracks_service.playlists.service import get_playlist

# Half-time and double-time running: a 85 BPM song fits a 170 spm cadence, and so does a 340.
TEMPO_FACTORS = (1.0, 2.0, 0.5)

# The match is a Core union over the tables' columns, typed.
track_table = table_of(Track).c
playlist_track_table = table_of(PlaylistTrack).c
claim_table = table_of(TrackClaim).c


# The match statements are built once with named parameters: building a 6-branch union costs
# more CPU than running it, and SQLAlchemy then finds the compiled form in its cache.
_cadence = bindparam("cadence", type_=Float)
_tolerance = bindparam("tolerance", type_=Float)
_viewer = bindparam("viewer", type_=Uuid)


def _in_playlist(statement: Select[Any]) -> Select[Any]:
    members = select(playlist_track_table.track_id).where(
        playlist_track_table.playlist_id == bindparam("playlist_id", type_=Uuid)
    )
    return statement.where(track_table.id.in_(members))


def _candidates(factor: float, *, above: bool | None) -> Select[Any]:
    """Tracks whose catalog ``bpm * factor`` is within the tolerance of the cadence, but for the
    ones the viewer's own claim decides (``_own_candidates``).

    Over the whole catalog, each side of the target BPM (``above`` True/False) is read in
    (distance, confidence) order from its own index and cut at ``limit``: the best ``limit`` of
    the union are then among these few rows. Within a playlist (a few hundred rows) no cut.
    """
    bpm, confidence = track_table.bpm, track_table.bpm_confidence
    target = _cadence / factor
    lowest, highest = (_cadence - _tolerance) / factor, (_cadence + _tolerance) / factor
    statement = select(
        track_table.id.label("track_id"),
        literal(factor, Float).label("factor"),
        func.abs(bpm * factor - _cadence).label("distance"),
    ).where(~exists().where(own_claim_of(_viewer), OVERRIDES_CATALOG))
    if above is None:
        return _in_playlist(statement.where(bpm.between(lowest, highest)))
    if above:
        return (
            statement.where(bpm >= target, bpm <= highest)
            .order_by(bpm.asc(), confidence.desc().nulls_last(), track_table.id)
            .limit(bindparam("limit", type_=Integer))
        )
    return (
        statement.where(bpm < target, bpm >= lowest)
        .order_by(bpm.desc(), confidence.desc().nulls_last(), track_table.id)
        .limit(bindparam("limit", type_=Integer))
    )


def _own_candidates(factor: float, *, in_playlist: bool) -> Select[Any]:
    """The tracks whose tempo the viewer's own claim decides, matched on that tempo (a user's
    claims are a library's worth of rows: read them all)."""
    lowest, highest = (_cadence - _tolerance) / factor, (_cadence + _tolerance) / factor
    statement = (
        select(
            track_table.id.label("track_id"),
            literal(factor, Float).label("factor"),
            func.abs(SEEN_BPM * factor - _cadence).label("distance"),
        )
        .join_from(Track, TrackClaim, own_claim_of(_viewer))
        .where(
            # Implied by the next two, but on the claim alone: the few claims in range are
            # found first, then their tracks by key.
            or_(
                claim_table.analysed_bpm.between(lowest, highest),
                claim_table.bpm.between(lowest, highest),
            ),
            OVERRIDES_CATALOG,
            SEEN_BPM.between(lowest, highest),
        )
    )
    return _in_playlist(statement) if in_playlist else statement


def _best_matches(branches: list[Select[Any]]) -> Select[Any]:
    candidates = union_all(*branches).subquery("candidates")
    # A track matching under two factors (only possible for wide tolerances) counts once.
    best = (
        select(candidates)
        .ext(distinct_on(candidates.c.track_id))
        .order_by(candidates.c.track_id, candidates.c.distance, candidates.c.factor)
        .subquery("best")
    )
    return (
        with_own_claims(
            select(Track, best.c.factor, best.c.distance, *SEEN_COLUMNS).join(
                best, best.c.track_id == track_table.id
            ),
            _viewer,
        )
        .order_by(
            best.c.distance,
            SEEN_CONFIDENCE.desc().nulls_last(),
            track_table.id,
        )
        .limit(bindparam("limit", type_=Integer))
    )


_MATCH_CATALOG = _best_matches(
    [
        *(_candidates(factor, above=above) for factor in TEMPO_FACTORS for above in (True, False)),
        *(_own_candidates(factor, in_playlist=False) for factor in TEMPO_FACTORS),
    ]
)
_MATCH_PLAYLIST = _best_matches(
    [
        *(_candidates(factor, above=None) for factor in TEMPO_FACTORS),
        *(_own_candidates(factor, in_playlist=True) for factor in TEMPO_FACTORS),
    ]
)


@dataclass(frozen=True, slots=True)
class Match:
    track: Track
    tempo: SeenBpm
    factor: float
    distance: float


async def match_tracks(
    session: AsyncSession,
    *,
    cadence: float,
    tolerance: float,
    limit: int,
    user_id: uuid.UUID,
    playlist_id: uuid.UUID | None = None,
) -> list[Match]:
    """Tracks with ``|bpm x k - cadence| <= tolerance`` for k in 1, 2, 1/2, the tempo as the
    user sees it (catalog/claims.py); best match first."""
    parameters: dict[str, Any] = {
        "cadence": cadence,
        "tolerance": tolerance,
        "limit": limit,
        "viewer": user_id,
    }
    statement = _MATCH_CATALOG
    if playlist_id is not None:
        await get_playlist(session, user_id=user_id, playlist_id=playlist_id)
        statement = _MATCH_PLAYLIST
        parameters["playlist_id"] = playlist_id
    rows = await session.execute(statement, parameters)
    return [
        Match(track, seen(bpm, confidence, source), float(factor), float(distance))
        for track, factor, distance, bpm, confidence, source in rows
    ]
