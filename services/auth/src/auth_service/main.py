"""The auth service: ``uvicorn auth_service.main:app --port 8101``."""

from fastapi import FastAPI

from auth_service.context import AUTH_RESOURCES
from auth_service.events import bus
from auth_service.settings import Settings, get_settings
from auth_service.views import router, users_router
from cadence_shared.app import create_app


def build_app(settings: Settings | None = None) -> FastAPI:
    return create_app(
        settings or get_settings(),
        routers=[router, users_router],
        bus=bus,  # relays the outbox (user registered / deleted) to RabbitMQ
        resources=AUTH_RESOURCES,
        title="Cadence auth",
    )


app = build_app()
