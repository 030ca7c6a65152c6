"""HTTP routes of the audio service: parse, call service.py, commit, shape the answer."""

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response, status
from fastapi.responses import JSONResponse

from audio_service import service
from audio_service.errors import AnalysisInProgress, AudioItemNotFound, NotAnalysed
from audio_service.schemas import (
    AudioItemPatch,
    AudioItemPublic,
    SearchText,
    SimilarItem,
    Tag,
    UploadForm,
    Waveform,
)
from cadence_shared.deps import (
    ContextDep,
    CurrentPrincipal,
    PageDep,
    ReadConnectionDep,
    SessionDep,
)
from cadence_shared.errors import InvalidRange
from cadence_shared.jobs import announce
from cadence_shared.openapi import problems
from cadence_shared.pagination import Page
from cadence_shared.storage.http import object_response
from cadence_shared.storage.resource import StorageDep
from cadence_shared.uploads import (
    Accepted,
    ReceivedUpload,
    UploadPolicy,
    UploadRequest,
    accepted_response,
    upload_route,
)

router = APIRouter(prefix="/api/v1/audio", tags=["audio"])
MAX_UPLOAD_BYTES = 100 * 1024 * 1024
DAY_S = 24 * 3600  # search bounds: no recording is longer
AUDIO_UPLOAD = UploadPolicy(
    accept=service.ACCEPTED_TYPES, max_bytes=MAX_UPLOAD_BYTES, form=UploadForm
)
AudioUploadDep = Annotated[
    UploadRequest[UploadForm], Depends(upload_route(AUDIO_UPLOAD, scope="audio"))
]
SortQuery = Annotated[
    str,
    Query(
        pattern=service.SORT_PATTERN,
        description=f"One of {', '.join(service.SORT_FIELDS)}; '-' for descending",
    ),
]


NOT_FOUND = problems(AudioItemNotFound)


def _location(item_id: uuid.UUID) -> str:
    return f"{router.prefix}/{item_id}"


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=AudioItemPublic,
    summary="Upload a sample (queued for analysis)",
    openapi_extra=AUDIO_UPLOAD.openapi(),
)
async def upload_audio(
    upload: AudioUploadDep, session: SessionDep, context: ContextDep
) -> Response:
    """Streams a WAV, AIFF, FLAC, OGG or MP3 file (up to 100 MiB, judged by its bytes) into
    storage and answers 202 with the item `queued` and its `Location`; the analysis runs in a
    worker (follow it on `/api/v1/live`). The same bytes uploaded again answer the existing item.
    Retry-safe with `Idempotency-Key`. 413 `upload_too_large`, 415 `unsupported_file_type`."""
    queued: list[Any] = []

    async def record(received: ReceivedUpload[UploadForm]) -> Accepted:
        item, job = await service.add_upload(
            session, upload.storage, owner_id=upload.owner_id, upload=received
        )
        queued.append(job)
        return Accepted(service.to_public(item, job), _location(item.id))

    response = await upload.accept(session, record)
    if queued and queued[0] is not None:
        await announce(context.redis, queued[0])
    return response


@router.get("", response_model=Page[AudioItemPublic], summary="The caller's samples")
async def list_audio(
    connection: ReadConnectionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    sort: SortQuery = "-created_at",
) -> Response:
    """Every sample of the caller, newest first unless `sort` says otherwise."""
    return await service.list_items(
        connection, user_id=principal.user_id, search=service.AudioSearch(), sort=sort, page=page
    )


@router.get(
    "/search",
    response_model=Page[AudioItemPublic],
    summary="Search the caller's samples",
    responses=problems(InvalidRange),
)
async def search_audio(
    connection: ReadConnectionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    q: Annotated[SearchText | None, Query(description="In the title or the file name")] = None,
    bpm_min: Annotated[float | None, Query(ge=0, le=400)] = None,
    bpm_max: Annotated[float | None, Query(ge=0, le=400)] = None,
    key: Annotated[
        str | None, Query(pattern=r"^[A-Ga-g][#b]?$", description="The tonic: A, F#, Bb")
    ] = None,
    mode: Literal["major", "minor"] | None = None,
    min_duration: Annotated[float | None, Query(ge=0, le=DAY_S, description="Seconds")] = None,
    max_duration: Annotated[float | None, Query(ge=0, le=DAY_S, description="Seconds")] = None,
    tags: Annotated[
        str | None, Query(max_length=1100, description="Comma-separated; all must match")
    ] = None,
    kind: Literal["loop", "one-shot"] | None = None,
    sort: SortQuery = "-created_at",
) -> Response:
    """Analysed values filter the samples: a tempo range, a key and mode, a duration range,
    tags (each one must be on the sample), `loop` or `one-shot`, and text in the title."""
    search = service.AudioSearch(
        query=q,
        bpm_min=bpm_min,
        bpm_max=bpm_max,
        tonic=key,
        mode=mode,
        min_duration=min_duration,
        max_duration=max_duration,
        tags=tuple(_tags(tags)),
        kind=kind,
    )
    return await service.list_items(
        connection, user_id=principal.user_id, search=search, sort=sort, page=page
    )


def _tags(text: str | None) -> list[Tag]:
    return [tag.strip().lower() for tag in (text or "").split(",") if tag.strip()]


@router.get(
    "/{item_id}",
    summary="One sample: status, file, analysis",
    response_model=AudioItemPublic,
    responses=NOT_FOUND,
)
async def get_audio(
    item_id: uuid.UUID, connection: ReadConnectionDep, principal: CurrentPrincipal
) -> Response:
    """The sample with its state (`queued`, `processing` with percent and stage, `succeeded`
    or `failed` with a reason), what the file is, and what the analysis found."""
    return await service.show_item(connection, user_id=principal.user_id, item_id=item_id)


@router.patch("/{item_id}", summary="Rename or retag a sample", responses=NOT_FOUND)
async def patch_audio(
    item_id: uuid.UUID, patch: AudioItemPatch, session: SessionDep, principal: CurrentPrincipal
) -> AudioItemPublic:
    """Changes the title and/or the tags (the tags given replace the old ones)."""
    item = await service.update_item(
        session, user_id=principal.user_id, item_id=item_id, patch=patch
    )
    await session.commit()
    return (await service.public_items(session, [item]))[0]


@router.delete(
    "/{item_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a sample",
    responses=NOT_FOUND,
)
async def delete_audio(
    item_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    storage: StorageDep,
    context: ContextDep,
) -> Response:
    """Deletes the sample, cancels its analysis if one runs, then deletes its stored file."""
    key, cancelled = await service.delete_item(session, user_id=principal.user_id, item_id=item_id)
    await session.commit()
    await storage.delete(key)  # after the commit: a crash between leaves an orphan for the sweep
    for record in cancelled:
        await announce(context.redis, record)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{item_id}/analyze",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=AudioItemPublic,
    summary="Analyse a sample again",
    responses=problems(AudioItemNotFound, AnalysisInProgress),
)
async def reanalyse_audio(
    item_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, context: ContextDep
) -> JSONResponse:
    """Queues a new analysis (after a failure, or a newer engine); the previous results stay
    until the new ones replace them. 409 while one is queued or running."""
    item, job = await service.reanalyse(session, user_id=principal.user_id, item_id=item_id)
    await session.commit()
    await announce(context.redis, job)
    return accepted_response(service.to_public(item, job), location=_location(item.id))


@router.get(
    "/{item_id}/content",
    summary="The original file (Range requests)",
    response_class=Response,
    responses={
        200: {"content": {"audio/*": {}}},
        206: {"description": "A byte range"},
        **NOT_FOUND,
    },
)
async def audio_content(
    item_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    storage: StorageDep,
) -> Response:
    """The uploaded bytes as they were, with `Range` (206, or 416 past the end) so an `<audio>`
    element can seek, and an ETag (the sha256)."""
    item = await service.get_item(session, user_id=principal.user_id, item_id=item_id)
    return await object_response(
        storage, item.storage_key, request, filename=item.filename, inline=True
    )


@router.get(
    "/{item_id}/waveform",
    summary="Peaks for drawing the waveform",
    responses=problems(AudioItemNotFound, NotAnalysed),
)
async def audio_waveform(
    item_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    points: Annotated[int, Query(ge=1, le=4000, description="Buckets (at most 4,000)")] = 1000,
) -> Waveform:
    """The (min, max) of the signal in `points` equal buckets, from -1 to 1."""
    item = await service.get_item(session, user_id=principal.user_id, item_id=item_id)
    return service.waveform(item, points)


@router.get(
    "/{item_id}/similar",
    summary="The caller's samples nearest to this one",
    responses=problems(AudioItemNotFound, NotAnalysed),
)
async def similar_audio(
    item_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> list[SimilarItem]:
    """Nearest first by the feature vector (tempo, key on the circle of fifths, loudness,
    spectral shape, onset density, MFCC means), from a KNN index in Postgres."""
    nearest = await service.similar(
        session, user_id=principal.user_id, item_id=item_id, limit=limit
    )
    shown = await service.public_items(session, [item for item, _ in nearest])
    return [
        SimilarItem(item=item, distance=round(gap, 5))
        for item, (_, gap) in zip(shown, nearest, strict=True)
    ]
