"""The ocr service: ``uvicorn ocr_service.main:app`` (its worker: ``worker.py``)."""

from fastapi import FastAPI

from cadence_shared.app import create_app
from cadence_shared.storage.resource import STORAGE_RESOURCE
from ocr_service.context import LIMITER_RESOURCE
from ocr_service.events import bus
from ocr_service.settings import Settings, get_settings
from ocr_service.views import router

# Each tag's description, at the head of its routes in the OpenAPI document.
TAGS = {
    "ocr": (
        "Photos of menus and workout sheets read by Tesseract in a worker and parsed into items, "
        "prices and macros, or exercises, sets, reps and weights; results feed fitness drafts."
    ),
}


def build_app(settings: Settings | None = None) -> FastAPI:
    return create_app(
        settings or get_settings(),
        routers=[router],
        bus=bus,
        resources=[STORAGE_RESOURCE, LIMITER_RESOURCE],
        title="Cadence ocr",
        tags=TAGS,
    )


app = build_app()
