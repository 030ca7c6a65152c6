"""The HTTP edge of errors: RFC 9457 problem+json for every error a service returns.

Every body carries ``type: /problems/<code>`` (a relative URI: resolved against the gateway, it
lands on the page that describes the code) and the same ``code`` as a plain field, so a client
tells "email taken" from "track already in playlist" without parsing English. Domain errors
(``cadence_shared.errors``) are mapped to a status here, once; ``Problem`` is for the edge itself
(token checks, idempotency keys, request validation).
"""

from http import HTTPStatus
from typing import Any

import redis.exceptions
import sqlalchemy.exc
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from cadence_shared.db import database_unavailable
from cadence_shared.errors import (
    BadRequest,
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    RateLimited,
    TooLarge,
    Unauthenticated,
    Unavailable,
    UnsupportedType,
    registered_errors,
)

PROBLEM_JSON = "application/problem+json"
PROBLEMS_PATH = "/problems"

# Raised when Postgres, Redis (or another backend) cannot be reached: connection refused or
# lost, pool exhausted while it reconnects, a hung server's timeout, Redis refusing our password
# or still loading its data. Each is a 503 with Retry-After, never a 500.
BACKEND_UNAVAILABLE: tuple[type[Exception], ...] = (
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
    sqlalchemy.exc.TimeoutError,
    ConnectionError,
    TimeoutError,
    redis.exceptions.ConnectionError,  # AuthenticationError is one
    redis.exceptions.TimeoutError,
    redis.exceptions.BusyLoadingError,
)

STATUS_BY_KIND: dict[type[DomainError], int] = {
    BadRequest: 400,
    NotFound: 404,
    Conflict: 409,
    Forbidden: 403,
    InvalidInput: 422,
    Unauthenticated: 401,
    RateLimited: 429,
    TooLarge: 413,
    UnsupportedType: 415,
    Unavailable: 503,
}

# The codes of problems that are not a domain's own: the edge's, the framework's, the gateway's.
GENERIC_PROBLEMS: dict[int, tuple[str, str]] = {
    400: ("bad_request", "The request could not be read."),
    401: ("unauthorized", "A valid bearer token is needed: it is missing, expired or revoked."),
    403: ("forbidden", "The caller may not do this."),
    404: ("not_found", "Nothing is at this address, or it belongs to another user."),
    405: ("method_not_allowed", "This address does not take this method."),
    408: ("request_timeout", "The request was not sent in time."),
    411: ("length_required", "The request needs a Content-Length."),
    409: ("conflict", "The request contradicts what is stored."),
    413: ("payload_too_large", "The body is larger than this route accepts."),
    415: ("unsupported_media_type", "The body is of a type this route does not accept."),
    414: ("uri_too_long", "The request address (path and query) is too long."),
    416: ("range_not_satisfiable", "The requested byte range is outside the file."),
    422: ("validation_failed", "The request is not valid: `errors` lists each field and why."),
    429: ("rate_limited", "Too many requests: retry after the Retry-After header's seconds."),
    431: ("headers_too_large", "The request headers (or cookies) are too large."),
    500: ("internal_error", "The service failed; the request id finds it in the logs."),
    501: ("not_implemented", "The gateway does not support this method or transfer encoding."),
    502: ("bad_gateway", "The gateway could not reach the service."),
    503: ("service_unavailable", "The service or a backend it needs is down: retry shortly."),
    504: ("gateway_timeout", "The service did not answer in time."),
    505: ("http_version_not_supported", "This HTTP version is not supported."),
}


# Codes of the edge's own checks, beside the generic ones.
EDGE_PROBLEMS: dict[str, tuple[int, str]] = {
    "idempotency_key_invalid": (400, "Idempotency-Key must be 1 to 255 printable characters."),
    "idempotency_key_reused": (422, "This Idempotency-Key was used for a different request body."),
    "idempotency_key_in_flight": (
        409,
        "A request with this Idempotency-Key is still being processed: retry after Retry-After.",
    ),
}


def generic_code(status: int) -> str:
    known = GENERIC_PROBLEMS.get(status)
    return known[0] if known is not None else HTTPStatus(status).phrase.lower().replace(" ", "_")


def problem_type(code: str) -> str:
    return f"{PROBLEMS_PATH}/{code}"


def status_of(error: type[DomainError]) -> int:
    for kind, status in STATUS_BY_KIND.items():
        if issubclass(error, kind):
            return status
    return 400


class ProblemResponse(JSONResponse):
    media_type = PROBLEM_JSON


class Problem(Exception):
    """An error of the HTTP edge itself (not the domain), rendered as problem+json."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        code: str | None = None,
        title: str | None = None,
        headers: dict[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.code = code or generic_code(status)
        self.title = title or HTTPStatus(status).phrase
        self.headers = headers
        self.extensions = extensions


def problem_body(
    status: int,
    detail: str,
    *,
    code: str | None = None,
    title: str | None = None,
    instance: str | None = None,
    **extensions: Any,
) -> dict[str, Any]:
    code = code or generic_code(status)
    body: dict[str, Any] = {
        "type": problem_type(code),
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "code": code,
    }
    if instance is not None:
        body["instance"] = instance
    body.update(extensions)
    return body


def problem_response(
    status: int,
    detail: str,
    *,
    headers: dict[str, str] | None = None,
    **fields: Any,
) -> ProblemResponse:
    return ProblemResponse(
        problem_body(status, detail, **fields), status_code=status, headers=headers
    )


def _domain_headers(exc: DomainError) -> dict[str, str] | None:
    if isinstance(exc, Unauthenticated):
        return {"WWW-Authenticate": 'Bearer error="invalid_token"'}
    retry_after = exc.extensions.get("retry_after_s")
    if isinstance(exc, RateLimited | Unavailable):
        return {"Retry-After": str(retry_after if retry_after is not None else 1)}
    return None


def _field_errors(exc: DomainError) -> dict[str, Any]:
    """The error's extensions, each of its field ``errors`` given a ``type`` (the error's code)
    when it has none: the Problem schema requires one (schemathesis found NullNotAllowed's and
    a playlist position's without)."""
    extensions = dict(exc.extensions)
    if isinstance(extensions.get("errors"), list):
        extensions["errors"] = [
            {"type": exc.code, **error} if isinstance(error, dict) else error
            for error in extensions["errors"]
        ]
    return extensions


async def _handle_domain(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, DomainError)
    return problem_response(
        status_of(type(exc)),
        exc.detail,
        code=exc.code,
        title=exc.title,
        instance=request.url.path,
        headers=_domain_headers(exc),
        **_field_errors(exc),
    )


async def _handle_problem(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, Problem)
    return problem_response(
        exc.status,
        exc.detail,
        code=exc.code,
        title=exc.title,
        instance=request.url.path,
        headers=exc.headers,
        **exc.extensions,
    )


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(request: Request) -> list[str]:
    """Every method some route of the app takes at the request's path, in the usual order.

    Starlette's own 405 names only the methods of the first route whose path matched, so
    ``PUT /api/v1/tasks`` answered ``Allow: GET`` although ``POST`` is another route there.
    Each method is tried through the routes' public ``matches`` (included routers answer it as
    a whole), so this holds however FastAPI nests them.
    """
    routes = request.app.router.routes
    return [
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes
        )
    ]


# FastAPI's 400 for a body it cannot even decode (JSON that is not UTF-8, say); no operation
# documents a 400, every one with a body documents the 422 of a body that is not valid.
UNREADABLE_BODY = "There was an error parsing the body"


async def _handle_http(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400 and exc.detail == UNREADABLE_BODY:
        unreadable = {"loc": ["body"], "msg": "The body is not UTF-8 JSON.", "type": "json_invalid"}
        return await _handle_validation(request, RequestValidationError([unreadable]))
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    headers = dict(getattr(exc, "headers", None) or {})
    if exc.status_code == 405 and (methods := allowed_methods(request)):
        headers["Allow"] = ", ".join(methods)
    return problem_response(
        exc.status_code, detail, instance=request.url.path, headers=headers or None
    )


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {"loc": list(err.get("loc", ())), "msg": err.get("msg", ""), "type": err.get("type", "")}
        for err in exc.errors()
    ]


async def _handle_validation(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, RequestValidationError)
    return problem_response(
        422,
        "The request is not valid: see errors.",
        title="Validation failed",
        instance=request.url.path,
        errors=_validation_errors(exc),
    )


async def _handle_backend_down(request: Request, exc: Exception) -> ProblemResponse:
    # A database that is restarting is the client's cue to retry, not a bug: 503, not 500.
    return problem_response(
        503,
        "A backend this service needs is unavailable; retry shortly.",
        instance=request.url.path,
        headers={"Retry-After": "1"},
    )


async def _handle_database_error(request: Request, exc: Exception) -> ProblemResponse:
    """A database error of no more precise class: an outage (``database_unavailable``: a
    connection lost or refused, a deadlock's loser) is a 503 to retry; any other stays a 500."""
    if database_unavailable(exc):
        return await _handle_backend_down(request, exc)
    raise exc


def install_problem_handlers(app: FastAPI) -> None:
    """Problem+json for domain, HTTP and validation errors; unexpected exceptions are answered by
    ``RequestContextMiddleware`` so the 500 carries the request id."""
    app.add_exception_handler(DomainError, _handle_domain)
    app.add_exception_handler(Problem, _handle_problem)
    app.add_exception_handler(StarletteHTTPException, _handle_http)
    app.add_exception_handler(RequestValidationError, _handle_validation)
    for backend_error in BACKEND_UNAVAILABLE:
        app.add_exception_handler(backend_error, _handle_backend_down)
    app.add_exception_handler(sqlalchemy.exc.DBAPIError, _handle_database_error)


EVERY_SERVICE = "all"


def _owner(error: type[DomainError]) -> str:
    package = error.__module__.split(".")[0]
    return package.removesuffix("_service") if package.endswith("_service") else EVERY_SERVICE


def problem_catalog() -> list[dict[str, Any]]:
    """Every code a client can meet: the generic and edge ones (``services: ["all"]``) and each
    imported domain error with the service that raises it."""
    shared: list[tuple[str, int, str]] = [
        (code, status, text) for status, (code, text) in GENERIC_PROBLEMS.items()
    ] + [(code, status, text) for code, (status, text) in EDGE_PROBLEMS.items()]
    entries = [
        {
            "code": code,
            "status": status,
            "title": HTTPStatus(status).phrase,
            "description": text,
            "services": [EVERY_SERVICE],
        }
        for code, status, text in shared
    ]
    entries += [
        {
            "code": error.code,
            "status": status_of(error),
            "title": error.title,
            "description": error.description,
            "services": [_owner(error)],
        }
        for error in registered_errors()
    ]
    return sorted(entries, key=lambda entry: str(entry["code"]))
