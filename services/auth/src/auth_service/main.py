"""The auth service: ``uvicorn auth_service.main:app --port 8101``."""

from fastapi import FastAPI

from auth_service.context import auth_context
from auth_service.events import bus
from auth_service.settings import Settings, get_settings
from auth_service.views import router, users_router
from cadence_shared.app import create_app, database, redis


def build_app(settings: Settings | None = None) -> FastAPI:
    return create_app(
        settings or get_settings(),
        routers=[router, users_router],
        # auth_context verifies tokens in-process against our own keys (no JWKS round trip);
        # bus.resource relays the outbox (user registered / deleted) to RabbitMQ.
        resources=(database, redis, auth_context, bus.resource),
        title="Cadence auth",
    )


app = build_app()
