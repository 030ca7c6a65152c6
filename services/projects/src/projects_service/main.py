"""The projects service: ``uvicorn projects_service.main:app``."""

from fastapi import FastAPI

from cadence_shared.app import create_app
from cadence_shared.storage.resource import STORAGE_RESOURCE
from projects_service import file_views
from projects_service.events import bus
from projects_service.settings import Settings, get_settings
from projects_service.views import router

# Each tag's description, at the head of its routes in the OpenAPI document.
TAGS = {
    "projects": (
        "Laser-engraving workspaces: a project's machine and material settings, owner only "
        "(the admin role reads any; the guest role cannot create)."
    ),
    "design-files": (
        "Design files of a project (SVG, DXF, PNG, JPEG): uploaded, processed by a worker into "
        "metadata, a time estimate and a preview, and turned into GRBL G-code."
    ),
}


def build_app(settings: Settings | None = None) -> FastAPI:
    return create_app(
        settings or get_settings(),
        routers=[router, file_views.router],
        bus=bus,
        resources=[STORAGE_RESOURCE],
        title="Cadence projects",
        tags=TAGS,
    )


app = build_app()
