"""Catalog, tempo match, playlists and listening stats: plain async functions, the caller commits."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    Float,
    Integer,
    Select,
    String,
    Uuid,
    and_,
    bindparam,
    case,
    cast,
    delete,
    func,
    literal,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import distinct_on, insert
from sqlalchemy.ext.asyncio import AsyncSession

from cadence_shared.db import contains
from cadence_shared.errors import InvalidRange
from cadence_shared.events.contracts import RunCompleted
from cadence_shared.pagination import PageParams
from tracks_service.errors import (
    PlaylistNotFound,
    PositionOutOfRange,
    TrackAlreadyInPlaylist,
    TrackNotFound,
    TrackNotInPlaylist,
)
from tracks_service.models import BpmSource, Playlist, PlaylistTrack, Track, TrackPlay
from tracks_service.schemas import TrackIn

# Half-time and double-time running: a 85 BPM song fits a 170 spm cadence, and so does a 340.
TEMPO_FACTORS = (1.0, 2.0, 0.5)

# Column collections of the tables: typed SQL expressions, unlike SQLModel's class attributes.
track_table = Track.__table__.c  # type: ignore[attr-defined]
playlist_table = Playlist.__table__.c  # type: ignore[attr-defined]
playlist_track_table = PlaylistTrack.__table__.c  # type: ignore[attr-defined]
play_table = TrackPlay.__table__.c  # type: ignore[attr-defined]


# --- catalog ------------------------------------------------------------------------------------


# Bulk register sends one array per column and unnests them: a statement of constant shape (so
# SQLAlchemy compiles it once and Postgres parses 10 parameters), whatever the number of tracks.
_REGISTER_COLUMNS: dict[str, Any] = {
    "id": Uuid,
    "apple_music_id": String,
    "isrc": String,
    "title": String,
    "artist": String,
    "album": String,
    "duration_ms": Integer,
    "bpm": Float,
    "bpm_confidence": Float,
    "bpm_source": String,
}
_registered_rows = (
    func.unnest(
        *(
            cast(bindparam(name, type_=ARRAY(type_)), ARRAY(type_))
            for name, type_ in _REGISTER_COLUMNS.items()
        )
    )
    .table_valued(*_REGISTER_COLUMNS)
    .render_derived(name="registered")
)


def _register_parameters(tracks: Sequence[TrackIn]) -> dict[str, list[Any]]:
    columns: dict[str, list[Any]] = {name: [] for name in _REGISTER_COLUMNS}
    for track in tracks:
        has_bpm = track.bpm is not None
        columns["id"].append(uuid.uuid4())
        columns["apple_music_id"].append(track.apple_music_id)
        columns["isrc"].append(track.isrc)
        columns["title"].append(track.title)
        columns["artist"].append(track.artist)
        columns["album"].append(track.album)
        columns["duration_ms"].append(track.duration_ms)
        columns["bpm"].append(track.bpm)
        columns["bpm_confidence"].append(track.bpm_confidence if has_bpm else None)
        columns["bpm_source"].append(BpmSource.client.value if has_bpm else None)
    return columns


def _register_statement() -> Any:
    """INSERT ... SELECT FROM unnest(arrays) ON CONFLICT (apple_music_id) DO UPDATE ... RETURNING.

    Descriptive fields take the newest values; a BPM is replaced only by one given with a higher
    confidence (a missing confidence counts as 0), so a client guess never overwrites an analysis.
    """
    statement = insert(Track).from_select(
        list(_REGISTER_COLUMNS), select(*_registered_rows.c[tuple(_REGISTER_COLUMNS)])
    )
    new = statement.excluded
    new_bpm_wins = and_(
        new.bpm.is_not(None),
        or_(
            track_table.bpm.is_(None),
            func.coalesce(new.bpm_confidence, 0) > func.coalesce(track_table.bpm_confidence, 0),
        ),
    )
    upsert = statement.on_conflict_do_update(
        index_elements=[track_table.apple_music_id],
        set_={
            "title": new.title,
            "artist": new.artist,
            "album": func.coalesce(new.album, track_table.album),
            "isrc": func.coalesce(new.isrc, track_table.isrc),
            "duration_ms": new.duration_ms,
            "bpm": case((new_bpm_wins, new.bpm), else_=track_table.bpm),
            "bpm_confidence": case(
                (new_bpm_wins, new.bpm_confidence), else_=track_table.bpm_confidence
            ),
            "bpm_source": case((new_bpm_wins, new.bpm_source), else_=track_table.bpm_source),
            "updated_at": func.now(),
        },
    )
    # from_statement: an ORM select of the upsert's rows, with the arrays as plain parameters.
    return select(Track).from_statement(upsert.returning(Track))


_REGISTER = _register_statement()


async def register_tracks(session: AsyncSession, tracks: Sequence[TrackIn]) -> list[Track]:
    """Upserts the tracks in one statement (see ``_register_statement``), in the order given."""
    stored = await session.scalars(
        _REGISTER, _register_parameters(tracks), execution_options={"populate_existing": True}
    )
    by_apple_id = {track.apple_music_id: track for track in stored}
    return [by_apple_id[track.apple_music_id] for track in tracks]


async def get_track(session: AsyncSession, track_id: uuid.UUID) -> Track:
    track = await session.get(Track, track_id)
    if track is None:
        raise TrackNotFound()
    return track


async def get_track_by_apple_id(session: AsyncSession, apple_music_id: str) -> Track:
    track: Track | None = await session.scalar(
        select(Track).where(track_table.apple_music_id == apple_music_id)
    )
    if track is None:
        raise TrackNotFound()
    return track


@dataclass(frozen=True, slots=True)
class TrackSearch:
    query: str | None = None
    bpm_min: float | None = None
    bpm_max: float | None = None


async def search_tracks(
    session: AsyncSession, *, search: TrackSearch, page: PageParams
) -> tuple[list[Track], int]:
    if (
        search.bpm_min is not None
        and search.bpm_max is not None
        and search.bpm_min > search.bpm_max
    ):
        raise InvalidRange("bpm_min must not be greater than bpm_max.")
    statement = select(Track)
    if search.query:
        statement = statement.where(
            or_(
                contains(track_table.title, search.query),
                contains(track_table.artist, search.query),
                contains(track_table.album, search.query),
            )
        )
    if search.bpm_min is not None:
        statement = statement.where(track_table.bpm >= search.bpm_min)
    if search.bpm_max is not None:
        statement = statement.where(track_table.bpm <= search.bpm_max)
    total = await session.scalar(select(func.count()).select_from(statement.subquery()))
    rows = await session.scalars(
        statement.order_by(track_table.artist, track_table.title, track_table.id)
        .limit(page.limit)
        .offset(page.offset)
    )
    return list(rows), int(total or 0)


# --- tempo match --------------------------------------------------------------------------------


# The match statements are built once with named parameters: building a 6-branch union costs
# more CPU than running it, and SQLAlchemy then finds the compiled form in its cache.
_cadence = bindparam("cadence", type_=Float)
_tolerance = bindparam("tolerance", type_=Float)


def _candidates(factor: float, *, above: bool | None, in_playlist: bool) -> Select[Any]:
    """Tracks whose ``bpm * factor`` is within the tolerance of the cadence.

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
    )
    if in_playlist:
        members = select(playlist_track_table.track_id).where(
            playlist_track_table.playlist_id == bindparam("playlist_id", type_=Uuid)
        )
        return statement.where(bpm.between(lowest, highest), track_table.id.in_(members))
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
        select(Track, best.c.factor, best.c.distance)
        .join(best, best.c.track_id == track_table.id)
        .order_by(best.c.distance, track_table.bpm_confidence.desc().nulls_last(), track_table.id)
        .limit(bindparam("limit", type_=Integer))
    )


_MATCH_CATALOG = _best_matches(
    [
        _candidates(factor, above=above, in_playlist=False)
        for factor in TEMPO_FACTORS
        for above in (True, False)
    ]
)
_MATCH_PLAYLIST = _best_matches(
    [_candidates(factor, above=None, in_playlist=True) for factor in TEMPO_FACTORS]
)


@dataclass(frozen=True, slots=True)
class Match:
    track: Track
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
    """Tracks with ``|bpm x k - cadence| <= tolerance`` for k in 1, 2, 1/2; best match first."""
    parameters: dict[str, Any] = {"cadence": cadence, "tolerance": tolerance, "limit": limit}
    statement = _MATCH_CATALOG
    if playlist_id is not None:
        await get_playlist(session, user_id=user_id, playlist_id=playlist_id)
        statement = _MATCH_PLAYLIST
        parameters["playlist_id"] = playlist_id
    rows = await session.execute(statement, parameters)
    return [Match(track, float(factor), float(distance)) for track, factor, distance in rows]


# --- playlists ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlaylistWithCount:
    playlist: Playlist
    track_count: int


async def get_playlist(
    session: AsyncSession, *, user_id: uuid.UUID, playlist_id: uuid.UUID, lock: bool = False
) -> Playlist:
    """The user's playlist, or 404; ``lock`` serialises changes to its track order."""
    statement = select(Playlist).where(
        playlist_table.id == playlist_id, playlist_table.user_id == user_id
    )
    if lock:
        statement = statement.with_for_update()
    playlist: Playlist | None = await session.scalar(statement)
    if playlist is None:
        raise PlaylistNotFound()
    return playlist


async def _track_count(session: AsyncSession, playlist_id: uuid.UUID) -> int:
    count = await session.scalar(
        select(func.count()).where(playlist_track_table.playlist_id == playlist_id)
    )
    return int(count or 0)


async def create_playlist(session: AsyncSession, *, user_id: uuid.UUID, name: str) -> Playlist:
    now = datetime.now(UTC)
    playlist = Playlist(user_id=user_id, name=name, created_at=now, updated_at=now)
    session.add(playlist)
    await session.flush()
    return playlist


async def list_playlists(
    session: AsyncSession, *, user_id: uuid.UUID, page: PageParams
) -> tuple[list[PlaylistWithCount], int]:
    counts = (
        select(playlist_track_table.playlist_id, func.count().label("track_count"))
        .group_by(playlist_track_table.playlist_id)
        .subquery()
    )
    owned = playlist_table.user_id == user_id
    total = await session.scalar(select(func.count()).select_from(Playlist).where(owned))
    rows = await session.execute(
        select(Playlist, func.coalesce(counts.c.track_count, 0))
        .outerjoin(counts, counts.c.playlist_id == playlist_table.id)
        .where(owned)
        .order_by(playlist_table.created_at, playlist_table.id)
        .limit(page.limit)
        .offset(page.offset)
    )
    return [PlaylistWithCount(playlist, count) for playlist, count in rows], int(total or 0)


async def playlist_entries(
    session: AsyncSession, playlist_id: uuid.UUID
) -> list[tuple[PlaylistTrack, Track]]:
    rows = await session.execute(
        select(PlaylistTrack, Track)
        .join(Track, track_table.id == playlist_track_table.track_id)
        .where(playlist_track_table.playlist_id == playlist_id)
        .order_by(playlist_track_table.position)
    )
    return [(entry, track) for entry, track in rows]


async def rename_playlist(
    session: AsyncSession, *, user_id: uuid.UUID, playlist_id: uuid.UUID, name: str
) -> Playlist:
    playlist = await get_playlist(session, user_id=user_id, playlist_id=playlist_id)
    playlist.name = name
    await _touch(session, playlist)
    return playlist


async def delete_playlist(
    session: AsyncSession, *, user_id: uuid.UUID, playlist_id: uuid.UUID
) -> None:
    playlist = await get_playlist(session, user_id=user_id, playlist_id=playlist_id)
    await session.delete(playlist)


async def _touch(session: AsyncSession, playlist: Playlist) -> None:
    playlist.updated_at = datetime.now(UTC)
    await session.flush()


def _shift(playlist_id: uuid.UUID, by: int, *conditions: Any) -> Any:
    # The unique (playlist, position) is deferred to commit, so one UPDATE may shift a range.
    return (
        update(PlaylistTrack)
        .where(playlist_track_table.playlist_id == playlist_id, *conditions)
        .values(position=playlist_track_table.position + by)
        .execution_options(synchronize_session=False)
    )


async def _entry_position(
    session: AsyncSession, playlist_id: uuid.UUID, track_id: uuid.UUID
) -> int:
    position = await session.scalar(
        select(playlist_track_table.position).where(
            playlist_track_table.playlist_id == playlist_id,
            playlist_track_table.track_id == track_id,
        )
    )
    if position is None:
        raise TrackNotInPlaylist()
    return int(position)


def _position_problem(position: int, last: int) -> PositionOutOfRange:
    return PositionOutOfRange(
        f"position {position} is out of range: it must be between 0 and {last}.",
        errors=[{"loc": ["body", "position"], "msg": f"must be <= {last}"}],
    )


async def add_to_playlist(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    playlist_id: uuid.UUID,
    track_id: uuid.UUID,
    position: int | None,
) -> Playlist:
    playlist = await get_playlist(session, user_id=user_id, playlist_id=playlist_id, lock=True)
    await get_track(session, track_id)
    count = await _track_count(session, playlist_id)
    if position is None:
        position = count
    elif position > count:
        raise _position_problem(position, count)
    already = await session.scalar(
        select(func.count()).where(
            playlist_track_table.playlist_id == playlist_id,
            playlist_track_table.track_id == track_id,
        )
    )
    if already:
        raise TrackAlreadyInPlaylist("This track is already in the playlist.")
    await session.execute(_shift(playlist_id, 1, playlist_track_table.position >= position))
    await session.execute(
        insert(PlaylistTrack).values(playlist_id=playlist_id, track_id=track_id, position=position)
    )
    await _touch(session, playlist)
    return playlist


async def move_in_playlist(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    playlist_id: uuid.UUID,
    track_id: uuid.UUID,
    position: int,
) -> Playlist:
    playlist = await get_playlist(session, user_id=user_id, playlist_id=playlist_id, lock=True)
    current = await _entry_position(session, playlist_id, track_id)
    last = await _track_count(session, playlist_id) - 1
    if position > last:
        raise _position_problem(position, last)
    if position < current:
        await session.execute(
            _shift(
                playlist_id,
                1,
                playlist_track_table.position >= position,
                playlist_track_table.position < current,
            )
        )
    elif position > current:
        await session.execute(
            _shift(
                playlist_id,
                -1,
                playlist_track_table.position > current,
                playlist_track_table.position <= position,
            )
        )
    await session.execute(
        update(PlaylistTrack)
        .where(
            playlist_track_table.playlist_id == playlist_id,
            playlist_track_table.track_id == track_id,
        )
        .values(position=position)
        .execution_options(synchronize_session=False)
    )
    await _touch(session, playlist)
    return playlist


async def remove_from_playlist(
    session: AsyncSession, *, user_id: uuid.UUID, playlist_id: uuid.UUID, track_id: uuid.UUID
) -> Playlist:
    playlist = await get_playlist(session, user_id=user_id, playlist_id=playlist_id, lock=True)
    current = await _entry_position(session, playlist_id, track_id)
    await session.execute(
        delete(PlaylistTrack).where(
            playlist_track_table.playlist_id == playlist_id,
            playlist_track_table.track_id == track_id,
        )
    )
    await session.execute(_shift(playlist_id, -1, playlist_track_table.position > current))
    await _touch(session, playlist)
    return playlist


# --- plays and stats ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrackStatsRow:
    track: Track
    plays: int
    seconds_played: float
    avg_cadence: float | None
    avg_hr: float | None


async def record_run(session: AsyncSession, run: RunCompleted) -> int:
    """Records a play per segment whose track is known; a replayed run records nothing twice.

    Returns the number of plays newly recorded. Segments of tracks not in the catalog are skipped.
    """
    apple_ids = {s.apple_music_id for s in run.segments if s.track_id is None and s.apple_music_id}
    given_ids = {s.track_id for s in run.segments if s.track_id is not None}
    known = await session.execute(
        select(track_table.id, track_table.apple_music_id).where(
            or_(track_table.apple_music_id.in_(apple_ids), track_table.id.in_(given_ids))
        )
    )
    by_apple_id: dict[str, uuid.UUID] = {}
    known_ids: set[uuid.UUID] = set()
    for track_id, apple_music_id in known:
        by_apple_id[apple_music_id] = track_id
        known_ids.add(track_id)
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
        insert(TrackPlay).values(rows).on_conflict_do_nothing().returning(play_table.segment)
    )
    return len(inserted.all())


def _weighted_average(column: Any, seconds: Any) -> Any:
    weight = case((column.is_not(None), seconds))
    return func.sum(column * weight) / func.nullif(func.sum(weight), 0)


async def user_track_stats(
    session: AsyncSession, *, user_id: uuid.UUID, page: PageParams
) -> tuple[list[TrackStatsRow], int]:
    """Per track the user ran to: plays, time, and cadence/HR weighted by each play's length."""
    seconds = func.extract("epoch", play_table.ended_at - play_table.started_at)
    stats = (
        select(
            play_table.track_id,
            func.count().label("plays"),
            func.sum(seconds).label("seconds_played"),
            _weighted_average(play_table.avg_cadence, seconds).label("avg_cadence"),
            _weighted_average(play_table.avg_hr, seconds).label("avg_hr"),
        )
        .where(play_table.user_id == user_id)
        .group_by(play_table.track_id)
        .subquery()
    )
    total = await session.scalar(select(func.count()).select_from(stats))
    rows = await session.execute(
        select(Track, stats.c.plays, stats.c.seconds_played, stats.c.avg_cadence, stats.c.avg_hr)
        .join(stats, stats.c.track_id == track_table.id)
        .order_by(stats.c.plays.desc(), stats.c.avg_cadence.desc().nulls_last(), track_table.id)
        .limit(page.limit)
        .offset(page.offset)
    )
    return [
        TrackStatsRow(
            track=track,
            plays=int(plays),
            seconds_played=float(played),
            avg_cadence=None if cadence is None else float(cadence),
            avg_hr=None if hr is None else float(hr),
        )
        for track, plays, played, cadence, hr in rows
    ], int(total or 0)


async def erase_user(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Erases the user's playlists (their entries cascade) and listening history."""
    await session.execute(delete(TrackPlay).where(play_table.user_id == user_id))
    await session.execute(delete(Playlist).where(playlist_table.user_id == user_id))
