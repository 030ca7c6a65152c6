"""Listening stats' API shapes."""

from pydantic import BaseModel, Field

from tracks_service.catalog.schemas import TrackPublic


class TrackStats(BaseModel):
    """How the user ran while one track played, over every run that played it."""

    track: TrackPublic
    plays: int
    seconds_played: float
    avg_cadence: float | None = Field(description="Weighted by the time each play lasted")
    avg_hr: float | None = Field(description="Weighted by the time each play lasted")
