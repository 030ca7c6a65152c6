"""A small service with one upload route, as a real service writes it, for the upload tests:
a file recorded in a table (state ``queued``) in the transaction that ``accept`` commits."""

import uuid
from collections.abc import AsyncIterator, Iterable
from contextlib import nullcontext
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import BigInteger, Column, MetaData, String, Table, Text, Uuid, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from cadence_shared.app import create_app
from cadence_shared.context import Resource
from cadence_shared.deps import SessionDep
from cadence_shared.errors import Conflict
from cadence_shared.settings import ServiceSettings, service_config
from cadence_shared.storage import Storage, StorageSettings
from cadence_shared.storage.resource import STORAGE
from cadence_shared.uploads import (
    Accepted,
    ReceivedUpload,
    UploadPolicy,
    UploadRequest,
    upload_route,
)

MIB = 1024 * 1024
SCHEMA = "uploadtest"
MAX_FILE_BYTES = 12 * MIB

metadata = MetaData(schema=SCHEMA)
FILES = Table(
    "uploaded_file",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("owner_id", Uuid, nullable=False),
    Column("storage_key", String(200), nullable=False, unique=True),
    Column("filename", Text, nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("content_type", String(200), nullable=False),
    Column("language", String(20)),
    Column("status", String(20), nullable=False),
)


class UploadSettings(ServiceSettings, StorageSettings):
    model_config = service_config("UPLOADTEST_")
    service_name: str = "uploadtest"


class FileForm(BaseModel):
    language: str | None = Field(default=None, max_length=20)
    taken_on: date | None = None
    refuse: bool = False  # the record step raises: the object must go at once


class RecordRefused(Conflict):
    code = "uploadtest_refused"
    title = "Refused"
    description = "The test route refused to record this file."


POLICY = UploadPolicy(
    accept=frozenset({"text/plain", "image/png"}), max_bytes=MAX_FILE_BYTES, form=FileForm
)
FileUploadDep = Annotated[UploadRequest[FileForm], Depends(upload_route(POLICY, scope="files"))]
router = APIRouter()


@router.post("/files", status_code=202, openapi_extra=POLICY.openapi())
async def upload_file(upload: FileUploadDep, session: SessionDep) -> JSONResponse:
    async def record(received: ReceivedUpload[FileForm]) -> Accepted:
        row = file_row(upload.owner_id, received)
        await session.execute(insert(FILES).values(**row))
        if received.form.refuse:
            raise RecordRefused()
        return Accepted({**row, "id": str(row["id"])}, f"/files/{row['id']}")

    return await upload.accept(session, record)


def file_row(owner_id: uuid.UUID, received: ReceivedUpload[FileForm]) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "owner_id": owner_id,
        "storage_key": received.stored.key,
        "filename": received.filename,
        "size": received.stored.size,
        "sha256": received.stored.sha256,
        "content_type": received.stored.content_type,
        "language": received.form.language,
        "status": "queued",
    }


def build_app(settings: UploadSettings, storage: Storage) -> FastAPI:
    """The test's storage (a local directory or an S3 bucket) stands in for STORAGE_RESOURCE."""
    storage_resource = Resource(STORAGE, lambda context: nullcontext(storage))
    return create_app(settings, routers=[router], resources=[storage_resource])


async def rows_of(engine: AsyncEngine, owner_id: uuid.UUID) -> list[dict[str, Any]]:
    async with engine.connect() as connection:
        result = await connection.execute(select(FILES).where(FILES.c.owner_id == owner_id))
        return [dict(row._mapping) for row in result]


BOUNDARY = "cadence-test-boundary-7f3a"


def part_header(name: str, *, filename: bytes | None = None, content_type: str = "") -> bytes:
    """One part's headers, written byte for byte (a hostile filename goes in raw)."""
    disposition = f'Content-Disposition: form-data; name="{name}"'.encode()
    if filename is not None:
        disposition += b'; filename="' + filename + b'"'
    lines = [f"--{BOUNDARY}".encode(), disposition]
    if content_type:
        lines.append(f"Content-Type: {content_type}".encode())
    return b"\r\n".join(lines) + b"\r\n\r\n"


def field_parts(fields: dict[str, str]) -> bytes:
    return b"".join(part_header(name) + value.encode() + b"\r\n" for name, value in fields.items())


async def multipart(
    file_chunks: Iterable[bytes] | AsyncIterator[bytes],
    *,
    filename: bytes = b"notes.txt",
    before: dict[str, str] | None = None,
    after: dict[str, str] | None = None,
    close: bool = True,
) -> AsyncIterator[bytes]:
    """A multipart body made as it is sent: fields, the file's chunks, fields, closing boundary.
    ``close=False`` stops before the closing boundary (a body cut off)."""
    yield field_parts(before or {}) + part_header("file", filename=filename)
    if isinstance(file_chunks, AsyncIterator):
        async for chunk in file_chunks:
            yield chunk
    else:
        for chunk in file_chunks:
            yield chunk
    if close:
        yield b"\r\n" + field_parts(after or {}) + f"--{BOUNDARY}--\r\n".encode()


CONTENT_TYPE = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
