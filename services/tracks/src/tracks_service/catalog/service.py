"""The catalog: register (the caller's claims), analysed tempos, reads and search. The caller
commits."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import Response
from sqlalchemy import (
    ARRAY,
    Float,
    Integer,
    Select,
    String,
    Uuid,
    bindparam,
    case,
    cast,
    delete,
    func,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from cadence_shared import fastread
from cadence_shared.db import contains, table_of
from cadence_shared.errors import InvalidRange
from cadence_shared.events import AudioAnalysisCompleted
from cadence_shared.pagination import PageParams
from tracks_service.catalog.claims import (
    SEEN_BPM,
    SEEN_COLUMNS,
    SEEN_CONFIDENCE,
    SEEN_SOURCE,
    SeenBpm,
    lock_tracks,
    seen,
    settle,
    with_own_claims,
)
from tracks_service.catalog.schemas import TrackIn, TrackPublic
from tracks_service.errors import TrackNotFound
from tracks_service.models import BPM_MAX, BPM_MIN, BpmSource, Track, TrackClaim

# The statements are Core: the tables' columns, typed.
track_table = table_of(Track).c
claim_table = table_of(TrackClaim).c

# The reads answer straight from the rows (cadence_shared.fastread), as TrackPublic with the
# viewer's tempo (catalog/claims.py).
PUBLIC_COLUMNS = fastread.columns_of(
    TrackPublic,
    table_of(Track),
    bpm=SEEN_BPM,
    bpm_confidence=SEEN_CONFIDENCE,
    bpm_source=SEEN_SOURCE,
)
_TRACK_BY_ID = fastread.Prepared(
    with_own_claims(select(*PUBLIC_COLUMNS), bindparam("viewer", type_=Uuid)).where(
        track_table.id == bindparam("track_id")
    )
)

# A recording is the track it is linked to only if it lasts as long (give or take this much):
# a loop or a sample linked to a song does not get to set the song's tempo.
LINKED_DURATION_TOLERANCE_S = 3.0


# Bulk register sends one array per column and unnests them: statements of constant shape (so
# SQLAlchemy compiles them once and Postgres parses 10 parameters), whatever the number of tracks.
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
_registered = (
    func.unnest(
        *(
            cast(bindparam(name, type_=ARRAY(type_)), ARRAY(type_))
            for name, type_ in _REGISTER_COLUMNS.items()
        )
    )
    .table_valued(*_REGISTER_COLUMNS)
    .render_derived(name="registered")
)
_CLAIMED_FIELDS = ("isrc", "title", "artist", "album", "duration_ms", "bpm", "bpm_confidence")


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


# New tracks start as their first claim says; known ones are left to the claims' rule.
_ADD_NEW_TRACKS = (
    insert(table_of(Track))
    .from_select(list(_REGISTER_COLUMNS), select(*_registered.c[tuple(_REGISTER_COLUMNS)]))
    .on_conflict_do_nothing(index_elements=[track_table.apple_music_id])
)


def _claim_statement() -> Any:
    """The caller's claims on the registered tracks, replacing the caller's earlier ones (a BPM
    left out keeps the caller's earlier BPM: a library sync without tempos withdraws nothing)."""
    claimed = select(
        track_table.id,
        bindparam("user_id", type_=Uuid),
        func.clock_timestamp(),
        *(_registered.c[name] for name in _CLAIMED_FIELDS),
    ).join_from(_registered, Track, track_table.apple_music_id == _registered.c.apple_music_id)
    statement = insert(table_of(TrackClaim)).from_select(
        ["track_id", "user_id", "created_at", *_CLAIMED_FIELDS], claimed
    )
    new = statement.excluded
    keeps_bpm = new.bpm.is_(None)
    return statement.on_conflict_do_update(
        index_elements=[claim_table.track_id, claim_table.user_id],
        set_={
            **{name: new[name] for name in ("title", "artist", "duration_ms")},
            # What a client may not know (album, ISRC) keeps what it said before.
            "album": func.coalesce(new.album, claim_table.album),
            "isrc": func.coalesce(new.isrc, claim_table.isrc),
            "bpm": func.coalesce(new.bpm, claim_table.bpm),
            "bpm_confidence": case(
                (keeps_bpm, claim_table.bpm_confidence), else_=new.bpm_confidence
            ),
            "updated_at": func.now(),
        },
    ).returning(claim_table.track_id)


_CLAIM = _claim_statement()


def _seen_tracks(viewer: uuid.UUID) -> Select[Any]:
    return with_own_claims(select(Track, *SEEN_COLUMNS), viewer)


async def _seen_rows(session: AsyncSession, statement: Select[Any]) -> list[tuple[Track, SeenBpm]]:
    rows = await session.execute(statement)
    return [(row[0], seen(*row[1:])) for row in rows]


async def register_tracks(
    session: AsyncSession, tracks: Sequence[TrackIn], *, user_id: uuid.UUID
) -> list[tuple[Track, SeenBpm]]:
    """Records the user's claims on the tracks (adding the ones the catalog does not have yet),
    settles the tracks by the claims' rule and answers them as the user sees them, in order."""
    parameters = _register_parameters(tracks)
    await session.execute(_ADD_NEW_TRACKS, parameters)
    apple_ids = parameters["apple_music_id"]
    track_ids = list(
        await session.scalars(
            select(track_table.id).where(track_table.apple_music_id.in_(apple_ids))
        )
    )
    await lock_tracks(session, track_ids)
    await session.execute(_CLAIM, parameters | {"user_id": user_id})
    await settle(session, track_ids)
    stored = await _seen_rows(
        session,
        _seen_tracks(user_id)
        .where(track_table.id.in_(track_ids))
        .execution_options(populate_existing=True),
    )
    by_apple_id = {track.apple_music_id: (track, tempo) for track, tempo in stored}
    return [by_apple_id[apple_id] for apple_id in apple_ids]


async def take_analysed_bpm(session: AsyncSession, event: AudioAnalysisCompleted) -> int:
    """The analysed BPM of a user's recording (``audio.analysis.completed.v1``) as that user's
    analysis claim on the catalog track it is linked to (by Apple Music id or ISRC) and lasts as
    long as; the track is then settled. Returns the tracks claimed."""
    if event.status != "succeeded" or event.bpm is None or not BPM_MIN <= event.bpm <= BPM_MAX:
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
    statement = select(track_table.id).where(or_(*links))
    if event.duration_s is not None:
        tolerance_ms = LINKED_DURATION_TOLERANCE_S * 1000
        statement = statement.where(
            func.abs(track_table.duration_ms - event.duration_s * 1000) <= tolerance_ms
        )
    track_ids = list(await session.scalars(statement))
    if not track_ids:
        return 0
    await lock_tracks(session, track_ids)
    claim = insert(table_of(TrackClaim)).values(
        [
            {
                "track_id": track_id,
                "user_id": event.user_id,
                "analysed_bpm": event.bpm,
                "analysed_confidence": event.bpm_confidence,
                "created_at": func.clock_timestamp(),
            }
            for track_id in track_ids
        ]
    )
    await session.execute(
        claim.on_conflict_do_update(
            index_elements=[claim_table.track_id, claim_table.user_id],
            set_={
                "analysed_bpm": claim.excluded.analysed_bpm,
                "analysed_confidence": claim.excluded.analysed_confidence,
                "updated_at": func.now(),
            },
        )
    )
    await settle(session, track_ids)
    return len(track_ids)


async def erase_user(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Withdraws the user's claims; their tracks are settled by the claims left (the catalog
    stays, see ``settle``)."""
    track_ids = list(
        await session.scalars(select(claim_table.track_id).where(claim_table.user_id == user_id))
    )
    await lock_tracks(session, track_ids)
    await session.execute(delete(table_of(TrackClaim)).where(claim_table.user_id == user_id))
    await settle(session, track_ids)


async def get_track(session: AsyncSession, track_id: uuid.UUID) -> Track:
    track = await session.get(Track, track_id)
    if track is None:
        raise TrackNotFound()
    return track


async def read_track(
    connection: AsyncConnection, *, track_id: uuid.UUID, viewer: uuid.UUID
) -> Response:
    """One track as a ``TrackPublic``, as the viewer sees it."""
    return await _TRACK_BY_ID.one(
        connection, missing=TrackNotFound(), track_id=track_id, viewer=viewer
    )


async def get_track_by_apple_id(
    session: AsyncSession, apple_music_id: str, *, viewer: uuid.UUID
) -> tuple[Track, SeenBpm]:
    found = await _seen_rows(
        session, _seen_tracks(viewer).where(track_table.apple_music_id == apple_music_id)
    )
    if not found:
        raise TrackNotFound()
    return found[0]


@dataclass(frozen=True, slots=True)
class TrackSearch:
    query: str | None = None
    bpm_min: float | None = None
    bpm_max: float | None = None


async def search_tracks(
    connection: AsyncConnection, *, search: TrackSearch, page: PageParams, viewer: uuid.UUID
) -> Response:
    """A ``Page[TrackPublic]`` of the tracks matching ``search`` (the tempo as the viewer sees
    it), by artist, then title."""
    if (
        search.bpm_min is not None
        and search.bpm_max is not None
        and search.bpm_min > search.bpm_max
    ):
        raise InvalidRange("bpm_min must not be greater than bpm_max.")
    statement = with_own_claims(select(*PUBLIC_COLUMNS), viewer)
    if search.query:
        statement = statement.where(
            or_(
                contains(track_table.title, search.query),
                contains(track_table.artist, search.query),
                contains(track_table.album, search.query),
            )
        )
    if search.bpm_min is not None:
        statement = statement.where(search.bpm_min <= SEEN_BPM)
    if search.bpm_max is not None:
        statement = statement.where(search.bpm_max >= SEEN_BPM)
    return await fastread.page(
        connection,
        statement.order_by(track_table.artist, track_table.title, track_table.id),
        page,
    )
