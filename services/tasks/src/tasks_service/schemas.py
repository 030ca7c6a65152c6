"""The API's shapes: what clients send and what they get back."""

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from cadence_shared.types import NoNul
from tasks_service.models import TaskPriority, TaskStatus

Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), NoNul
]
Description = Annotated[str, StringConstraints(max_length=10_000), NoNul]
SearchText = Annotated[str, StringConstraints(max_length=200), NoNul]


class TaskWrite(BaseModel):
    """Every editable field: the body of POST (with defaults) and of PUT (which replaces them)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"title": "Book the dentist", "priority": "high", "due_date": "2026-12-10"}
            ]
        },
    )

    title: Title
    description: Description | None = None
    status: TaskStatus = TaskStatus.pending
    priority: TaskPriority = TaskPriority.medium
    due_date: date | None = None


class TaskCreate(TaskWrite):
    id: uuid.UUID | None = Field(
        default=None, description="Client-generated id, for clients that create tasks offline."
    )


class TaskPatch(BaseModel):
    """Only the fields given change; an explicit null clears a nullable field."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"status": "in_progress", "due_date": None}]},
    )

    title: Title | None = None
    description: Description | None = None
    status: TaskStatus | None = None
    priority: TaskPriority | None = None
    due_date: date | None = None


class TaskPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    title: str
    description: str | None
    status: TaskStatus
    priority: TaskPriority
    due_date: date | None
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    deleted_at: datetime | None
