"""The event contracts: one typed model per event type, imported by producers and consumers alike.

A model is the ``data`` of a CloudEvent; its ``type`` (the routing key) is a ClassVar. Consumers
ignore fields they do not know, so a producer may add optional fields to a ``.vN`` contract; a
breaking change (a field removed, renamed or retyped) is a new type with the next version.
"""

import uuid
from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field


class Event(BaseModel):
    """Base of every contract: frozen, unknown fields ignored (forward compatible)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    type: ClassVar[str]


# --- auth ---------------------------------------------------------------------------------------


class UserRegistered(Event):
    """A user account was created. Consumers: services that keep per-user defaults."""

    type: ClassVar[str] = "auth.user.registered.v1"

    user_id: uuid.UUID
    email: str
    name: str | None = None
    registered_at: datetime


class UserDeleted(Event):
    """A user deleted their account. Every service erases that user's data."""

    type: ClassVar[str] = "auth.user.deleted.v1"

    user_id: uuid.UUID
    deleted_at: datetime


class MailRequested(Event):
    """Internal to auth (published and consumed by auth only): mail a single-use link.

    Carries no secret: ``token_id`` names the one-time token the request reserved, and the
    consumer mints the link's token for that row just before sending, so neither the outbox nor
    the broker ever holds a live link. ``kind`` is "password_reset" or "email_verification".
    """

    type: ClassVar[str] = "auth.mail.requested.v1"

    kind: Literal["password_reset", "email_verification"]
    user_id: uuid.UUID
    token_id: uuid.UUID
    to: str


class AppleRevocationRequested(Event):
    """Internal to auth: revoke a deleted account's Apple refresh token at Apple.

    The account's rows are gone by the time this is handled, so the token travels in the event.
    It is no more exposed than in auth's own table before (stored as Apple gave it), and it is
    useless without auth's Apple client key, which signs the client secret Apple also demands.
    """

    type: ClassVar[str] = "auth.apple.revocation.requested.v1"

    user_id: uuid.UUID
    client_id: str
    refresh_token: str


# --- runs ---------------------------------------------------------------------------------------


class RunSegment(BaseModel):
    """A stretch of a run during which one track played."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    apple_music_id: str | None = None
    track_id: uuid.UUID | None = None
    started_at: datetime
    ended_at: datetime
    avg_hr: float | None = None
    avg_cadence: float | None = None


class RunCompleted(Event):
    """A run session ended. Tracks counts plays; fitness adds cardio volume."""

    type: ClassVar[str] = "runs.run.completed.v1"

    run_id: uuid.UUID
    user_id: uuid.UUID
    started_at: datetime
    ended_at: datetime
    distance_m: float
    avg_hr: float | None = None
    max_hr: float | None = None
    avg_cadence: float | None = None
    calories: float | None = None
    segments: list[RunSegment] = Field(default_factory=list)


# --- audio --------------------------------------------------------------------------------------


class AudioAnalysisRequested(Event):
    """An audio upload is queued for analysis. The audio worker analyses the stored object."""

    type: ClassVar[str] = "audio.analysis.requested.v1"

    upload_id: uuid.UUID
    user_id: uuid.UUID
    storage_key: str  # where the audio service stored the uploaded file
    content_type: str | None = None
    track_id: uuid.UUID | None = None  # the tracks-service track this upload belongs to, if any


class AudioAnalysisCompleted(Event):
    """An analysis finished. ``status`` is "succeeded" (results set) or "failed" (``error`` set).

    Tracks sets BPM and confidence on ``track_id`` when given.
    """

    type: ClassVar[str] = "audio.analysis.completed.v1"

    upload_id: uuid.UUID
    user_id: uuid.UUID
    track_id: uuid.UUID | None = None
    status: str = "succeeded"
    bpm: float | None = None
    bpm_confidence: float | None = None  # 0..1
    key: str | None = None  # e.g. "A minor"
    loudness_lufs: float | None = None
    duration_s: float | None = None
    error: str | None = None
    completed_at: datetime


# --- projects -----------------------------------------------------------------------------------


class FileUploaded(Event):
    """A file was uploaded to a project workspace and waits for processing."""

    type: ClassVar[str] = "projects.file.uploaded.v1"

    file_id: uuid.UUID
    project_id: uuid.UUID
    user_id: uuid.UUID
    storage_key: str
    filename: str
    content_type: str | None = None
    size_bytes: int


class FileProcessed(Event):
    """A file was processed. ``status`` is "succeeded" (``metadata`` set) or "failed" (``error``)."""

    type: ClassVar[str] = "projects.file.processed.v1"

    file_id: uuid.UUID
    project_id: uuid.UUID
    user_id: uuid.UUID
    status: str = "succeeded"
    metadata: dict[str, Any] = Field(default_factory=dict)  # e.g. width/height, page count
    preview_key: str | None = None
    error: str | None = None
    processed_at: datetime


# --- ocr ----------------------------------------------------------------------------------------


class OcrJobRequested(Event):
    """A photo (menu, workout sheet) is queued for OCR. ``kind`` says how to parse the text."""

    type: ClassVar[str] = "ocr.job.requested.v1"

    job_id: uuid.UUID
    user_id: uuid.UUID
    storage_key: str
    kind: str  # "menu" or "workout"
    language: str | None = None


class OcrItem(BaseModel):
    """One parsed line: a dish with its nutrition, or an exercise with its sets."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    name: str
    quantity: float | None = None
    unit: str | None = None
    calories: float | None = None
    protein_g: float | None = None
    carbs_g: float | None = None
    fat_g: float | None = None
    sets: int | None = None
    reps: int | None = None
    weight_kg: float | None = None
    confidence: float | None = None


class OcrJobCompleted(Event):
    """An OCR job finished. Fitness drafts a food log or a workout from ``items``."""

    type: ClassVar[str] = "ocr.job.completed.v1"

    job_id: uuid.UUID
    user_id: uuid.UUID
    kind: str
    status: str = "succeeded"
    text: str = ""
    items: list[OcrItem] = Field(default_factory=list)
    error: str | None = None
    completed_at: datetime


CONTRACTS: dict[str, type[Event]] = {
    model.type: model
    for model in (
        UserRegistered,
        UserDeleted,
        MailRequested,
        AppleRevocationRequested,
        RunCompleted,
        AudioAnalysisRequested,
        AudioAnalysisCompleted,
        FileUploaded,
        FileProcessed,
        OcrJobRequested,
        OcrJobCompleted,
    )
}
"""Every event type -> its contract."""


class UnknownEventType(LookupError):
    pass


def contract_for(event_type: str) -> type[Event]:
    try:
        return CONTRACTS[event_type]
    except KeyError:
        raise UnknownEventType(f"no contract for event type {event_type!r}") from None
