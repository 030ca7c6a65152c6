"""Playlists' API shapes: what clients send and what they get back."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from cadence_shared.types import NoNul
from tracks_service.catalog.schemas import TrackPublic

PlaylistName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), NoNul
]


class PlaylistCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"name": "Tempo run 170"}]}
    )

    name: PlaylistName


class PlaylistRename(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: PlaylistName


class PlaylistPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    track_count: int
    created_at: datetime
    updated_at: datetime


class PlaylistEntry(BaseModel):
    position: int
    added_at: datetime
    track: TrackPublic


class PlaylistDetail(PlaylistPublic):
    tracks: list[PlaylistEntry]


# Positions are int4 in Postgres; past the end is refused anyway (position_out_of_range).
Position = Annotated[int, Field(ge=0, le=2**31 - 1)]


class PlaylistTrackAdd(BaseModel):
    model_config = ConfigDict(extra="forbid")

    track_id: uuid.UUID
    position: Position | None = Field(default=None, description="0-based; appended when absent")


class PlaylistTrackMove(BaseModel):
    model_config = ConfigDict(extra="forbid")

    position: Position
