"""The work of processing one design file, run in a worker's job process (cadence_shared.jobs).

This module is what the worker's fork server imports for every job process, so it imports the
design engine and pydantic only: no app, no database, no settings.

What crosses the job process's pipe is small: the input (keys, name, settings) and the output
(metadata and estimate, a few hundred bytes of JSON). The preview PNG is written to the work
directory as ``PREVIEW_FILE``; the job's ``keep`` step stores it from there once the work has
succeeded. A refused file raises the engine's domain error (permanent): the job fails at once
with the engine's reason, and the process serves the next job.
"""

import uuid
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from cadence_shared.jobs import Progress
from cadence_shared.jobs.fetch import INPUT_FILE
from projects_service.designs import DesignKind, ProcessingSettings, process_design

PREVIEW_FILE = "preview.png"


class ProcessSettings(BaseModel):
    """The project's settings at the time the job was queued (ProcessingSettings, as JSON)."""

    speed_mm_min: float
    passes: int
    power_percent: float
    grbl_max_s: int
    raster_dpi: int
    line_interval_mm: float
    threshold: int

    def engine(self) -> ProcessingSettings:
        return ProcessingSettings(**self.model_dump())


class ProcessFileInput(BaseModel):
    file_id: uuid.UUID
    project_id: uuid.UUID
    storage_key: str
    preview_key: str
    filename: str
    settings: ProcessSettings


class ProcessedFile(BaseModel):
    kind: DesignKind
    metadata: dict[str, Any]
    estimate: dict[str, Any]
    preview_bytes: int


def process_file(input: ProcessFileInput, workdir: Path, progress: Progress) -> ProcessedFile:
    progress(5, "reading")
    data = (workdir / INPUT_FILE).read_bytes()
    progress(10, "processing")
    processed = process_design(data, input.filename, input.settings.engine())
    progress(90, "preview")
    (workdir / PREVIEW_FILE).write_bytes(processed.preview_png)
    return ProcessedFile(
        kind=processed.kind,
        metadata=processed.metadata,
        estimate=processed.estimate,
        preview_bytes=len(processed.preview_png),
    )
