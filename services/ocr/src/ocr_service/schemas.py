"""The API's shapes: what clients send and what they get back."""

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from cadence_shared.live import JobStatus
from ocr_service.engine import Kind
from ocr_service.results import ReadLine

Language = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, pattern=r"^[a-z][a-z_]{1,30}(\+[a-z][a-z_]{1,30}){0,4}$"
    ),
    Field(description="Tesseract's language(s): `eng`, `deu`, `eng+deu`; default `eng`"),
]
Meal = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    Field(description="The meal fitness logs the menu under (`lunch`)"),
]


class WorkoutForm(BaseModel):
    """The fields beside a workout sheet's photo."""

    model_config = ConfigDict(extra="forbid")

    language: Language | None = None
    date: dt.date | None = Field(
        default=None, description="The day of the workout; default: the day it is read (UTC)"
    )


class MenuForm(WorkoutForm):
    """The fields beside a menu's photo."""

    meal: Meal | None = None


class ImagePublic(BaseModel):
    filename: str
    content_type: str
    size_bytes: int
    sha256: str
    url: str = Field(description="GET it for the photo's bytes (Range works)")


class Timing(BaseModel):
    """Seconds: waiting for a worker, reading in it, and from upload to the outcome."""

    queued_s: float | None
    work_s: float | None
    total_s: float | None


class JobSummary(BaseModel):
    """A job as a list shows it."""

    id: uuid.UUID
    kind: Kind
    status: JobStatus
    percent: int = Field(description="0-100, with `stage` naming the step under way")
    stage: str | None
    error: str | None = Field(description="Why a failed job failed, for its user to read")
    error_code: str | None
    language: str
    date: dt.date | None
    meal: str | None
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


class JobPublic(JobSummary):
    """A job and, once it succeeded, what it read: ``text`` (the raw text), ``lines`` (each with
    Tesseract's confidence, 0-1) and ``result`` (the parsed menu or workout sheet)."""

    image: ImagePublic
    timing: Timing
    text: str | None
    lines: list[ReadLine] | None
    result: dict[str, Any] | None = Field(
        description="menu: `items` (name, price, currency, kcal, protein_g, carbs_g, fat_g, "
        "section, confidences), `unparsed`; workout_sheet: `title`, `exercises` (sets of reps "
        "and weight_kg, the printed weight and unit, superset, notes, confidences), `unparsed`"
    )


JobListKind = Literal["menu", "workout_sheet"]
