"""Tables of workouts: programs, sessions with their sets, personal records."""

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field

from cadence_shared.db import enum_column, timestamp_column
from fitness_service.base import EntryStatus, FitnessTable

NAME_LENGTH = 200


class Program(FitnessTable, table=True):
    """A training program: ``split`` maps weekdays to a day's name, ``days`` defines each day
    (its exercises with target sets, reps, weight and rest). Both as the API gives them."""

    __tablename__ = "program"
    __table_args__ = (Index("ix_program_user_id", "user_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID
    name: str = Field(sa_column=Column(String(NAME_LENGTH), nullable=False))
    description: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    split: dict[str, str] = Field(sa_column=Column(JSONB, nullable=False))
    days: list[dict[str, Any]] = Field(sa_column=Column(JSONB, nullable=False))
    created_at: dt.datetime = Field(sa_column=timestamp_column(server_default=True))
    updated_at: dt.datetime = Field(sa_column=timestamp_column(server_default=True))


class WorkoutSession(FitnessTable, table=True):
    """A workout as the phone uploads it; the id is the client's. ``total_volume_kg`` (Σ reps *
    weight) and ``total_sets`` are kept in step with its live sets on every write."""

    __tablename__ = "workout_session"
    __table_args__ = (Index("ix_workout_session_user_started_at", "user_id", "started_at"),)

    id: uuid.UUID = Field(primary_key=True)
    user_id: uuid.UUID
    program_id: uuid.UUID | None = Field(
        default=None,
        sa_column=Column(Uuid, ForeignKey("program.id", ondelete="SET NULL"), nullable=True),
    )
    name: str = Field(sa_column=Column(String(NAME_LENGTH), nullable=False))
    notes: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    started_at: dt.datetime = Field(sa_column=timestamp_column())
    ended_at: dt.datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))
    status: EntryStatus = Field(
        default=EntryStatus.confirmed,
        sa_column=enum_column(EntryStatus, "workout_session_status", EntryStatus.confirmed),
    )
    source_job_id: uuid.UUID | None = Field(default=None, index=True)
    total_volume_kg: float = Field(default=0.0, sa_column=Column(Float, nullable=False))
    total_sets: int = Field(default=0, sa_column=Column(Integer, nullable=False))
    created_at: dt.datetime = Field(sa_column=timestamp_column(server_default=True))
    updated_at: dt.datetime = Field(sa_column=timestamp_column(server_default=True))


class WorkoutSet(FitnessTable, table=True):
    """One set; the id is the client's. ``client_updated_at`` is the client's clock at its last
    change: a write older than it is ignored (last write wins). A deleted set stays as a
    tombstone (``deleted_at``) so an older write arriving later cannot bring it back."""

    __tablename__ = "workout_set"
    __table_args__ = (Index("ix_workout_set_user_exercise", "user_id", "exercise_key"),)

    id: uuid.UUID = Field(primary_key=True)
    session_id: uuid.UUID = Field(
        sa_column=Column(
            Uuid, ForeignKey("workout_session.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    user_id: uuid.UUID
    exercise: str = Field(sa_column=Column(String(NAME_LENGTH), nullable=False))
    # The exercise's name folded (trimmed, lower case): records group by it.
    exercise_key: str = Field(sa_column=Column(String(NAME_LENGTH), nullable=False))
    position: int
    reps: int
    weight_kg: float = Field(sa_column=Column(Float, nullable=False))
    client_updated_at: dt.datetime = Field(sa_column=timestamp_column())
    deleted_at: dt.datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))


class PersonalRecord(FitnessTable, table=True):
    """The user's bests for one exercise over confirmed sessions, rebuilt from the sets whenever
    a write touches that exercise (so an edit down or a delete corrects them)."""

    __tablename__ = "personal_record"

    user_id: uuid.UUID = Field(primary_key=True)
    exercise_key: str = Field(sa_column=Column(String(NAME_LENGTH), primary_key=True))
    exercise: str = Field(sa_column=Column(String(NAME_LENGTH), nullable=False))
    heaviest_weight_kg: float = Field(sa_column=Column(Float, nullable=False))
    heaviest_reps: int
    heaviest_session_id: uuid.UUID
    heaviest_at: dt.datetime = Field(sa_column=timestamp_column())
    best_e1rm_kg: float = Field(sa_column=Column(Float, nullable=False))
    best_e1rm_weight_kg: float = Field(sa_column=Column(Float, nullable=False))
    best_e1rm_reps: int
    best_e1rm_session_id: uuid.UUID
    best_e1rm_at: dt.datetime = Field(sa_column=timestamp_column())
    best_session_volume_kg: float = Field(sa_column=Column(Float, nullable=False))
    best_volume_session_id: uuid.UUID
    best_volume_at: dt.datetime = Field(sa_column=timestamp_column())
    updated_at: dt.datetime = Field(sa_column=timestamp_column(server_default=True))
