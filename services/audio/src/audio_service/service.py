"""Audio items as plain async functions: the session comes in, the caller commits."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from fastapi import Response
from sqlalchemy import Select, and_, bindparam, delete, func, literal, or_, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql import ColumnElement
from sqlalchemy.types import Float

from audio_service.errors import AnalysisInProgress, AudioItemNotFound, NotAnalysed
from audio_service.jobs import AnalysisInput, analysis_job, unpack_waveform
from audio_service.models import AudioItem, ItemStatus, events, jobs
from audio_service.schemas import (
    Analysis,
    AudioItemPatch,
    AudioItemPublic,
    FileInfo,
    Progress,
    UploadForm,
    Waveform,
)
from cadence_shared import fastread
from cadence_shared.db import contains, lock_until_commit, table_of
from cadence_shared.errors import InvalidRange
from cadence_shared.events import AudioAnalysisRequested
from cadence_shared.jobs import JobRecord
from cadence_shared.jobs.store import ACTIVE
from cadence_shared.pagination import PageParams
from cadence_shared.storage import Storage
from cadence_shared.time import utc_now
from cadence_shared.uploads import ReceivedUpload

item_table = table_of(AudioItem).c
job_table = jobs.table.c

# What the upload takes, as libmagic names it from the bytes (WAV/RF64/WAVEX, W64, AIFF, FLAC,
# OGG Vorbis or Opus, MP3). The engine judges the bytes again when it decodes.
ACCEPTED_TYPES = frozenset(
    {
        "audio/wav",
        "audio/x-wav",
        "audio/vnd.wave",
        "audio/x-w64",
        "audio/aiff",
        "audio/x-aiff",
        "audio/flac",
        "audio/x-flac",
        "audio/ogg",
        "application/ogg",
        "audio/mpeg",
        "audio/mp3",
    }
)
SORT_FIELDS = ("created_at", "updated_at", "title", "bpm", "duration_s", "loudness_lufs")
SORT_PATTERN = rf"^-?({'|'.join(SORT_FIELDS)})$"
# Flats and sharps as the key estimator names the tonics (C, C#, D, Eb, E, F, F#, G, Ab, A, Bb, B).
ENHARMONIC = {"DB": "C#", "D#": "Eb", "GB": "F#", "G#": "Ab", "A#": "Bb", "CB": "B", "FB": "E"}
SPELLED = {name.upper(): name for name in ("C#", "Eb", "F#", "Ab", "Bb")}


# The reads answer straight from the rows (cadence_shared.fastread), as AudioItemPublic: the
# item's columns flat and its unfinished job's state (an outer join; one job at most, see
# ``reanalyse``), nested by ``_public_row`` as ``to_public`` nests the models. The job's status
# is compared with plain values, not IN: fastread sends no expanding parameters.
FILE_FIELDS = tuple(FileInfo.model_fields)
ANALYSIS_FIELDS = tuple(Analysis.model_fields)
_COMPUTED = ("status", "progress", "file", "analysis")
_ITEM_FIELDS = [name for name in AudioItemPublic.model_fields if name not in _COMPUTED]
_JOB_STATE = {
    "job_status": job_table.status,
    "job_percent": job_table.percent,
    "job_stage": job_table.stage,
}
PUBLIC_COLUMNS = (
    *(item_table[name] for name in dict.fromkeys([*_ITEM_FIELDS, *FILE_FIELDS, *ANALYSIS_FIELDS])),
    item_table.status,
    *(column.label(name) for name, column in _JOB_STATE.items()),
)
_WITH_JOB = table_of(AudioItem).outerjoin(
    jobs.table,
    and_(
        job_table.resource_id == item_table.id,
        or_(*(job_table.status == status for status in ACTIVE)),
    ),
)
_ITEM_BY_ID = fastread.Prepared(
    select(*PUBLIC_COLUMNS)
    .select_from(_WITH_JOB)
    .where(item_table.id == bindparam("item_id"), item_table.user_id == bindparam("user_id"))
)


@dataclass(frozen=True, slots=True)
class AudioSearch:
    query: str | None = None
    bpm_min: float | None = None
    bpm_max: float | None = None
    tonic: str | None = None
    mode: str | None = None
    min_duration: float | None = None
    max_duration: float | None = None
    tags: tuple[str, ...] = ()
    kind: str | None = None


def tonic_of(key: str) -> str:
    """ "a", "A", "Bb", "a#" -> the estimator's spelling ("A", "A", "Bb", "Bb")."""
    upper = key.strip().upper()
    if upper in ENHARMONIC:
        return ENHARMONIC[upper]
    return SPELLED.get(upper, upper[:1] + upper[1:].lower())


def _file_info(item: AudioItem) -> FileInfo | None:
    if item.format is None or item.duration_s is None:
        return None
    return FileInfo.model_validate(item, from_attributes=True)


def _analysis(item: AudioItem) -> Analysis | None:
    if item.analysed_at is None:
        return None
    return Analysis.model_validate(item, from_attributes=True)


def to_public(item: AudioItem, job: JobRecord | None = None) -> AudioItemPublic:
    """The item as the API shows it; a running job's state is the item's state."""
    status, progress = item.status, None
    if job is not None and job.status in ACTIVE:
        status, progress = ItemStatus(job.status), Progress(percent=job.percent, stage=job.stage)
    return AudioItemPublic(
        id=item.id,
        title=item.title,
        tags=list(item.tags),
        filename=item.filename,
        content_type=item.content_type,
        size=item.size,
        sha256=item.sha256,
        apple_music_id=item.apple_music_id,
        isrc=item.isrc,
        status=status,
        progress=progress,
        error=item.error,
        error_code=item.error_code,
        file=_file_info(item),
        analysis=_analysis(item),
        created_at=item.created_at,
        updated_at=item.updated_at,
        analysed_at=item.analysed_at,
    )


def _public_row(row: dict[str, Any]) -> dict[str, Any]:
    """A ``PUBLIC_COLUMNS`` row in ``AudioItemPublic``'s shape and field order."""
    status, progress = row["status"], None
    if row["job_status"] is not None:
        status = row["job_status"]
        progress = {"percent": row["job_percent"], "stage": row["job_stage"]}
    has_file = row["format"] is not None and row["duration_s"] is not None
    analysed = row["analysed_at"] is not None
    computed = {
        "status": status,
        "progress": progress,
        "file": {name: row[name] for name in FILE_FIELDS} if has_file else None,
        "analysis": {name: row[name] for name in ANALYSIS_FIELDS} if analysed else None,
    }
    return {
        name: computed[name] if name in computed else row[name]
        for name in AudioItemPublic.model_fields
    }


async def active_jobs(
    session: AsyncSession, item_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, JobRecord]:
    """The unfinished job of each item that has one (one at most: see ``reanalyse``)."""
    if not item_ids:
        return {}
    rows = await session.execute(
        select(jobs.table).where(
            job_table.resource_id.in_(list(item_ids)), job_table.status.in_(ACTIVE)
        )
    )
    return {record.resource_id: record for record in map(JobRecord.from_row, rows)}


async def public_items(session: AsyncSession, items: Sequence[AudioItem]) -> list[AudioItemPublic]:
    running = await active_jobs(session, [item.id for item in items])
    return [to_public(item, running.get(item.id)) for item in items]


async def queue_analysis(session: AsyncSession, item: AudioItem) -> JobRecord:
    """The analysis job and ``audio.analysis.requested.v1``, in the caller's transaction."""
    record = await analysis_job.enqueue(
        session,
        AnalysisInput(item_id=item.id, storage_key=item.storage_key),
        resource_id=item.id,
        user_id=item.user_id,
    )
    requested = AudioAnalysisRequested(
        upload_id=item.id,
        user_id=item.user_id,
        storage_key=item.storage_key,
        content_type=item.content_type,
    )
    await events.publish(session, requested, subject=str(item.id))
    return record


async def add_upload(
    session: AsyncSession,
    storage: Storage,
    *,
    owner_id: uuid.UUID,
    upload: ReceivedUpload[UploadForm],
) -> tuple[AudioItem, JobRecord | None]:
    """A new item ``queued`` with its job; the same bytes uploaded again by the same user give
    the existing item (and the new copy is deleted). Uploads of one content by one user are
    serialised by an advisory lock held until the commit, so two at once make one item."""
    stored, form = upload.stored, upload.form
    await lock_until_commit(session, f"audio.upload:{owner_id}:{stored.sha256}")
    existing = await session.scalar(
        select(AudioItem).where(item_table.user_id == owner_id, item_table.sha256 == stored.sha256)
    )
    if existing is not None:
        await storage.delete(stored.key)
        return existing, (await active_jobs(session, [existing.id])).get(existing.id)
    now = utc_now()
    item = AudioItem(
        user_id=owner_id,
        title=form.title or upload.filename,
        tags=form.tags,
        storage_key=stored.key,
        sha256=stored.sha256,
        size=stored.size,
        content_type=stored.content_type,
        filename=upload.filename,
        apple_music_id=form.apple_music_id,
        isrc=form.isrc,
        created_at=now,
        updated_at=now,
    )
    session.add(item)
    await session.flush()
    return item, await queue_analysis(session, item)


async def show_item(
    connection: AsyncConnection, *, user_id: uuid.UUID, item_id: uuid.UUID
) -> Response:
    """One item as an ``AudioItemPublic``: what a client polls while it is analysed."""
    row = await _ITEM_BY_ID.row(
        connection, missing=AudioItemNotFound(), item_id=item_id, user_id=user_id
    )
    return fastread.respond(_public_row(row))


async def get_item(session: AsyncSession, *, user_id: uuid.UUID, item_id: uuid.UUID) -> AudioItem:
    item: AudioItem | None = await session.scalar(
        select(AudioItem).where(item_table.id == item_id, item_table.user_id == user_id)
    )
    if item is None:
        raise AudioItemNotFound()
    return item


def _sort_key(sort: str) -> ColumnElement[Any]:
    column = item_table[sort.removeprefix("-")]
    return column.desc().nulls_last() if sort.startswith("-") else column.asc().nulls_last()


def _bounded(low: float | None, high: float | None, name: str) -> None:
    if low is not None and high is not None and low > high:
        raise InvalidRange(f"{name}: the minimum is above the maximum.")


def _filtered(statement: Select[Any], search: AudioSearch) -> Select[Any]:
    _bounded(search.bpm_min, search.bpm_max, "bpm")
    _bounded(search.min_duration, search.max_duration, "duration")
    conditions: list[ColumnElement[bool]] = []
    if search.query:
        conditions.append(
            or_(
                contains(item_table.title, search.query),
                contains(item_table.filename, search.query),
            )
        )
    if search.bpm_min is not None:
        conditions.append(item_table.bpm >= search.bpm_min)
    if search.bpm_max is not None:
        conditions.append(item_table.bpm <= search.bpm_max)
    if search.tonic is not None:
        conditions.append(item_table.tonic == tonic_of(search.tonic))
    if search.mode is not None:
        conditions.append(item_table.mode == search.mode)
    if search.min_duration is not None:
        conditions.append(item_table.duration_s >= search.min_duration)
    if search.max_duration is not None:
        conditions.append(item_table.duration_s <= search.max_duration)
    if search.tags:
        conditions.append(item_table.tags.contains(list(search.tags)))
    if search.kind is not None:
        conditions.append(item_table.kind == search.kind)
    return statement.where(*conditions)


async def list_items(
    connection: AsyncConnection,
    *,
    user_id: uuid.UUID,
    search: AudioSearch,
    sort: str,
    page: PageParams,
) -> Response:
    """A page of the user's items matching ``search`` (all of them when it is empty) as a
    ``Page[AudioItemPublic]``."""
    statement = _filtered(
        select(*PUBLIC_COLUMNS).select_from(_WITH_JOB).where(item_table.user_id == user_id),
        search,
    )
    ordered = statement.order_by(_sort_key(sort), item_table.id)
    return await fastread.page(connection, ordered, page, shape=_public_row)


async def update_item(
    session: AsyncSession, *, user_id: uuid.UUID, item_id: uuid.UUID, patch: AudioItemPatch
) -> AudioItem:
    item = await get_item(session, user_id=user_id, item_id=item_id)
    if patch.title is not None:
        item.title = patch.title
    if patch.tags is not None:
        item.tags = patch.tags
    item.updated_at = utc_now()
    await session.flush()
    return item


async def delete_item(
    session: AsyncSession, *, user_id: uuid.UUID, item_id: uuid.UUID
) -> tuple[str, list[JobRecord]]:
    """Deletes the item and cancels its jobs; returns its storage key (for the caller to delete
    once committed) and the cancelled jobs (to announce)."""
    item = await get_item(session, user_id=user_id, item_id=item_id)
    cancelled = await jobs.cancel(session, resource_id=item.id)
    await session.delete(item)
    await session.flush()
    return item.storage_key, cancelled


async def reanalyse(
    session: AsyncSession, *, user_id: uuid.UUID, item_id: uuid.UUID
) -> tuple[AudioItem, JobRecord]:
    """Queues the analysis again; the previous results stay until the new ones replace them."""
    item = await get_item(session, user_id=user_id, item_id=item_id)
    await lock_until_commit(session, f"audio.analyse:{item.id}")
    if await active_jobs(session, [item.id]):
        raise AnalysisInProgress()
    item.status, item.error, item.error_code = ItemStatus.queued, None, None
    item.updated_at = utc_now()
    await session.flush()
    return item, await queue_analysis(session, item)


def waveform(item: AudioItem, points: int) -> Waveform:
    """The stored peaks (up to 4,000) merged into ``points`` buckets: min of the mins, max of
    the maxes, so a peak never disappears at a coarser zoom."""
    if item.waveform is None or item.duration_s is None:
        raise NotAnalysed()
    peaks = unpack_waveform(item.waveform)
    count = max(1, min(points, len(peaks)))
    edges = np.linspace(0, len(peaks), count + 1).astype(np.int64)[:-1]
    lows = np.minimum.reduceat(peaks[:, 0], edges)
    highs = np.maximum.reduceat(peaks[:, 1], edges)
    pairs = [(round(float(lo), 4), round(float(hi), 4)) for lo, hi in zip(lows, highs, strict=True)]
    return Waveform(points=count, duration_s=item.duration_s, peaks=pairs)


async def similar(
    session: AsyncSession, *, user_id: uuid.UUID, item_id: uuid.UUID, limit: int
) -> list[tuple[AudioItem, float]]:
    """The user's analysed items nearest to this one's feature vector: the cube GiST index
    walked in distance order (``ORDER BY cube(features) <-> cube(:target) LIMIT n``)."""
    item = await get_item(session, user_id=user_id, item_id=item_id)
    if item.features is None:
        raise NotAnalysed()
    target = func.cube(literal(item.features, ARRAY(Float)))
    distance = func.cube(item_table.features).op("<->", return_type=Float)(target)
    rows = await session.execute(
        select(AudioItem, distance.label("distance"))
        .where(
            item_table.user_id == user_id,
            item_table.id != item.id,
            item_table.features.is_not(None),
            item_table.feature_version == item.feature_version,
        )
        .order_by(distance)
        .limit(limit)
    )
    return [(found, float(gap)) for found, gap in rows.tuples()]


async def erase_user(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Every item and job of the user; their files go with ``Storage.delete_all_of``."""
    await session.execute(delete(AudioItem).where(item_table.user_id == user_id))
    await jobs.erase_user(session, user_id)
