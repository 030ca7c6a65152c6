"""Containers from the route table: one Dockerfile per member (``templates/Dockerfile.j2``) and
docker-compose.yml (``templates/docker-compose.yml.j2``).

Every image holds one member and ``shared`` only, installed (non-editable) into a virtualenv that
is the only thing the runtime stage copies; it runs as a non-root user and listens on 8000.
"""

import tomllib
from pathlib import Path

from cadence_gateway.procfile import AUTHORIZER_APP, granian_command
from cadence_gateway.routes import ROUTES_FILE, RouteTable
from cadence_gateway.templating import render_text, render_yaml
from cadence_gateway.traefik import CONTAINER_PORT, TRAEFIK_DYNAMIC, TRAEFIK_STATIC

REPO_ROOT = ROUTES_FILE.parents[1]
COMPOSE_FILE = "docker-compose.yml"
GATEWAY_DOCKERFILE = "gateway/Dockerfile"
# Traefik's fixed address on the compose network: the only proxy services trust X-Forwarded-For from.
NETWORK_SUBNET = "172.28.0.0/24"
TRAEFIK_ADDRESS = "172.28.0.2"


def workspace_members(root: Path = REPO_ROOT) -> list[str]:
    with (root / "pyproject.toml").open("rb") as file:
        members: list[str] = tomllib.load(file)["tool"]["uv"]["workspace"]["members"]
    return members


def render_dockerfile(
    member_dir: str,
    member: str,
    command: list[str],
    members: list[str],
    debian_packages: tuple[str, ...] = (),
) -> str:
    return render_text(
        "Dockerfile.j2",
        member_dir=member_dir,
        member=member,
        command=command,
        members=members,
        debian_packages=debian_packages,
        trusted_proxy=TRAEFIK_ADDRESS,
        container_port=CONTAINER_PORT,
    )


def service_command(app: str) -> list[str]:
    return [
        "uvicorn", app, "--host", "0.0.0.0", "--port", str(CONTAINER_PORT),
        "--no-access-log", "--proxy-headers",
    ]  # fmt: skip


def authorizer_command() -> list[str]:
    return granian_command(AUTHORIZER_APP, "0.0.0.0", CONTAINER_PORT).split()


def dockerfiles(table: RouteTable, members: list[str]) -> dict[str, str]:
    files = {
        f"services/{name}/Dockerfile": render_dockerfile(
            f"services/{name}",
            f"cadence-{name}",
            service_command(service.app),
            members,
            service.debian_packages,
        )
        for name, service in table.services.items()
    }
    files[GATEWAY_DOCKERFILE] = render_dockerfile(
        "gateway", "cadence-gateway", authorizer_command(), members
    )
    return files


def render_compose(table: RouteTable) -> str:
    return render_yaml(
        "docker-compose.yml.j2",
        table=table,
        container_port=CONTAINER_PORT,
        traefik_static=TRAEFIK_STATIC,
        traefik_dynamic=TRAEFIK_DYNAMIC,
        trusted_proxy=TRAEFIK_ADDRESS,
        network_subnet=NETWORK_SUBNET,
    )
