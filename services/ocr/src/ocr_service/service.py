"""OCR jobs as plain async functions: the session comes in, the caller commits.

A job is a ``Photo`` row (the upload, what to read it as) and the platform's job row with the
same id (its state, progress and result); the API shows the pair.
"""

import uuid
from dataclasses import dataclass
from typing import Any

from fastapi import Response
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlmodel import col

from cadence_shared import fastread
from cadence_shared.db import table_of
from cadence_shared.events import OcrJobRequested
from cadence_shared.jobs import JobRecord
from cadence_shared.live import JobStatus
from cadence_shared.pagination import PageParams
from cadence_shared.ratelimit import Rate, RateLimiter
from cadence_shared.time import utc_now
from cadence_shared.uploads import ReceivedUpload
from ocr_service.engine import Kind
from ocr_service.errors import JobNotFound, JobsRateLimited
from ocr_service.job import ReadInput, read_job
from ocr_service.models import Photo, events, jobs
from ocr_service.reading.tesseract import check_language
from ocr_service.schemas import JobSummary, MenuForm, WorkoutForm

job_table = jobs.table
photo_table = table_of(Photo)
_JOB = job_table.c
# A page of jobs answers straight from the rows (cadence_shared.fastread), as JobSummary: the
# photo's columns and its job's. One job is not (``get_job``): its ``result`` is reshaped
# through ``ReadOutput`` (views.to_public), not a column to copy.
SUMMARY_COLUMNS = fastread.columns_of(
    JobSummary,
    photo_table,
    date=photo_table.c.target_date,
    started_at=_JOB.claimed_at,
    **{name: _JOB[name] for name in ("status", "percent", "stage", "error", "error_code")},
    finished_at=_JOB.finished_at,
)


@dataclass(frozen=True, slots=True)
class JobView:
    """A photo and its job row's columns (status, result, timing)."""

    photo: Photo
    job: dict[str, Any]


async def count_job(limiter: RateLimiter, user_id: uuid.UUID, rate: Rate) -> None:
    """Counts one more job of the user; ``JobsRateLimited`` past ``rate``."""
    decision = await limiter.hit(f"jobs:{user_id}", rate)
    if not decision.allowed:
        raise JobsRateLimited(
            f"At most {rate.limit} OCR jobs per {rate.window_s} s: "
            f"try again in {decision.retry_after_s} s.",
            retry_after_s=decision.retry_after_s,
        )


async def submit(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    kind: Kind,
    upload: ReceivedUpload[MenuForm] | ReceivedUpload[WorkoutForm],
    default_language: str,
) -> tuple[Photo, JobRecord]:
    """The photo recorded and its job queued (row, job message and ``ocr.job.requested.v1`` in
    the caller's transaction)."""
    form = upload.form
    language = check_language(form.language or default_language)
    meal = form.meal if isinstance(form, MenuForm) else None
    stored = upload.stored
    photo = Photo(
        user_id=user_id,
        kind=kind,
        storage_key=stored.key,
        filename=upload.filename,
        content_type=stored.content_type,
        size_bytes=stored.size,
        sha256=stored.sha256,
        language=language,
        target_date=form.date,
        meal=meal,
        created_at=utc_now(),
    )
    session.add(photo)
    await session.flush()
    given = ReadInput(
        storage_key=stored.key, kind=kind, language=language, target_date=form.date, meal=meal
    )
    record = await read_job.enqueue(
        session, given, resource_id=photo.id, user_id=user_id, job_id=photo.id
    )
    requested = OcrJobRequested(
        job_id=photo.id, user_id=user_id, storage_key=stored.key, kind=kind, language=language
    )
    await events.publish(session, requested, subject=str(photo.id))
    return photo, record


def _views() -> Any:
    return select(Photo, *job_table.c).join(job_table, job_table.c.resource_id == col(Photo.id))


def _view(row: Any) -> JobView:
    mapping = dict(row._mapping)
    return JobView(photo=mapping.pop("Photo"), job=mapping)


async def get_job(session: AsyncSession, *, user_id: uuid.UUID, job_id: uuid.UUID) -> JobView:
    row = (
        await session.execute(
            _views().where(col(Photo.id) == job_id, col(Photo.user_id) == user_id)
        )
    ).first()
    if row is None:
        raise JobNotFound()
    return _view(row)


async def get_photo(session: AsyncSession, *, user_id: uuid.UUID, job_id: uuid.UUID) -> Photo:
    photo: Photo | None = await session.scalar(
        select(Photo).where(col(Photo.id) == job_id, col(Photo.user_id) == user_id)
    )
    if photo is None:
        raise JobNotFound()
    return photo


async def list_jobs(
    connection: AsyncConnection,
    *,
    user_id: uuid.UUID,
    page: PageParams,
    kind: Kind | None = None,
    status: JobStatus | None = None,
) -> Response:
    """A page of the user's jobs as a ``Page[JobSummary]``, newest first."""
    statement = (
        select(*SUMMARY_COLUMNS)
        .select_from(photo_table.join(job_table, _JOB.resource_id == photo_table.c.id))
        .where(photo_table.c.user_id == user_id)
    )
    if kind is not None:
        statement = statement.where(photo_table.c.kind == kind)
    if status is not None:
        statement = statement.where(_JOB.status == status)
    ordered = statement.order_by(photo_table.c.created_at.desc(), photo_table.c.id)
    return await fastread.page(connection, ordered, page)


async def delete_job(
    session: AsyncSession, *, user_id: uuid.UUID, job_id: uuid.UUID
) -> tuple[str, list[JobRecord]]:
    """Cancels the job (a running one stops at its next lease renewal), deletes its rows, and
    returns the photo's storage key (for the caller to delete once committed) and the jobs
    cancelled (to announce)."""
    photo = await get_photo(session, user_id=user_id, job_id=job_id)
    cancelled = await jobs.cancel(session, resource_id=photo.id)
    await session.execute(delete(job_table).where(job_table.c.resource_id == photo.id))
    await session.delete(photo)
    return photo.storage_key, cancelled


async def erase_user(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Erases every photo row and job of the user (the files: ``delete_files_of_deleted_user``)."""
    await jobs.erase_user(session, user_id)
    await session.execute(delete(Photo).where(col(Photo.user_id) == user_id))
