"""The auth service: ``uvicorn auth_service.main:app --port 8101``."""

from fastapi import FastAPI

from auth_service.context import AUTH, AUTH_RESOURCES
from auth_service.events import bus
from auth_service.settings import Settings, get_settings
from auth_service.views import router, users_router
from cadence_shared.app import create_app
from cadence_shared.context import EVENTS, Resource

# The handlers use the mailer and the Apple client: the consumer starts once they are open.
EVENTS_AFTER_AUTH = Resource(EVENTS, bus.resource.open, needs=(*bus.resource.needs, AUTH))


# Each tag's description, at the head of its routes in the OpenAPI document.
TAGS = {
    "auth": (
        "Accounts and tokens: register, log in, refresh, log out, passwords, email "
        "verification, Sign in with Apple and the signing keys."
    ),
    "users": "The caller's own account, and every account for admins.",
}


def build_app(settings: Settings | None = None) -> FastAPI:
    return create_app(
        settings or get_settings(),
        routers=[router, users_router],
        bus=bus,  # the outbox relay and the mail / Apple handlers (events.py)
        resources=(*AUTH_RESOURCES, EVENTS_AFTER_AUTH),
        title="Cadence auth",
        tags=TAGS,
    )


app = build_app()
