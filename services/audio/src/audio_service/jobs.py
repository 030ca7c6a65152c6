"""The analysis job: the work (in a worker's process pool) and what its outcome writes.

The work calls the engine (``analysis.analyse_file``) on the fetched upload and reports its
stages as progress. Its output, stored as the job's result, is the analysis without bulk: the
waveform travels as 8 KB of signed bytes (base64) and lands in the item's ``waveform`` column.
A file that cannot be analysed raises the engine's permanent domain error (``audio_corrupt``,
``audio_silent``, ...): the job fails at once with the error's words, and the worker goes on.
"""

import base64
import tempfile
import uuid
from pathlib import Path

import numpy as np
import soundfile
from pydantic import Base64Bytes, BaseModel
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from audio_service.analysis import AudioAnalysis, analyse_file
from audio_service.analysis.summary import completed_event
from audio_service.models import AudioItem, ItemStatus, events, jobs
from cadence_shared.context import ServiceContext
from cadence_shared.db import table_of
from cadence_shared.events import AudioAnalysisCompleted
from cadence_shared.jobs import JobRecord, Progress, object_to
from cadence_shared.jobs.fetch import INPUT_FILE
from cadence_shared.storage.resource import STORAGE
from cadence_shared.time import utc_now

item_table = table_of(AudioItem)
WAVEFORM_SCALE = 127


class AnalysisInput(BaseModel):
    item_id: uuid.UUID
    storage_key: str


class AnalysisOutcome(BaseModel):
    """An ``AudioAnalysis`` with its waveform packed (see ``pack_waveform``)."""

    analysis: dict[str, object]
    waveform: Base64Bytes

    def unpacked(self) -> AudioAnalysis:
        return AudioAnalysis.model_validate({**self.analysis, "waveform": []})


def pack_waveform(peaks: list[tuple[float, float]]) -> bytes:
    """(min, max) pairs as interleaved signed bytes: 1/127 of full scale is below a pixel."""
    values = np.clip(np.round(np.asarray(peaks, dtype=np.float64) * WAVEFORM_SCALE), -127, 127)
    return values.astype(np.int8).tobytes()


def unpack_waveform(packed: bytes) -> np.ndarray:
    """The (n, 2) array of (min, max) that ``pack_waveform`` packed."""
    return np.frombuffer(packed, dtype=np.int8).reshape(-1, 2).astype(np.float64) / WAVEFORM_SCALE


WARM_UP_SECONDS = 4
WARM_UP_RATE = 22_050


def warm_up() -> None:
    """Run once in the worker's fork server: analysing a short click track there compiles
    librosa's numba kernels once, where each work process would otherwise compile them on its
    first file (15 to 40 s per process on this machine)."""
    clicks = np.zeros(WARM_UP_SECONDS * WARM_UP_RATE, dtype=np.float32)
    clicks[:: WARM_UP_RATE // 2] = 0.5  # 120 BPM
    with tempfile.TemporaryDirectory(prefix="audio-warm-up-") as folder:
        path = Path(folder) / "clicks.wav"
        soundfile.write(path, clicks, WARM_UP_RATE)
        analyse_file(path)


def analyse(input: AnalysisInput, workdir: Path, progress: Progress) -> AnalysisOutcome:
    """Runs in a process of the worker's pool: CPU-bound, no event loop, no database."""

    def report(stage: str, fraction: float) -> None:
        progress(min(99, int(fraction * 100)), stage)

    analysis = analyse_file(workdir / INPUT_FILE, report)
    return AnalysisOutcome(
        analysis=analysis.model_dump(mode="json", exclude={"waveform"}),
        waveform=base64.b64encode(pack_waveform(analysis.waveform)),
    )


def _analysis_columns(analysis: AudioAnalysis) -> dict[str, object]:
    fields = analysis.model_dump(exclude={"waveform"})
    return {name: fields[name] for name in fields if name in item_table.c}


async def record_analysis(
    context: ServiceContext, session: AsyncSession, record: JobRecord, output: AnalysisOutcome
) -> None:
    """The analysis onto the item and ``audio.analysis.completed.v1``, in the job's commit."""
    analysis = output.unpacked()
    item = await session.scalar(
        update(AudioItem)
        .where(item_table.c.id == record.resource_id)
        .values(
            **_analysis_columns(analysis),
            waveform=output.waveform,
            status=ItemStatus.succeeded,
            error=None,
            error_code=None,
            analysed_at=utc_now(),
            updated_at=utc_now(),
        )
        .returning(AudioItem)
    )
    if item is None:
        return  # the item was deleted while it was analysed: nothing to tell
    event = completed_event(
        upload_id=item.id,
        user_id=item.user_id,
        track_id=None,
        outcome=analysis,
        apple_music_id=item.apple_music_id,
        isrc=item.isrc,
    )
    await events.publish(session, event, subject=str(item.id))


async def record_failure(context: ServiceContext, session: AsyncSession, record: JobRecord) -> None:
    """The reason onto the item and ``audio.analysis.completed.v1`` (failed), in the commit."""
    item = await session.scalar(
        update(AudioItem)
        .where(item_table.c.id == record.resource_id)
        .values(
            status=ItemStatus.failed,
            error=record.error,
            error_code=record.error_code,
            updated_at=utc_now(),
        )
        .returning(AudioItem)
    )
    if item is None:
        return
    event = AudioAnalysisCompleted(
        upload_id=item.id,
        user_id=item.user_id,
        apple_music_id=item.apple_music_id,
        isrc=item.isrc,
        status="failed",
        error=record.error,
        error_code=record.error_code,
        completed_at=utc_now(),
    )
    await events.publish(session, event, subject=str(item.id))


analysis_job = jobs.define(
    "analysis",
    resource="audio.item",
    input=AnalysisInput,
    output=AnalysisOutcome,
    work=analyse,
    fetch=object_to(STORAGE, lambda given: given.storage_key),
    on_succeeded=record_analysis,
    on_failed=record_failure,
    warm_up=warm_up,
)
