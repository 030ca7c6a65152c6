"""A user's playlists and the order of their tracks. The caller commits."""

import uuid
from dataclasses import dataclass

from fastapi import Response
from sqlalchemy import ColumnElement, Update, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlmodel import col

from cadence_shared import fastread
from cadence_shared.db import table_of
from cadence_shared.pagination import PageParams
from cadence_shared.time import utc_now
from tracks_service.catalog.claims import SEEN_COLUMNS, SeenBpm, own_claim_of, seen
from tracks_service.catalog.service import get_track
from tracks_service.errors import (
    PlaylistNotFound,
    PositionOutOfRange,
    TrackAlreadyInPlaylist,
    TrackNotInPlaylist,
)
from tracks_service.models import Playlist, PlaylistTrack, Track, TrackClaim
from tracks_service.playlists.schemas import PlaylistPublic

_entry_playlist = col(PlaylistTrack.playlist_id)
_entry_track = col(PlaylistTrack.track_id)
_entry_position_column = col(PlaylistTrack.position)


# Counted per listed playlist (at most a page of them), by the entries' primary key, so the
# page's total stays a plain count of the user's playlists.
_listed_count = (
    select(func.count())
    .where(_entry_playlist == col(Playlist.id))
    .correlate(Playlist)
    .scalar_subquery()
)
# The list answers straight from the rows (cadence_shared.fastread), as PlaylistPublic. One
# playlist does not: its tracks carry the tempo their owner sees (``claims.seen``, in Python).
PUBLIC_COLUMNS = fastread.columns_of(PlaylistPublic, table_of(Playlist), track_count=_listed_count)


@dataclass(frozen=True, slots=True)
class PlaylistContents:
    """A playlist and its entries in order, each with its track and the tempo its owner sees."""

    playlist: Playlist
    entries: list[tuple[PlaylistTrack, Track, SeenBpm]]


async def get_playlist(
    session: AsyncSession, *, user_id: uuid.UUID, playlist_id: uuid.UUID, lock: bool = False
) -> Playlist:
    """The user's playlist, or 404; ``lock`` serialises changes to its track order."""
    statement = select(Playlist).where(
        col(Playlist.id) == playlist_id, col(Playlist.user_id) == user_id
    )
    if lock:
        statement = statement.with_for_update()
    playlist: Playlist | None = await session.scalar(statement)
    if playlist is None:
        raise PlaylistNotFound()
    return playlist


async def _contents(session: AsyncSession, playlist: Playlist) -> PlaylistContents:
    rows = await session.execute(
        select(PlaylistTrack, Track, *SEEN_COLUMNS)
        .join(Track, col(Track.id) == _entry_track)
        .outerjoin(TrackClaim, own_claim_of(playlist.user_id))
        .where(_entry_playlist == playlist.id)
        .order_by(_entry_position_column)
    )
    return PlaylistContents(
        playlist, [(entry, track, seen(*tempo)) for entry, track, *tempo in rows]
    )


async def get_playlist_contents(
    session: AsyncSession, *, user_id: uuid.UUID, playlist_id: uuid.UUID
) -> PlaylistContents:
    playlist = await get_playlist(session, user_id=user_id, playlist_id=playlist_id)
    return await _contents(session, playlist)


async def _track_count(session: AsyncSession, playlist_id: uuid.UUID) -> int:
    count = await session.scalar(select(func.count()).where(_entry_playlist == playlist_id))
    return int(count or 0)


async def create_playlist(
    session: AsyncSession, *, user_id: uuid.UUID, name: str
) -> PlaylistContents:
    now = utc_now()
    playlist = Playlist(user_id=user_id, name=name, created_at=now, updated_at=now)
    session.add(playlist)
    await session.flush()
    return PlaylistContents(playlist, [])


async def list_playlists(
    connection: AsyncConnection, *, user_id: uuid.UUID, page: PageParams
) -> Response:
    """A page of the user's playlists as a ``Page[PlaylistPublic]``, oldest first."""
    statement = (
        select(*PUBLIC_COLUMNS)
        .where(col(Playlist.user_id) == user_id)
        .order_by(col(Playlist.created_at), col(Playlist.id))
    )
    return await fastread.page(connection, statement, page)


async def rename_playlist(
    session: AsyncSession, *, user_id: uuid.UUID, playlist_id: uuid.UUID, name: str
) -> PlaylistContents:
    playlist = await get_playlist(session, user_id=user_id, playlist_id=playlist_id)
    playlist.name = name
    return await _touched(session, playlist)


async def delete_playlist(
    session: AsyncSession, *, user_id: uuid.UUID, playlist_id: uuid.UUID
) -> None:
    playlist = await get_playlist(session, user_id=user_id, playlist_id=playlist_id)
    await session.delete(playlist)


async def _touched(session: AsyncSession, playlist: Playlist) -> PlaylistContents:
    playlist.updated_at = utc_now()
    await session.flush()
    return await _contents(session, playlist)


def _shift(playlist_id: uuid.UUID, by: int, *conditions: ColumnElement[bool]) -> Update:
    # The unique (playlist, position) is deferred to commit, so one UPDATE may shift a range.
    return (
        update(PlaylistTrack)
        .where(_entry_playlist == playlist_id, *conditions)
        .values(position=_entry_position_column + by)
        .execution_options(synchronize_session=False)
    )


def _is_entry(playlist_id: uuid.UUID, track_id: uuid.UUID) -> ColumnElement[bool]:
    return (_entry_playlist == playlist_id) & (_entry_track == track_id)


async def _entry_position(
    session: AsyncSession, playlist_id: uuid.UUID, track_id: uuid.UUID
) -> int:
    position = await session.scalar(
        select(_entry_position_column).where(_is_entry(playlist_id, track_id))
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
) -> PlaylistContents:
    playlist = await get_playlist(session, user_id=user_id, playlist_id=playlist_id, lock=True)
    await get_track(session, track_id)
    count = await _track_count(session, playlist_id)
    if position is None:
        position = count
    elif position > count:
        raise _position_problem(position, count)
    already = await session.scalar(select(func.count()).where(_is_entry(playlist_id, track_id)))
    if already:
        raise TrackAlreadyInPlaylist("This track is already in the playlist.")
    await session.execute(_shift(playlist_id, 1, _entry_position_column >= position))
    await session.execute(
        insert(PlaylistTrack).values(playlist_id=playlist_id, track_id=track_id, position=position)
    )
    return await _touched(session, playlist)


def _make_room(playlist_id: uuid.UUID, current: int, position: int) -> Update | None:
    """The shift of the entries between a track's place and its new one, if it moves."""
    if position < current:
        return _shift(
            playlist_id, 1, _entry_position_column >= position, _entry_position_column < current
        )
    if position > current:
        return _shift(
            playlist_id, -1, _entry_position_column > current, _entry_position_column <= position
        )
    return None


async def move_in_playlist(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    playlist_id: uuid.UUID,
    track_id: uuid.UUID,
    position: int,
) -> PlaylistContents:
    playlist = await get_playlist(session, user_id=user_id, playlist_id=playlist_id, lock=True)
    current = await _entry_position(session, playlist_id, track_id)
    last = await _track_count(session, playlist_id) - 1
    if position > last:
        raise _position_problem(position, last)
    shift = _make_room(playlist_id, current, position)
    if shift is not None:
        await session.execute(shift)
    await session.execute(
        update(PlaylistTrack)
        .where(_is_entry(playlist_id, track_id))
        .values(position=position)
        .execution_options(synchronize_session=False)
    )
    return await _touched(session, playlist)


async def remove_from_playlist(
    session: AsyncSession, *, user_id: uuid.UUID, playlist_id: uuid.UUID, track_id: uuid.UUID
) -> PlaylistContents:
    playlist = await get_playlist(session, user_id=user_id, playlist_id=playlist_id, lock=True)
    current = await _entry_position(session, playlist_id, track_id)
    await session.execute(delete(PlaylistTrack).where(_is_entry(playlist_id, track_id)))
    await session.execute(_shift(playlist_id, -1, _entry_position_column > current))
    return await _touched(session, playlist)


async def erase_user(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Erases the user's playlists (their entries cascade)."""
    await session.execute(delete(Playlist).where(col(Playlist.user_id) == user_id))
