"""The OCR job: a photo read in a worker's process pool, its result handed to fitness.

``read_photo`` runs in a process of the worker's pool (CPU-bound: decoding, preprocessing,
Tesseract, layout, parsing) on the photo the platform fetched from storage into its work
directory. A file that cannot be read raises the engine's permanent domain errors, so the job
ends ``failed`` at once with their detail. The outcome's transaction puts
``ocr.job.completed.v1`` in the outbox (succeeded or failed), which fitness drafts from.
"""

import time
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict
from sqlalchemy.ext.asyncio import AsyncSession

from cadence_shared.context import ServiceContext
from cadence_shared.jobs import JobRecord, Progress, object_to
from cadence_shared.jobs.fetch import INPUT_FILE
from cadence_shared.storage.resource import STORAGE
from ocr_service import engine
from ocr_service.engine import Kind
from ocr_service.models import events, jobs
from ocr_service.results import Menu, WorkoutSheet

RESOURCE = "ocr.job"


class ReadInput(BaseModel):
    """What the job reads: the stored photo, how to parse it, and where fitness drafts it."""

    model_config = ConfigDict(frozen=True)

    storage_key: str
    kind: Kind
    language: str
    target_date: date | None = None
    meal: str | None = None


class ReadOutput(BaseModel):
    """The job's stored result: the parsed page (its lines with their confidence included),
    never the image; ``work_s`` is the seconds the reading took in the worker."""

    model_config = ConfigDict(frozen=True)

    kind: Kind
    menu: Menu | None = None
    workout_sheet: WorkoutSheet | None = None
    work_s: float

    @property
    def page(self) -> Menu | WorkoutSheet:
        page = self.menu if self.kind == "menu" else self.workout_sheet
        assert page is not None
        return page


def read_photo(input: ReadInput, workdir: Path, progress: Progress) -> ReadOutput:
    started = time.monotonic()
    data = (workdir / INPUT_FILE).read_bytes()
    options = engine.Options(language=input.language)
    page = engine.read(data, input.kind, options, progress)
    work_s = round(time.monotonic() - started, 3)
    if isinstance(page, Menu):
        return ReadOutput(kind="menu", menu=page, work_s=work_s)
    return ReadOutput(kind="workout_sheet", workout_sheet=page, work_s=work_s)


async def publish_completed(
    context: ServiceContext, session: AsyncSession, record: JobRecord, output: ReadOutput
) -> None:
    given = ReadInput.model_validate(record.input)
    event = engine.completed_event(
        job_id=record.resource_id,
        user_id=record.user_id,
        result=output.page,
        completed_at=record.updated_at,
        target_date=given.target_date,
        meal=given.meal,
    )
    await events.publish(session, event, subject=str(record.resource_id))


async def publish_failed(context: ServiceContext, session: AsyncSession, record: JobRecord) -> None:
    given = ReadInput.model_validate(record.input)
    event = engine.failed_event(
        job_id=record.resource_id,
        user_id=record.user_id,
        kind=given.kind,
        reason=record.error or "The photo could not be read.",
        completed_at=record.updated_at,
    )
    await events.publish(session, event, subject=str(record.resource_id))


read_job = jobs.define(
    "read",
    resource=RESOURCE,
    input=ReadInput,
    output=ReadOutput,
    work=read_photo,
    fetch=object_to(STORAGE, lambda given: given.storage_key),
    on_succeeded=publish_completed,
    on_failed=publish_failed,
)
