from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from audio_service.main import build_app
from audio_service.settings import Settings
from audio_service.worker import build_worker
from cadence_shared.testing.service import service_fixtures
from cadence_shared.worker import RunningWorker

_, app, client, sessions, engine = service_fixtures("audio", Settings, build_app)


@pytest.fixture(scope="session")
def settings(  # the service's settings, with its storage and jobs for tests
    service_settings: Callable[[str], dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    return Settings(
        **service_settings("audio"),
        storage_local_dir=tmp_path_factory.mktemp("audio-storage"),
        worker_concurrency=2,
        worker_health_host="127.0.0.1",
        worker_health_port=0,
        # A stuck analysis fails loudly; a slot's first job compiles librosa's numba kernels
        # (15-40 s on a busy 2-core machine), so the limit leaves room for that.
        jobs_time_limit_s=150,
        jobs_lease_s=6,
        jobs_sweep_interval_s=0.2,
        jobs_retry_delays_s=[0.2],
        jobs_progress_interval_s=0.05,
        events_relay_poll_s=0.2,
        log_json=False,
        log_level="WARNING",
    )


@pytest.fixture(scope="session")
async def worker(settings: Settings) -> AsyncIterator[RunningWorker]:
    """The real analysis worker (its process pool included), for the whole session."""
    async with build_worker(settings).running() as running:
        yield running
        await running.stop(grace_s=5)


@pytest.fixture
def storage_dir(settings: Settings) -> Path:
    assert settings.storage_local_dir is not None
    return Path(settings.storage_local_dir)
