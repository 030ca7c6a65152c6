"""The route table (``gateway/routes.toml``): services, their ports, and who may call what."""

import math
import re
import tomllib
from enum import StrEnum
from functools import cached_property
from importlib.resources import files
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

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


class Service(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    port: int = Field(ge=1024, le=65535)
    app: str
    # Debian packages the service's image installs (OCR's language data: tesseract-ocr-eng).
    debian_packages: tuple[str, ...] = ()

    @property
    def package(self) -> str:
        """The service's import package (``tasks_service``), from its ASGI app path."""
        return self.app.split(".", 1)[0]


class Gateway(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    port: int
    authorizer_port: int
    cors_origins: list[str] = []


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
        ports = [s.port for s in self.services.values()] + [
            self.gateway.port,
            self.gateway.authorizer_port,
        ]
        if len(ports) != len(set(ports)):
            raise ValueError("two services share a port")
        return self

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
