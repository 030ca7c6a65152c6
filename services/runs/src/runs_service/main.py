"""The runs service: ``uvicorn runs_service.main:app``."""

from fastapi import FastAPI

from cadence_shared.app import create_app
from runs_service.events import bus
from runs_service.settings import Settings, get_settings
from runs_service.views import router

# Each tag's description, at the head of its routes in the OpenAPI document.
TAGS = {
    "runs": (
        "Finished runs uploaded from a watch or phone (safe to retry), with their segments "
        "and totals per period."
    ),
}


def build_app(settings: Settings | None = None) -> FastAPI:
    return create_app(
        settings or get_settings(),
        routers=[router],
        bus=bus,
        title="Cadence runs",
        tags=TAGS,
    )


app = build_app()
