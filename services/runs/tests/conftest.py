import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from cadence_shared.testing.service import service_fixtures
from runs_service.main import build_app
from runs_service.settings import Settings

settings, app, client, sessions, engine = service_fixtures("runs", Settings, build_app)

RUN_START = datetime(2026, 5, 4, 7, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def run_payload() -> Callable[..., dict[str, Any]]:
    """A valid 30-minute run with two segments; keyword arguments override fields."""

    def make(start: datetime = RUN_START, **fields: Any) -> dict[str, Any]:
        def at(minutes: float) -> str:
            return (start + timedelta(minutes=minutes)).isoformat()

        run: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "started_at": at(0),
            "ended_at": at(30),
            "distance_m": 5000.0,
            "avg_hr": 150.0,
            "max_hr": 172.0,
            "avg_cadence": 170.0,
            "calories": 350.0,
            "segments": [
                {
                    "apple_music_id": "am-1",
                    "started_at": at(0),
                    "ended_at": at(4),
                    "avg_hr": 140.0,
                    "avg_cadence": 168.0,
                },
                {
                    "track_id": str(uuid.uuid4()),
                    "started_at": at(4),
                    "ended_at": at(8),
                    "avg_cadence": 172.0,
                },
            ],
        }
        run.update(fields)
        return run

    return make
