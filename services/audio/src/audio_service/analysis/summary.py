"""An analysis, or the reason it failed, as the ``audio.analysis.completed.v1`` event."""

import uuid

from audio_service.analysis.schemas import AudioAnalysis
from cadence_shared.errors import DomainError
from cadence_shared.events import AudioAnalysisCompleted
from cadence_shared.time import utc_now


def completed_event(
    *,
    upload_id: uuid.UUID,
    user_id: uuid.UUID,
    track_id: uuid.UUID | None,
    outcome: AudioAnalysis | DomainError,
    apple_music_id: str | None = None,
    isrc: str | None = None,
) -> AudioAnalysisCompleted:
    ids = {
        "upload_id": upload_id,
        "user_id": user_id,
        "track_id": track_id,
        "apple_music_id": apple_music_id,
        "isrc": isrc,
    }
    if isinstance(outcome, DomainError):
        return AudioAnalysisCompleted(
            **ids,
            status="failed",
            error=outcome.detail,
            error_code=outcome.code,
            completed_at=utc_now(),
        )
    return AudioAnalysisCompleted(
        **ids,
        bpm=outcome.bpm,
        bpm_confidence=outcome.bpm_confidence,
        key=outcome.key,
        key_confidence=outcome.key_confidence,
        loudness_lufs=outcome.loudness_lufs,
        duration_s=outcome.duration_s,
        kind=outcome.kind,
        true_peak_dbfs=outcome.true_peak_dbfs,
        completed_at=utc_now(),
    )
