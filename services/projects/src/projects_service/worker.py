"""The projects worker: processes uploaded design files.

``cadence-worker projects_service.worker:worker --concurrency 2 --health-port 8206``; it runs
the service's outbox relay too, so ``projects.file.processed.v1`` leaves even while no web
replica is up."""

from cadence_shared.storage.resource import STORAGE_RESOURCE
from cadence_shared.worker import Worker, create_worker
from projects_service.events import bus
from projects_service.processing import process_file_job
from projects_service.settings import Settings, get_settings


def build_worker(settings: Settings | None = None) -> Worker:
    return create_worker(
        settings or get_settings(),
        jobs=[process_file_job],
        bus=bus,
        resources=[STORAGE_RESOURCE],
    )


worker = build_worker()
