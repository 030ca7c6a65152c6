"""Tables of progress: body metrics by date, cardio from finished runs."""

import datetime as dt
import uuid

from sqlalchemy import Column, Float, Index, String, Text
from sqlmodel import Field

from cadence_shared.db import timestamp_column
from fitness_service.base import FitnessTable


class BodyMetric(FitnessTable, table=True):
    """One day's measurements (metric units); one row per user and date, upserted."""

    __tablename__ = "body_metric"

    user_id: uuid.UUID = Field(primary_key=True)
    date: dt.date = Field(primary_key=True)
    weight_kg: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    body_fat_pct: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    waist_cm: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    hip_cm: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    chest_cm: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    resting_hr: int | None = None
    notes: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: dt.datetime = Field(sa_column=timestamp_column(server_default=True))
    updated_at: dt.datetime = Field(sa_column=timestamp_column(server_default=True))


class CardioActivity(FitnessTable, table=True):
    """A finished run, from runs.run.completed.v1: keyed by the run's id, so it counts once."""

    __tablename__ = "cardio_activity"
    __table_args__ = (Index("ix_cardio_activity_user_started_at", "user_id", "started_at"),)

    run_id: uuid.UUID = Field(primary_key=True)
    user_id: uuid.UUID
    source: str = Field(default="runs", sa_column=Column(String(20), nullable=False))
    started_at: dt.datetime = Field(sa_column=timestamp_column())
    ended_at: dt.datetime = Field(sa_column=timestamp_column())
    distance_m: float = Field(sa_column=Column(Float, nullable=False))
    calories: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    recorded_at: dt.datetime = Field(sa_column=timestamp_column(server_default=True))
