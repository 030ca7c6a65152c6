"""Plays recorded from finished runs and the listening stats over them. The caller commits."""

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, case, delete, func, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped
from sqlmodel import col

from cadence_shared.events.contracts import RunCompleted
from cadence_shared.pagination import PageParams, Paginated, paginate_rows
from tracks_service.catalog.claims import SEEN_COLUMNS, SeenBpm, own_claim_of, seen
from tracks_service.models import Track, TrackClaim, TrackPlay


@dataclass(frozen=True, slots=True)
class TrackStatsRow:
    track: Track
    tempo: SeenBpm
    plays: int
    seconds_played: float
    avg_cadence: float | None
    avg_hr: float | None


async def _known_tracks(
    session: AsyncSession, run: RunCompleted
) -> tuple[dict[str, uuid.UUID], set[uuid.UUID]]:
    """The catalog's ids of the run's tracks: by Apple Music id, and the set of known ids."""
    apple_ids = {s.apple_music_id for s in run.segments if s.track_id is None and s.apple_music_id}
    given_ids = {s.track_id for s in run.segments if s.track_id is not None}
    known = await session.execute(
        select(col(Track.id), col(Track.apple_music_id)).where(
            or_(col(Track.apple_music_id).in_(apple_ids), col(Track.id).in_(given_ids))
        )
    )
    by_apple_id: dict[str, uuid.UUID] = {}
    known_ids: set[uuid.UUID] = set()
    for track_id, apple_music_id in known:
        by_apple_id[apple_music_id] = track_id
        known_ids.add(track_id)
    return by_apple_id, known_ids


async def record_run(session: AsyncSession, run: RunCompleted) -> int:
    """Records a play per segment whose track is known; a replayed run records nothing twice.

    Returns the number of plays newly recorded. Segments of tracks not in the catalog are skipped.
    """
    by_apple_id, known_ids = await _known_tracks(session, run)
    rows = []
    for index, segment in enumerate(run.segments):
        track_id = segment.track_id or by_apple_id.get(segment.apple_music_id or "")
        if track_id is None or track_id not in known_ids:
            continue
        rows.append(
            {
                "run_id": run.run_id,
                "segment": index,
                "user_id": run.user_id,
                "track_id": track_id,
                "started_at": segment.started_at,
                "ended_at": segment.ended_at,
                "avg_hr": segment.avg_hr,
                "avg_cadence": segment.avg_cadence,
            }
        )
    if not rows:
        return 0
    inserted = await session.scalars(
        insert(TrackPlay).values(rows).on_conflict_do_nothing().returning(col(TrackPlay.segment))
    )
    return len(inserted.all())


def _weighted_average(
    column: Mapped[float | None], seconds: ColumnElement[Any]
) -> ColumnElement[Any]:
    """The average of ``column`` weighted by ``seconds``, over the rows where it is known."""
    weight = case((column.is_not(None), seconds))
    return func.sum(column * weight) / func.nullif(func.sum(weight), 0)


async def user_track_stats(
    session: AsyncSession, *, user_id: uuid.UUID, page: PageParams
) -> Paginated[TrackStatsRow]:
    """Per track the user ran to: plays, time, and cadence/HR weighted by each play's length."""
    seconds = func.extract("epoch", col(TrackPlay.ended_at) - col(TrackPlay.started_at))
    stats = (
        select(
            col(TrackPlay.track_id),
            func.count().label("plays"),
            func.sum(seconds).label("seconds_played"),
            _weighted_average(col(TrackPlay.avg_cadence), seconds).label("avg_cadence"),
            _weighted_average(col(TrackPlay.avg_hr), seconds).label("avg_hr"),
        )
        .where(col(TrackPlay.user_id) == user_id)
        .group_by(col(TrackPlay.track_id))
        .subquery()
    )
    rows = await paginate_rows(
        session,
        select(
            Track,
            stats.c.plays,
            stats.c.seconds_played,
            stats.c.avg_cadence,
            stats.c.avg_hr,
            *SEEN_COLUMNS,
        )
        .join(stats, stats.c.track_id == col(Track.id))
        .outerjoin(TrackClaim, own_claim_of(user_id))
        .order_by(stats.c.plays.desc(), stats.c.avg_cadence.desc().nulls_last(), col(Track.id)),
        page,
    )
    return Paginated(
        [
            TrackStatsRow(
                track=row[0],
                tempo=seen(row.seen_bpm, row.seen_bpm_confidence, row.seen_bpm_source),
                plays=int(row.plays),
                seconds_played=float(row.seconds_played),
                avg_cadence=None if row.avg_cadence is None else float(row.avg_cadence),
                avg_hr=None if row.avg_hr is None else float(row.avg_hr),
            )
            for row in rows.items
        ],
        rows.total,
        page,
    )


async def erase_user(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Erases the user's listening history."""
    await session.execute(delete(TrackPlay).where(col(TrackPlay.user_id) == user_id))
