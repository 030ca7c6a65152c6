"""Walking OpenAPI documents: the contract tests read each service's ``build_app()`` document,
the probes (token corpus, BOLA matrix) read the one the running stack serves."""

import uuid
from dataclasses import dataclass
from typing import Any

import httpx

METHODS = {"get", "put", "post", "patch", "delete", "head", "options"}


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """Every (METHOD, path template, operation) of a document."""
    return [
        (method.upper(), path, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


@dataclass(frozen=True)
class Operation:
    service: str
    method: str
    path: str
    operation: dict[str, Any]

    @property
    def protected(self) -> bool:
        return bool(self.operation.get("security"))

    @property
    def path_parameters(self) -> list[dict[str, Any]]:
        return [p for p in self.operation.get("parameters", []) if p["in"] == "path"]

    def url(self, values: dict[str, str] | None = None) -> str:
        """The path with its parameters filled: from ``values``, else a value of their type."""
        given = values or {}
        path = self.path
        for parameter in self.path_parameters:
            name = parameter["name"]
            path = path.replace(f"{{{name}}}", given.get(name) or example_of(parameter["schema"]))
        return path

    def __str__(self) -> str:
        return f"{self.service} {self.method} {self.path}"


def example_of(schema: dict[str, Any]) -> str:
    """A valid value for a path parameter of this schema (one nobody holds, for ids)."""
    kind, form = schema.get("type"), schema.get("format")
    if kind == "integer":
        return str(schema.get("minimum", 1))
    if form == "uuid":
        return str(uuid.uuid4())
    if form == "date":
        return "2024-01-15"
    return f"probe-{uuid.uuid4().hex[:12]}"


def served_specs(client: httpx.Client, services: list[str]) -> dict[str, dict[str, Any]]:
    """Each service's document as the gateway serves it (``/openapi/<service>.json``)."""
    specs = {}
    for service in services:
        answer = client.get(f"/openapi/{service}.json")
        assert answer.status_code == 200, (service, answer.text)
        specs[service] = answer.json()
    return specs


def all_operations(specs: dict[str, dict[str, Any]]) -> list[Operation]:
    return [
        Operation(service, method, path, operation)
        for service, spec in sorted(specs.items())
        for method, path, operation in operations(spec)
    ]
