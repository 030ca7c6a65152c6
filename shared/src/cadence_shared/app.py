"""The app factory: a service's main.py names its settings, routers, bus and extra resources."""

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import APIRouter, FastAPI

from cadence_shared.client_ip import TrustedProxies
from cadence_shared.context import STANDARD_RESOURCES, Resource, ServiceContext
from cadence_shared.fastlane import FastLaneAPI
from cadence_shared.health import router as health_router
from cadence_shared.logging import logging_from
from cadence_shared.metrics import router as metrics_router
from cadence_shared.middleware import RequestContextMiddleware
from cadence_shared.observability import configure_tracing, trace_requests
from cadence_shared.openapi import CadenceAPI, operation_id
from cadence_shared.problems import install_problem_handlers
from cadence_shared.query_guard import QueryGuardMiddleware
from cadence_shared.settings import CoreSettings, HttpSettings

if TYPE_CHECKING:
    from cadence_shared.events.bus import EventBus


class ServiceAPI(FastLaneAPI, CadenceAPI):
    """A service app: the kit's OpenAPI document, its plain GET reads on the fast lane."""


def create_app(
    settings: CoreSettings,
    *,
    routers: Sequence[APIRouter],
    bus: "EventBus | None" = None,
    resources: Sequence[Resource] = (),
    standard: Sequence[Resource] = STANDARD_RESOURCES,
    title: str | None = None,
    version: str = "0.1.0",
    description: str = "",
    tags: Mapping[str, str] | None = None,
) -> FastAPI:
    """A service app: logging, tracing, metrics, request ids, problem+json errors, health, and its
    context.

    The context opens the standard resources (database, Redis, HTTP client, token verifier),
    then the bus's relay and consumer, then ``resources`` (which may replace a standard one by
    providing its key). The plan is checked here, so a missing need fails at build time.
    A process that keeps no data passes ``standard=()`` and names what it does use.
    ``description`` and ``tags`` (each tag's description) head its OpenAPI document, which the
    kit finishes (``cadence_shared.openapi``).
    """
    logging_from(settings)
    configure_tracing(settings)
    context = ServiceContext(
        settings, [*standard, *([bus.resource] if bus is not None else []), *resources]
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with context.opened():
            yield

    app = ServiceAPI(
        title=title or f"Cadence {settings.service_name}",
        version=version,
        description=description,
        lifespan=lifespan,
        servers=[{"url": settings.gateway_url, "description": "The Cadence gateway"}],
        contact={"name": "Cadence API", "url": f"{settings.gateway_url}/docs"},
        generate_unique_id_function=operation_id(settings.service_name),
    )
    app.cadence_service = settings.service_name
    app.tag_descriptions = dict(tags or {})
    app.state.context = context
    # Inside the request-id middleware (added later is outer), so its 422 carries the id too.
    app.add_middleware(QueryGuardMiddleware)
    app.add_middleware(RequestContextMiddleware, proxies=_trusted_proxies(settings))
    trace_requests(app)  # outermost: the access log line is written inside the request's span
    install_problem_handlers(app)
    app.include_router(health_router)
    app.include_router(metrics_router)
    for router in routers:
        app.include_router(router)
    return app


def _trusted_proxies(settings: CoreSettings) -> TrustedProxies:
    """The access log names the client as the rate limits do: through the trusted proxies only
    (a process without the HTTP settings trusts none, so its peer is the client)."""
    return TrustedProxies(settings.trusted_proxies if isinstance(settings, HttpSettings) else ())


def context_of(app: FastAPI) -> ServiceContext:
    context: ServiceContext = app.state.context
    return context
