"""The tasks service: ``uvicorn tasks_service.main:app``."""

from fastapi import FastAPI

from cadence_shared.app import create_app
from tasks_service.events import bus
from tasks_service.settings import Settings, get_settings
from tasks_service.views import router

# Each tag's description, at the head of its routes in the OpenAPI document.
TAGS = {
    "tasks": (
        "The caller's to-do list: tasks with a status, a priority and a due date, soft-deleted."
    ),
}


def build_app(settings: Settings | None = None) -> FastAPI:
    return create_app(
        settings or get_settings(),
        routers=[router],
        bus=bus,
        title="Cadence tasks",
        tags=TAGS,
    )


app = build_app()
