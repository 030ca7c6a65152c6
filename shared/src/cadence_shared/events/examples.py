"""One example of every event contract, built as the contract itself (so each is validated).

The event catalog (``cadence_shared.events.asyncapi``) shows them beside each payload schema; a
test fails when a contract of ``CONTRACTS`` has none.
"""

import uuid
from datetime import UTC, date, datetime

from cadence_shared.events.contracts import (
    AppleRevocationRequested,
    AudioAnalysisCompleted,
    AudioAnalysisRequested,
    Event,
    FileProcessed,
    FileUploaded,
    MailRequested,
    OcrJobCompleted,
    OcrJobRequested,
    OcrMenu,
    OcrMenuItem,
    RunCompleted,
    RunSegment,
    UserDeleted,
    UserRegistered,
)

USER = uuid.UUID("6f1c2a4e-93b1-4a57-9d0e-0c3f5b7a2d11")
AT = datetime(2026, 5, 4, 7, 30, tzinfo=UTC)
UPLOAD = uuid.UUID("0b6f0e57-5d2b-4a4c-8f0d-3c1a9e2b7f40")
TRACK = uuid.UUID("3d5e7f90-1a2b-4c3d-8e9f-a0b1c2d3e4f5")
FILE = uuid.UUID("a7c9e1f3-2b4d-4f6a-8c0e-1d3f5a7b9c2e")
PROJECT = uuid.UUID("c2e4a6b8-0d1f-4a3c-9e5b-7d9f1b3d5f7a")
JOB = uuid.UUID("e8f0a2c4-6b8d-4e0f-a2c4-6e8a0c2e4a6c")

EXAMPLES: dict[str, Event] = {
    example.type: example
    for example in (
        UserRegistered(user_id=USER, email="ada@example.com", name="Ada", registered_at=AT),
        UserDeleted(user_id=USER, deleted_at=AT),
        MailRequested(
            kind="password_reset",
            user_id=USER,
            token_id=uuid.UUID("5a7c9e1b-3d5f-4a7c-9e1b-3d5f7a9c1e3b"),
            to="ada@example.com",
        ),
        AppleRevocationRequested(
            user_id=USER, client_id="com.example.cadence", refresh_token="r.0a1b2c3d4e5f"
        ),
        RunCompleted(
            run_id=uuid.UUID("9e1b3d5f-7a9c-4e1b-8d5f-7a9c1e3b5d7f"),
            user_id=USER,
            started_at=AT,
            ended_at=datetime(2026, 5, 4, 8, 5, tzinfo=UTC),
            distance_m=5210.0,
            avg_hr=151.0,
            max_hr=178.0,
            avg_cadence=172.0,
            calories=402.0,
            segments=[
                RunSegment(
                    apple_music_id="1440833098",
                    started_at=AT,
                    ended_at=datetime(2026, 5, 4, 7, 34, tzinfo=UTC),
                    avg_hr=139.0,
                    avg_cadence=170.0,
                )
            ],
        ),
        AudioAnalysisRequested(
            upload_id=UPLOAD,
            user_id=USER,
            storage_key=f"audio/{USER}/{UPLOAD}",
            content_type="audio/wav",
            track_id=TRACK,
        ),
        AudioAnalysisCompleted(
            upload_id=UPLOAD,
            user_id=USER,
            track_id=TRACK,
            bpm=128.0,
            bpm_confidence=0.93,
            key="A minor",
            key_confidence=0.81,
            kind="loop",
            loudness_lufs=-9.4,
            true_peak_dbfs=-0.8,
            duration_s=7.5,
            completed_at=AT,
            apple_music_id="1440833098",
        ),
        FileUploaded(
            file_id=FILE,
            project_id=PROJECT,
            user_id=USER,
            storage_key=f"projects/{PROJECT}/{FILE}",
            filename="coaster.svg",
            content_type="image/svg+xml",
            size_bytes=18_204,
        ),
        FileProcessed(
            file_id=FILE,
            project_id=PROJECT,
            user_id=USER,
            metadata={"width_mm": 90.0, "height_mm": 90.0},
            preview_key=f"projects/{PROJECT}/{FILE}/preview.png",
            processed_at=AT,
        ),
        OcrJobRequested(
            job_id=JOB,
            user_id=USER,
            storage_key=f"ocr/{USER}/{JOB}",
            kind="menu",
            language="en",
        ),
        OcrJobCompleted(
            job_id=JOB,
            user_id=USER,
            kind="menu",
            target_date=date(2026, 5, 4),
            meal="lunch",
            menu=OcrMenu(
                items=[
                    OcrMenuItem(name="Chicken Caesar salad", kcal=480.0, protein_g=32.0),
                ]
            ),
            completed_at=AT,
        ),
    )
}
"""Event type -> an example of its data."""
