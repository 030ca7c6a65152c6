"""The design-file engine: plain functions from a file's bytes to its metadata, time estimate,
preview and G-code. No HTTP, no database, no event: the worker that processes uploads (built with
the long-work platform) calls ``process_design`` and ``design_gcode``; the benchmark calls them
directly. Every refusal is a domain error from ``projects_service.errors`` with its code."""

from projects_service.designs.geometry import Bounds, Paths
from projects_service.designs.kinds import DesignKind, detect_kind
from projects_service.designs.process import (
    ProcessedDesign,
    ProcessingSettings,
    design_gcode,
    process_design,
)

__all__ = [
    "Bounds",
    "DesignKind",
    "Paths",
    "ProcessedDesign",
    "ProcessingSettings",
    "design_gcode",
    "detect_kind",
    "process_design",
]
