"""The API's shapes: what clients send and what they get back (never the tables)."""

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from audio_service.models import ItemStatus
from cadence_shared.types import NoNul

Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), NoNul
]
Tag = Annotated[
    str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=50), NoNul
]
Tags = Annotated[list[Tag], Field(max_length=20, description="Up to 20 tags, lower-cased")]
AppleMusicId = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64), NoNul
]
Isrc = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}[A-Z0-9]{3}[0-9]{7}$")]
SearchText = Annotated[str, StringConstraints(max_length=200), NoNul]


def split_tags(value: Any) -> Any:
    """Tags as a form sends them: one field ``drums, loop`` or the field repeated."""
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list):
        return value
    tags = [tag.strip() for text in values for tag in str(text).split(",")]
    return list(dict.fromkeys(tag.lower() for tag in tags if tag))


class UploadForm(BaseModel):
    """The fields beside the file of ``POST /api/v1/audio``."""

    model_config = ConfigDict(extra="forbid")

    title: Title | None = Field(default=None, description="Defaults to the file's name")
    tags: Tags = []
    apple_music_id: AppleMusicId | None = Field(
        default=None, description="The catalog track this recording is of (tracks takes its BPM)"
    )
    isrc: Isrc | None = Field(default=None, description="Or the track's ISRC")

    _tags = field_validator("tags", mode="before")(split_tags)

    @model_validator(mode="after")
    def _one_link(self) -> "UploadForm":
        if self.apple_music_id is not None and self.isrc is not None:
            raise ValueError("give apple_music_id or isrc, not both")
        return self


class AudioItemPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Title | None = None
    tags: Tags | None = None

    _tags = field_validator("tags", mode="before")(split_tags)


class FileInfo(BaseModel):
    """What the decoder read from the file (set once it is analysed)."""

    format: Literal["wav", "aiff", "flac", "ogg", "mp3"]
    codec: str
    duration_s: float
    sample_rate: int
    channels: int
    bit_depth: int | None = Field(description="None for lossy codecs")


class Analysis(BaseModel):
    """What the analysis found (see the service's README for the methods)."""

    bpm: float | None = Field(description="None when nothing repeats at a tempo")
    bpm_confidence: float
    beats_s: list[float] = Field(description="The beat grid, in seconds")
    key: str | None = Field(description='"A minor"; None when nothing is tonal')
    tonic: str | None
    mode: Literal["major", "minor"] | None
    key_confidence: float
    loudness_lufs: float = Field(description="Integrated, ITU-R BS.1770-4")
    sample_peak_dbfs: float
    true_peak_dbfs: float
    spectral_centroid_hz: float
    spectral_rolloff_hz: float
    onsets_per_s: float
    kind: Literal["loop", "one-shot"]
    bars: int | None = Field(description="A loop's length in 4/4 bars")


class Progress(BaseModel):
    percent: int
    stage: str | None


class AudioItemPublic(BaseModel):
    id: uuid.UUID
    title: str
    tags: list[str]
    filename: str
    content_type: str
    size: int
    sha256: str
    apple_music_id: str | None
    isrc: str | None
    status: ItemStatus
    progress: Progress | None = Field(description="While queued or processing")
    error: str | None = Field(description="Why the analysis failed, for a producer to read")
    error_code: str | None
    file: FileInfo | None
    analysis: Analysis | None
    created_at: datetime
    updated_at: datetime
    analysed_at: datetime | None


class SimilarItem(BaseModel):
    item: AudioItemPublic
    distance: float = Field(description="Euclidean distance of the feature vectors (0 = same)")


class Waveform(BaseModel):
    points: int
    duration_s: float
    # [min, max] pairs as two-item arrays (a tuple's prefixItems form trips OpenAPI linters)
    peaks: list[Annotated[list[float], Field(min_length=2, max_length=2)]] = Field(
        description="[min, max] of each bucket, -1..1"
    )
