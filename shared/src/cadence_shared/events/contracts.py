"""The event contracts: one typed model per event type, imported by producers and consumers alike.

A model is the ``data`` of a CloudEvent; its ``type`` (the routing key) is a ClassVar. Consumers
ignore fields they do not know, so a producer may add optional fields to a ``.vN`` contract; a
breaking change (a field removed, renamed or retyped) is a new type with the next version.
"""

import uuid
from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from cadence_shared.types import PastUtcDatetime


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


# The ranges the runs API accepts, so a consumer refuses (parks, with the reason) an event that
# could never have come from it instead of storing a value every later read fails on: times from
# 1970 to now + 1 day, UTC (``PastUtcDatetime``); heart rate 20-250 bpm; cadence 0-300 spm.
RunHeartRate = Annotated[float, Field(ge=20, le=250)]
RunCadence = Annotated[float, Field(ge=0, le=300)]


class RunSegment(BaseModel):
    """A stretch of a run during which one track played."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    apple_music_id: str | None = None
    track_id: uuid.UUID | None = None
    started_at: PastUtcDatetime
    ended_at: PastUtcDatetime
    avg_hr: RunHeartRate | None = None
    avg_cadence: RunCadence | None = None


class RunCompleted(Event):
    """A run session ended. Tracks counts plays; fitness adds cardio volume."""

    type: ClassVar[str] = "runs.run.completed.v1"

    run_id: uuid.UUID
    user_id: uuid.UUID
    started_at: PastUtcDatetime
    ended_at: PastUtcDatetime
    distance_m: Annotated[float, Field(ge=0, le=1_000_000)]
    avg_hr: RunHeartRate | None = None
    max_hr: RunHeartRate | None = None
    avg_cadence: RunCadence | None = None
    calories: Annotated[float, Field(ge=0, le=100_000)] | None = None
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
    """An analysis finished. ``status`` is "succeeded" (results set) or "failed" (``error`` and
    ``error_code`` set: a reason a producer can read, and its stable code).

    Tracks takes the BPM as the uploader's analysis claim on the catalog track linked by
    ``apple_music_id`` or ``isrc`` (when the recording lasts as long as the track).
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
    # Added later (optional, so older consumers and producers still fit):
    key_confidence: float | None = None  # 0..1
    kind: Literal["loop", "one-shot"] | None = None
    true_peak_dbfs: float | None = None
    error_code: str | None = None  # the problem code of a failure, e.g. "audio_corrupt"
    # The catalog track the upload is linked to (tracks looks it up by either):
    apple_music_id: str | None = None
    isrc: str | None = None


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
    kind: str  # "menu" or "workout_sheet", as in OcrJobCompleted
    language: str | None = None


class OcrMenuItem(BaseModel):
    """One dish or product read from a menu or a label. Units are metric; nutrition is per
    serving. Anything the OCR could not read is left out (null)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    name: str = Field(min_length=1, max_length=200)  # "Chicken Caesar salad"
    brand: str | None = Field(default=None, max_length=200)  # the maker or restaurant, if printed
    serving_size: float | None = Field(default=None, gt=0, le=10_000)  # in serving_unit
    serving_unit: str | None = Field(default=None, max_length=20)  # "g", "ml", "piece"
    quantity: float | None = Field(default=None, gt=0, le=100)  # servings eaten; null means 1
    kcal: float | None = Field(default=None, ge=0, le=10_000)  # energy, kilocalories
    protein_g: float | None = Field(default=None, ge=0, le=1_000)
    carbs_g: float | None = Field(default=None, ge=0, le=1_000)
    fat_g: float | None = Field(default=None, ge=0, le=1_000)
    fibre_g: float | None = Field(default=None, ge=0, le=1_000)
    sugar_g: float | None = Field(default=None, ge=0, le=1_000)
    sodium_mg: float | None = Field(default=None, ge=0, le=100_000)
    confidence: float | None = Field(default=None, ge=0, le=1)  # the OCR's own, 0..1


class OcrMenu(BaseModel):
    """The parsed result of a ``menu`` job: the items in the order they were read."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    items: list[OcrMenuItem] = Field(default_factory=list, max_length=200)


class OcrSet(BaseModel):
    """One set of an exercise: repetitions and the load in kilograms (0 or null: body weight)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    reps: int = Field(ge=0, le=1_000)
    weight_kg: float | None = Field(default=None, ge=0, le=1_000)


class OcrExercise(BaseModel):
    """One exercise read from a workout sheet, with its sets in order."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    name: str = Field(min_length=1, max_length=200)  # "Back squat"
    sets: list[OcrSet] = Field(default_factory=list, max_length=100)


class OcrWorkoutSheet(BaseModel):
    """The parsed result of a ``workout_sheet`` job."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    title: str | None = Field(default=None, max_length=200)  # a heading such as "Leg day"
    exercises: list[OcrExercise] = Field(default_factory=list, max_length=100)


class OcrJobCompleted(Event):
    """An OCR job finished. Fitness turns a menu into draft foods and a draft food log, and a
    workout sheet into a draft workout session, for the user to confirm or discard.

    - ``job_id``: the job (one draft per job: a redelivered or repeated event drafts nothing new)
    - ``user_id``: whose photo it was
    - ``kind``: ``"menu"`` or ``"workout_sheet"``; names which result field is set
    - ``status``: ``"succeeded"`` (the result for ``kind`` is set) or ``"failed"`` (``error`` says
      why, and there is no result)
    - ``target_date``: the day the food was eaten or the workout done, when the client said so;
      otherwise the consumer uses the day of ``completed_at`` (UTC)
    - ``meal``: for a menu, the meal to log it under when the client said so ("lunch")
    - ``menu``: for ``kind="menu"``, the items read
    - ``workout_sheet``: for ``kind="workout_sheet"``, the exercises read
    - ``error``: for ``status="failed"``, a short reason
    - ``completed_at``: when the OCR finished (timezone-aware)
    """

    type: ClassVar[str] = "ocr.job.completed.v1"

    job_id: uuid.UUID
    user_id: uuid.UUID
    kind: Literal["menu", "workout_sheet"]
    status: Literal["succeeded", "failed"] = "succeeded"
    target_date: date | None = None
    meal: str | None = Field(default=None, max_length=100)
    menu: OcrMenu | None = None
    workout_sheet: OcrWorkoutSheet | None = None
    error: str | None = None
    completed_at: datetime

    @model_validator(mode="after")
    def _result_matches_kind(self) -> "OcrJobCompleted":
        if self.status == "succeeded":
            if self.kind == "menu" and self.menu is None:
                raise ValueError("a succeeded menu job carries `menu`")
            if self.kind == "workout_sheet" and self.workout_sheet is None:
                raise ValueError("a succeeded workout_sheet job carries `workout_sheet`")
        return self


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
