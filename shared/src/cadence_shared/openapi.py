"""The OpenAPI document every service publishes, finished by the kit from what its routes declare.

``create_app`` builds a ``CadenceAPI``: its operationIds are ``<tag>-<function name>``, its servers
the gateway, its tags described, and every operation documents the errors it can answer as
``application/problem+json`` with the ``Problem`` schema (the shape ``cadence_shared.problems``
sends), never typed by hand per route:

- 401 when the route depends on the caller (``CurrentPrincipal``), 403 with ``require_roles``;
- 404 when its path has parameters (an id of something that may not exist, or be another user's);
- 422 when it reads parameters or a body (FastAPI's ``HTTPValidationError`` is replaced: the
  service sends ``errors: [{loc, msg, type}]``, not ``detail: [...]``);
- 503 when it uses the database or Redis (a backend that is down is a retry, not a bug);
- what a dependency marked with ``answers(...)`` can raise (idempotency keys 400/409/422,
  uploads 413/415, rate limits 429), and what the route lists with ``responses=problems(...)``
  for errors only its domain knows (a 409 conflict, a 429 limit checked in the handler).
"""

import re
from collections.abc import Callable, Iterable, Mapping
from http import HTTPStatus
from typing import Any, TypeVar

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.routing import BaseRoute

from cadence_shared.errors import DomainError
from cadence_shared.problems import GENERIC_PROBLEMS, PROBLEM_JSON, problem_body, status_of

C = TypeVar("C", bound=Callable[..., Any])

MARK = "__cadence_problems__"
SCHEMA_REF = "#/components/schemas/"
RESPONSE_REF = "#/components/responses/"
PROBLEM = "Problem"
FIELD_ERROR = "ProblemFieldError"
# FastAPI's own 422 body, which no Cadence service sends.
FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")
DEFAULT_GATEWAY_URL = "http://127.0.0.1:8000"

# The name of each documented error under components/responses.
RESPONSE_NAMES: dict[int, str] = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    409: "Conflict",
    412: "PreconditionFailed",
    413: "PayloadTooLarge",
    415: "UnsupportedMediaType",
    416: "RangeNotSatisfiable",
    422: "ValidationFailed",
    429: "RateLimited",
    503: "ServiceUnavailable",
}
RETRY_AFTER = {
    "description": "Seconds to wait before retrying.",
    "schema": {"type": "integer", "minimum": 0},
}
RESPONSE_HEADERS: dict[int, dict[str, Any]] = {
    401: {
        "WWW-Authenticate": {
            "description": "The bearer challenge (RFC 6750).",
            "schema": {"type": "string"},
        }
    },
    409: {"Retry-After": RETRY_AFTER},
    429: {"Retry-After": RETRY_AFTER},
    503: {"Retry-After": RETRY_AFTER},
}

SUITE_DESCRIPTION = """Every path is served through the gateway (`servers`); most need a bearer
access token from `POST /api/v1/auth/login` (`Authorization: Bearer <token>`).

**Errors** are `application/problem+json` (RFC 9457): `type` is `/problems/<code>` (the gateway's
page for it), `code` the same stable code as a plain field, `errors` lists each invalid field of
a 422. Another user's resource answers 404, never 403.

**Retries.** A write that takes `Idempotency-Key` answers a retry with the first response and
`Idempotent-Replayed: true`; 429 and 503 carry `Retry-After`."""


def answers(*statuses: int) -> Callable[[C], C]:
    """Marks a dependency (or an endpoint) with the error statuses it can answer, so every route
    that uses it documents them."""

    def mark(function: C) -> C:
        setattr(function, MARK, (*getattr(function, MARK, ()), *statuses))
        return function

    return mark


def problems(*errors: "int | type[DomainError]") -> dict[int | str, dict[str, Any]]:
    """``responses=`` of a route for errors only its domain knows (the kit fills in the body):
    statuses, or domain error classes, documented under their status with their codes."""
    documented: dict[int | str, dict[str, Any]] = {}
    for error in errors:
        status = error if isinstance(error, int) else status_of(error)
        entry = documented.setdefault(status, {"description": _description(status), "codes": []})
        if not isinstance(error, int):
            entry["codes"].append(f"`{error.code}`")
    for entry in documented.values():
        codes = entry.pop("codes")
        if codes:
            entry["description"] = f"{entry['description']}: {', '.join(codes)}"
    return documented


def _description(status: int) -> str:
    known = GENERIC_PROBLEMS.get(status)
    return known[1] if known is not None else HTTPStatus(status).phrase


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def operation_id(service: str) -> Callable[[Any], str]:
    """``<tag>-<name>``: the route's first tag (else the service) and its function's name."""

    def generate(route: Any) -> str:
        tag = str(route.tags[0]) if route.tags else service
        return f"{slug(tag)}-{route.name}"

    return generate


def _known_dependencies() -> dict[Callable[..., Any], tuple[int, ...]]:
    # Imported here: these modules import this one for ``answers``.
    from cadence_shared.auth import current_principal
    from cadence_shared.deps import get_read_connection, get_redis, get_session

    return {
        current_principal: (401,),
        get_session: (503,),
        get_read_connection: (503,),
        get_redis: (503,),
    }


def _calls(dependant: Dependant) -> Iterable[Callable[..., Any]]:
    if dependant.call is not None:
        yield dependant.call
    for sub in dependant.dependencies:
        yield from _calls(sub)


def _takes_input(dependant: Dependant) -> bool:
    own = (
        dependant.path_params,
        dependant.query_params,
        dependant.header_params,
        dependant.cookie_params,
        dependant.body_params,
    )
    return any(own) or any(_takes_input(sub) for sub in dependant.dependencies)


def api_routes(routes: Iterable[BaseRoute]) -> Iterable[Any]:
    """Every API route in the published document, as FastAPI sees it once routers are included
    (their prefixes, tags and dependencies applied)."""
    for context in iter_route_contexts(list(routes)):
        if isinstance(context.original_route, APIRoute) and context.include_in_schema:
            yield context


def error_statuses(route: Any) -> list[int]:
    """Every error status ``route`` can answer, from what it declares."""
    known = _known_dependencies()
    statuses: set[int] = set()
    for call in _calls(route.dependant):
        statuses.update(known.get(call, ()))
        statuses.update(getattr(call, MARK, ()))
    if route.dependant.path_params:
        statuses.add(404)
    if _takes_input(route.dependant) or (
        route.openapi_extra and "requestBody" in route.openapi_extra
    ):
        statuses.add(422)
    statuses.update(int(status) for status in route.responses if str(status).isdigit())
    return sorted(status for status in statuses if status >= 400)


def problem_components() -> dict[str, Any]:
    """The ``Problem`` schema (RFC 9457 plus ``code`` and, on a 422, ``errors``)."""
    field_error = {
        "type": "object",
        "description": "One invalid field of a request.",
        "required": ["loc", "msg", "type"],
        "properties": {
            "loc": {
                "type": "array",
                "description": "Where the field is: `body`, `query`, `path` or `header`, then "
                "the names and indexes down to it.",
                "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
            },
            "msg": {"type": "string", "description": "What is wrong, for people."},
            "type": {"type": "string", "description": "The kind of error (`missing`, ...)."},
        },
    }
    problem = {
        "type": "object",
        "description": "An error (RFC 9457). Extensions (`retry_after`, ...) may follow.",
        "required": ["type", "title", "status", "detail", "code"],
        "properties": {
            "type": {
                "type": "string",
                "format": "uri-reference",
                "description": "`/problems/<code>`: the gateway's page for this code.",
            },
            "title": {"type": "string", "description": "A short summary of the kind of error."},
            "status": {"type": "integer", "description": "The HTTP status."},
            "detail": {"type": "string", "description": "What went wrong this time."},
            "code": {"type": "string", "description": "The stable code clients switch on."},
            "instance": {"type": "string", "description": "The path that was asked."},
            "errors": {
                "type": "array",
                "description": "A 422's invalid fields.",
                "items": {"$ref": SCHEMA_REF + FIELD_ERROR},
            },
        },
        "additionalProperties": True,
    }
    return {PROBLEM: problem, FIELD_ERROR: field_error}


def _example(status: int) -> dict[str, Any]:
    code, text = GENERIC_PROBLEMS.get(status, (None, HTTPStatus(status).phrase))
    if status == 422:
        error = {"loc": ["body", "title"], "msg": "Field required", "type": "missing"}
        return problem_body(status, "The request is not valid: see errors.", errors=[error])
    return problem_body(status, text, code=code)


def problem_response(status: int) -> dict[str, Any]:
    """The documented response for one error status (under components/responses)."""
    response: dict[str, Any] = {
        "description": _description(status),
        "content": {
            PROBLEM_JSON: {"schema": {"$ref": SCHEMA_REF + PROBLEM}, "example": _example(status)}
        },
    }
    if status in RESPONSE_HEADERS:
        response["headers"] = RESPONSE_HEADERS[status]
    return response


def response_name(status: int) -> str:
    return RESPONSE_NAMES.get(status) or HTTPStatus(status).phrase.title().replace(" ", "")


def _drop_unreferenced(spec: dict[str, Any], names: Iterable[str]) -> None:
    schemas = spec.get("components", {}).get("schemas", {})
    text = repr(spec["paths"]) + repr({k: v for k, v in schemas.items() if k not in names})
    for name in names:
        if SCHEMA_REF + name not in text:
            schemas.pop(name, None)


def document_errors(spec: dict[str, Any], routes: Iterable[BaseRoute]) -> dict[str, Any]:
    """Adds each route's error responses to ``spec``, replacing FastAPI's 422."""
    components = spec.setdefault("components", {})
    responses = components.setdefault("responses", {})
    for route in api_routes(routes):
        statuses = error_statuses(route)
        for method in route.methods:
            operation = spec["paths"][route.path_format].get(method.lower())
            if operation is None:
                continue
            documented = operation.setdefault("responses", {})
            for status in statuses:
                documented[str(status)] = {"$ref": RESPONSE_REF + response_name(status)}
                responses.setdefault(response_name(status), problem_response(status))
    components.setdefault("schemas", {}).update(problem_components())
    _drop_unreferenced(spec, FASTAPI_VALIDATION_SCHEMAS)
    return spec


def describe_tags(
    spec: dict[str, Any], descriptions: Mapping[str, str], service: str
) -> list[dict[str, str]]:
    """Every tag the operations use, in order of first use, with its description."""
    used: dict[str, None] = {}
    for operations in spec.get("paths", {}).values():
        for operation in operations.values():
            used.update(dict.fromkeys(operation.get("tags", [])))
    return [
        {"name": tag, "description": descriptions.get(tag, f"Routes of the {service} service.")}
        for tag in used
    ]


def describe_security(spec: dict[str, Any]) -> None:
    for scheme in spec.get("components", {}).get("securitySchemes", {}).values():
        scheme.setdefault(
            "description",
            "The access token of `POST /api/v1/auth/login`, sent as `Authorization: Bearer "
            "<token>`; the docs' Authorize button gets one through `POST /api/v1/auth/token`.",
        )


class CadenceAPI(FastAPI):
    """A service app whose OpenAPI document is finished by the kit (see the module's text)."""

    cadence_service: str = ""
    tag_descriptions: Mapping[str, str] = {}
    _finished: dict[str, Any] | None = None

    def openapi(self) -> dict[str, Any]:
        own = self.description
        self.description = f"{own}\n\n{SUITE_DESCRIPTION}" if own else SUITE_DESCRIPTION
        try:
            spec = super().openapi()  # built again only when the routes changed
        finally:
            self.description = own
        if spec is not self._finished:
            document_errors(spec, self.routes)
            describe_security(spec)
            spec["tags"] = describe_tags(spec, self.tag_descriptions, self.cadence_service)
            self._finished = spec
        return spec
