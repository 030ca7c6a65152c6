"""The design file's processing job (cadence_shared.jobs): what it fetches, runs, keeps and
records.

- fetch: the original from storage, as the work directory's ``input``;
- work (``projects_service.work.process_file``, in a job process): the engine's metadata,
  estimate and preview; the preview left in the work directory;
- keep: the preview stored beside the original (``<key>.preview.png``);
- on_succeeded / on_failed, in the outcome's transaction: the file ``ready`` with its metadata
  and estimate, or ``failed`` with the job's reason, and ``projects.file.processed.v1`` either
  way. Only the file's current job writes it: a job replaced by a reprocess changes nothing.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from cadence_shared.context import ServiceContext
from cadence_shared.events import FileProcessed
from cadence_shared.jobs import JobRecord, Output, files_to, object_to
from cadence_shared.storage.resource import STORAGE
from cadence_shared.time import utc_now
from projects_service.models import DesignFile, FileStatus, events, jobs
from projects_service.work import PREVIEW_FILE, ProcessedFile, ProcessFileInput, process_file

PREVIEW_MAX_BYTES = 16 * 1024 * 1024


async def _current_file(session: AsyncSession, record: JobRecord) -> DesignFile | None:
    """The job's file, locked, if this job is still the one that processes it."""
    file_id = ProcessFileInput.model_validate(record.input).file_id
    file = await session.get(DesignFile, file_id, with_for_update=True)
    return file if file is not None and file.job_id == record.id else None


async def record_processed(
    context: ServiceContext, session: AsyncSession, record: JobRecord, output: ProcessedFile
) -> None:
    file = await _current_file(session, record)
    if file is None:
        return
    job_input = ProcessFileInput.model_validate(record.input)
    now = utc_now()
    file.status = FileStatus.ready
    file.kind = output.kind.value
    file.file_metadata = output.metadata
    file.estimate = output.estimate
    file.preview_key = job_input.preview_key
    file.error = file.error_code = None
    file.processed_at = file.updated_at = now
    processed = FileProcessed(
        file_id=file.id,
        project_id=file.project_id,
        user_id=file.user_id,
        metadata={**output.metadata, "estimate": output.estimate, "kind": output.kind.value},
        preview_key=file.preview_key,
        processed_at=now,
    )
    await events.publish(session, processed, subject=str(file.id))


async def record_failure(context: ServiceContext, session: AsyncSession, record: JobRecord) -> None:
    file = await _current_file(session, record)
    if file is None:
        return
    now = utc_now()
    file.status = FileStatus.failed
    file.error, file.error_code = record.error, record.error_code
    file.file_metadata = file.estimate = file.preview_key = None
    file.processed_at = file.updated_at = now
    failed = FileProcessed(
        file_id=file.id,
        project_id=file.project_id,
        user_id=file.user_id,
        status="failed",
        error=record.error,
        processed_at=now,
    )
    await events.publish(session, failed, subject=str(file.id))


process_file_job = jobs.define(
    "process-file",
    resource="projects.file",
    input=ProcessFileInput,
    output=ProcessedFile,
    work=process_file,
    fetch=object_to(STORAGE, lambda given: given.storage_key),
    keep=files_to(
        STORAGE,
        Output(
            PREVIEW_FILE,
            lambda given: given.preview_key,
            content_type="image/png",
            max_bytes=PREVIEW_MAX_BYTES,
        ),
    ),
    on_succeeded=record_processed,
    on_failed=record_failure,
)
