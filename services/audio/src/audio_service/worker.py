"""The analysis worker: ``cadence-worker audio_service.worker:worker``.

It runs the analysis jobs (two at once per process by default in the route table) and the
service's outbox relay, so ``audio.analysis.completed.v1`` leaves even with no web replica up.
"""

from audio_service.events import bus
from audio_service.jobs import analysis_job
from audio_service.settings import Settings, get_settings
from cadence_shared.storage.resource import STORAGE_RESOURCE
from cadence_shared.worker import Worker, create_worker


def build_worker(settings: Settings | None = None) -> Worker:
    return create_worker(
        settings or get_settings(), jobs=[analysis_job], bus=bus, resources=[STORAGE_RESOURCE]
    )


worker = build_worker()
