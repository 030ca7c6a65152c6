"""Tables of the tasks schema. Never returned from a route: see schemas.py for the API shapes."""

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import Column, DateTime, Index, String, func
from sqlalchemy import Enum as SAEnum
from sqlmodel import Field, SQLModel

from cadence_shared.db import service_registry
from cadence_shared.events import EventStore


class TasksTable(SQLModel, registry=service_registry("tasks")):
    """Base of every table in the tasks schema."""


metadata = TasksTable.metadata

# The outbox and inbox of this service's events (see cadence_shared.events).
events = EventStore(metadata, source="tasks")


class TaskStatus(enum.StrEnum):
    pending = "pending"
    in_progress = "in_progress"
    completed = "completed"


class TaskPriority(enum.StrEnum):
    low = "low"
    medium = "medium"
    high = "high"


def _enum_column(enum_type: type[enum.StrEnum], name: str, default: enum.StrEnum) -> Column[str]:
    # Stored as text with a CHECK constraint: adding a value later is a one-line migration.
    return Column(
        SAEnum(
            enum_type,
            name=name,
            native_enum=False,
            create_constraint=True,
            length=20,
            values_callable=lambda members: [m.value for m in members],
        ),
        nullable=False,
        server_default=default.value,
    )


def _timestamp(*, nullable: bool, server_default: bool = False) -> Column[datetime]:
    return Column(
        DateTime(timezone=True),
        nullable=nullable,
        server_default=func.now() if server_default else None,
    )


class Task(TasksTable, table=True):
    __tablename__ = "task"
    __table_args__ = (
        Index("ix_task_user_status", "user_id", "status"),
        Index("ix_task_user_created_at", "user_id", "created_at"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID
    title: str = Field(sa_column=Column(String(200), nullable=False))
    description: str | None = Field(default=None, max_length=10_000)
    status: TaskStatus = Field(
        default=TaskStatus.pending,
        sa_column=_enum_column(TaskStatus, "task_status", TaskStatus.pending),
    )
    priority: TaskPriority = Field(
        default=TaskPriority.medium,
        sa_column=_enum_column(TaskPriority, "task_priority", TaskPriority.medium),
    )
    due_date: date | None = None
    created_at: datetime = Field(sa_column=_timestamp(nullable=False, server_default=True))
    updated_at: datetime = Field(sa_column=_timestamp(nullable=False, server_default=True))
    completed_at: datetime | None = Field(default=None, sa_column=_timestamp(nullable=True))
    deleted_at: datetime | None = Field(default=None, sa_column=_timestamp(nullable=True))
