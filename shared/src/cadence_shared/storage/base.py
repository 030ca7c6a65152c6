"""The storage interface every backend implements, and the key layout they share."""

import re
import uuid
from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from cadence_shared.storage.errors import InvalidKey

# One path segment of a key: no leading dot (so "." and ".." are impossible, and backends can keep
# their own dot-files beside objects), no separators, no control characters.
_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
MAX_KEY_LENGTH = 512
DEFAULT_CONTENT_TYPE = "application/octet-stream"


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    sha256: str  # hex digest of the whole body, computed while it streamed in
    content_type: str


@dataclass(frozen=True)
class ListedObject:
    """An object as a listing shows it: enough to judge whether it is an orphan."""

    key: str
    size: int
    modified_at: datetime  # timezone-aware, UTC


class Storage(Protocol):
    """Where uploaded files live. Every method streams: no body is ever held whole in memory.

    Keys are ``<owner-uuid>/<opaque>`` (see ``new_key``); ``delete_prefix(f"{owner}/")`` removes
    everything of one owner.
    """

    async def put(
        self,
        key: str,
        chunks: AsyncIterable[bytes],
        *,
        max_bytes: int,
        content_type: str = DEFAULT_CONTENT_TYPE,
    ) -> StoredObject:
        """Stores the body read from ``chunks`` under ``key``, replacing what was there.

        Raises ``TooLarge`` as soon as the body passes ``max_bytes``; nothing of it is left then,
        and nothing is left after any other failure or a cancellation either.
        """
        ...

    def open(
        self, key: str, *, start: int | None = None, end: int | None = None
    ) -> AsyncIterator[bytes]:
        """The body's bytes ``[start, end)`` (Python slice bounds, ``end`` exclusive), streamed.

        Raises ``ObjectNotFound`` when iterated if there is no such object. A range past the end
        is cut at the end, like a slice.
        """
        ...

    async def stat(self, key: str) -> StoredObject | None: ...

    async def exists(self, key: str) -> bool: ...

    async def delete(self, key: str) -> bool:
        """Removes the object; true if there was one."""
        ...

    async def delete_prefix(self, prefix: str) -> int:
        """Removes every object whose key starts with ``prefix``; returns how many."""
        ...

    async def delete_all_of(self, owner_id: uuid.UUID) -> int:
        """Removes every object of ``owner_id`` (keys ``<owner_id>/...``); returns how many.

        What ``auth.user.deleted.v1`` calls; uploads the owner left unfinished go too.
        """
        ...

    def list_objects(self, prefix: str = "") -> AsyncIterator[ListedObject]:
        """Every complete object whose key starts with ``prefix`` (all of them for ""), in no
        particular order. Unfinished uploads are not objects: see ``remove_incomplete``."""
        ...

    async def remove_incomplete(self, *, older_than_s: float) -> int:
        """Removes what uploads interrupted by a crash left behind (a temporary file, an open
        multipart upload) once older than ``older_than_s``; returns how many."""
        ...

    async def download_url(self, key: str, *, expires_s: int, filename: str) -> str:
        """A URL that downloads the object without a token until ``expires_s`` from now.

        The response names ``filename`` in its Content-Disposition (pass it through
        ``safe_filename`` first).
        """
        ...

    async def close(self) -> None:
        """Releases connections; the storage is not used after."""
        ...


def new_key(owner_id: uuid.UUID) -> str:
    """A fresh key for an object of ``owner_id``: nothing in it says what the file is."""
    return f"{owner_prefix(owner_id)}{uuid.uuid4().hex}"


def owner_prefix(owner_id: uuid.UUID) -> str:
    """The prefix of every key of ``owner_id``."""
    return f"{owner_id}/"


def check_key(key: str) -> str:
    """Returns ``key`` if it is a well-formed key, else raises ``InvalidKey``."""
    if len(key) > MAX_KEY_LENGTH:
        raise InvalidKey(key[:64], f"longer than {MAX_KEY_LENGTH} characters")
    for segment in key.split("/"):
        if not _SEGMENT.fullmatch(segment):
            raise InvalidKey(key, "each /-separated part must be letters, digits, '.', '_', '-'")
    return key


def check_prefix(prefix: str) -> str:
    """A prefix for ``delete_prefix``: a key, or the start of one ending in '/'; never empty."""
    check_key(prefix.removesuffix("/"))
    return prefix


def check_listing_prefix(prefix: str) -> str:
    """A prefix for ``list_objects``: one ``check_prefix`` takes, or "" for every object."""
    return check_prefix(prefix) if prefix else prefix


def clip_range(start: int | None, end: int | None, size: int) -> tuple[int, int]:
    """``[start, end)`` within a body of ``size`` bytes, as a slice would take it."""
    first = 0 if start is None else start
    last = size if end is None else end
    if first < 0 or last < 0:
        raise ValueError("byte ranges are non-negative offsets")
    first = min(first, size)
    return first, max(first, min(last, size))
