"""Containers from the route table: one Dockerfile template per member, and docker-compose.yml.

Every image holds one member and ``shared`` only, installed (non-editable) into a virtualenv that
is the only thing the runtime stage copies; it runs as a non-root user and listens on 8000.
"""

import json
import tomllib
from pathlib import Path
from typing import Any

from cadence_gateway.procfile import AUTHORIZER_APP, granian_command
from cadence_gateway.routes import ROUTES_FILE, RouteTable, dump_yaml
from cadence_gateway.traefik import (
    AUTHORIZER,
    CONTAINER_PORT,
    TRAEFIK_DYNAMIC,
    TRAEFIK_STATIC,
)

REPO_ROOT = ROUTES_FILE.parents[1]
COMPOSE_FILE = "docker-compose.yml"
GATEWAY_DOCKERFILE = "gateway/Dockerfile"
PYTHON_IMAGE = "python:3.11-slim-bookworm"
UV_IMAGE = "ghcr.io/astral-sh/uv:0.13.9"
TRAEFIK_IMAGE = "traefik:v3.4"
POSTGRES_IMAGE = "postgres:16-bookworm"
REDIS_IMAGE = "redis:7-bookworm"
RABBITMQ_IMAGE = "rabbitmq:3.13-management"
# Traefik's fixed address on the compose network: the only proxy services trust X-Forwarded-For from.
NETWORK_SUBNET = "172.28.0.0/24"
TRAEFIK_ADDRESS = "172.28.0.2"
HEADER = "# Rendered from gateway/routes.toml by `uv run python -m cadence_gateway.render`: do not edit.\n"


def workspace_members(root: Path = REPO_ROOT) -> list[str]:
    with (root / "pyproject.toml").open("rb") as file:
        members: list[str] = tomllib.load(file)["tool"]["uv"]["workspace"]["members"]
    return members


def render_dockerfile(member_dir: str, member: str, command: list[str], members: list[str]) -> str:
    # uv needs every member's pyproject.toml to read the workspace lock; only `member` and what
    # it depends on (shared) get installed.
    manifests = "\n".join(f"COPY {m}/pyproject.toml {m}/pyproject.toml" for m in members)
    return f"""# syntax=docker/dockerfile:1
{HEADER}# Build from the repo root: docker build -f {member_dir}/Dockerfile .
FROM {UV_IMAGE} AS uv

FROM {PYTHON_IMAGE} AS build
COPY --from=uv /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never \\
    UV_PROJECT_ENVIRONMENT=/app/.venv
WORKDIR /src
# 1. Dependencies only: this layer is cached until uv.lock changes.
COPY pyproject.toml uv.lock ./
{manifests}
RUN --mount=type=cache,target=/root/.cache/uv \\
    uv sync --locked --no-dev --no-install-workspace --package {member}
# 2. The member and shared, installed as packages (not editable: the sources stay here).
COPY shared shared
COPY {member_dir} {member_dir}
RUN --mount=type=cache,target=/root/.cache/uv \\
    uv sync --locked --no-dev --no-editable --package {member}

FROM {PYTHON_IMAGE}
RUN useradd --system --uid 10001 --no-create-home cadence
COPY --from=build /app/.venv /app/.venv
ENV PATH=/app/.venv/bin:$PATH PYTHONUNBUFFERED=1 \\
    FORWARDED_ALLOW_IPS={TRAEFIK_ADDRESS}
USER cadence
WORKDIR /app
EXPOSE {CONTAINER_PORT}
CMD {json.dumps(command)}
"""


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
            f"services/{name}", f"cadence-{name}", service_command(service.app), members
        )
        for name, service in table.services.items()
    }
    files[GATEWAY_DOCKERFILE] = render_dockerfile(
        "gateway", "cadence-gateway", authorizer_command(), members
    )
    return files


def _http_check(path: str) -> dict[str, Any]:
    probe = (
        "import sys, urllib.request; "
        f"sys.exit(urllib.request.urlopen('http://127.0.0.1:{CONTAINER_PORT}{path}', timeout=3)"
        ".status != 200)"
    )
    return {
        "test": ["CMD", "python", "-c", probe],
        "interval": "5s",
        "timeout": "5s",
        "retries": 12,
        "start_period": "10s",
    }


def _service_environment(name: str) -> dict[str, str]:
    prefix = f"{name.upper()}_"
    return {
        f"{prefix}ENVIRONMENT": "production",
        f"{prefix}DATABASE_URL": "postgresql+asyncpg://postgres:${POSTGRES_PASSWORD:-cadence}@postgres:5432/cadence",
        f"{prefix}REDIS_URL": "redis://redis:6379/0",
        f"{prefix}AMQP_URL": "amqp://guest:guest@rabbitmq:5672/",
        f"{prefix}JWKS_URL": f"http://auth:{CONTAINER_PORT}/api/v1/auth/.well-known/jwks.json",
    }


def render_compose(table: RouteTable) -> str:
    healthy = {"condition": "service_healthy"}
    backends_healthy = {"postgres": healthy, "redis": healthy, "rabbitmq": healthy}
    network: dict[str, Any] = {"cadence": {}}
    env_file = [{"path": ".env", "required": False}]
    services: dict[str, Any] = {
        "postgres": {
            "image": POSTGRES_IMAGE,
            "environment": {
                "POSTGRES_PASSWORD": "${POSTGRES_PASSWORD:-cadence}",
                "POSTGRES_DB": "cadence",
            },
            "volumes": ["postgres-data:/var/lib/postgresql/data"],
            "healthcheck": {
                "test": ["CMD", "pg_isready", "-U", "postgres", "-d", "cadence"],
                "interval": "5s",
                "timeout": "5s",
                "retries": 12,
            },
            "networks": network,
        },
        "redis": {
            "image": REDIS_IMAGE,
            "healthcheck": {
                "test": ["CMD", "redis-cli", "ping"],
                "interval": "5s",
                "timeout": "5s",
                "retries": 12,
            },
            "networks": network,
        },
        "rabbitmq": {
            "image": RABBITMQ_IMAGE,
            "healthcheck": {
                "test": ["CMD", "rabbitmq-diagnostics", "-q", "ping"],
                "interval": "10s",
                "timeout": "10s",
                "retries": 12,
            },
            "networks": network,
        },
    }
    for name in table.services:
        build = {"context": ".", "dockerfile": f"services/{name}/Dockerfile"}
        image = f"cadence/{name}:latest"
        environment = _service_environment(name)
        services[f"migrate-{name}"] = {
            "image": image,
            "build": build,
            "command": ["cadence-migrate", name, "upgrade", "head"],
            "environment": environment,
            "env_file": env_file,
            "depends_on": {"postgres": healthy},
            "restart": "no",
            "networks": network,
        }
        services[name] = {
            "image": image,
            "environment": environment,
            "env_file": env_file,
            "expose": [str(CONTAINER_PORT)],
            "depends_on": {
                f"migrate-{name}": {"condition": "service_completed_successfully"},
                **backends_healthy,
            },
            "healthcheck": _http_check("/health/ready"),
            "restart": "unless-stopped",
            "networks": network,
        }
    services[AUTHORIZER] = {
        "image": "cadence/gateway:latest",
        "build": {"context": ".", "dockerfile": GATEWAY_DOCKERFILE},
        "environment": {
            "GATEWAY_ENVIRONMENT": "production",
            "GATEWAY_REDIS_URL": "redis://redis:6379/0",
            "GATEWAY_JWKS_URL": f"http://auth:{CONTAINER_PORT}/api/v1/auth/.well-known/jwks.json",
        },
        "env_file": env_file,
        "expose": [str(CONTAINER_PORT)],
        "depends_on": {"redis": healthy},
        "healthcheck": _http_check("/health"),
        "restart": "unless-stopped",
        "networks": network,
    }
    services["traefik"] = {
        "image": TRAEFIK_IMAGE,
        "command": ["--configFile=/etc/traefik/traefik.yml"],
        "ports": [f"{table.gateway.port}:{CONTAINER_PORT}"],
        "volumes": [
            f"./{TRAEFIK_STATIC}:/etc/traefik/traefik.yml:ro",
            f"./{TRAEFIK_DYNAMIC}:/etc/traefik/dynamic.yml:ro",
        ],
        "depends_on": {
            AUTHORIZER: healthy,
            "redis": healthy,
            **{name: {"condition": "service_started"} for name in table.services},
        },
        "healthcheck": {
            # Reads the mounted static config (ping on the metrics entry point).
            "test": ["CMD", "traefik", "healthcheck", "--ping"],
            "interval": "5s",
            "timeout": "5s",
            "retries": 12,
        },
        "restart": "unless-stopped",
        "networks": {"cadence": {"ipv4_address": TRAEFIK_ADDRESS}},
    }
    document = {
        "name": "cadence",
        "services": services,
        "networks": {"cadence": {"ipam": {"config": [{"subnet": NETWORK_SUBNET}]}}},
        "volumes": {"postgres-data": {}},
    }
    return HEADER + dump_yaml(document)
