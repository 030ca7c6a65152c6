"""Tables of the tasks schema. Never returned from a route: see schemas.py for the API shapes."""

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import Column, Index, String
from sqlmodel import Field, SQLModel

from cadence_shared.db import enum_column, service_registry, timestamp_column
from cadence_shared.events import EventStore


class TasksTable(SQLModel, registry=service_registry("tasks")):
    """Base of every table in the tasks schema."""


metadata = TasksTable.metadata

# The outbox and inbox of this service's events (see cadence_shared.events).
events = EventStore(metadata, source="tasks", publishes=())  # consumes only


class TaskStatus(enum.StrEnum):
    pending = "pending"
    in_progress = "in_progress"
    completed = "completed"


class TaskPriority(enum.StrEnum):
    low = "low"
    medium = "medium"
    high = "high"


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
        sa_column=enum_column(TaskStatus, "task_status", TaskStatus.pending),
    )
    priority: TaskPriority = Field(
        default=TaskPriority.medium,
        sa_column=enum_column(TaskPriority, "task_priority", TaskPriority.medium),
    )
    due_date: date | None = None
    created_at: datetime = Field(sa_column=timestamp_column(nullable=False, server_default=True))
    updated_at: datetime = Field(sa_column=timestamp_column(nullable=False, server_default=True))
    completed_at: datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))
    deleted_at: datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))
