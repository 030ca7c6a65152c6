"""Tables of the projects schema. Never returned from a route: see schemas.py for the API shapes."""

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from cadence_shared.db import enum_column, service_registry, timestamp_column
from cadence_shared.events import EventStore, FileProcessed, FileUploaded
from cadence_shared.jobs import JobStore


class ProjectsTable(SQLModel, registry=service_registry("projects")):
    """Base of every table in the projects schema."""


metadata = ProjectsTable.metadata


class LaserType(enum.StrEnum):
    diode = "diode"
    co2 = "co2"
    fiber = "fiber"


class Project(ProjectsTable, table=True):
    """A user's laser-engraving workspace: what the machine and material are, and how to run them.

    The laser settings are plain columns (not a JSON blob): each one is typed and checked by the
    database, and a later file estimate reads them all in one row."""

    __tablename__ = "project"
    __table_args__ = (
        Index("ix_project_user_updated_at", "user_id", "updated_at"),
        UniqueConstraint("user_id", "name", name="uq_project_user_name"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID
    name: str = Field(sa_column=Column(String(200), nullable=False))
    description: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    laser_type: LaserType = Field(sa_column=enum_column(LaserType, "laser_type"))
    power_percent: float = Field(sa_column=Column(Float, nullable=False))
    max_power_w: float = Field(sa_column=Column(Float, nullable=False))
    grbl_max_s: int = Field(sa_column=Column(Integer, nullable=False))
    speed_mm_min: float = Field(sa_column=Column(Float, nullable=False))
    passes: int = Field(sa_column=Column(Integer, nullable=False))
    material: str | None = Field(default=None, sa_column=Column(String(100), nullable=True))
    thickness_mm: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    raster_dpi: int = Field(sa_column=Column(Integer, nullable=False))
    line_interval_mm: float = Field(sa_column=Column(Float, nullable=False))
    threshold: int = Field(sa_column=Column(Integer, nullable=False))
    air_assist: bool = Field(sa_column=Column(Boolean, nullable=False))
    created_at: datetime = Field(sa_column=timestamp_column())
    updated_at: datetime = Field(sa_column=timestamp_column())


class FileStatus(enum.StrEnum):
    queued = "queued"
    processing = "processing"
    ready = "ready"
    failed = "failed"


class DesignFile(ProjectsTable, table=True):
    """A design file uploaded to a project: the stored original, what its bytes are, and what
    processing found (metadata, estimate, preview) or why it failed.

    ``kind`` is what the upload's bytes looked like (libmagic and the design checks); the worker
    decides for good, against the name's extension too. Deleting the project deletes its files
    (the foreign key cascades; the service deletes the stored objects after the commit)."""

    __tablename__ = "design_file"
    __table_args__ = (Index("ix_design_file_project_created_at", "project_id", "created_at"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    project_id: uuid.UUID = Field(
        sa_column=Column(ForeignKey("project.id", ondelete="CASCADE"), nullable=False)
    )
    user_id: uuid.UUID = Field(index=True)
    filename: str = Field(sa_column=Column(String(255), nullable=False))
    storage_key: str = Field(sa_column=Column(String(300), nullable=False, unique=True))
    size_bytes: int = Field(sa_column=Column(BigInteger, nullable=False))
    sha256: str = Field(sa_column=Column(String(64), nullable=False))
    content_type: str = Field(sa_column=Column(String(100), nullable=False))
    kind: str = Field(sa_column=Column(String(10), nullable=False))
    status: FileStatus = Field(sa_column=enum_column(FileStatus, "file_status"))
    file_metadata: dict[str, Any] | None = Field(
        default=None, sa_column=Column("metadata", JSONB, nullable=True)
    )
    estimate: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONB, nullable=True))
    error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    error_code: str | None = Field(default=None, sa_column=Column(String(100), nullable=True))
    preview_key: str | None = Field(default=None, sa_column=Column(String(300), nullable=True))
    job_id: uuid.UUID | None = None
    created_at: datetime = Field(sa_column=timestamp_column())
    updated_at: datetime = Field(sa_column=timestamp_column())
    processed_at: datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))


# The outbox and inbox of this service's events (see cadence_shared.events).
events = EventStore(metadata, source="projects", publishes=(FileUploaded, FileProcessed))
# The design files' processing jobs (cadence_shared.jobs): one table, in this schema.
jobs = JobStore(metadata, events)
