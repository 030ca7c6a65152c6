"""The tasks service: ``uvicorn tasks_service.main:app``."""

from fastapi import FastAPI

from cadence_shared.app import create_app, database, token_verification
from tasks_service.events import bus
from tasks_service.settings import Settings, get_settings
from tasks_service.views import router


def build_app(settings: Settings | None = None) -> FastAPI:
    return create_app(
        settings or get_settings(),
        routers=[router],
        resources=(database, token_verification, bus.resource),
        title="Cadence tasks",
    )


app = build_app()
