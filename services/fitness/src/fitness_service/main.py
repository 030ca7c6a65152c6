"""The fitness service: ``uvicorn fitness_service.main:app``."""

from fastapi import FastAPI

from cadence_shared.app import create_app
from fitness_service.drafts.views import router as drafts
from fitness_service.events import bus
from fitness_service.nutrition.views import router as nutrition
from fitness_service.progress.views import router as progress
from fitness_service.settings import Settings, get_settings
from fitness_service.workouts.views import router as workouts


def build_app(settings: Settings | None = None) -> FastAPI:
    return create_app(
        settings or get_settings(),
        routers=[nutrition, workouts, progress, drafts],
        bus=bus,
        title="Cadence fitness",
    )


app = build_app()
