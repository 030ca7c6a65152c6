"""Tables of the tracks schema. Never returned from a route: see schemas.py for the API shapes."""

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    Uuid,
)
from sqlmodel import Field, SQLModel

from cadence_shared.db import enum_column, service_registry, table_of, timestamp_column
from cadence_shared.events import EventStore


class TracksTable(SQLModel, registry=service_registry("tracks")):
    """Base of every table in the tracks schema."""


metadata = TracksTable.metadata


# The tempo range of a track: a claim or an analysis outside it is refused. Up to 400, so that
# double-time tracks still match running cadences (bpm / 2 = 170 spm).
BPM_MIN, BPM_MAX = 20.0, 400.0
BPM_RANGE_SQL = f"bpm >= {BPM_MIN} AND bpm <= {BPM_MAX}"


class BpmSource(enum.StrEnum):
    client = "client"
    analysis = "analysis"
    manual = "manual"


def _optional(column: Column[Any]) -> Column[Any]:
    # cadence_shared.db.enum_column makes required columns; a track's BPM source may be unknown.
    column.nullable = True
    return column


class Track(TracksTable, table=True):
    """The catalog, shared by every user, keyed by Apple Music id.

    Its fields are derived from the users' claims (``TrackClaim``) by the rule in
    ``catalog/consensus.py``; no single account can rewrite them.
    """

    __tablename__ = "track"
    __table_args__ = (
        Index("ix_track_isrc", "isrc"),
        CheckConstraint(f"bpm IS NULL OR ({BPM_RANGE_SQL})", name="bpm_range"),
        CheckConstraint(
            "bpm_confidence IS NULL OR (bpm_confidence >= 0 AND bpm_confidence <= 1)",
            name="bpm_confidence_range",
        ),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    apple_music_id: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    isrc: str | None = Field(default=None, sa_column=Column(String(12), nullable=True))
    title: str = Field(sa_column=Column(String(300), nullable=False))
    artist: str = Field(sa_column=Column(String(300), nullable=False))
    album: str | None = Field(default=None, sa_column=Column(String(300), nullable=True))
    duration_ms: int = Field(sa_column=Column(Integer, nullable=False))
    bpm: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    bpm_confidence: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    bpm_source: BpmSource | None = Field(
        default=None,
        sa_column=_optional(enum_column(BpmSource, "bpm_source")),
    )
    created_at: datetime = Field(sa_column=timestamp_column(server_default=True))
    updated_at: datetime = Field(sa_column=timestamp_column(server_default=True))


# Tempo match reads the nearest BPMs on either side of a target in (distance, confidence) order:
# one index per direction, so each side is a short index range scan, even on millions of tracks.
_track = table_of(Track).c
Index("ix_track_bpm_up", _track.bpm, _track.bpm_confidence.desc().nulls_last(), _track.id)
Index("ix_track_bpm_down", _track.bpm.desc(), _track.bpm_confidence.desc().nulls_last(), _track.id)


class TrackClaim(TracksTable, table=True):
    """What one user says of one track: its registration (descriptive fields and a client BPM)
    and the analysed BPM of the user's own recording linked to it (audio.analysis.completed.v1).

    A user has one claim per track; registering again replaces the user's own values. A user who
    only analysed a recording has a claim without descriptive fields.
    """

    __tablename__ = "track_claim"
    __table_args__ = (
        Index("ix_track_claim_user_seen_bpm", "user_id", "seen_bpm"),
        CheckConstraint(f"bpm IS NULL OR ({BPM_RANGE_SQL})", name="bpm_range"),
        CheckConstraint(
            f"analysed_bpm IS NULL OR ({BPM_RANGE_SQL.replace('bpm', 'analysed_bpm')})",
            name="analysed_bpm_range",
        ),
    )

    track_id: uuid.UUID = Field(
        sa_column=Column(
            Uuid, ForeignKey("track.id", ondelete="CASCADE"), primary_key=True, nullable=False
        )
    )
    user_id: uuid.UUID = Field(primary_key=True)
    isrc: str | None = Field(default=None, sa_column=Column(String(12), nullable=True))
    title: str | None = Field(default=None, sa_column=Column(String(300), nullable=True))
    artist: str | None = Field(default=None, sa_column=Column(String(300), nullable=True))
    album: str | None = Field(default=None, sa_column=Column(String(300), nullable=True))
    duration_ms: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    bpm: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    bpm_confidence: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    analysed_bpm: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    analysed_confidence: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    # The tempo this user sees when their own claim decides it (catalog/claims.py), NULL when the
    # catalog's does: kept by every settle, so a user's matches read their claims alone.
    seen_bpm: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    seen_bpm_confidence: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    seen_bpm_source: BpmSource | None = Field(
        default=None,
        sa_column=_optional(enum_column(BpmSource, "seen_bpm_source")),
    )
    # When the user first claimed the track (the clock, not the transaction's start, so claims
    # made in one transaction are ordered too): the earlier claim wins a tie between values.
    created_at: datetime = Field(sa_column=timestamp_column(server_default=True))
    updated_at: datetime = Field(sa_column=timestamp_column(server_default=True))


class Playlist(TracksTable, table=True):
    __tablename__ = "playlist"
    __table_args__ = (Index("ix_playlist_user_created_at", "user_id", "created_at"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID
    name: str = Field(sa_column=Column(String(200), nullable=False))
    created_at: datetime = Field(sa_column=timestamp_column(server_default=True))
    updated_at: datetime = Field(sa_column=timestamp_column(server_default=True))


class PlaylistTrack(TracksTable, table=True):
    """A track's place in a playlist. Positions are 0-based and dense.

    The unique position is checked at commit, so a reorder may shift many rows in one statement.
    """

    __tablename__ = "playlist_track"
    __table_args__ = (
        UniqueConstraint(
            "playlist_id",
            "position",
            name="uq_playlist_track_playlist_id_position",
            deferrable=True,
            initially="DEFERRED",
        ),
        Index("ix_playlist_track_track_id", "track_id"),
        CheckConstraint("position >= 0", name="position_not_negative"),
    )

    playlist_id: uuid.UUID = Field(
        sa_column=Column(
            Uuid, ForeignKey("playlist.id", ondelete="CASCADE"), primary_key=True, nullable=False
        )
    )
    track_id: uuid.UUID = Field(
        sa_column=Column(
            Uuid, ForeignKey("track.id", ondelete="CASCADE"), primary_key=True, nullable=False
        )
    )
    position: int = Field(sa_column=Column(Integer, nullable=False))
    added_at: datetime = Field(sa_column=timestamp_column(server_default=True))


class TrackPlay(TracksTable, table=True):
    """One track played during one run (a segment of a runs.run.completed.v1 event)."""

    __tablename__ = "track_play"
    __table_args__ = (Index("ix_track_play_user_track", "user_id", "track_id"),)

    run_id: uuid.UUID = Field(primary_key=True)
    segment: int = Field(primary_key=True, description="The segment's index in the run")
    user_id: uuid.UUID
    track_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("track.id", ondelete="CASCADE"), nullable=False)
    )
    started_at: datetime = Field(sa_column=timestamp_column())
    ended_at: datetime = Field(sa_column=timestamp_column())
    avg_hr: float | None = None
    avg_cadence: float | None = None


# The outbox and inbox of this service's events (see cadence_shared.events).
events = EventStore(metadata, source="tracks", publishes=())  # consumes only
