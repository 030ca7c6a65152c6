"""The projects service: ``uvicorn projects_service.main:app``."""

from fastapi import FastAPI

from cadence_shared.app import create_app
from cadence_shared.storage.resource import STORAGE_RESOURCE
from projects_service import file_views
from projects_service.events import bus
from projects_service.settings import Settings, get_settings
from projects_service.views import router


def build_app(settings: Settings | None = None) -> FastAPI:
    return create_app(
        settings or get_settings(),
        routers=[router, file_views.router],
        bus=bus,
        resources=[STORAGE_RESOURCE],
        title="Cadence projects",
    )


app = build_app()
