"""Request id, access log, request metrics and last-resort 500, as one pure ASGI middleware."""

import time
import uuid

import structlog
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cadence_shared.client_ip import TrustedProxies
from cadence_shared.metrics import UNMATCHED_ROUTE, observe_request
from cadence_shared.observability import name_server_span
from cadence_shared.problems import problem_response

MAX_REQUEST_ID_LENGTH = 128

log = structlog.get_logger("cadence.access")


def _incoming_request_id(scope: Scope) -> str | None:
    name: bytes
    value: bytes
    for name, value in scope["headers"]:
        if name == b"x-request-id":
            candidate = value.decode("latin-1")
            if 0 < len(candidate) <= MAX_REQUEST_ID_LENGTH and candidate.isprintable():
                return candidate
            return None
    return None


class RequestContextMiddleware:
    """Accepts or generates X-Request-ID, returns it, binds it to every log line, logs the request.

    An exception no handler took is answered here as a 500 problem (rather than by Starlette's
    outer error middleware) so that it carries the request id too; internals go only to the log.
    The access line's ``client`` is the real client: X-Forwarded-For believed from ``proxies``
    only (uvicorn's own proxy headers are off, so the TCP peer is the gateway).
    """

    def __init__(self, app: ASGIApp, proxies: TrustedProxies | None = None) -> None:
        self.app = app
        self.proxies = proxies or TrustedProxies()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _incoming_request_id(scope) or uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status: int | None = None

        async def send_with_request_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                # Now, not at the end: the server span ends with the response's last body.
                name_server_span(scope["method"], route_template(scope) or UNMATCHED_ROUTE)
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_request_id)
        except Exception:
            log.exception("unhandled_exception", method=scope["method"], path=scope["path"])
            if status is not None:
                raise  # the response has begun: nothing sensible can be sent any more
            response = problem_response(
                500, "An unexpected error occurred.", instance=scope["path"]
            )
            await response(scope, receive, send_with_request_id)
        finally:
            duration_s = time.perf_counter() - started
            route = route_template(scope)
            observe_request(scope["method"], route, status, duration_s)
            log.info(
                "request",
                method=scope["method"],
                path=scope["path"],
                route=route,
                status=status,
                duration_ms=round(duration_s * 1000, 2),
                client=self.proxies.of_scope(scope),
            )


def route_template(scope: Scope) -> str | None:
    """The path template of the route that answered (``/tasks/{task_id}``), once routed."""
    route = scope.get("route")
    path: str | None = getattr(route, "path", None)
    return path
