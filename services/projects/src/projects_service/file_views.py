"""HTTP routes of a project's design files: parse, call files.py, commit, shape the answer.

Uploads stream into storage (``cadence_shared.uploads``) and answer 202 with the file
``queued``; a worker processes it (processing.py) and its progress is pushed on the live
channel (``/api/v1/live``, resource ``projects.file``)."""

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status
from fastapi.responses import StreamingResponse

from cadence_shared.deps import (
    ContextDep,
    CurrentPrincipal,
    PageDep,
    ReadConnectionDep,
    SessionDep,
)
from cadence_shared.jobs import JobRecord, announce
from cadence_shared.openapi import problems
from cadence_shared.pagination import Page
from cadence_shared.storage import Storage, content_disposition
from cadence_shared.storage.http import object_response
from cadence_shared.storage.resource import StorageDep
from cadence_shared.uploads import (
    Accepted,
    NoFields,
    ReceivedUpload,
    UploadPolicy,
    UploadRequest,
    accepted_response,
    upload_route,
)
from projects_service import files, service
from projects_service.designs import DesignKind, design_gcode
from projects_service.errors import (
    DesignFileFailed,
    DesignFileNotFound,
    DesignFileNotReady,
    DesignNotVector,
    ProjectNotFound,
)
from projects_service.models import DesignFile
from projects_service.schemas import DesignFilePublic
from projects_service.settings import DESIGN_MAX_BYTES

router = APIRouter(prefix="/api/v1/projects", tags=["design-files"])

# libmagic names SVG image/svg+xml, or text/plain (after a byte-order mark) or application/xml
# (its <svg> after 8 KiB of comments), and DXF image/vnd.dxf or text/plain (no HEADER section):
# the text types pass here, and files.add_file refuses text that is neither from its first bytes.
DESIGN_UPLOAD = UploadPolicy(
    accept=frozenset(
        {
            "image/svg+xml",
            "image/png",
            "image/jpeg",
            "image/vnd.dxf",
            "text/plain",
            "text/xml",
            "application/xml",
        }
    ),
    max_bytes=DESIGN_MAX_BYTES,
    form=NoFields,
)
DesignUploadDep = Annotated[
    UploadRequest[NoFields], Depends(upload_route(DESIGN_UPLOAD, scope="project-files"))
]
FileId = Annotated[uuid.UUID, "the design file's id"]
GCODE_CHUNK_LINES = 2000
NOT_FOUND = problems(ProjectNotFound, DesignFileNotFound)
NOT_READY = problems(DesignFileNotReady, DesignFileFailed)


def _location(file: DesignFile) -> str:
    return f"{router.prefix}/{file.project_id}/files/{file.id}"


def _queued(file: DesignFile) -> DesignFilePublic:
    return files.to_public(file, files.JobState("queued", 0, None))


async def _announce(context: ContextDep, records: list[JobRecord]) -> None:
    for record in records:
        await announce(context.redis, record)


@router.post(
    "/{project_id}/files",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DesignFilePublic,
    summary="Upload a design file",
    openapi_extra=DESIGN_UPLOAD.openapi(),
    responses={
        **NOT_FOUND,
        403: {"description": "The guest role cannot upload (project_guest_forbidden)"},
        413: {"description": "The file is over 25 MiB (upload_too_large)"},
        415: {"description": "Not an SVG, DXF, PNG or JPEG, judged from the bytes"},
    },
)
async def upload_file(
    project_id: uuid.UUID,
    upload: DesignUploadDep,
    session: SessionDep,
    principal: CurrentPrincipal,
    context: ContextDep,
) -> Response:
    """Uploads an SVG, DXF, PNG or JPEG file (multipart, field ``file``, up to 25 MiB) to the
    caller's project: 202 with the file ``queued`` and its ``Location``; a worker processes it.
    The type is judged from the bytes; whether they match the name's extension is checked by
    the processing (a mismatch ends the file ``failed``). Safe to retry with an
    ``Idempotency-Key``."""
    await files.project_for_upload(session, principal=principal, project_id=project_id)
    await session.commit()  # no pooled connection held while the file streams in
    queued: list[JobRecord] = []

    async def record(received: ReceivedUpload[NoFields]) -> Accepted:
        project = await files.project_for_upload(
            session, principal=principal, project_id=project_id
        )
        file, job = await files.add_file(
            session, upload.storage, project=project, received=received
        )
        queued.append(job)
        return Accepted(_queued(file), _location(file))

    response = await upload.accept(session, record)
    await _announce(context, queued)
    return response


@router.get(
    "/{project_id}/files",
    summary="List a project's design files",
    response_model=Page[DesignFilePublic],
    responses=NOT_FOUND,
)
async def list_files(
    project_id: uuid.UUID, connection: ReadConnectionDep, principal: CurrentPrincipal, page: PageDep
) -> Response:
    """The project's files, newest first, each with its status (and progress while it is
    processed)."""
    return await files.list_files(connection, principal=principal, project_id=project_id, page=page)


@router.get(
    "/{project_id}/files/{file_id}",
    summary="Read a design file",
    response_model=DesignFilePublic,
    responses=NOT_FOUND,
)
async def get_file(
    project_id: uuid.UUID,
    file_id: FileId,
    connection: ReadConnectionDep,
    principal: CurrentPrincipal,
) -> Response:
    """The file: status (``queued``, ``processing``, ``ready``, ``failed``), progress,
    metadata, time estimate and error."""
    return await files.show_file(
        connection, principal=principal, project_id=project_id, file_id=file_id
    )


@router.get(
    "/{project_id}/files/{file_id}/content",
    summary="Download the original file",
    response_class=Response,
    responses={**NOT_FOUND, 206: {"description": "The range asked for"}},
)
async def get_content(
    project_id: uuid.UUID,
    file_id: FileId,
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    storage: StorageDep,
) -> Response:
    """The uploaded bytes as they were, streamed, with ``Range`` (206) and ``ETag`` (its
    sha256)."""
    _, file = await files.read_file(
        session, principal=principal, project_id=project_id, file_id=file_id
    )
    await session.commit()
    return await object_response(storage, file.storage_key, request, filename=file.filename)


@router.get(
    "/{project_id}/files/{file_id}/preview",
    summary="Download the file's preview",
    response_class=Response,
    responses={**NOT_FOUND, **NOT_READY, 200: {"content": {"image/png": {}}}},
)
async def get_preview(
    project_id: uuid.UUID,
    file_id: FileId,
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    storage: StorageDep,
) -> Response:
    """A PNG of the design, 512 px on its long side: vectors drawn from the paths the G-code
    follows, images as the laser sees them (gray). 409 until the file is ``ready``."""
    _, file = await files.read_file(
        session, principal=principal, project_id=project_id, file_id=file_id
    )
    files.require_ready(file)
    await session.commit()
    name = f"{PurePosixPath(file.filename).stem}.preview.png"
    key = file.preview_key or service.preview_key_of(file.storage_key)
    return await object_response(storage, key, request, filename=name, inline=True)


async def _original(storage: Storage, key: str) -> bytes:
    body = bytearray()
    async for chunk in storage.open(key):
        body += chunk
    return bytes(body)


def _chunked(lines: Iterator[str]) -> Iterator[str]:
    """Lines in chunks: the response's iterator hops to a thread per item."""
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= GCODE_CHUNK_LINES:
            yield "\n".join(batch) + "\n"
            batch.clear()
    if batch:
        yield "\n".join(batch) + "\n"


@router.get(
    "/{project_id}/files/{file_id}/gcode",
    summary="Download the file's G-code",
    response_class=StreamingResponse,
    responses={
        **NOT_FOUND,
        **NOT_READY,
        200: {"content": {"text/x-gcode": {}}},
        **problems(DesignNotVector),
    },
)
async def get_gcode(
    project_id: uuid.UUID,
    file_id: FileId,
    session: SessionDep,
    principal: CurrentPrincipal,
    storage: StorageDep,
) -> StreamingResponse:
    """GRBL 1.1 laser-mode G-code of a vector file (SVG, DXF) with the project's current
    settings: ``M4`` dynamic power, ``S`` from the power % and ``$30``, ``F`` the speed, one
    block per pass, origin at the design's lower-left corner. Streamed."""
    project, file = await files.read_file(
        session, principal=principal, project_id=project_id, file_id=file_id
    )
    files.require_ready(file)
    if not DesignKind(file.kind).is_vector:
        raise DesignNotVector()
    settings = service.processing_settings(project)
    await session.commit()
    data = await _original(storage, file.storage_key)
    lines = await asyncio.to_thread(design_gcode, data, file.filename, settings)
    name = f"{PurePosixPath(file.filename).stem}.gcode"
    return StreamingResponse(
        _chunked(lines),
        media_type="text/x-gcode",
        headers={"Content-Disposition": content_disposition(name)},
    )


@router.delete(
    "/{project_id}/files/{file_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a design file",
    responses=NOT_FOUND,
)
async def delete_file(
    project_id: uuid.UUID,
    file_id: FileId,
    session: SessionDep,
    principal: CurrentPrincipal,
    storage: StorageDep,
    context: ContextDep,
) -> Response:
    """Deletes the file, its stored original and preview, and cancels its processing."""
    keys, cancelled = await files.delete_file(
        session, user_id=principal.user_id, project_id=project_id, file_id=file_id
    )
    await session.commit()
    await files.delete_objects(storage, keys)
    await _announce(context, cancelled)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{project_id}/files/{file_id}/reprocess",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DesignFilePublic,
    summary="Process a design file again",
    responses=NOT_FOUND,
)
async def reprocess_file(
    project_id: uuid.UUID,
    file_id: FileId,
    session: SessionDep,
    principal: CurrentPrincipal,
    context: ContextDep,
) -> Response:
    """Processes the file again with the project's current settings (after they changed): 202
    with the file ``queued``; an unfinished processing of it is cancelled."""
    file, job = await files.reprocess_file(
        session, user_id=principal.user_id, project_id=project_id, file_id=file_id
    )
    await session.commit()
    await _announce(context, [job])
    return accepted_response(_queued(file), location=_location(file))
