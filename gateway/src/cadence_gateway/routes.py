"""The route table (``gateway/routes.toml``): services, their ports, and who may call what."""

import tomllib
from enum import StrEnum
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ROUTES_FILE = Path(__file__).resolve().parents[2] / "routes.toml"
MIB = 1024 * 1024


class Access(StrEnum):
    public = "public"
    required = "required"


class RateLimit(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    per_second: float = Field(gt=0)
    burst: int = Field(ge=1)


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


class Service(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    port: int = Field(ge=1024, le=65535)
    app: str


class Gateway(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    port: int
    authorizer_port: int


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
        prefixes = [route.prefix for route in self.routes]
        if len(prefixes) != len(set(prefixes)):
            raise ValueError("a prefix appears twice in the route table")
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


def load_route_table(path: Path = ROUTES_FILE) -> RouteTable:
    with path.open("rb") as file:
        return RouteTable.model_validate(tomllib.load(file))
