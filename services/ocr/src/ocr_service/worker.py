"""The ocr worker: ``cadence-worker ocr_service.worker:worker`` reads the queued photos.

It serves no API: it runs the OCR job (``job.py``) in its process pool, and the outbox relay, so
``ocr.job.completed.v1`` leaves even while no web replica runs.
"""

from cadence_shared.storage.resource import STORAGE_RESOURCE
from cadence_shared.worker import Worker, create_worker
from ocr_service.events import bus
from ocr_service.job import read_job
from ocr_service.settings import Settings, get_settings


def build_worker(settings: Settings) -> Worker:
    return create_worker(settings, jobs=[read_job], bus=bus, resources=[STORAGE_RESOURCE])


worker = build_worker(get_settings())
