"""The orphan sweep: objects in storage that no row records.

An upload refused or broken off is removed at once (``receive_upload``, ``Storage.put``), and so
is one whose ``record`` step raised (``UploadRequest.accept``). What that cannot cover is a
process that dies between ``put`` and the commit of its record (killed, out of memory, the
machine lost), or a commit whose outcome is unknown: the object is stored, no row names it. The
sweep finds those: every object older than a grace period (longer than any put-to-commit gap) whose
key no row records is deleted, and what crashed puts left unfinished (a temporary file, an open
multipart upload) goes too. A service runs it on a schedule (``sweep_orphans`` in a periodic job
of its worker, or from a CLI).
"""

from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncEngine

from cadence_shared.storage import Storage

RecordedKeys = Callable[[Sequence[str]], Awaitable[Collection[str]]]
DEFAULT_GRACE_S = 3600.0
BATCH = 500


@dataclass(frozen=True)
class SweepReport:
    examined: int  # objects old enough to judge
    deleted: list[str]  # keys of the orphans removed
    too_recent: int  # objects younger than the grace period, left alone
    incomplete_removed: int  # unfinished uploads removed


def recorded_in(engine: AsyncEngine, column: ColumnElement[str]) -> RecordedKeys:
    """``recorded`` for a table whose ``column`` holds storage keys (one query per batch)."""

    async def recorded(keys: Sequence[str]) -> Collection[str]:
        async with engine.connect() as connection:
            return set(await connection.scalars(select(column).where(column.in_(keys))))

    return recorded


async def _delete_unrecorded(
    storage: Storage, keys: list[str], recorded: RecordedKeys
) -> list[str]:
    known = set(await recorded(keys))
    orphans = [key for key in keys if key not in known]
    for key in orphans:
        await storage.delete(key)
    return orphans


async def sweep_orphans(
    storage: Storage,
    *,
    recorded: RecordedKeys,
    grace_s: float = DEFAULT_GRACE_S,
    prefix: str = "",
) -> SweepReport:
    """Deletes every object under ``prefix`` older than ``grace_s`` that ``recorded`` does not
    name, and unfinished uploads older than ``grace_s``."""
    cutoff = datetime.now(UTC) - timedelta(seconds=grace_s)
    batch: list[str] = []
    deleted: list[str] = []
    examined = too_recent = 0
    async for listed in storage.list_objects(prefix):
        if listed.modified_at > cutoff:
            too_recent += 1
            continue
        examined += 1
        batch.append(listed.key)
        if len(batch) >= BATCH:
            deleted += await _delete_unrecorded(storage, batch, recorded)
            batch = []
    if batch:
        deleted += await _delete_unrecorded(storage, batch, recorded)
    incomplete = await storage.remove_incomplete(older_than_s=grace_s)
    return SweepReport(examined, deleted, too_recent, incomplete)
