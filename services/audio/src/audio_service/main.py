"""The audio service: ``uvicorn audio_service.main:app``."""

from fastapi import FastAPI

from audio_service.events import bus
from audio_service.settings import Settings, get_settings
from audio_service.views import router
from cadence_shared.app import create_app
from cadence_shared.storage.resource import STORAGE_RESOURCE


def build_app(settings: Settings | None = None) -> FastAPI:
    return create_app(
        settings or get_settings(),
        routers=[router],
        bus=bus,
        resources=[STORAGE_RESOURCE],
        title="Cadence audio",
    )


app = build_app()
