"""Containers from the route table: one Dockerfile per member (``templates/Dockerfile.j2``) and
docker-compose.yml (``templates/docker-compose.yml.j2``).

Every image holds one member and ``shared`` only, installed (non-editable) into a virtualenv that
is the only thing the runtime stage copies; it runs as a non-root user and listens on 8000.
"""

import ipaddress
import tomllib
from pathlib import Path

from cadence_gateway import observability
from cadence_gateway.procfile import AUTHORIZER_APP, granian_command, live_command, worker_command
from cadence_gateway.routes import ROUTES_FILE, RouteTable, Service, Worker
from cadence_gateway.templating import render_text, render_yaml
from cadence_gateway.traefik import CONTAINER_PORT, TRAEFIK_DYNAMIC, TRAEFIK_STATIC
from cadence_shared.client_ip import TrustedProxies
from cadence_shared.settings import proxy_networks

REPO_ROOT = ROUTES_FILE.parents[1]
COMPOSE_FILE = "docker-compose.yml"
COMPOSE_BACKENDS_FILE = "compose.backends.yml"
# Every compose container's own settings (AUTH_SIGNING_KEY, storage, tracing): its env_file. The
# passwords compose interpolates live in .env instead, so a container gets only the ones it names
# (a service never sees the Postgres superuser's or another service's).
SERVICES_ENV = "services.env"
# What compose.backends.yml publishes on loopback: the backends of `make run`, on their usual
# ports (RabbitMQ's management UI too), nothing else.
BACKEND_PORTS = {"postgres": [5432], "redis": [6379], "rabbitmq": [5672, 15672]}
GATEWAY_DOCKERFILE = "gateway/Dockerfile"
# Traefik's fixed address on the compose network: the only proxy services trust X-Forwarded-For from.
NETWORK_SUBNET = "172.28.0.0/24"
TRAEFIK_ADDRESS = "172.28.0.2"
# The official image, pinned to a release (a floating tag would change the gateway under us).
TRAEFIK_IMAGE = "traefik:v3.4.1"
# Inside a worker's container: where its liveness and readiness are served.
WORKER_HEALTH_PORT = 8080
# How long compose and Kubernetes wait after SIGTERM before they kill a worker: above the grace
# period a worker gives its current job.
WORKER_STOP_GRACE_S = 60
# Where a service with storage keeps its files in compose (a named volume its web and worker
# containers share); an object store instead is configured in .env (<PREFIX>_STORAGE_BACKEND=s3).
STORAGE_DIR = "/var/lib/cadence/files"


def workspace_members(root: Path = REPO_ROOT) -> list[str]:
    with (root / "pyproject.toml").open("rb") as file:
        members: list[str] = tomllib.load(file)["tool"]["uv"]["workspace"]["members"]
    return members


def render_dockerfile(
    member_dir: str,
    member: str,
    command: list[str],
    members: list[str],
    apt: list[str] | None = None,
) -> str:
    return render_text(
        "Dockerfile.j2",
        member_dir=member_dir,
        member=member,
        command=command,
        members=members,
        apt=apt or [],
        container_port=CONTAINER_PORT,
    )


def service_command(app: str) -> list[str]:
    """uvicorn with its proxy headers off: who may name the client is ``CADENCE_TRUSTED_PROXIES``
    alone (cadence_shared.client_ip), set per target, never baked into an image."""
    return [
        "uvicorn", app, "--host", "0.0.0.0", "--port", str(CONTAINER_PORT),
        "--no-access-log", "--no-proxy-headers",
    ]  # fmt: skip


def container_worker_command(worker: Worker) -> list[str]:
    return worker_command(worker, WORKER_HEALTH_PORT)


def authorizer_command() -> list[str]:
    return granian_command(AUTHORIZER_APP, "0.0.0.0", CONTAINER_PORT).split()


def live_container_command() -> list[str]:
    return live_command("0.0.0.0", CONTAINER_PORT).split()


def dockerignore(member_dir: str, members: list[str]) -> str:
    """The build context of one member's Dockerfile: manifests, lock, shared/ and the member."""
    return render_text("Dockerfile.dockerignore.j2", member_dir=member_dir, members=members)


def dockerfiles(table: RouteTable, members: list[str]) -> dict[str, str]:
    """Each member's Dockerfile and, beside it, the ignore file that bounds its build context."""
    files = {
        f"services/{name}/Dockerfile": render_dockerfile(
            f"services/{name}",
            f"cadence-{name}",
            service_command(service.app),
            members,
            service.apt,
        )
        for name, service in table.services.items()
    }
    files[GATEWAY_DOCKERFILE] = render_dockerfile(
        "gateway", "cadence-gateway", authorizer_command(), members
    )
    for dockerfile in list(files):
        files[f"{dockerfile}.dockerignore"] = dockerignore(dockerfile.rsplit("/", 1)[0], members)
    return files


def compose_trusted_proxies(table: RouteTable) -> str:
    """The services' CADENCE_TRUSTED_PROXIES in compose: must hold Traefik's fixed address."""
    trusted = table.gateway.trusted_proxies.compose
    if ipaddress.ip_address(TRAEFIK_ADDRESS) not in TrustedProxies(proxy_networks(trusted)):
        raise ValueError(f"compose trusted proxies {trusted!r} miss Traefik ({TRAEFIK_ADDRESS})")
    return trusted


def required(variable: str) -> str:
    """A variable compose must find (in .env or the environment) or refuse to start, saying so:
    no silent default for a password."""
    return f"${{{variable}:?set {variable} in .env}}"


def compose_variables(table: RouteTable) -> dict[str, str]:
    """What docker-compose.yml needs in .env (it refuses to start without each), described."""
    return {
        "POSTGRES_PASSWORD": "the Postgres superuser's: only Postgres and the db-setup steps see it",
        "RABBITMQ_PASSWORD": "RabbitMQ's user cadence, the one every process connects as",
        **{
            f"{name.upper()}_DB_PASSWORD": f"the {name} service's own database role (made by cadence-db-setup)"
            for name in table.services
        },
    }


def compose_options() -> dict[str, tuple[str, str]]:
    """What docker-compose.yml reads from .env if set, with its default: name -> (default, what)."""
    return {
        "CADENCE_TRAEFIK_STATIC": (
            TRAEFIK_STATIC.rsplit("/", 1)[1],
            "Traefik's static config in deploy/traefik: traefik-traced.yml also sends its traces "
            "to the observability profile's collector",
        ),
    }


def db_setup_command(name: str, service: Service) -> list[str]:
    """``cadence-db-setup``: the one command compose and the Kubernetes Job run per service."""
    return ["cadence-db-setup", name, *(f"--extension={ext}" for ext in service.extensions)]


def render_compose(table: RouteTable) -> str:
    return render_yaml(
        "docker-compose.yml.j2",
        table=table,
        container_port=CONTAINER_PORT,
        traefik_static=TRAEFIK_STATIC,
        traefik_dynamic=TRAEFIK_DYNAMIC,
        traefik_address=TRAEFIK_ADDRESS,
        traefik_image=TRAEFIK_IMAGE,
        required=required,
        services_env=SERVICES_ENV,
        db_setup_command=db_setup_command,
        trusted_proxies=compose_trusted_proxies(table),
        network_subnet=NETWORK_SUBNET,
        worker_command=container_worker_command,
        live_command=live_container_command(),
        worker_health_port=WORKER_HEALTH_PORT,
        worker_stop_grace_s=WORKER_STOP_GRACE_S,
        storage_dir=STORAGE_DIR,
        **observability.compose_context(),
    )


def render_compose_backends() -> str:
    return render_yaml("compose.backends.yml.j2", backend_ports=BACKEND_PORTS)
