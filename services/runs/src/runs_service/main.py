"""The runs service: ``uvicorn runs_service.main:app``."""

from fastapi import FastAPI

from cadence_shared.app import create_app
from runs_service.events import bus
from runs_service.settings import Settings, get_settings
from runs_service.views import router


def build_app(settings: Settings | None = None) -> FastAPI:
    return create_app(
        settings or get_settings(),
        routers=[router],
        bus=bus,
        title="Cadence runs",
    )


app = build_app()
