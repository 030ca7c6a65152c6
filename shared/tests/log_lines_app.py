"""A service process for the log test: traced, it answers one authenticated request and exits.

Run from the repository root as ``python -m shared.tests.log_lines_app <redis_url> <jwks_url>
<token>``; its stdout is its log, one JSON object a line, which the test reads.
"""

import asyncio
import sys

import structlog
from fastapi import APIRouter
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from cadence_shared.app import create_app
from cadence_shared.auth import CurrentPrincipal
from cadence_shared.context import HTTP_RESOURCE, REDIS_RESOURCE, TOKENS_RESOURCE
from cadence_shared.observability import install_tracer_provider
from cadence_shared.settings import CoreSettings, HttpSettings, RedisSettings, TokenSettings
from cadence_shared.testing.plugin import serve_app

REQUEST_ID = "log-test-request"
log = structlog.get_logger("log_test")


class Settings(CoreSettings, RedisSettings, TokenSettings, HttpSettings):
    service_name: str = "logtest"


async def main(redis_url: str, jwks_url: str, token: str) -> None:
    install_tracer_provider("logtest", SimpleSpanProcessor(InMemorySpanExporter()))
    router = APIRouter()

    @router.get("/items/{item_id}")
    async def item(item_id: int, principal: CurrentPrincipal) -> dict[str, int]:
        log.info("item_read", item_id=item_id)
        return {"id": item_id}

    app = create_app(
        Settings(redis_url=redis_url, jwks_url=jwks_url),
        routers=[router],
        standard=(REDIS_RESOURCE, HTTP_RESOURCE, TOKENS_RESOURCE),
    )
    async with serve_app(app) as client:
        response = await client.get(
            "/items/7", headers={"Authorization": f"Bearer {token}", "X-Request-ID": REQUEST_ID}
        )
        response.raise_for_status()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
