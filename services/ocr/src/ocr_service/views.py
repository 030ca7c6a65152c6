"""HTTP routes of the ocr service: parse, call service.py, commit, shape the answer."""

import asyncio
import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response, status

from cadence_shared.context import StartupError
from cadence_shared.deps import (
    ContextDep,
    CurrentPrincipal,
    PageDep,
    ReadConnectionDep,
    SessionDep,
)
from cadence_shared.jobs import announce
from cadence_shared.live import JobStatus
from cadence_shared.openapi import problems
from cadence_shared.pagination import Page
from cadence_shared.storage.http import object_response
from cadence_shared.storage.resource import StorageDep
from cadence_shared.uploads import (
    Accepted,
    ReceivedUpload,
    UploadPolicy,
    UploadRequest,
    upload_route,
)
from ocr_service import events, service
from ocr_service.context import LimiterDep
from ocr_service.engine import Kind
from ocr_service.errors import JobNotFound
from ocr_service.job import ReadOutput
from ocr_service.schemas import (
    ImagePublic,
    JobPublic,
    JobSummary,
    MenuForm,
    Timing,
    WorkoutForm,
)
from ocr_service.settings import Settings, get_settings

router = APIRouter(prefix="/api/v1/ocr", tags=["ocr"])

# OCR_STORAGE_MAX_UPLOAD_BYTES, 10 MiB by default (the gateway's body_limit on these routes).
MAX_PHOTO_BYTES = get_settings().storage_max_upload_bytes
# Judged from the bytes (libmagic), never from the name or the Content-Type the client sent.
PHOTO_TYPES = frozenset({"image/png", "image/jpeg", "image/webp", "image/heic", "image/heif"})
MENU_UPLOAD = UploadPolicy(accept=PHOTO_TYPES, max_bytes=MAX_PHOTO_BYTES, form=MenuForm)
WORKOUT_UPLOAD = UploadPolicy(accept=PHOTO_TYPES, max_bytes=MAX_PHOTO_BYTES, form=WorkoutForm)
# The idempotency scopes of the two upload routes (erasing a user forgets both).
UPLOAD_SCOPES = events.UPLOAD_SCOPES
MenuUploadDep = Annotated[
    UploadRequest[MenuForm], Depends(upload_route(MENU_UPLOAD, scope=UPLOAD_SCOPES[0]))
]
WorkoutUploadDep = Annotated[
    UploadRequest[WorkoutForm], Depends(upload_route(WORKOUT_UPLOAD, scope=UPLOAD_SCOPES[1]))
]

UPLOAD_RESPONSES: dict[int | str, dict[str, Any]] = {
    202: {"description": "The job, queued; `Location` is where to follow it"},
    400: {"description": "Malformed or broken-off multipart body"},
    409: {"description": "An upload with this Idempotency-Key is still streaming"},
    413: {"description": "The photo is over 10 MiB (or the fields over 64 KiB)"},
    415: {"description": "Not multipart, or the file is not PNG, JPEG, WebP or HEIC"},
    422: {"description": "Empty file, a bad field, an uninstalled language, a reused key"},
    429: {"description": "Over 10 jobs in the last hour: `Retry-After` says when to retry"},
}
NOT_FOUND = problems(JobNotFound)


async def get_settings_of(context: ContextDep) -> Settings:
    if not isinstance(context.settings, Settings):
        raise StartupError("the ocr routes need the ocr service's settings")
    return context.settings


SettingsDep = Annotated[Settings, Depends(get_settings_of)]


def _seconds(start: datetime | None, end: datetime | None) -> float | None:
    return round((end - start).total_seconds(), 3) if start and end else None


def _summary(view: service.JobView) -> dict[str, Any]:
    photo, job = view.photo, view.job
    return {
        "id": photo.id,
        "kind": photo.kind,
        "language": photo.language,
        "date": photo.target_date,
        "meal": photo.meal,
        "created_at": photo.created_at,
        "started_at": job["claimed_at"],
        **{name: job[name] for name in ("status", "percent", "stage", "error", "error_code")},
        "finished_at": job["finished_at"],
    }


def to_summary(view: service.JobView) -> JobSummary:
    return JobSummary.model_validate(_summary(view))


def to_public(view: service.JobView) -> JobPublic:
    photo, job = view.photo, view.job
    output = ReadOutput.model_validate(job["result"]) if job["result"] else None
    page = output.page if output is not None else None
    image = ImagePublic(
        filename=photo.filename,
        content_type=photo.content_type,
        size_bytes=photo.size_bytes,
        sha256=photo.sha256,
        url=f"{router.prefix}/jobs/{photo.id}/image",
    )
    timing = Timing(
        queued_s=_seconds(photo.created_at, job["claimed_at"]),
        work_s=output.work_s if output is not None else None,
        total_s=_seconds(photo.created_at, job["finished_at"]),
    )
    return JobPublic.model_validate(
        _summary(view)
        | {"image": image, "timing": timing}
        | {
            "text": page.text if page is not None else None,
            "lines": page.lines if page is not None else None,
            "result": page.model_dump(mode="json", exclude={"lines"}) if page else None,
        }
    )


async def _take(
    upload: UploadRequest[Any],
    kind: Kind,
    *,
    session: SessionDep,
    limiter: LimiterDep,
    settings: Settings,
    context: ContextDep,
) -> Response:
    """Stores the photo, records it and queues its job in one commit; 202 with the job."""
    queued = []

    async def record(received: ReceivedUpload[Any]) -> Accepted:
        user_id = upload.owner_id
        photo, job = await service.submit(
            session,
            user_id=user_id,
            kind=kind,
            upload=received,
            default_language=settings.default_language,
        )
        # Counted once the upload is a job: a refused file or a replay costs no quota. A
        # refusal here deletes the stored photo before answering.
        await service.count_job(limiter, user_id, settings.rate)
        queued.append(job)
        view = await service.get_job(session, user_id=user_id, job_id=photo.id)
        return Accepted(to_public(view), f"{router.prefix}/jobs/{photo.id}")

    response = await upload.accept(session, record)
    for job in queued:
        await announce(context.redis, job)
    return response


@router.post(
    "/menu",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Read a menu's photo",
    response_model=JobPublic,
    openapi_extra=MENU_UPLOAD.openapi(),
    responses=UPLOAD_RESPONSES,
)
async def upload_menu(
    upload: MenuUploadDep,
    session: SessionDep,
    limiter: LimiterDep,
    settings: SettingsDep,
    context: ContextDep,
) -> Response:
    """Takes a photo of a menu (multipart `file`: PNG, JPEG, WebP or HEIC up to 10 MiB, judged
    from its bytes; optional `language`, and the `date` and `meal` fitness drafts it into) and
    answers 202 with the job `queued`. A worker reads it; follow it at `Location` or live on
    `/api/v1/live`. Once it succeeds, fitness holds draft foods and a draft food log of it
    (`/api/v1/ocr-drafts`). At most 10 jobs per user per hour. Safe to retry with an
    `Idempotency-Key`."""
    return await _take(
        upload, "menu", session=session, limiter=limiter, settings=settings, context=context
    )


@router.post(
    "/workout",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Read a workout sheet's photo",
    response_model=JobPublic,
    openapi_extra=WORKOUT_UPLOAD.openapi(),
    responses=UPLOAD_RESPONSES,
)
async def upload_workout(
    upload: WorkoutUploadDep,
    session: SessionDep,
    limiter: LimiterDep,
    settings: SettingsDep,
    context: ContextDep,
) -> Response:
    """Takes a photo of a workout sheet (multipart `file`, as for a menu; optional `language`
    and `date`) and answers 202 with the job `queued`. Once it succeeds, fitness holds a draft
    workout session of it (`/api/v1/ocr-drafts`). At most 10 jobs per user per hour."""
    return await _take(
        upload,
        "workout_sheet",
        session=session,
        limiter=limiter,
        settings=settings,
        context=context,
    )


@router.get("/jobs", summary="List the caller's OCR jobs", response_model=Page[JobSummary])
async def list_jobs(
    connection: ReadConnectionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    kind: Kind | None = None,
    status_: Annotated[JobStatus | None, Query(alias="status")] = None,
) -> Response:
    """The caller's jobs, newest first, optionally of one `kind` (`menu`, `workout_sheet`) and
    one `status` (`queued`, `processing`, `succeeded`, `failed`, `cancelled`)."""
    return await service.list_jobs(
        connection, user_id=principal.user_id, page=page, kind=kind, status=status_
    )


@router.get("/jobs/{job_id}", summary="Get an OCR job and what it read", responses=NOT_FOUND)
async def get_job(job_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> JobPublic:
    """The job's status and progress, its timing, and once it succeeded the raw text, every
    line with its confidence, and the parsed menu or workout sheet; a failed job's `error`
    says why in words its user can act on."""
    return to_public(await service.get_job(session, user_id=principal.user_id, job_id=job_id))


@router.get(
    "/jobs/{job_id}/image",
    summary="Download a job's photo",
    response_class=Response,
    responses={
        200: {"description": "The photo's bytes, as uploaded"},
        206: {"description": "The byte range asked for with `Range`"},
        **NOT_FOUND,
    },
)
async def get_job_image(
    job_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    storage: StorageDep,
) -> Response:
    """The photo as it was uploaded, streamed; `Range` and `If-None-Match` work."""
    photo = await service.get_photo(session, user_id=principal.user_id, job_id=job_id)
    return await object_response(
        storage, photo.storage_key, request, filename=photo.filename, inline=True
    )


@router.delete(
    "/jobs/{job_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete an OCR job and its photo",
    responses=NOT_FOUND,
)
async def delete_job(
    job_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    storage: StorageDep,
    context: ContextDep,
) -> Response:
    """Cancels the job if it is still queued or running, deletes it and its stored photo. What
    fitness already drafted from it stays there (discard it at `/api/v1/ocr-drafts`)."""
    key, cancelled = await service.delete_job(session, user_id=principal.user_id, job_id=job_id)
    await session.commit()
    # After the commit: a failed commit keeps the photo its rows still name.
    await asyncio.shield(storage.delete(key))
    for record in cancelled:
        await announce(context.redis, record)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
