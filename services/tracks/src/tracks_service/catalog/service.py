"""The catalog: register (bulk upsert), read and search tracks. The caller commits."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import Response
from sqlalchemy import (
    ARRAY,
    Float,
    Integer,
    String,
    Uuid,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql import ColumnElement
from sqlmodel import col

from cadence_shared import fastread
from cadence_shared.db import contains, table_of
from cadence_shared.errors import InvalidRange
from cadence_shared.events import AudioAnalysisCompleted
from cadence_shared.pagination import PageParams
from tracks_service.catalog.schemas import TrackIn, TrackPublic
from tracks_service.errors import TrackNotFound
from tracks_service.models import BpmSource, Track

# The upsert is a Core statement: the table's columns, typed.
track_table = table_of(Track).c
# The reads answer straight from the rows (cadence_shared.fastread), as TrackPublic.
PUBLIC_COLUMNS = fastread.columns_of(TrackPublic, table_of(Track))
_TRACK_BY_ID = fastread.Prepared(
    select(*PUBLIC_COLUMNS).where(col(Track.id) == bindparam("track_id"))
)


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


def bpm_replaces(bpm: Any, confidence: Any) -> ColumnElement[bool]:
    """The one BPM rule: a new BPM replaces the track's when the track has none or the new one
    comes with a higher confidence (a missing confidence counts as 0)."""
    return and_(
        bpm.is_not(None),
        or_(
            track_table.bpm.is_(None),
            func.coalesce(confidence, 0) > func.coalesce(track_table.bpm_confidence, 0),
        ),
    )


async def take_analysed_bpm(session: AsyncSession, event: AudioAnalysisCompleted) -> int:
    """The BPM of an analysed recording (``audio.analysis.completed.v1``) onto the catalog track
    it is linked to (by Apple Music id or ISRC), source ``analysis``, by ``bpm_replaces``.
    Returns the tracks changed."""
    if event.status != "succeeded" or event.bpm is None:
        return 0
    links = [
        column == value
        for column, value in (
            (track_table.apple_music_id, event.apple_music_id),
            (track_table.isrc, event.isrc),
        )
        if value is not None
    ]
    if not links:
        return 0
    bpm, confidence = literal(event.bpm, Float), literal(event.bpm_confidence or 0.0, Float)
    changed = await session.scalars(
        update(Track)
        .where(or_(*links), bpm_replaces(bpm, confidence))
        .values(
            bpm=event.bpm,
            bpm_confidence=event.bpm_confidence,
            bpm_source=BpmSource.analysis,
            updated_at=func.now(),
        )
        .returning(track_table.id)
    )
    return len(changed.all())


def _register_statement() -> Any:
    """INSERT ... SELECT FROM unnest(arrays) ON CONFLICT (apple_music_id) DO UPDATE ... RETURNING.

    Descriptive fields take the newest values; a BPM is replaced only by one given with a higher
    confidence (a missing confidence counts as 0), so a client guess never overwrites an analysis.
    """
    statement = insert(Track).from_select(
        list(_REGISTER_COLUMNS), select(*_registered_rows.c[tuple(_REGISTER_COLUMNS)])
    )
    new = statement.excluded
    new_bpm_wins = bpm_replaces(new.bpm, new.bpm_confidence)
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


async def read_track(connection: AsyncConnection, track_id: uuid.UUID) -> Response:
    """One track as a ``TrackPublic``."""
    return await _TRACK_BY_ID.one(connection, missing=TrackNotFound(), track_id=track_id)


async def get_track_by_apple_id(session: AsyncSession, apple_music_id: str) -> Track:
    track: Track | None = await session.scalar(
        select(Track).where(col(Track.apple_music_id) == apple_music_id)
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
    connection: AsyncConnection, *, search: TrackSearch, page: PageParams
) -> Response:
    """A ``Page[TrackPublic]`` of the tracks matching ``search``, by artist, then title."""
    if (
        search.bpm_min is not None
        and search.bpm_max is not None
        and search.bpm_min > search.bpm_max
    ):
        raise InvalidRange("bpm_min must not be greater than bpm_max.")
    statement = select(*PUBLIC_COLUMNS)
    if search.query:
        statement = statement.where(
            or_(
                contains(col(Track.title), search.query),
                contains(col(Track.artist), search.query),
                contains(col(Track.album), search.query),
            )
        )
    if search.bpm_min is not None:
        statement = statement.where(col(Track.bpm) >= search.bpm_min)
    if search.bpm_max is not None:
        statement = statement.where(col(Track.bpm) <= search.bpm_max)
    return await fastread.page(
        connection, statement.order_by(col(Track.artist), col(Track.title), col(Track.id)), page
    )
