"""Objects in an S3-protocol bucket (AWS S3, MinIO, Ceph, R2, ...), through aiobotocore.

A body is sent as it streams in: below ``part_size`` as one PutObject, above it as a multipart
upload of ``part_size`` parts, so at most about one part is in memory at a time. A multipart upload
that fails, is cancelled or passes the size cap is aborted, so no orphan parts stay behind (and
billed). The sha256 is kept as the object's ``x-amz-meta-sha256``: known before a single PutObject
is sent, and set on a multipart object after completion by a server-side copy onto itself (S3's
own multipart checksums are checksums of parts, not of the whole body).
"""

import asyncio
import hashlib
import uuid
from collections.abc import AsyncIterable, AsyncIterator
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from aiobotocore.config import AioConfig
from aiobotocore.session import get_session
from botocore.exceptions import ClientError

from cadence_shared.storage.base import (
    DEFAULT_CONTENT_TYPE,
    ListedObject,
    StoredObject,
    check_key,
    check_listing_prefix,
    check_prefix,
    owner_prefix,
)
from cadence_shared.storage.errors import ObjectNotFound, TooLarge
from cadence_shared.storage.files import content_disposition

if TYPE_CHECKING:
    from types_aiobotocore_s3 import S3Client
    from types_aiobotocore_s3.type_defs import CompletedPartTypeDef, ObjectIdentifierTypeDef

MIN_PART_BYTES = 5 * 1024 * 1024  # S3's minimum for every part but the last
DEFAULT_PART_BYTES = 8 * 1024 * 1024
READ_CHUNK_BYTES = 1024 * 1024
_MISSING = frozenset({"404", "NoSuchKey", "NotFound"})


class S3Storage:
    def __init__(
        self,
        *,
        bucket: str,
        endpoint_url: str | None = None,
        region: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        part_size: int = DEFAULT_PART_BYTES,
    ) -> None:
        """Credentials left out come from the usual AWS chain (env, profile, instance role)."""
        if part_size < MIN_PART_BYTES:
            raise ValueError(f"part_size must be at least {MIN_PART_BYTES} bytes")
        self.bucket = bucket
        self.part_size = part_size
        self._client_args: dict[str, Any] = {
            "endpoint_url": endpoint_url,
            "region_name": region,
            "aws_access_key_id": access_key_id,
            "aws_secret_access_key": secret_access_key,
            # A custom endpoint (MinIO, a local server) seldom has per-bucket host names.
            "config": AioConfig(
                signature_version="s3v4",
                s3={"addressing_style": "path" if endpoint_url else "auto"},
                retries={"max_attempts": 3, "mode": "standard"},
            ),
        }
        self._exit_stack = AsyncExitStack()
        self._s3: S3Client | None = None
        self._opening = asyncio.Lock()

    async def _client(self) -> "S3Client":
        # Opened on first use and kept: a client holds the connection pool.
        if self._s3 is None:
            async with self._opening:
                if self._s3 is None:
                    creator = get_session().create_client("s3", **self._client_args)
                    self._s3 = await self._exit_stack.enter_async_context(creator)
        return self._s3

    async def close(self) -> None:
        await self._exit_stack.aclose()
        self._s3 = None

    async def __aenter__(self) -> "S3Storage":
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def ensure_bucket(self) -> None:
        """Creates the bucket if it does not exist (local servers, tests)."""
        client = await self._client()
        try:
            await client.head_bucket(Bucket=self.bucket)
        except ClientError as exc:
            if _error_code(exc) not in _MISSING:
                raise
            await client.create_bucket(Bucket=self.bucket)

    async def put(
        self,
        key: str,
        chunks: AsyncIterable[bytes],
        *,
        max_bytes: int,
        content_type: str = DEFAULT_CONTENT_TYPE,
    ) -> StoredObject:
        check_key(key)
        upload = _MultipartUpload(await self._client(), self.bucket, key, content_type)
        digest = hashlib.sha256()
        size = 0
        buffer = bytearray()
        try:
            async for chunk in chunks:
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge(max_bytes)
                digest.update(chunk)
                buffer += chunk
                if len(buffer) >= self.part_size:
                    await upload.send_part(_take(buffer))
            stored = StoredObject(key, size, digest.hexdigest(), content_type)
            if upload.started:
                await upload.finish(_take(buffer), stored.sha256)
            else:
                await self._put_whole(stored, _take(buffer))
        except BaseException:
            await asyncio.shield(upload.abort())
            raise
        return stored

    async def _put_whole(self, stored: StoredObject, body: bytes) -> None:
        client = await self._client()
        await client.put_object(
            Bucket=self.bucket,
            Key=stored.key,
            Body=body,
            ContentType=stored.content_type,
            Metadata={"sha256": stored.sha256},
        )

    async def open(
        self, key: str, *, start: int | None = None, end: int | None = None
    ) -> AsyncIterator[bytes]:
        check_key(key)
        byte_range = _range_header(start, end)
        if byte_range == "":
            return
        client = await self._client()
        arguments: dict[str, Any] = {"Bucket": self.bucket, "Key": key}
        if byte_range:
            arguments["Range"] = byte_range
        try:
            response = await client.get_object(**arguments)
        except ClientError as exc:
            if _error_code(exc) in _MISSING:
                raise ObjectNotFound(key) from None
            if _error_code(exc) == "InvalidRange":  # starts past the end: an empty slice
                return
            raise
        async with response["Body"] as body:
            async for chunk in body.iter_chunks(READ_CHUNK_BYTES):
                yield chunk

    async def stat(self, key: str) -> StoredObject | None:
        check_key(key)
        client = await self._client()
        try:
            head = await client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if _error_code(exc) in _MISSING:
                return None
            raise
        return StoredObject(
            key=key,
            size=head["ContentLength"],
            sha256=head["Metadata"].get("sha256", ""),
            content_type=head.get("ContentType", DEFAULT_CONTENT_TYPE),
        )

    async def exists(self, key: str) -> bool:
        return await self.stat(key) is not None

    async def delete(self, key: str) -> bool:
        if not await self.exists(key):
            return False
        client = await self._client()
        await client.delete_object(Bucket=self.bucket, Key=key)
        return True

    async def delete_prefix(self, prefix: str) -> int:
        check_prefix(prefix)
        client = await self._client()
        count = 0
        pages = client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
        async for page in pages:
            keys: list[ObjectIdentifierTypeDef] = [
                {"Key": item["Key"]} for item in page.get("Contents", [])
            ]
            if keys:  # a page holds at most 1000 keys, DeleteObjects' limit
                await client.delete_objects(
                    Bucket=self.bucket, Delete={"Objects": keys, "Quiet": True}
                )
                count += len(keys)
        await self._abort_uploads_under(prefix)
        return count

    async def _abort_uploads_under(self, prefix: str, *, before: datetime | None = None) -> int:
        # Uploads a crashed process left open would otherwise keep their parts (stored, billed).
        client = await self._client()
        count = 0
        pages = client.get_paginator("list_multipart_uploads").paginate(
            Bucket=self.bucket, Prefix=prefix
        )
        async for page in pages:
            for pending in page.get("Uploads", []):
                if before is not None and pending["Initiated"] >= before:
                    continue
                await client.abort_multipart_upload(
                    Bucket=self.bucket, Key=pending["Key"], UploadId=pending["UploadId"]
                )
                count += 1
        return count

    async def delete_all_of(self, owner_id: uuid.UUID) -> int:
        return await self.delete_prefix(owner_prefix(owner_id))

    async def list_objects(self, prefix: str = "") -> AsyncIterator[ListedObject]:
        check_listing_prefix(prefix)
        client = await self._client()
        pages = client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
        async for page in pages:
            for item in page.get("Contents", []):
                yield ListedObject(item["Key"], item["Size"], item["LastModified"])

    async def remove_incomplete(self, *, older_than_s: float) -> int:
        before = datetime.now(UTC) - timedelta(seconds=older_than_s)
        return await self._abort_uploads_under("", before=before)

    async def download_url(self, key: str, *, expires_s: int, filename: str) -> str:
        check_key(key)
        client = await self._client()
        return await client.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.bucket,
                "Key": key,
                "ResponseContentDisposition": content_disposition(filename),
            },
            ExpiresIn=expires_s,
        )


class _MultipartUpload:
    """One multipart upload, started by its first part; ``abort`` is safe to call at any point."""

    def __init__(self, client: "S3Client", bucket: str, key: str, content_type: str) -> None:
        self._client, self._bucket, self._key = client, bucket, key
        self._content_type = content_type
        self._upload_id: str | None = None
        self._parts: list[CompletedPartTypeDef] = []
        self._done = False

    @property
    def started(self) -> bool:
        return self._upload_id is not None

    async def send_part(self, body: bytes) -> None:
        if self._upload_id is None:
            created = await self._client.create_multipart_upload(
                Bucket=self._bucket, Key=self._key, ContentType=self._content_type
            )
            self._upload_id = created["UploadId"]
        number = len(self._parts) + 1
        sent = await self._client.upload_part(
            Bucket=self._bucket,
            Key=self._key,
            UploadId=self._upload_id,
            PartNumber=number,
            Body=body,
        )
        self._parts.append({"PartNumber": number, "ETag": sent["ETag"]})

    async def finish(self, last_part: bytes, sha256: str) -> None:
        if last_part:
            await self.send_part(last_part)
        if self._upload_id is None:
            raise RuntimeError("finish() before any part was sent")
        await self._client.complete_multipart_upload(
            Bucket=self._bucket,
            Key=self._key,
            UploadId=self._upload_id,
            MultipartUpload={"Parts": self._parts},
        )
        self._done = True
        try:
            # Metadata can only be replaced by a copy; server-side, up to S3's 5 GiB copy limit.
            await self._client.copy_object(
                Bucket=self._bucket,
                Key=self._key,
                CopySource={"Bucket": self._bucket, "Key": self._key},
                MetadataDirective="REPLACE",
                ContentType=self._content_type,
                Metadata={"sha256": sha256},
            )
        except BaseException:
            # No object without its sha256: the put failed as a whole.
            await asyncio.shield(self._client.delete_object(Bucket=self._bucket, Key=self._key))
            raise

    async def abort(self) -> None:
        if self._upload_id is not None and not self._done:
            await self._client.abort_multipart_upload(
                Bucket=self._bucket, Key=self._key, UploadId=self._upload_id
            )


def _take(buffer: bytearray) -> bytes:
    """The buffer's bytes, emptying it first: the part is held once, not twice, while it is
    sent (the HTTP layer makes one more copy of its own)."""
    part = bytes(buffer)
    buffer.clear()
    return part


def _error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def _range_header(start: int | None, end: int | None) -> str | None:
    """The Range header of ``[start, end)``: None for the whole body, "" for an empty slice."""
    if start is None and end is None:
        return None
    first = start or 0
    if first < 0 or (end is not None and end < 0):
        raise ValueError("byte ranges are non-negative offsets")
    if end is None:
        return f"bytes={first}-"
    return f"bytes={first}-{end - 1}" if end > first else ""
