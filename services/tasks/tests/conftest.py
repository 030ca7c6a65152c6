from collections.abc import AsyncIterator

import httpx
import pytest

from cadence_shared.testing import migrate, serve_app
from cadence_shared.testing.backends import Backends
from cadence_shared.testing.tokens import TestIssuer
from tasks_service.main import build_app
from tasks_service.settings import Settings


@pytest.fixture(scope="session")
def settings(
    database_url: str, token_issuer: TestIssuer, backends: Backends, amqp_names: str
) -> Settings:
    migrate("tasks", database_url)
    return Settings(
        database_url=database_url,
        jwks_url=token_issuer.jwks_url,
        log_json=True,
        amqp_url=backends.amqp_url,
        amqp_prefix=amqp_names,  # this run's own exchange and queues
    )


@pytest.fixture(scope="session")
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with serve_app(build_app(settings)) as client:
        yield client
