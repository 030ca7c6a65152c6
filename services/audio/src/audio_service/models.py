"""Tables of the audio schema. Never returned from a route: see schemas.py for the API shapes."""

import enum
import uuid
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Field, SQLModel

from cadence_shared.db import enum_column, service_registry, timestamp_column
from cadence_shared.events import AudioAnalysisCompleted, AudioAnalysisRequested, EventStore
from cadence_shared.jobs import JobStore


class AudioTable(SQLModel, registry=service_registry("audio")):
    """Base of every table in the audio schema."""


metadata = AudioTable.metadata


class ItemStatus(enum.StrEnum):
    """Where an item's analysis stands. ``processing`` is the job's own state (its row), shown
    on the item while a job runs; the item row keeps the last settled one."""

    queued = "queued"
    processing = "processing"
    succeeded = "succeeded"
    failed = "failed"


class AudioItem(AudioTable, table=True):
    """One uploaded sample: the file, what the user says about it, and what analysis found."""

    __tablename__ = "audio_item"
    __table_args__ = (
        Index("ix_audio_item_user_created_at", "user_id", "created_at"),
        # One item per content per user; the upload takes an advisory lock first, so this only
        # backs it up.
        Index("ix_audio_item_user_sha256", "user_id", "sha256", unique=True),
        Index("ix_audio_item_user_bpm", "user_id", "bpm"),
        Index("ix_audio_item_tags", "tags", postgresql_using="gin"),
        # KNN ``ORDER BY cube(features) <-> cube(:target)``: the cube extension's GiST index.
        Index(
            "ix_audio_item_features",
            func.cube(text("features")),
            postgresql_using="gist",
            postgresql_where=text("features IS NOT NULL"),
        ),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID
    title: str = Field(sa_column=Column(String(200), nullable=False))
    tags: list[str] = Field(
        default_factory=list,
        sa_column=Column(ARRAY(String(50)), nullable=False, server_default=text("'{}'")),
    )
    storage_key: str = Field(sa_column=Column(String(200), nullable=False, unique=True))
    sha256: str = Field(sa_column=Column(String(64), nullable=False))
    size: int = Field(sa_column=Column(BigInteger, nullable=False))
    content_type: str = Field(sa_column=Column(String(100), nullable=False))
    filename: str = Field(sa_column=Column(String(255), nullable=False))
    apple_music_id: str | None = Field(default=None, sa_column=Column(String(64)))
    isrc: str | None = Field(default=None, sa_column=Column(String(12)))
    status: ItemStatus = Field(
        default=ItemStatus.queued,
        sa_column=enum_column(ItemStatus, "audio_item_status", ItemStatus.queued),
    )
    error: str | None = Field(default=None, sa_column=Column(String(1000)))
    error_code: str | None = Field(default=None, sa_column=Column(String(100)))
    # What the file is (from the decoder).
    format: str | None = Field(default=None, sa_column=Column(String(10)))
    codec: str | None = Field(default=None, sa_column=Column(String(40)))
    duration_s: float | None = Field(default=None, sa_column=Column(Float))
    sample_rate: int | None = Field(default=None, sa_column=Column(Integer))
    channels: int | None = Field(default=None, sa_column=Column(SmallInteger))
    bit_depth: int | None = Field(default=None, sa_column=Column(SmallInteger))
    # What the analysis found.
    bpm: float | None = Field(default=None, sa_column=Column(Float))
    bpm_confidence: float | None = Field(default=None, sa_column=Column(Float))
    beats_s: list[float] | None = Field(default=None, sa_column=Column(ARRAY(Float)))
    key: str | None = Field(default=None, sa_column=Column(String(20)))
    tonic: str | None = Field(default=None, sa_column=Column(String(2)))
    mode: str | None = Field(default=None, sa_column=Column(String(5)))
    key_confidence: float | None = Field(default=None, sa_column=Column(Float))
    loudness_lufs: float | None = Field(default=None, sa_column=Column(Float))
    sample_peak_dbfs: float | None = Field(default=None, sa_column=Column(Float))
    true_peak_dbfs: float | None = Field(default=None, sa_column=Column(Float))
    spectral_centroid_hz: float | None = Field(default=None, sa_column=Column(Float))
    spectral_rolloff_hz: float | None = Field(default=None, sa_column=Column(Float))
    onsets_per_s: float | None = Field(default=None, sa_column=Column(Float))
    kind: str | None = Field(default=None, sa_column=Column(String(10)))
    bars: int | None = Field(default=None, sa_column=Column(SmallInteger))
    mfcc_means: list[float] | None = Field(default=None, sa_column=Column(ARRAY(Float)))
    features: list[float] | None = Field(default=None, sa_column=Column(ARRAY(Float)))
    feature_version: int | None = Field(default=None, sa_column=Column(SmallInteger))
    # (min, max) pairs as signed bytes (value x 127), interleaved: 8 KB at 4,000 points.
    waveform: bytes | None = Field(default=None, sa_column=Column(LargeBinary))
    analysed_at: datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))
    created_at: datetime = Field(sa_column=timestamp_column(server_default=True))
    updated_at: datetime = Field(sa_column=timestamp_column(server_default=True))


# The outbox and inbox of this service's events (see cadence_shared.events), and its jobs.
events = EventStore(
    metadata, source="audio", publishes=(AudioAnalysisRequested, AudioAnalysisCompleted)
)
jobs = JobStore(metadata, events)
