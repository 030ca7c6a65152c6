"""The catalog's API shapes: what clients send and what they get back."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from cadence_shared.types import NoNul
from tracks_service.catalog.claims import SeenBpm
from tracks_service.models import BPM_MAX, BPM_MIN, BpmSource, Track

MAX_REGISTER_BATCH = 500

Text300 = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300), NoNul
]
AppleMusicId = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64), NoNul
]
SearchText = Annotated[str, StringConstraints(max_length=200), NoNul]
Isrc = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}[A-Z0-9]{3}[0-9]{7}$")]
Bpm = Annotated[float, Field(ge=BPM_MIN, le=BPM_MAX, description="Beats per minute")]
Confidence = Annotated[float, Field(ge=0, le=1)]


class TrackIn(BaseModel):
    """A track as the phone reads it from its library."""

    model_config = ConfigDict(extra="forbid")

    apple_music_id: AppleMusicId
    isrc: Isrc | None = None
    title: Text300
    artist: Text300
    album: Text300 | None = None
    duration_ms: Annotated[int, Field(gt=0, le=24 * 3600 * 1000)]
    bpm: Bpm | None = None
    bpm_confidence: Confidence | None = None

    @model_validator(mode="after")
    def _confidence_needs_bpm(self) -> "TrackIn":
        if self.bpm_confidence is not None and self.bpm is None:
            raise ValueError("bpm_confidence is given without a bpm")
        return self


class TrackRegister(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tracks: Annotated[list[TrackIn], Field(min_length=1, max_length=MAX_REGISTER_BATCH)]

    @model_validator(mode="after")
    def _unique_ids(self) -> "TrackRegister":
        seen: set[str] = set()
        for track in self.tracks:
            if track.apple_music_id in seen:
                raise ValueError(f"apple_music_id {track.apple_music_id!r} appears twice")
            seen.add(track.apple_music_id)
        return self


class TrackPublic(BaseModel):
    """A catalog track. Descriptive fields are the catalog's (agreed by its users); the tempo is
    the caller's own claim where the caller made one (their analysis, else the catalog's
    analysis, else their own client BPM, else the catalog's): see the tracks README, "Claims"."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    apple_music_id: str
    isrc: str | None
    title: str
    artist: str
    album: str | None
    duration_ms: int
    bpm: float | None
    bpm_confidence: float | None
    bpm_source: BpmSource | None
    created_at: datetime
    updated_at: datetime


class TrackList(BaseModel):
    tracks: list[TrackPublic]


def track_public(track: Track, tempo: SeenBpm) -> TrackPublic:
    """The track as the viewer sees it: the catalog's row with the viewer's tempo."""
    fields = {name: getattr(track, name) for name in TrackPublic.model_fields}
    return TrackPublic.model_validate(fields | tempo._asdict())
