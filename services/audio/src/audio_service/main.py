"""The audio service: ``uvicorn audio_service.main:app``."""

from fastapi import FastAPI

from audio_service.events import bus
from audio_service.settings import Settings, get_settings
from audio_service.views import router
from cadence_shared.app import create_app
from cadence_shared.storage.resource import STORAGE_RESOURCE

# Each tag's description, at the head of its routes in the OpenAPI document.
TAGS = {
    "audio": (
        "A producer's recordings (WAV, FLAC, MP3, OGG, AIFF): analysed by a worker for tempo, "
        "key, loudness, waveform and loop/one-shot, searched by those, and compared by sound."
    ),
}


def build_app(settings: Settings | None = None) -> FastAPI:
    return create_app(
        settings or get_settings(),
        routers=[router],
        bus=bus,
        resources=[STORAGE_RESOURCE],
        title="Cadence audio",
        tags=TAGS,
    )


app = build_app()
