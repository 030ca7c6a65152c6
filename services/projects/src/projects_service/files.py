"""Design files as plain async functions: the session comes in, the caller commits.

A file is added with its processing job in the request's transaction (the row ``queued``, the
job row and its message, and ``projects.file.uploaded.v1``, all in one commit). Who sees what
follows the project: its owner reads and writes; the ``admin`` role reads anyone's; a file of a
project the caller may not read, or of another project, is ``DesignFileNotFound``.

Deleting returns the storage keys to delete, which the caller deletes once its commit is done
(never before: a rolled-back delete must still find its objects; the orphan sweep covers a crash
in between).
"""

import uuid
from dataclasses import dataclass
from typing import Any

from fastapi import Response
from sqlalchemy import ColumnElement, bindparam, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from cadence_shared import fastread
from cadence_shared.auth import Principal
from cadence_shared.db import table_of
from cadence_shared.events import FileUploaded
from cadence_shared.jobs import JobRecord
from cadence_shared.pagination import PageParams
from cadence_shared.storage import Storage
from cadence_shared.time import utc_now
from cadence_shared.uploads import NoFields, ReceivedUpload
from projects_service.designs.kinds import SVG_LOOKAHEAD, kind_of_bytes
from projects_service.errors import (
    DesignFileFailed,
    DesignFileNotFound,
    DesignFileNotReady,
    DesignTypeUnsupported,
    GuestCannotCreateProjects,
)
from projects_service.models import DesignFile, FileStatus, Project, events, jobs
from projects_service.processing import process_file_job
from projects_service.schemas import DesignFilePublic, FileProgress, FileStatusName
from projects_service.service import (
    GUEST,
    check_readable,
    get_own_project,
    preview_key_of,
    processing_settings,
    read_project,
    stored_keys,
)
from projects_service.work import ProcessFileInput, ProcessSettings

FILE = table_of(DesignFile).c
JOB = jobs.table.c
STATUS_NAMES: dict[FileStatus, FileStatusName] = {
    FileStatus.queued: "queued",
    FileStatus.processing: "processing",
    FileStatus.ready: "ready",
    FileStatus.failed: "failed",
}


# The file reads answer straight from the rows (cadence_shared.fastread): the file's columns
# and its job's state (an outer join), shaped as DesignFilePublic by ``_public_row`` as
# ``to_public`` shapes the models.
_JOB_STATE = {"job_status": JOB.status, "job_percent": JOB.percent, "job_stage": JOB.stage}
_COMPUTED = ("status", "progress", "has_preview")
_RENAMED = {"owner_id": FILE.user_id, "metadata": FILE["metadata"]}
PUBLIC_COLUMNS: tuple[ColumnElement[Any], ...] = (
    *(
        _RENAMED[name].label(name) if name in _RENAMED else FILE[name]
        for name in DesignFilePublic.model_fields
        if name not in _COMPUTED
    ),
    FILE.status,
    FILE.job_id,
    *(column.label(name) for name, column in _JOB_STATE.items()),
)
_WITH_JOB = table_of(DesignFile).outerjoin(jobs.table, JOB.id == FILE.job_id)
_FILE_BY_ID = fastread.Prepared(
    select(*PUBLIC_COLUMNS)
    .select_from(_WITH_JOB)
    .where(FILE.id == bindparam("file_id"), FILE.project_id == bindparam("project_id"))
)


@dataclass(frozen=True, slots=True)
class JobState:
    status: str
    percent: int
    stage: str | None


def to_public(file: DesignFile, job: JobState | None = None) -> DesignFilePublic:
    status: FileStatusName = STATUS_NAMES[file.status]
    progress = None
    if file.status is FileStatus.queued and job is not None and file.job_id is not None:
        status = "processing" if job.status == "processing" else "queued"
        progress = FileProgress(job_id=file.job_id, percent=job.percent, stage=job.stage)
    return DesignFilePublic(
        id=file.id,
        project_id=file.project_id,
        owner_id=file.user_id,
        filename=file.filename,
        size_bytes=file.size_bytes,
        sha256=file.sha256,
        content_type=file.content_type,
        kind=file.kind,
        status=status,
        progress=progress,
        metadata=file.file_metadata,
        estimate=file.estimate,
        error=file.error,
        error_code=file.error_code,
        has_preview=file.status is FileStatus.ready,
        created_at=file.created_at,
        updated_at=file.updated_at,
        processed_at=file.processed_at,
    )


def _public_row(row: dict[str, Any]) -> dict[str, Any]:
    """A ``PUBLIC_COLUMNS`` row in ``DesignFilePublic``'s shape and field order."""
    status, progress = row["status"], None
    if status == FileStatus.queued and row["job_status"] is not None:
        status = "processing" if row["job_status"] == "processing" else "queued"
        progress = {
            "job_id": row["job_id"],
            "percent": row["job_percent"],
            "stage": row["job_stage"],
        }
    computed = {"status": status, "progress": progress, "has_preview": row["status"] == "ready"}
    return {
        name: computed[name] if name in computed else row[name]
        for name in DesignFilePublic.model_fields
    }


async def _head(storage: Storage, key: str) -> bytes:
    head = bytearray()
    async for chunk in storage.open(key, start=0, end=SVG_LOOKAHEAD):
        head += chunk
    return bytes(head)


async def _enqueue(session: AsyncSession, file: DesignFile, project: Project) -> JobRecord:
    engine = processing_settings(project)
    settings = ProcessSettings.model_validate(engine, from_attributes=True)
    job_input = ProcessFileInput(
        file_id=file.id,
        project_id=project.id,
        storage_key=file.storage_key,
        preview_key=preview_key_of(file.storage_key),
        filename=file.filename,
        settings=settings,
    )
    record = await process_file_job.enqueue(
        session, job_input, resource_id=file.id, user_id=file.user_id
    )
    file.job_id = record.id
    return record


async def project_for_upload(
    session: AsyncSession, *, principal: Principal, project_id: uuid.UUID
) -> Project:
    """The caller's own project, checked before a byte of the upload is read."""
    if principal.has_role(GUEST):
        raise GuestCannotCreateProjects("The guest role cannot upload files: sign up first.")
    return await get_own_project(session, user_id=principal.user_id, project_id=project_id)


async def add_file(
    session: AsyncSession,
    storage: Storage,
    *,
    project: Project,
    received: ReceivedUpload[NoFields],
) -> tuple[DesignFile, JobRecord]:
    """The file ``queued``, its job and ``projects.file.uploaded.v1``, in the caller's
    transaction. Text that is neither SVG nor DXF (libmagic calls both text) is refused here,
    from its first bytes; whether the bytes match the name is the job's to say."""
    stored = received.stored
    kind = kind_of_bytes(await _head(storage, stored.key))
    if kind is None:
        raise DesignTypeUnsupported(
            f"{received.filename!r} is not an SVG, DXF, PNG or JPEG file.",
            filename=received.filename,
        )
    now = utc_now()
    file = DesignFile(
        project_id=project.id,
        user_id=project.user_id,
        filename=received.filename,
        storage_key=stored.key,
        size_bytes=stored.size,
        sha256=stored.sha256,
        content_type=stored.content_type,
        kind=kind.value,
        status=FileStatus.queued,
        created_at=now,
        updated_at=now,
    )
    session.add(file)
    record = await _enqueue(session, file, project)
    uploaded = FileUploaded(
        file_id=file.id,
        project_id=project.id,
        user_id=file.user_id,
        storage_key=file.storage_key,
        filename=file.filename,
        content_type=file.content_type,
        size_bytes=file.size_bytes,
    )
    await events.publish(session, uploaded, subject=str(file.id))
    await session.flush()
    return file, record


async def list_files(
    connection: AsyncConnection, *, principal: Principal, project_id: uuid.UUID, page: PageParams
) -> Response:
    """A page of the project's files as a ``Page[DesignFilePublic]``, newest first."""
    await check_readable(connection, principal=principal, project_id=project_id)
    statement = (
        select(*PUBLIC_COLUMNS)
        .select_from(_WITH_JOB)
        .where(FILE.project_id == project_id)
        .order_by(FILE.created_at.desc(), FILE.id)
    )
    return await fastread.page(connection, statement, page, shape=_public_row)


async def show_file(
    connection: AsyncConnection, *, principal: Principal, project_id: uuid.UUID, file_id: uuid.UUID
) -> Response:
    """One file as a ``DesignFilePublic`` (what a client polls while it is processed)."""
    await check_readable(connection, principal=principal, project_id=project_id)
    row = await _FILE_BY_ID.row(
        connection, missing=DesignFileNotFound(), file_id=file_id, project_id=project_id
    )
    return fastread.respond(_public_row(row))


async def _file_in(
    session: AsyncSession, project_id: uuid.UUID, file_id: uuid.UUID, *, lock: bool = False
) -> DesignFile:
    statement = select(DesignFile).where(FILE.id == file_id, FILE.project_id == project_id)
    file: DesignFile | None = await session.scalar(
        statement.with_for_update() if lock else statement
    )
    if file is None:
        raise DesignFileNotFound()
    return file


async def read_file(
    session: AsyncSession, *, principal: Principal, project_id: uuid.UUID, file_id: uuid.UUID
) -> tuple[Project, DesignFile]:
    project = await read_project(session, principal=principal, project_id=project_id)
    return project, await _file_in(session, project_id, file_id)


def require_ready(file: DesignFile) -> None:
    """Preview and G-code exist once the file is processed."""
    if file.status is FileStatus.failed:
        raise DesignFileFailed(f"The file failed processing: {file.error}", file_status="failed")
    if file.status is not FileStatus.ready:
        raise DesignFileNotReady(file_status=file.status.value)


async def delete_file(
    session: AsyncSession, *, user_id: uuid.UUID, project_id: uuid.UUID, file_id: uuid.UUID
) -> tuple[list[str], list[JobRecord]]:
    """Deletes the file and cancels its job; returns the keys to delete after the commit and the
    cancelled jobs (to announce)."""
    await get_own_project(session, user_id=user_id, project_id=project_id)
    file = await _file_in(session, project_id, file_id, lock=True)
    cancelled = await jobs.cancel(session, resource_id=file.id)
    await session.delete(file)
    return stored_keys(file), cancelled


async def reprocess_file(
    session: AsyncSession, *, user_id: uuid.UUID, project_id: uuid.UUID, file_id: uuid.UUID
) -> tuple[DesignFile, JobRecord]:
    """Processes the file again with the project's current settings (an unfinished job of it
    is cancelled first): ``queued`` again, its old results cleared."""
    project = await get_own_project(session, user_id=user_id, project_id=project_id)
    file = await _file_in(session, project_id, file_id, lock=True)
    await jobs.cancel(session, resource_id=file.id)
    record = await _enqueue(session, file, project)
    file.status = FileStatus.queued
    file.file_metadata = file.estimate = file.error = file.error_code = None
    file.processed_at = None
    file.updated_at = utc_now()
    await session.flush()
    return file, record


async def delete_objects(storage: Storage, keys: list[str]) -> None:
    for key in keys:
        await storage.delete(key)
