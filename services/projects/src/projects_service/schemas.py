"""The API's shapes: what clients send and what they get back."""

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from projects_service.models import LaserType

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)]
Material = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
PowerPercent = Annotated[float, Field(gt=0, le=100, description="Laser power, % of the maximum")]
MaxPowerW = Annotated[float, Field(gt=0, le=10_000, description="The laser's rated power, W")]
GrblMaxS = Annotated[
    int, Field(ge=1, le=100_000, description="GRBL `$30`: the S value of full power")
]
Speed = Annotated[float, Field(gt=0, le=100_000, description="Feed while burning, mm/min")]
Passes = Annotated[int, Field(ge=1, le=100)]
Thickness = Annotated[float, Field(gt=0, le=500, description="Material thickness, mm")]
RasterDpi = Annotated[
    int, Field(ge=25, le=2400, description="Used for images that carry no DPI of their own")
]
LineInterval = Annotated[float, Field(ge=0.01, le=5, description="Raster line spacing, mm")]
Threshold = Annotated[
    int, Field(ge=0, le=256, description="Gray levels below it burn (0 black .. 255 white)")
]


class LaserSettings(BaseModel):
    """How the machine runs on this project. Every field has a default a diode laser can start
    from, so a project can be created with a name only."""

    model_config = ConfigDict(extra="forbid", from_attributes=True)

    laser_type: LaserType = LaserType.diode
    power_percent: PowerPercent = 80
    max_power_w: MaxPowerW = 10
    grbl_max_s: GrblMaxS = 1000
    speed_mm_min: Speed = 1000
    passes: Passes = 1
    material: Material | None = None
    thickness_mm: Thickness | None = None
    raster_dpi: RasterDpi = 254
    line_interval_mm: LineInterval = 0.1
    threshold: Threshold = 128
    air_assist: bool = False


class LaserSettingsPatch(BaseModel):
    """Only the fields given change; null clears `material` or `thickness_mm`."""

    model_config = ConfigDict(extra="forbid")

    laser_type: LaserType | None = None
    power_percent: PowerPercent | None = None
    max_power_w: MaxPowerW | None = None
    grbl_max_s: GrblMaxS | None = None
    speed_mm_min: Speed | None = None
    passes: Passes | None = None
    material: Material | None = None
    thickness_mm: Thickness | None = None
    raster_dpi: RasterDpi | None = None
    line_interval_mm: LineInterval | None = None
    threshold: Threshold | None = None
    air_assist: bool | None = None


class ProjectCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: uuid.UUID | None = Field(
        default=None, description="Client-generated id, for clients that create projects offline."
    )
    name: Name = Field(description="1 to 200 characters, trimmed; unique among the user's")
    description: Description | None = None
    laser: LaserSettings = Field(default_factory=LaserSettings)


class ProjectPatch(BaseModel):
    """Only the fields given change; `description: null` clears it."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    description: Description | None = None
    laser: LaserSettingsPatch | None = None


class ProjectPublic(BaseModel):
    id: uuid.UUID
    owner_id: uuid.UUID
    name: str
    description: str | None
    laser: LaserSettings
    created_at: datetime
    updated_at: datetime


FileStatusName = Literal["queued", "processing", "ready", "failed"]


class FileProgress(BaseModel):
    """Where the file's processing job is (the live channel pushes the same)."""

    job_id: uuid.UUID
    percent: int
    stage: str | None


class DesignFilePublic(BaseModel):
    """A design file: what was uploaded, and what processing found (or why it failed).

    ``metadata`` and ``estimate`` are set once ``status`` is ``ready`` (see the service's README
    for their fields); ``error`` and ``error_code`` once it is ``failed``."""

    id: uuid.UUID
    project_id: uuid.UUID
    owner_id: uuid.UUID
    filename: str = Field(description="The uploaded name, made safe; metadata only")
    size_bytes: int
    sha256: str
    content_type: str = Field(description="As judged from the bytes, not the client's header")
    kind: str = Field(description="svg, dxf, png or jpeg, as judged from the bytes")
    status: FileStatusName
    progress: FileProgress | None = None
    metadata: dict[str, Any] | None = None
    estimate: dict[str, Any] | None = None
    error: str | None = None
    error_code: str | None = None
    has_preview: bool
    created_at: datetime
    updated_at: datetime
    processed_at: datetime | None = None
