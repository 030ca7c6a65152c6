"""Tables of the ocr schema. Never returned from a route: see schemas.py for the API shapes."""

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Column, Date, Index, String
from sqlmodel import Field, SQLModel

from cadence_shared.db import service_registry, timestamp_column
from cadence_shared.events import EventStore, OcrJobCompleted, OcrJobRequested
from cadence_shared.jobs import JobStore


class OcrTable(SQLModel, registry=service_registry("ocr")):
    """Base of every table in the ocr schema."""


metadata = OcrTable.metadata


class Photo(OcrTable, table=True):
    """One uploaded photo and what to read it as. Its OCR job is the row of the job table whose
    ``resource_id`` (and ``id``) is this photo's id: the API calls the pair a job."""

    __tablename__ = "photo"
    __table_args__ = (
        Index("ix_photo_user_created_at", "user_id", "created_at"),
        CheckConstraint("kind IN ('menu', 'workout_sheet')", name="kind"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID
    kind: str = Field(sa_column=Column(String(20), nullable=False))
    storage_key: str = Field(sa_column=Column(String(200), nullable=False, unique=True))
    filename: str = Field(sa_column=Column(String(255), nullable=False))
    content_type: str = Field(sa_column=Column(String(100), nullable=False))
    size_bytes: int = Field(sa_column=Column(BigInteger, nullable=False))
    sha256: str = Field(sa_column=Column(String(64), nullable=False))
    language: str = Field(sa_column=Column(String(100), nullable=False))
    target_date: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    meal: str | None = Field(default=None, sa_column=Column(String(100), nullable=True))
    created_at: datetime = Field(sa_column=timestamp_column(server_default=True))


# The outbox and inbox of this service's events (see cadence_shared.events), and its jobs.
events = EventStore(metadata, source="ocr", publishes=(OcrJobRequested, OcrJobCompleted))
jobs = JobStore(metadata, events)
