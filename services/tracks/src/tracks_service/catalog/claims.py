"""Who decides what a catalog track says: the users' claims and the rule that derives the track.

A registration is the registering user's claim; an analysed recording linked to a track is its
uploader's analysis claim (``TrackClaim``). The catalog row every user reads is derived, never
written by one request:

- descriptive fields (title, artist, album, ISRC, duration): the values claimed by the most
  distinct users; a tie goes to the values claimed first;
- BPM: analysis claims beat client claims, whatever confidence a client gives; within a source,
  BPMs that round to the same whole BPM agree, the band claimed by the most distinct users wins,
  a tie goes to the band claimed first, and the band's first claim gives the value shown.

So a single account cannot rewrite a track that someone else claimed first, nor can a client's
confidence of 1.0 freeze a wrong value. What one user sees of a track's tempo (reads, match,
playlists, stats) is their own claim where they made one: their own analysis, else the catalog's
analysis, else their own client BPM, else the catalog's (``seen_bpm``). Another user's claim
therefore never changes what a user's own claims say to them.

Claims of one track are settled under a lock on its row (``lock_tracks``), so concurrent claims
are settled one after the other and the last settle sees them all.
"""

import uuid
from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import Select, String, and_, case, exists, func, literal, not_, or_, select, update
from sqlalchemy.dialects.postgresql import aggregate_order_by, distinct_on
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement

from cadence_shared.db import table_of
from tracks_service.models import BpmSource, Track, TrackClaim

track_table = table_of(Track).c
claim_table = table_of(TrackClaim).c
_DESCRIPTIVE = ("title", "artist", "album", "isrc", "duration_ms")


class SeenBpm(NamedTuple):
    """A track's tempo as one user sees it (see ``seen_bpm``)."""

    bpm: float | None
    bpm_confidence: float | None
    bpm_source: BpmSource | None


async def lock_tracks(session: AsyncSession, track_ids: Sequence[uuid.UUID]) -> None:
    """Locks the tracks' rows in id order (so two batches never wait on each other in a cycle)."""
    await session.execute(
        select(track_table.id)
        .where(track_table.id.in_(track_ids))
        .order_by(track_table.id)
        .with_for_update()
    )


def _first_claimed(column: ColumnElement[Any]) -> ColumnElement[Any]:
    """The value of the group's earliest claim."""
    ordered = aggregate_order_by(column, claim_table.created_at, claim_table.user_id)
    first: ColumnElement[Any] = func.array_agg(ordered)[1]
    return first


def _bpm_bands(
    value: ColumnElement[Any], confidence: ColumnElement[Any], source: BpmSource, rank: int
) -> Select[Any]:
    return (
        select(
            claim_table.track_id,
            literal(rank).label("rank"),
            literal(source.value, String).label("source"),
            func.count().label("users"),
            func.min(claim_table.created_at).label("first"),
            _first_claimed(value).label("bpm"),
            _first_claimed(confidence).label("confidence"),
        )
        .where(value.is_not(None))
        .group_by(claim_table.track_id, func.round(value))
    )


async def settle(session: AsyncSession, track_ids: Sequence[uuid.UUID]) -> None:
    """Derives the tracks' fields from their claims (the rule above). A track whose claims are
    all gone keeps what it last said: the catalog stays when its users leave."""
    ids = list(track_ids)
    if not ids:
        return
    claimed = claim_table.track_id.in_(ids)
    await _settle_descriptions(session, claimed)
    await _settle_tempos(session, claimed)
    await _keep_seen_tempos(session, ids)
    # Claims remain but none gives a tempo (the ones that did were withdrawn): no tempo.
    tempo_claimed = or_(claim_table.bpm.is_not(None), claim_table.analysed_bpm.is_not(None))
    of_track = claim_table.track_id == track_table.id
    await session.execute(
        update(table_of(Track))
        .where(
            track_table.id.in_(ids),
            track_table.bpm.is_not(None),
            exists().where(of_track),
            not_(exists().where(of_track, tempo_claimed)),
        )
        .values(bpm=None, bpm_confidence=None, bpm_source=None, updated_at=func.now())
    )


async def _settle_descriptions(session: AsyncSession, claimed: ColumnElement[bool]) -> None:
    """Title, artist, album, ISRC, duration: what most distinct users claim, the first on a tie."""
    described = (
        select(
            *(claim_table[name] for name in _DESCRIPTIVE),
            claim_table.track_id,
            func.count().label("users"),
            func.min(claim_table.created_at).label("first"),
        )
        .where(claimed, claim_table.title.is_not(None))
        .group_by(claim_table.track_id, *(claim_table[name] for name in _DESCRIPTIVE))
        .subquery("described")
    )
    description = (
        select(described)
        .ext(distinct_on(described.c.track_id))
        .order_by(described.c.track_id, described.c.users.desc(), described.c.first)
        .subquery("description")
    )
    await session.execute(
        update(table_of(Track))
        .where(track_table.id == description.c.track_id)
        .values({name: description.c[name] for name in _DESCRIPTIVE} | {"updated_at": func.now()})
    )


async def _settle_tempos(session: AsyncSession, claimed: ColumnElement[bool]) -> None:
    """BPM: analyses before client claims, then the whole-BPM band most distinct users claim."""
    bands = (
        _bpm_bands(claim_table.analysed_bpm, claim_table.analysed_confidence, BpmSource.analysis, 0)
        .where(claimed)
        .union_all(
            _bpm_bands(claim_table.bpm, claim_table.bpm_confidence, BpmSource.client, 1).where(
                claimed
            )
        )
        .subquery("bands")
    )
    tempo = (
        select(bands)
        .ext(distinct_on(bands.c.track_id))
        .order_by(bands.c.track_id, bands.c.rank, bands.c.users.desc(), bands.c.first)
        .subquery("tempo")
    )
    await session.execute(
        update(table_of(Track))
        .where(track_table.id == tempo.c.track_id)
        .values(
            bpm=tempo.c.bpm,
            bpm_confidence=tempo.c.confidence,
            bpm_source=tempo.c.source,
            updated_at=func.now(),
        )
    )


# --- what one user sees ---------------------------------------------------------------------

# A claim decides the tempo its user sees with its own analysis, or with its client BPM while the
# catalog's tempo is not an analysis; otherwise the catalog's tempo shows.
_catalog_not_analysed = track_table.bpm_source.is_distinct_from(BpmSource.analysis.value)
_own_client = and_(claim_table.bpm.is_not(None), _catalog_not_analysed)
_OWN_TEMPO = {
    "seen_bpm": case(
        (claim_table.analysed_bpm.is_not(None), claim_table.analysed_bpm),
        (_own_client, claim_table.bpm),
    ),
    "seen_bpm_confidence": case(
        (claim_table.analysed_bpm.is_not(None), claim_table.analysed_confidence),
        (_own_client, claim_table.bpm_confidence),
    ),
    "seen_bpm_source": case(
        (claim_table.analysed_bpm.is_not(None), literal(BpmSource.analysis.value, String)),
        (_own_client, literal(BpmSource.client.value, String)),
    ),
}


async def _keep_seen_tempos(session: AsyncSession, track_ids: list[uuid.UUID]) -> None:
    """Writes into each claim of the tracks the tempo its user sees (``TrackClaim.seen_bpm``),
    where it changed (the catalog's source or the claim's values)."""
    changed = or_(
        *(claim_table[name].is_distinct_from(value) for name, value in _OWN_TEMPO.items())
    )
    await session.execute(
        update(table_of(TrackClaim))
        .where(claim_table.track_id == track_table.id, track_table.id.in_(track_ids), changed)
        .values(_OWN_TEMPO)
    )


SEEN_BPM = func.coalesce(claim_table.seen_bpm, track_table.bpm)
_own_decides = claim_table.seen_bpm.is_not(None)
SEEN_CONFIDENCE = case(
    (_own_decides, claim_table.seen_bpm_confidence), else_=track_table.bpm_confidence
)
SEEN_SOURCE = case((_own_decides, claim_table.seen_bpm_source), else_=track_table.bpm_source)
SEEN_COLUMNS = (
    SEEN_BPM.label("seen_bpm"),
    SEEN_CONFIDENCE.label("seen_bpm_confidence"),
    SEEN_SOURCE.label("seen_bpm_source"),
)
"""A track's tempo as the viewer sees it, in a statement ``with_own_claims``."""


def own_claim_of(viewer: Any) -> ColumnElement[bool]:
    """The join condition of the viewer's claim on a track (``viewer``: a uuid or a bindparam)."""
    return and_(claim_table.track_id == track_table.id, claim_table.user_id == viewer)


def with_own_claims(statement: Select[Any], viewer: Any) -> Select[Any]:
    """``statement`` (which reads the track table) joined with the viewer's claims."""
    return statement.outerjoin(TrackClaim, own_claim_of(viewer))


def seen(bpm: float | None, confidence: float | None, source: str | None) -> SeenBpm:
    return SeenBpm(bpm, confidence, None if source is None else BpmSource(source))
