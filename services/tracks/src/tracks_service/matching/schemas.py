"""Tempo match's API shapes."""

from pydantic import BaseModel, Field

from tracks_service.catalog.schemas import TrackPublic


class TrackMatch(BaseModel):
    track: TrackPublic
    factor: float = Field(description="k in |bpm x k - cadence| <= tolerance: 1, 2 or 0.5")
    distance: float = Field(description="|bpm x factor - cadence|")


class TrackMatches(BaseModel):
    cadence: float
    tolerance: float
    items: list[TrackMatch]
