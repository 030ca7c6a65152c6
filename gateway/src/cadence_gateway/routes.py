"""The route table (``gateway/routes.toml``): services, their ports, and who may call what."""

import math
import re
import tomllib
from enum import StrEnum
from functools import cached_property
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from cadence_shared.settings import LOCAL_GATEWAY_ADDRESS, proxy_networks

ROUTES_FILE = Path(__file__).resolve().parents[2] / "routes.toml"
# The copy an installed gateway reads: its wheel carries the table (gateway/pyproject.toml).
PACKAGED_ROUTES = "routes.toml"
MIB = 1024 * 1024


class Access(StrEnum):
    public = "public"
    required = "required"


class RateLimit(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    per_second: float = Field(gt=0)
    burst: int = Field(ge=1)

    @property
    def retry_after_s(self) -> int:
        """Seconds until a throttled client has a token again (at least 1, HTTP counts whole s)."""
        return max(1, math.ceil(1 / self.per_second))


class Route(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    prefix: str
    service: str
    auth: Access
    body_limit: int = Field(default=MIB, ge=0)
    timeout_s: float = Field(default=30.0, gt=0)
    rate_limit: RateLimit = RateLimit(per_second=20, burst=40)
    # A route that takes files: nginx streams its body to the service as it arrives instead of
    # spooling the whole body first (``proxy_request_buffering off``).
    upload: bool = False
    # Limit statuses (413, 429) the service itself answers under this prefix, with a body and
    # headers of its own: Traefik's errors middleware leaves them alone here (policy.py).
    service_answers: tuple[Literal[413, 429], ...] = ()

    @field_validator("prefix")
    @classmethod
    def _absolute_without_trailing_slash(cls, prefix: str) -> str:
        if not prefix.startswith("/") or (prefix != "/" and prefix.endswith("/")):
            raise ValueError("prefix starts with '/' and has no trailing '/'")
        return prefix

    @property
    def name(self) -> str:
        """A name for the route usable in config identifiers: ``/api/v1/auth/.well-known`` ->
        ``api-v1-auth-well-known``."""
        return re.sub(r"[^a-z0-9]+", "-", self.prefix.lower()).strip("-") or "root"

    @property
    def is_public(self) -> bool:
        return self.auth is Access.public


# Debian package names (what an image's ``apt-get install`` takes).
DEBIAN_PACKAGE = r"^[a-z0-9][a-z0-9+.-]+$"
# ``module.path:attribute``, the form uvicorn and cadence-worker take.
WORKER_ENTRY = r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*:[A-Za-z_][A-Za-z0-9_]*$"


class Worker(BaseModel):
    """A process of a service that takes jobs off the broker and serves no API: its entry point
    (``module:attribute``, run as ``cadence-worker <entry> --concurrency N --health-port P``),
    how many jobs one process runs at once, how many processes run in compose and Kubernetes,
    and the local port its liveness and readiness are served on."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    entry: str = Field(pattern=WORKER_ENTRY)
    concurrency: int = Field(default=1, ge=1)
    replicas: int = Field(default=1, ge=1)
    health_port: int = Field(ge=1024, le=65535)


class Service(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    port: int = Field(ge=1024, le=65535)
    app: str
    # Web replicas in Kubernetes.
    replicas: int = Field(default=2, ge=1)
    workers: dict[str, Worker] = {}
    # What the service's image installs from Debian besides Python (e.g. libsndfile1).
    apt: list[Annotated[str, Field(pattern=DEBIAN_PACKAGE)]] = []
    # The service keeps files: compose gives its web and worker containers one shared volume.
    storage: bool = False
    # Postgres extensions its migrations use: created in public by `cadence-db-setup`, as the
    # service's own role may not create them (compose's db-setup container, the Kubernetes Job).
    extensions: list[Annotated[str, Field(pattern=r"^[a-z_][a-z0-9_]*$")]] = []
    # TCP ports its processes reach outside the cluster on (the Kubernetes egress policies let
    # nothing else out): auth's Apple sign-in (443) and mail (587). A service with files reaches
    # its object store without saying so.
    external_ports: list[Annotated[int, Field(ge=1, le=65535)]] = []

    @field_validator("workers")
    @classmethod
    def _worker_names(cls, workers: dict[str, Worker]) -> dict[str, Worker]:
        for name in workers:
            if not re.fullmatch(r"[a-z][a-z0-9]*", name):
                raise ValueError(f"worker name {name!r} is not lower-case letters and digits")
        return workers

    @property
    def package(self) -> str:
        """The service's import package (``tasks_service``), from its ASGI app path."""
        return self.app.split(".", 1)[0]

    @property
    def ports(self) -> list[int]:
        return [self.port, *(worker.health_port for worker in self.workers.values())]


class TrustedProxies(BaseModel):
    """Per target, the proxies services believe X-Forwarded-For from (``CADENCE_TRUSTED_PROXIES``
    there): addresses or CIDR, comma-separated, as the setting reads them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    local: str = LOCAL_GATEWAY_ADDRESS
    compose: str = "172.28.0.2"
    kubernetes: str = "10.0.0.0/8"

    @field_validator("local", "compose", "kubernetes")
    @classmethod
    def _networks(cls, value: str) -> str:
        proxy_networks(value)  # the setting's own parsing: fails here as it would there
        return value


class Gateway(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    port: int
    authorizer_port: int
    live_port: int
    cors_origins: list[str] = []
    trusted_proxies: TrustedProxies = TrustedProxies()


class RouteTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    gateway: Gateway
    services: dict[str, Service]
    routes: list[Route]

    @model_validator(mode="after")
    def _consistent(self) -> "RouteTable":
        for route in self.routes:
            if route.service not in self.services:
                raise ValueError(f"route {route.prefix} names unknown service {route.service}")
        for name in self.services:
            if not re.fullmatch(r"[a-z][a-z0-9]*", name):
                raise ValueError(f"service name {name!r} is not lower-case letters and digits")
        names = [route.name for route in self.routes]
        if len(names) != len(set(names)):
            raise ValueError(
                "two routes have the same prefix (or prefixes differing only in punctuation)"
            )
        ports = [port for service in self.services.values() for port in service.ports] + [
            self.gateway.port,
            self.gateway.authorizer_port,
            self.gateway.live_port,
        ]
        if len(ports) != len(set(ports)):
            raise ValueError("two services (or workers) share a port")
        return self

    @property
    def workers(self) -> list[tuple[str, str, Worker]]:
        """Every worker of every service: (service, process name ``<service>-<worker>``, worker)."""
        return [
            (name, f"{name}-{worker_name}", worker)
            for name, service in self.services.items()
            for worker_name, worker in service.workers.items()
        ]

    @cached_property
    def by_longest_prefix(self) -> list[Route]:
        return sorted(self.routes, key=lambda route: len(route.prefix), reverse=True)

    def route_for(self, path: str) -> Route | None:
        """The route serving ``path``: the longest prefix matching whole path segments."""
        for route in self.by_longest_prefix:
            if path == route.prefix or path.startswith(route.prefix + "/"):
                return route
        return None


def load_route_table(path: Path | None = None) -> RouteTable:
    """The table at ``path``; by default the checkout's gateway/routes.toml, or the copy in the
    installed package where there is no checkout (the gateway's image)."""
    if path is None and not ROUTES_FILE.exists():
        text = files("cadence_gateway").joinpath(PACKAGED_ROUTES).read_text("utf-8")
        return RouteTable.model_validate(tomllib.loads(text))
    with (path or ROUTES_FILE).open("rb") as file:
        return RouteTable.model_validate(tomllib.load(file))
