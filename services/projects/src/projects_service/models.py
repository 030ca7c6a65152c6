"""Tables of the projects schema. Never returned from a route: see schemas.py for the API shapes."""

import uuid
from datetime import datetime

from sqlalchemy import Column, Index, String
from sqlmodel import Field, SQLModel

from cadence_shared.db import service_registry, timestamp_column
from cadence_shared.events import EventStore


class ProjectsTable(SQLModel, registry=service_registry("projects")):
    """Base of every table in the projects schema."""


metadata = ProjectsTable.metadata


class Item(ProjectsTable, table=True):
    """The example resource: a named thing owned by one user."""

    __tablename__ = "item"
    __table_args__ = (Index("ix_item_user_created_at", "user_id", "created_at"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID
    name: str = Field(sa_column=Column(String(200), nullable=False))
    created_at: datetime = Field(sa_column=timestamp_column(server_default=True))


# The outbox and inbox of this service's events (see cadence_shared.events).
events = EventStore(metadata, source="projects")
