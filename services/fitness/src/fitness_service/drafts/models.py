"""Tables of OCR drafts: one row per OCR job, kept after a discard so a repeat drafts nothing."""

import datetime as dt
import enum
import uuid

from sqlalchemy import Column, Index, String
from sqlmodel import Field

from cadence_shared.db import enum_column, timestamp_column
from fitness_service.base import FitnessTable


class DraftKind(enum.StrEnum):
    menu = "menu"
    workout_sheet = "workout_sheet"


class DraftState(enum.StrEnum):
    pending = "pending"
    confirmed = "confirmed"
    discarded = "discarded"


class OcrDraft(FitnessTable, table=True):
    """What one OCR job drafted: foods and a food log (menu) or a session (workout sheet), all
    carrying ``source_job_id = job_id``."""

    __tablename__ = "ocr_draft"
    __table_args__ = (Index("ix_ocr_draft_user_created_at", "user_id", "created_at"),)

    job_id: uuid.UUID = Field(primary_key=True)
    user_id: uuid.UUID
    kind: DraftKind = Field(sa_column=enum_column(DraftKind, "ocr_draft_kind"))
    state: DraftState = Field(
        default=DraftState.pending,
        sa_column=enum_column(DraftState, "ocr_draft_state", DraftState.pending),
    )
    date: dt.date
    meal: str | None = Field(default=None, sa_column=Column(String(100), nullable=True))
    created_at: dt.datetime = Field(sa_column=timestamp_column(server_default=True))
    decided_at: dt.datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))
