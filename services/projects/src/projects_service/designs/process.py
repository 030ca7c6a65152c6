"""One design file from bytes to what is stored about it: metadata, estimate and preview; and its
G-code as a stream. CPU-bound and synchronous: the worker runs it off the event loop."""

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from projects_service.designs import estimate, geometry, preview, raster
from projects_service.designs.dxf import dxf_paths
from projects_service.designs.gcode import GcodeSettings, gcode_lines
from projects_service.designs.kinds import DesignKind, detect_kind
from projects_service.designs.svg import svg_paths
from projects_service.errors import DesignNotVector


@dataclass(frozen=True, slots=True)
class ProcessingSettings:
    """The project's settings a file's processing reads (see schemas.LaserSettings)."""

    speed_mm_min: float = 1000
    passes: int = 1
    power_percent: float = 80
    grbl_max_s: int = 1000
    raster_dpi: int = 254
    line_interval_mm: float = 0.1
    threshold: int = 128

    @property
    def gcode(self) -> GcodeSettings:
        return GcodeSettings(self.power_percent, self.grbl_max_s, self.speed_mm_min, self.passes)


@dataclass(frozen=True, slots=True)
class ProcessedDesign:
    kind: DesignKind
    metadata: dict[str, Any]
    estimate: dict[str, Any]
    preview_png: bytes


def vector_paths(data: bytes, kind: DesignKind) -> geometry.Paths:
    return svg_paths(data) if kind is DesignKind.svg else dxf_paths(data)


def _vector(data: bytes, kind: DesignKind, settings: ProcessingSettings) -> ProcessedDesign:
    paths = vector_paths(data, kind)
    box = geometry.bounds(paths)
    cut, travel = geometry.cut_length(paths), geometry.travel_length(paths)
    metadata = {
        "width_mm": box.width,
        "height_mm": box.height,
        "bounds_mm": asdict(box),
        "path_count": len(paths),
        "point_count": sum(len(path) for path in paths),
        "cut_length_mm": cut,
        "travel_length_mm": travel,
    }
    times = estimate.vector_estimate(
        cut, travel, speed_mm_min=settings.speed_mm_min, passes=settings.passes
    )
    return ProcessedDesign(kind, metadata, asdict(times), preview.vector_preview(paths))


def _raster(data: bytes, kind: DesignKind, settings: ProcessingSettings) -> ProcessedDesign:
    with raster.open_image(data, kind) as image:
        facts = raster.raster_facts(image)
        preview_png = preview.raster_preview(image)
    dpi = facts.dpi or (float(settings.raster_dpi), float(settings.raster_dpi))
    width_mm, height_mm = raster.physical_mm(facts.width_px, facts.height_px, dpi)
    metadata = {
        "width_px": facts.width_px,
        "height_px": facts.height_px,
        "dpi": list(dpi),
        "dpi_source": "file" if facts.dpi else "project",
        "width_mm": width_mm,
        "height_mm": height_mm,
        "histogram": facts.histogram,
        "threshold": settings.threshold,
        "burn_share": raster.burn_share(facts.gray_levels, settings.threshold),
    }
    times = estimate.raster_estimate(
        width_mm,
        height_mm,
        line_interval_mm=settings.line_interval_mm,
        speed_mm_min=settings.speed_mm_min,
        passes=settings.passes,
    )
    return ProcessedDesign(kind, metadata, asdict(times), preview_png)


def process_design(data: bytes, filename: str, settings: ProcessingSettings) -> ProcessedDesign:
    """Metadata, estimate and preview of a design file; refusals are domain errors."""
    kind = detect_kind(data, filename)
    if kind.is_vector:
        return _vector(data, kind, settings)
    return _raster(data, kind, settings)


def design_gcode(data: bytes, filename: str, settings: ProcessingSettings) -> Iterator[str]:
    """The G-code of a vector design, line by line (without line ends)."""
    kind = detect_kind(data, filename)
    if not kind.is_vector:
        raise DesignNotVector()
    return gcode_lines(vector_paths(data, kind), settings.gcode)
