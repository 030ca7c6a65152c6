"""A multipart upload streamed straight into storage, judged on the way.

``receive_upload`` reads the body as it arrives (``FileParts``), sniffs the file's type from its
first bytes before anything is stored (415 then), hands the rest to ``Storage.put`` with the
route's cap (413 as soon as the body passes it; ``put`` removes what it wrote), and returns the
stored object (size and sha256 computed while it streamed), the original name made safe, and the
other form fields validated into the route's model. On any failure nothing is left in storage:
not after a refusal, not after a client that went away halfway, not after invalid fields.
"""

import asyncio
import hashlib
import json
import uuid
from collections.abc import AsyncIterator
from contextlib import aclosing
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.requests import Request

from cadence_shared.storage import (
    SNIFF_BYTES,
    Storage,
    StoredObject,
    TooLarge,
    new_key,
    require_content_type,
    safe_filename,
    sniff_content_type,
)
from cadence_shared.uploads.errors import UploadEmpty
from cadence_shared.uploads.multipart import FileParts, FormLimits, boundary_of

F = TypeVar("F", bound=BaseModel)


class NoFields(BaseModel):
    """The form of an upload that takes nothing beside the file."""


@dataclass(frozen=True)
class UploadPolicy(Generic[F]):
    """What one upload route takes.

    ``accept``: media types judged from the bytes (``audio/*`` takes every audio type);
    ``max_bytes``: the file's cap; ``form``: the model the other fields are validated into.
    """

    accept: frozenset[str]
    max_bytes: int
    form: type[F]
    limits: FormLimits = field(default_factory=FormLimits)

    def __post_init__(self) -> None:
        if self.max_bytes <= 0 or not self.accept:
            raise ValueError("an upload policy needs a positive max_bytes and accepted types")

    def openapi(self) -> dict[str, Any]:
        """``openapi_extra`` for the route: the body a client sends, for the docs page."""
        fields = self.form.model_json_schema()
        properties = {
            self.limits.file_field: {"type": "string", "format": "binary"},
            **fields.get("properties", {}),
        }
        required = [self.limits.file_field, *fields.get("required", [])]
        schema = {"type": "object", "properties": properties, "required": required}
        if "$defs" in fields:
            schema["$defs"] = fields["$defs"]
        content = {"multipart/form-data": {"schema": schema}}
        return {"requestBody": {"required": True, "content": content}}


@dataclass(frozen=True)
class ReceivedUpload(Generic[F]):
    stored: StoredObject  # key, size, sha256 and the sniffed content type
    filename: str  # the client's name through safe_filename: keep it as metadata only
    form: F
    # Covers the file's bytes (its sha256), its name and every field: what Idempotency-Key
    # compares. Independent of the multipart boundary, which a client may change on a retry.
    fingerprint: str


def upload_fingerprint(fields: dict[str, list[str]], filename: str, sha256: str) -> str:
    canonical = json.dumps(
        {"fields": fields, "filename": filename, "sha256": sha256},
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _declared_length_fits(request: Request, policy: UploadPolicy[Any]) -> None:
    # A body announced larger than the file and fields can be is refused before a byte is read.
    declared = request.headers.get("content-length", "")
    overhead = policy.limits.max_form_bytes + 64 * 1024  # boundaries and part headers
    if declared.isdigit() and int(declared) > policy.max_bytes + overhead:
        raise TooLarge(policy.max_bytes)


async def _head(chunks: AsyncIterator[bytes], size: int) -> bytes:
    """At least ``size`` bytes from ``chunks``, or all there are."""
    head = bytearray()
    async for chunk in chunks:
        head += chunk
        if len(head) >= size:
            break
    return bytes(head)


async def _then(head: bytes, rest: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    if head:
        yield head
    async for chunk in rest:
        yield chunk


def _form(parts: FileParts, model: type[F]) -> F:
    values = {name: found[0] if len(found) == 1 else found for name, found in parts.fields.items()}
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**error, "loc": ("body", *error["loc"])} for error in exc.errors()]
        ) from None


async def receive_upload(
    request: Request,
    storage: Storage,
    *,
    owner_id: uuid.UUID,
    policy: UploadPolicy[F],
    key: str | None = None,
) -> ReceivedUpload[F]:
    """Streams the request's file into ``storage`` under ``key`` (a fresh ``new_key(owner_id)``
    by default) and returns it with its fields; raises a domain error, leaving nothing stored,
    when the body is refused or breaks off."""
    parts = FileParts(request, boundary_of(request), policy.limits)
    _declared_length_fits(request, policy)
    async with aclosing(parts.file_chunks()) as chunks:
        head = await _head(chunks, SNIFF_BYTES)
        if not head:  # the whole body was read: the file part was there, and empty
            raise UploadEmpty()
        content_type = require_content_type(sniff_content_type(head), policy.accept)
        stored = await storage.put(
            key or new_key(owner_id),
            _then(head, chunks),
            max_bytes=policy.max_bytes,
            content_type=content_type,
        )
    try:
        form = _form(parts, policy.form)
    except BaseException:
        await asyncio.shield(storage.delete(stored.key))
        raise
    filename = safe_filename(parts.filename or "")
    return ReceivedUpload(
        stored, filename, form, upload_fingerprint(parts.fields, filename, stored.sha256)
    )


async def fingerprint_upload(request: Request, policy: UploadPolicy[Any]) -> str:
    """The fingerprint ``receive_upload`` would give this request, reading the body through a
    hash only: nothing is stored, nothing is held (a retry compared to a stored response)."""
    parts = FileParts(request, boundary_of(request), policy.limits)
    _declared_length_fits(request, policy)
    digest = hashlib.sha256()
    size = 0
    async with aclosing(parts.file_chunks()) as chunks:
        async for chunk in chunks:
            size += len(chunk)
            if size > policy.max_bytes:
                raise TooLarge(policy.max_bytes)
            digest.update(chunk)
    filename = safe_filename(parts.filename or "")
    return upload_fingerprint(parts.fields, filename, digest.hexdigest())
