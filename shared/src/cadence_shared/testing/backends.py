"""Where the test servers are: env vars, else the local defaults, else testcontainers (if Docker)."""

import os
import socket
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULT_POSTGRES_URL = "postgresql://postgres:postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
DEFAULT_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/"


class BackendUnavailable(RuntimeError):
    pass


@dataclass(frozen=True)
class Backends:
    postgres_url: str  # a libpq-style URL to a maintenance database
    redis_url: str
    amqp_url: str


def reachable(url: str, timeout_s: float = 1.0) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 0), timeout_s):
            return True
    except OSError:
        return False


def docker_available() -> bool:
    try:
        import docker

        docker.from_env().ping()
    except Exception:
        return False
    return True


def _container_url(kind: str, stack: ExitStack) -> str:
    if kind == "postgres":
        from testcontainers.postgres import PostgresContainer

        pg = stack.enter_context(PostgresContainer("postgres:16-alpine", driver=None))
        return str(pg.get_connection_url())
    if kind == "redis":
        from testcontainers.redis import RedisContainer

        redis = stack.enter_context(RedisContainer("redis:7-alpine"))
        return f"redis://{redis.get_container_host_ip()}:{redis.get_exposed_port(6379)}/0"
    from testcontainers.rabbitmq import RabbitMqContainer

    rabbit = stack.enter_context(RabbitMqContainer("rabbitmq:3.13-alpine"))
    return f"amqp://guest:guest@{rabbit.get_container_host_ip()}:{rabbit.get_exposed_port(5672)}/"


@contextmanager
def resolve_backends() -> Iterator[Backends]:
    """Each backend from its env var or the local default; if unreachable, a container.

    With neither a server nor a Docker engine the run fails with a message saying which backend is
    missing and how to provide it: tests against a missing backend are never silently skipped.
    """
    wanted = {
        "postgres": os.environ.get("CADENCE_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL),
        "redis": os.environ.get("CADENCE_TEST_REDIS_URL", DEFAULT_REDIS_URL),
        "amqp": os.environ.get("CADENCE_TEST_AMQP_URL", DEFAULT_AMQP_URL),
    }
    with ExitStack() as stack:
        urls: dict[str, str] = {}
        for kind, url in wanted.items():
            if reachable(url):
                urls[kind] = url
            elif docker_available():
                urls[kind] = _container_url(kind, stack)
            else:
                raise BackendUnavailable(
                    f"{kind} is not reachable at {url} and no Docker engine is available. "
                    f"Start it (see README: 'make backends') or set CADENCE_TEST_{kind.upper()}_URL."
                )
        yield Backends(urls["postgres"], urls["redis"], urls["amqp"])
