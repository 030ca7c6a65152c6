"""The e2e harness: a local stack started with the same machinery as `make run`, and its clients.

The stack gets a database, a Redis db and broker names of its own, so it never touches a
developer's `make run` data. Set CADENCE_E2E_BASE_URL to run against a stack that is already up
(the harness then neither starts nor stops one).

Every test user signs up from a loopback address of its own (127.0.x.y): the gateway and the auth
service see distinct clients, as they would in production, so per-client rate limits apply to each
user separately. The harness's own traffic (127.0.0.1) is exempt from the gateway's per-client
limits, like the benchmark's; the rate-limit tests use an address of their own.
"""

import asyncio
import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from cadence_gateway.routes import RouteTable, load_route_table
from cadence_shared.testing.backends import Backends
from cadence_shared.testing.broker import delete_broker_names
from harness import Stack, User, next_client_address

REPO = Path(__file__).resolve().parents[1]
STACK = [sys.executable, str(REPO / "deploy" / "local" / "stack.py")]
E2E_DATABASE = "cadence_e2e"
E2E_REDIS_DB = 14
LOG_FILE = REPO / ".run" / "logs" / "stack.log"
PASSWORD = "correct horse battery staple"


def _e2e_env(table: RouteTable, redis_url: str, amqp_prefix: str) -> dict[str, str]:
    env = {
        "GATEWAY_REDIS_URL": redis_url,
        "GATEWAY_RATE_LIMIT_EXEMPT": "127.0.0.1",
        # Live streams: heartbeats and revocation checks within a test's patience.
        "GATEWAY_LIVE_HEARTBEAT_S": "2",
        "GATEWAY_LIVE_REVOCATION_CHECK_S": "1",
    }
    for service in table.services:
        prefix = service.upper()
        env[f"{prefix}_REDIS_URL"] = redis_url
        env[f"{prefix}_AMQP_PREFIX"] = amqp_prefix
    return env


def _port_open(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="session")
def stack(backends: Backends) -> Iterator[Stack]:
    table = load_route_table()
    redis_url = f"redis://127.0.0.1:6379/{E2E_REDIS_DB}"
    database_url = f"postgresql://postgres:postgres@127.0.0.1:5432/{E2E_DATABASE}"
    base_url = os.environ.get("CADENCE_E2E_BASE_URL")
    if base_url:
        yield Stack(base_url, table, LOG_FILE, database_url, redis_url)
        return
    if _port_open(table.gateway.port):
        # Checked before anything is dropped: another stack (or e2e run) owns these ports and data.
        pytest.fail(
            f"port {table.gateway.port} is in use: stop that stack (`make stop`) or set "
            "CADENCE_E2E_BASE_URL to test it",
            pytrace=False,
        )
    amqp_prefix = f"e2e-{uuid.uuid4().hex[:8]}"
    env = _e2e_env(table, redis_url, amqp_prefix)
    admin = "postgresql://postgres:postgres@127.0.0.1:5432/postgres"
    subprocess.run(
        ["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{E2E_DATABASE}" WITH (FORCE)'], check=True
    )
    subprocess.run(
        ["redis-cli", "-n", str(E2E_REDIS_DB), "FLUSHDB"], check=True, capture_output=True
    )
    overrides = [f"--env={key}={value}" for key, value in env.items()]
    started = subprocess.run([*STACK, "start", "--database", E2E_DATABASE, *overrides], cwd=REPO)
    if started.returncode != 0:
        pytest.fail(f"the stack did not start; see {LOG_FILE}", pytrace=False)
    try:
        yield Stack(
            f"http://127.0.0.1:{table.gateway.port}", table, LOG_FILE, database_url, redis_url, env
        )
    finally:
        subprocess.run([*STACK, "stop"], cwd=REPO, check=False)
        asyncio.run(delete_broker_names(backends.amqp_url, amqp_prefix))


@pytest.fixture(scope="session")
def api(stack: Stack) -> Iterator[httpx.Client]:
    """A client of the gateway from 127.0.0.1."""
    with stack.client() as client:
        yield client


@pytest.fixture(scope="session")
def new_user(stack: Stack) -> Callable[..., User]:
    """Signs a new user up and in through the gateway, from a loopback address of its own."""

    def sign_up(name: str = "Runner") -> User:
        address = next_client_address()
        email = f"e2e-{uuid.uuid4().hex[:12]}@example.com"
        with stack.client(address) as client:
            registered = client.post(
                "/api/v1/auth/register", json={"email": email, "password": PASSWORD, "name": name}
            )
            assert registered.status_code == 201, registered.text
            login = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
            assert login.status_code == 200, login.text
        tokens = login.json()
        return User(
            id=uuid.UUID(registered.json()["id"]),
            email=email,
            password=PASSWORD,
            access_token=tokens["access_token"],
            refresh_token=tokens["refresh_token"],
            address=address,
        )

    return sign_up
