"""The suite's OpenAPI documents at the gateway: the merged one (``GET /openapi.json``, every
service's paths in one document a client generator reads) and the gateway's own paths.

The merged document is built from the services' own documents, read the way the docs page reads
them: through the gateway at ``/openapi/<service>.json``. Paths and operationIds must not collide
(the route table gives every prefix to one service, and operationIds are ``<tag>-<name>``); a
component two services name alike but define differently is renamed ``<Service><Name>`` in the
document of each service that has it, so no schema silently replaces another.
"""

import asyncio
import copy
import json
import time
from collections.abc import Mapping
from typing import Any

import httpx

from cadence_gateway.policy import MERGED_SPEC
from cadence_shared.problems import PROBLEM_JSON

MERGED_SPEC_PATH = MERGED_SPEC
GATEWAY_SPEC_PATH = "/docs/gateway.json"
COMPONENT_KINDS = ("schemas", "responses", "parameters", "requestBodies", "securitySchemes")
SUITE_DESCRIPTION = """Every service of Cadence behind its one gateway: this document merges the
services' own (each at `/openapi/<service>.json`). Errors are `application/problem+json` with a
stable `code`; `/problems` lists every code."""


class SpecConflict(ValueError):
    """Two services' documents claim the same path, operationId or tag."""


def _renamed(spec: dict[str, Any], kind: str, renames: Mapping[str, str]) -> dict[str, Any]:
    """``spec`` with its ``kind`` components renamed and every reference to them rewritten."""
    if not renames:
        return spec
    text = json.dumps(spec)
    for old, new in renames.items():
        text = text.replace(f'"#/components/{kind}/{old}"', f'"#/components/{kind}/{new}"')
    renamed: dict[str, Any] = json.loads(text)
    own = renamed["components"][kind]
    renamed["components"][kind] = {renames.get(name, name): value for name, value in own.items()}
    return renamed


def _colliding(specs: Mapping[str, dict[str, Any]], kind: str) -> set[str]:
    seen: dict[str, Any] = {}
    colliding: set[str] = set()
    for spec in specs.values():
        for name, value in spec.get("components", {}).get(kind, {}).items():
            if name in seen and seen[name] != value:
                colliding.add(name)
            seen.setdefault(name, value)
    return colliding


def _prefixed(service: str, name: str) -> str:
    return f"{service.capitalize()}{name}"


def _without_collisions(specs: Mapping[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    result = {service: copy.deepcopy(spec) for service, spec in specs.items()}
    for kind in COMPONENT_KINDS:
        colliding = _colliding(result, kind)
        for service, spec in result.items():
            own = spec.get("components", {}).get(kind, {})
            renames = {name: _prefixed(service, name) for name in own if name in colliding}
            result[service] = _renamed(spec, kind, renames)
    return result


def _merge_paths(merged: dict[str, Any], service: str, spec: dict[str, Any]) -> None:
    owners: dict[str, str] = merged.setdefault("x-operation-owners", {})
    for path, operations in spec.get("paths", {}).items():
        if path in merged["paths"]:
            raise SpecConflict(f"{path} is in the documents of two services ({service})")
        merged["paths"][path] = operations
        for operation in operations.values():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            operation_id = operation["operationId"]
            if operation_id in owners:
                raise SpecConflict(
                    f"operationId {operation_id} is both {owners[operation_id]}'s and {service}'s"
                )
            owners[operation_id] = service


def _merge_tags(merged: dict[str, Any], service: str, spec: dict[str, Any]) -> None:
    names = {tag["name"] for tag in merged["tags"]}
    for tag in spec.get("tags", []):
        if tag["name"] in names:
            raise SpecConflict(f"tag {tag['name']} is used by two services ({service})")
        merged["tags"].append(tag)


def _contact(servers: list[Any]) -> dict[str, str]:
    base = servers[0]["url"] if servers else ""
    return {"name": "Cadence API", "url": f"{base}/docs"}


def merge_specs(specs: Mapping[str, dict[str, Any]], *, servers: list[Any]) -> dict[str, Any]:
    """One document with every service's paths, tags and components."""
    merged: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": "Cadence",
            "version": "1",
            "description": SUITE_DESCRIPTION,
            "contact": _contact(servers),
        },
        "servers": servers,
        "paths": {},
        "tags": [],
        "components": {},
    }
    for service, spec in sorted(_without_collisions(specs).items()):
        _merge_paths(merged, service, spec)
        _merge_tags(merged, service, spec)
        for kind, components in spec.get("components", {}).items():
            merged["components"].setdefault(kind, {}).update(components)
    del merged["x-operation-owners"]
    return merged


def _problem_content() -> dict[str, Any]:
    return {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}


def _json_document(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"type": "object"}}},
    }


def _operation(operation_id: str, summary: str, description: str, **rest: Any) -> dict[str, Any]:
    return {
        "tags": ["gateway"],
        "operationId": operation_id,
        "summary": summary,
        "description": description,
        **rest,
    }


def _service_parameter(services: list[str]) -> dict[str, Any]:
    return {
        "name": "service",
        "in": "path",
        "required": True,
        "description": "A service of the suite.",
        "schema": {"type": "string", "enum": services},
    }


def _health_paths(services: list[str]) -> dict[str, Any]:
    ready = {
        "description": "Every backend the service uses answers.",
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
    down = {
        "description": "The service or a backend it needs is down; the body's `checks` say which.",
        "content": _problem_content(),
    }
    return {
        "/health": {
            "get": _operation(
                "gateway-liveness",
                "The gateway answers",
                'Liveness of the gateway itself: `{"status": "ok"}` while it runs.',
                responses={"200": _json_document("The gateway is up.")},
            )
        },
        "/health/{service}": {
            "get": _operation(
                "gateway-service_readiness",
                "A service and its backends answer",
                "The readiness of one service through the gateway: each backend it uses "
                "(database, Redis, broker) with its status.",
                parameters=[_service_parameter(services)],
                responses={"200": ready, "503": down},
            )
        },
    }


def _document_paths(services: list[str]) -> dict[str, Any]:
    return {
        MERGED_SPEC_PATH: {
            "get": _operation(
                "gateway-suite_openapi",
                "The suite's merged OpenAPI document",
                "Every service's paths in one document, for client generators.",
                responses={
                    "200": _json_document("The merged document."),
                    "503": {
                        "description": "A service's document could not be read.",
                        "content": _problem_content(),
                    },
                },
            )
        },
        "/openapi/{service}.json": {
            "get": _operation(
                "gateway-service_openapi",
                "One service's OpenAPI document",
                "The document the service publishes itself.",
                parameters=[_service_parameter(services)],
                responses={"200": _json_document("The service's document.")},
            )
        },
    }


def gateway_spec(services: list[str], *, servers: list[Any]) -> dict[str, Any]:
    """The gateway's own paths: its health, the services' readiness and the documents."""
    problem = {
        "type": "object",
        "description": "An error (RFC 9457) with its stable `code`.",
        "required": ["type", "title", "status", "detail", "code"],
        "properties": {
            name: {"type": "integer" if name == "status" else "string"}
            for name in ("type", "title", "status", "detail", "code")
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Cadence gateway",
            "version": "1",
            "description": "The gateway's own paths: its liveness, each service's readiness "
            "and the OpenAPI documents.",
            "contact": _contact(servers),
        },
        "servers": servers,
        "tags": [{"name": "gateway", "description": "Paths the gateway answers itself."}],
        "paths": {**_health_paths(services), **_document_paths(services)},
        "components": {"schemas": {"Problem": problem}},
    }


class MergedSpec:
    """The merged document, read from the gateway and kept for ``ttl_s`` (the services' documents
    change only when they are deployed)."""

    def __init__(
        self,
        services: list[str],
        base_url: str,
        servers: list[Any],
        ttl_s: float,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._services, self._base_url = services, base_url.rstrip("/")
        self._servers, self._ttl_s = servers, ttl_s
        self._transport = transport  # tests answer in-process
        self._spec: dict[str, Any] | None = None
        self._read_at = 0.0
        self._lock = asyncio.Lock()

    async def _read(self, http: httpx.AsyncClient, service: str) -> dict[str, Any]:
        response = await http.get(f"{self._base_url}/openapi/{service}.json")
        response.raise_for_status()
        spec: dict[str, Any] = response.json()
        return spec

    async def get(self) -> dict[str, Any]:
        """The document; raises ``httpx.HTTPError`` when a service's cannot be read."""
        async with self._lock:
            if self._spec is None or time.monotonic() - self._read_at > self._ttl_s:
                async with httpx.AsyncClient(timeout=5.0, transport=self._transport) as http:
                    specs = await asyncio.gather(*(self._read(http, s) for s in self._services))
                self._spec = merge_specs(
                    dict(zip(self._services, specs, strict=True)), servers=self._servers
                )
                self._read_at = time.monotonic()
            return self._spec
