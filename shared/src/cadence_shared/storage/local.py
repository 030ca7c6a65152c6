"""Objects as files under one directory: for the local stack, tests and single-machine setups.

An object ``<owner>/<opaque>`` is the file ``<root>/<owner>/<opaque>``; its size, sha256 and
content type sit beside it in ``<root>/<owner>/.<opaque>.meta``. A body is written to a temporary
file in the same directory (so a rename is atomic), fsynced, and renamed into place only once it is
complete: a reader never sees half a file, and a refused or failed upload leaves nothing. Key
segments never start with a dot, so these dot-files can never be mistaken for objects, and every
path is checked to resolve inside the root (a key cannot reach outside through '..' or a symlink).

File I/O runs in worker threads, so a slow disk never stalls the event loop.
"""

import asyncio
import contextlib
import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import AsyncIterable, AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from cadence_shared.storage.base import (
    DEFAULT_CONTENT_TYPE,
    ListedObject,
    StoredObject,
    check_key,
    check_listing_prefix,
    check_prefix,
    clip_range,
    owner_prefix,
)
from cadence_shared.storage.errors import InvalidKey, ObjectNotFound, TooLarge
from cadence_shared.storage.signing import signed_download_url

READ_CHUNK_BYTES = 1024 * 1024
# A key naming nothing, a folder (an owner's), or a path through a file.
_NOT_AN_OBJECT = (FileNotFoundError, IsADirectoryError, NotADirectoryError)


class LocalStorage:
    def __init__(
        self,
        root: Path | str,
        *,
        signing_secret: bytes,
        download_base_url: str,
    ) -> None:
        """``download_base_url``: where the service serves ``signed_download_endpoint``."""
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self._signing_secret = signing_secret
        self._download_base_url = download_base_url

    def _path(self, key: str) -> Path:
        path = (self.root / check_key(key)).resolve()
        if not path.is_relative_to(self.root) or path == self.root:
            raise InvalidKey(key, "resolves outside the storage directory")
        return path

    @staticmethod
    def _meta_path(path: Path) -> Path:
        return path.with_name(f".{path.name}.meta")

    async def put(
        self,
        key: str,
        chunks: AsyncIterable[bytes],
        *,
        max_bytes: int,
        content_type: str = DEFAULT_CONTENT_TYPE,
    ) -> StoredObject:
        path = self._path(key)
        await asyncio.to_thread(path.parent.mkdir, parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
        file = await asyncio.to_thread(_create_exclusive, temporary)
        digest = hashlib.sha256()
        size = 0
        try:
            try:
                async for chunk in chunks:
                    size += len(chunk)
                    if size > max_bytes:
                        raise TooLarge(max_bytes)
                    await asyncio.to_thread(_write_and_hash, file, digest, chunk)
                await asyncio.to_thread(_sync, file)
            finally:
                await asyncio.to_thread(file.close)
            stored = StoredObject(key, size, digest.hexdigest(), content_type)
            await asyncio.to_thread(_commit, temporary, path, self._meta_path(path), stored)
        except BaseException:
            # Shielded: a cancelled upload must still remove its partial file.
            await asyncio.shield(asyncio.to_thread(temporary.unlink, missing_ok=True))
            raise
        return stored

    async def open(
        self, key: str, *, start: int | None = None, end: int | None = None
    ) -> AsyncIterator[bytes]:
        path = self._path(key)
        try:
            file = await asyncio.to_thread(path.open, "rb")
        except _NOT_AN_OBJECT:
            raise ObjectNotFound(key) from None
        try:
            size = os.fstat(file.fileno()).st_size
            first, last = clip_range(start, end, size)
            await asyncio.to_thread(file.seek, first)
            remaining = last - first
            while remaining > 0:
                chunk = await asyncio.to_thread(file.read, min(READ_CHUNK_BYTES, remaining))
                if not chunk:
                    break
                remaining -= len(chunk)
                yield chunk
        finally:
            await asyncio.to_thread(file.close)

    async def stat(self, key: str) -> StoredObject | None:
        return await asyncio.to_thread(self._read_stat, key)

    def _read_stat(self, key: str) -> StoredObject | None:
        path = self._path(key)
        try:
            size = path.stat().st_size
            meta = json.loads(self._meta_path(path).read_bytes())
        except _NOT_AN_OBJECT:
            return None
        return StoredObject(key, size, meta["sha256"], meta["content_type"])

    async def exists(self, key: str) -> bool:
        return await asyncio.to_thread(self._path(key).is_file)

    async def delete(self, key: str) -> bool:
        path = self._path(key)
        return await asyncio.to_thread(_remove_object, path, self._meta_path(path))

    async def delete_prefix(self, prefix: str) -> int:
        check_prefix(prefix)
        return await asyncio.to_thread(self._delete_prefix, prefix)

    def _delete_prefix(self, prefix: str) -> int:
        directory = self._path(prefix.removesuffix("/"))
        if prefix.endswith("/"):
            # A whole owner (or folder): every object in it, then the folder itself.
            count = sum(1 for path in directory.rglob("*") if _is_object(path))
            shutil.rmtree(directory, ignore_errors=True)
            return count
        count = 0
        for path in directory.parent.glob(f"{directory.name}*"):
            relative = path.relative_to(self.root).as_posix()
            if path.is_dir():
                count += self._delete_prefix(f"{relative}/")
            elif _is_object(path) and _remove_object(path, self._meta_path(path)):
                count += 1
        return count

    async def delete_all_of(self, owner_id: uuid.UUID) -> int:
        return await self.delete_prefix(owner_prefix(owner_id))

    async def list_objects(self, prefix: str = "") -> AsyncIterator[ListedObject]:
        check_listing_prefix(prefix)
        # One owner's folder per thread hop: a listing never holds every key of the store.
        owners = await asyncio.to_thread(_children, self.root)
        for owner in owners:
            for listed in await asyncio.to_thread(self._list_folder, owner, prefix):
                yield listed

    def _list_folder(self, folder: Path, prefix: str) -> list[ListedObject]:
        found: list[ListedObject] = []
        for path in folder.rglob("*"):
            key = path.relative_to(self.root).as_posix()
            if not key.startswith(prefix) or not _is_object(path):
                continue
            with contextlib.suppress(FileNotFoundError):  # deleted while listing
                status = path.stat()
                modified = datetime.fromtimestamp(status.st_mtime, UTC)
                found.append(ListedObject(key, status.st_size, modified))
        return found

    async def remove_incomplete(self, *, older_than_s: float) -> int:
        return await asyncio.to_thread(self._remove_temporaries, time.time() - older_than_s)

    def _remove_temporaries(self, before: float) -> int:
        # A process killed inside put leaves its ".<name>.<uuid>.tmp" (body or metadata) behind.
        count = 0
        for path in self.root.rglob(".*.tmp"):
            with contextlib.suppress(FileNotFoundError):
                if path.stat().st_mtime < before:
                    path.unlink()
                    count += 1
        return count

    async def download_url(self, key: str, *, expires_s: int, filename: str) -> str:
        self._path(key)
        return signed_download_url(
            self._download_base_url,
            key,
            filename=filename,
            expires_s=expires_s,
            secret=self._signing_secret,
        )

    async def close(self) -> None:
        return None


def _children(root: Path) -> list[Path]:
    return sorted(path for path in root.iterdir() if path.is_dir())


def _is_object(path: Path) -> bool:
    return not path.name.startswith(".") and path.is_file()


def _create_exclusive(path: Path) -> IO[bytes]:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
    return os.fdopen(descriptor, "wb")


def _write_and_hash(file: IO[bytes], digest: "hashlib._Hash", chunk: bytes) -> None:
    # Hashing here, in the worker thread, keeps the event loop free of it too.
    digest.update(chunk)
    file.write(chunk)


def _sync(file: IO[bytes]) -> None:
    file.flush()
    os.fsync(file.fileno())


def _commit(temporary: Path, path: Path, meta_path: Path, stored: StoredObject) -> None:
    """Metadata first, then the body: the object appears (the body's rename) complete."""
    meta_temporary = meta_path.with_name(f"{meta_path.name}.{uuid.uuid4().hex}.tmp")
    document = {"sha256": stored.sha256, "content_type": stored.content_type}
    try:
        with _create_exclusive(meta_temporary) as file:
            file.write(json.dumps(document).encode())
            _sync(file)
        meta_temporary.replace(meta_path)
    finally:
        meta_temporary.unlink(missing_ok=True)
    temporary.replace(path)
    _sync_directory(path.parent)


def _sync_directory(directory: Path) -> None:
    # The renames are durable only once the directory entry itself is on disk.
    descriptor = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _remove_object(path: Path, meta_path: Path) -> bool:
    try:
        path.unlink()
    except _NOT_AN_OBJECT:
        return False
    with contextlib.suppress(FileNotFoundError):
        meta_path.unlink()
    return True
