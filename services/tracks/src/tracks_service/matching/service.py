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
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from cadence_shared.db import table_of
from tracks_service.catalog.claims import (
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


def _in_playlist(statement: Select[Any], track_id: Any) -> Select[Any]:
    members = select(playlist_track_table.track_id).where(
        playlist_track_table.playlist_id == bindparam("playlist_id", type_=Uuid)
    )
    return statement.where(track_id.in_(members))


def _nearest(
    statement: Select[Any], bpm: Any, confidence: Any, key: Any, factor: float, above: bool | None
) -> Select[Any]:
    """``statement`` cut to the tempos ``bpm`` within the tolerance of the cadence at ``factor``:
    one side of the target (``above`` True/False), read in (distance, confidence) order from an
    index and cut at ``limit`` (the best ``limit`` of the union are then among these few rows),
    or both sides uncut (``above`` None: within a playlist, a few hundred rows)."""
    target = _cadence / factor
    lowest, highest = (_cadence - _tolerance) / factor, (_cadence + _tolerance) / factor
    if above is None:
        return statement.where(bpm.between(lowest, highest))
    if above:
        side, order = statement.where(bpm >= target, bpm <= highest), bpm.asc()
    else:
        side, order = statement.where(bpm < target, bpm >= lowest), bpm.desc()
    return side.order_by(order, confidence.desc().nulls_last(), key).limit(
        bindparam("limit", type_=Integer)
    )


def _candidates(factor: float, *, above: bool | None) -> Select[Any]:
    """Tracks by their catalog tempo, but for the ones whose tempo the viewer's own claim
    decides (``_own_candidates``)."""
    # A scalar subquery, not NOT EXISTS: Postgres keeps it a primary-key probe per candidate
    # (an anti join may scan all of a large library's claims once per candidate).
    own_tempo = select(claim_table.seen_bpm).where(own_claim_of(_viewer)).scalar_subquery()
    bpm = track_table.bpm
    statement = select(
        track_table.id.label("track_id"),
        literal(factor, Float).label("factor"),
        func.abs(bpm * factor - _cadence).label("distance"),
    ).where(own_tempo.is_(None))
    near = _nearest(statement, bpm, track_table.bpm_confidence, track_table.id, factor, above)
    return _in_playlist(near, track_table.id) if above is None else near


def _own_candidates(factor: float, *, above: bool | None) -> Select[Any]:
    """The tracks whose tempo the viewer's own claim decides, by that tempo (the claims alone,
    from their (user, seen tempo) index)."""
    bpm = claim_table.seen_bpm
    statement = select(
        claim_table.track_id.label("track_id"),
        literal(factor, Float).label("factor"),
        func.abs(bpm * factor - _cadence).label("distance"),
    ).where(claim_table.user_id == _viewer)
    near = _nearest(
        statement, bpm, claim_table.seen_bpm_confidence, claim_table.track_id, factor, above
    )
    return _in_playlist(near, claim_table.track_id) if above is None else near


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
        branch(factor, above=above)
        for branch in (_candidates, _own_candidates)
        for factor in TEMPO_FACTORS
        for above in (True, False)
    ]
)
_MATCH_PLAYLIST = _best_matches(
    [
        branch(factor, above=None)
        for branch in (_candidates, _own_candidates)
        for factor in TEMPO_FACTORS
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
