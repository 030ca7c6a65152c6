"""One fact, one setting: which proxies may name the client is ``CADENCE_TRUSTED_PROXIES`` alone.

uvicorn runs every service with its own proxy-headers handling off (``--no-proxy-headers``), so the
TCP peer reaches ``cadence_shared.client_ip`` unchanged and only that logic, reading the setting,
decides whether X-Forwarded-For is believed. The value is rendered per target from
gateway/routes.toml, never baked into an image.
"""

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml

from cadence_gateway.containers import (
    TRAEFIK_ADDRESS,
    compose_trusted_proxies,
    dockerfiles,
    render_compose,
    service_command,
    workspace_members,
)
from cadence_gateway.procfile import render_procfile
from cadence_gateway.routes import RouteTable, load_route_table
from cadence_shared.settings import LOCAL_GATEWAY_ADDRESS, HttpSettings
from cadence_shared.testing.waiting import eventually

TESTS = Path(__file__).resolve().parent
PROXY = LOCAL_GATEWAY_ADDRESS  # the trusted proxy: this test connects from it
STRANGER = "127.0.0.1"  # any other peer


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    """The app under uvicorn with the services' command line; FORWARDED_ALLOW_IPS=* would make
    uvicorn believe any peer's header if its proxy headers were on."""
    port = free_port()
    command = service_command("client_app:app")
    command[command.index("--host") + 1] = "127.0.0.1"
    command[command.index("--port") + 1] = str(port)
    env = {**os.environ, "FORWARDED_ALLOW_IPS": "*", "CADENCE_TRUSTED_PROXIES": PROXY}
    process = subprocess.Popen(
        [sys.executable, "-m", *command, "--app-dir", str(TESTS)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


async def client_seen(base_url: str, peer: str, forwarded_for: str) -> dict[str, str]:
    transport = httpx.AsyncHTTPTransport(local_address=peer)
    async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
        answer = {}

        async def answered() -> bool:
            nonlocal answer
            try:
                response = await client.get("/client", headers={"X-Forwarded-For": forwarded_for})
            except httpx.TransportError:
                return False  # uvicorn still starting
            answer = response.json()
            return True

        await eventually(answered, within_s=30, what="uvicorn answers")
        return answer


async def test_the_trusted_proxy_names_the_client(served: str) -> None:
    seen = await client_seen(served, PROXY, "198.51.100.1, 203.0.113.7")
    # uvicorn left the peer alone; the shared logic took the entry our proxy appended.
    assert seen == {"peer": PROXY, "client": "203.0.113.7"}


async def test_a_forged_header_from_an_untrusted_peer_is_ignored(served: str) -> None:
    seen = await client_seen(served, STRANGER, "203.0.113.7")
    assert seen == {"peer": STRANGER, "client": STRANGER}


def test_no_process_turns_uvicorns_proxy_headers_on() -> None:
    table = load_route_table()
    files = [render_procfile(table), render_compose(table)]
    files += dockerfiles(table, workspace_members()).values()
    for text in files:
        assert "FORWARDED_ALLOW_IPS" not in text
        assert "--forwarded-allow-ips" not in text
        assert "--proxy-headers" not in text.replace("--no-proxy-headers", "")
    assert "--no-proxy-headers" in service_command("tasks_service.main:app")


def test_each_target_renders_its_own_trusted_proxies() -> None:
    table = load_route_table()
    trusted = table.gateway.trusted_proxies
    # local: the setting's default is nginx's source address.
    assert HttpSettings.model_fields["trusted_proxies"].get_default(call_default_factory=True) == [
        trusted.local
    ]
    # compose: set on every service and worker container, holding Traefik's fixed address.
    services = yaml.safe_load(render_compose(table))["services"]
    for name in table.services:
        containers = [
            name,
            f"migrate-{name}",
            *(f"{name}-{w}" for w in table.services[name].workers),
        ]
        for container in containers:
            environment = services[container]["environment"]
            assert environment[f"{name.upper()}_TRUSTED_PROXIES"] == trusted.compose
    assert services["traefik"]["networks"]["cadence"]["ipv4_address"] == TRAEFIK_ADDRESS
    # kubernetes: a network, read from the table by the manifests' renderer.
    assert trusted.kubernetes == "10.0.0.0/8"


def test_compose_refuses_trusted_proxies_without_traefik() -> None:
    data = load_route_table().model_dump(mode="json")
    data["gateway"]["trusted_proxies"]["compose"] = "10.0.0.0/8"
    with pytest.raises(ValueError, match="miss Traefik"):
        compose_trusted_proxies(RouteTable.model_validate(data))


def test_the_table_refuses_a_bad_network() -> None:
    data = load_route_table().model_dump(mode="json")
    data["gateway"]["trusted_proxies"]["kubernetes"] = "10.0.0.0/33"
    with pytest.raises(ValueError, match=r"10\.0\.0\.0/33"):
        RouteTable.model_validate(data)
