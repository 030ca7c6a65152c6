"""The tasks service: ``uvicorn tasks_service.main:app``."""

from fastapi import FastAPI

from cadence_shared.app import create_app
from tasks_service.events import bus
from tasks_service.settings import Settings, get_settings
from tasks_service.views import router


def build_app(settings: Settings | None = None) -> FastAPI:
    return create_app(
        settings or get_settings(),
        routers=[router],
        bus=bus,
        title="Cadence tasks",
    )


app = build_app()
