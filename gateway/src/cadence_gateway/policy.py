"""The gateway's policy, once for every gateway that enforces it: nginx (the local stack), Traefik
(compose and Kubernetes) and the authorizer, which answers the gateway's own problem pages."""

import json
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from cadence_shared.problems import PROBLEMS_PATH, generic_code, problem_body

# CORS: what a page on an allowed origin may send, and which response headers it may read.
CORS_ALLOW_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
CORS_ALLOW_HEADERS = ("Authorization", "Content-Type", "Idempotency-Key", "X-Request-ID")
# Idempotent-Replayed tells a replayed write; Location names what a 201/202 created.
CORS_EXPOSE_HEADERS = (
    "X-Request-ID",
    "Retry-After",
    "WWW-Authenticate",
    "Idempotent-Replayed",
    "Location",
)
CORS_MAX_AGE_S = 600

# Headers that claim who the caller is. Services read the caller from the bearer token alone; these
# are dropped from every client request all the same, so nothing behind the gateway ever sees one.
IDENTITY_HEADERS = ("X-User-Id", "X-User-Roles")

# The gateway's own pages, served by the authorizer app under these prefixes: the suite's docs and
# the problem codes (every problem+json's ``type`` is ``/problems/<code>``).
GATEWAY_PAGES = ("/docs", PROBLEMS_PATH)
# The suite's merged OpenAPI document, served by the same app (cadence_gateway.openapi).
MERGED_SPEC = "/openapi.json"

# Live job progress, served by the gateway's own app (cadence_gateway.live_http): a WebSocket and
# a Server-Sent Events stream. Open for as long as the client likes: heartbeats every
# GATEWAY_LIVE_HEARTBEAT_S keep them well inside this read timeout.
LIVE_PREFIX = "/api/v1/live"
LIVE_WEBSOCKET = f"{LIVE_PREFIX}/ws"
LIVE_EVENTS = f"{LIVE_PREFIX}/events"
LIVE_TIMEOUT_S = 3600
# New live connections per client address (a reconnecting client needs a few, never many).
LIVE_RATE_PER_S = 5
LIVE_BURST = 20

# Connecting to a service is local and fast: a service that does not accept within this is down.
CONNECT_TIMEOUT_S = 2
# /verify, a service's readiness and its OpenAPI document answer at once or not at all.
AUTHORIZER_TIMEOUT_S = 5
READINESS_TIMEOUT_S = 5


@dataclass(frozen=True)
class GatewayProblem:
    """An error the gateway answers itself, as problem+json with the suite's generic code for its
    status (``type: /problems/<code>``, described on the gateway's /problems page)."""

    status: int
    detail: str

    @property
    def code(self) -> str:
        return generic_code(self.status)

    @property
    def body(self) -> dict[str, Any]:
        return problem_body(self.status, self.detail, code=self.code)

    @property
    def compact_json(self) -> str:
        return json.dumps(self.body, separators=(",", ":"))


GATEWAY_PROBLEMS = {
    problem.status: problem
    for problem in (
        # nginx's own refusals of a request it cannot read, before any route is chosen.
        GatewayProblem(400, "The request could not be read: a malformed request line or header."),
        GatewayProblem(401, "A valid bearer token is required."),
        GatewayProblem(403, "This origin may not call the API."),
        GatewayProblem(404, "No route for this path."),
        GatewayProblem(405, "This address of the gateway answers only GET and HEAD."),
        GatewayProblem(408, "The request was not sent in time."),
        GatewayProblem(411, "This request needs a Content-Length."),
        GatewayProblem(413, "The request body is larger than this route accepts."),
        GatewayProblem(414, "The request address (path and query) is too long."),
        GatewayProblem(431, "The request headers (or cookies) are too large."),
        GatewayProblem(
            429, "Too many requests: slow down and retry after the time in Retry-After."
        ),
        GatewayProblem(502, "The service behind this route is not answering."),
        # nginx: the authorizer is down, so no token can be checked; Traefik: the service is.
        GatewayProblem(
            503, "The gateway or the service behind this route is unavailable: retry shortly."
        ),
        GatewayProblem(504, "The service behind this route did not answer in time."),
        GatewayProblem(501, "This transfer encoding or method is not supported."),
        GatewayProblem(505, "This HTTP version is not supported."),
    )
}


# Traefik's errors middleware replaces any response of a status it watches, the services' own
# included (their body and headers, Retry-After too), and cannot tell who made it. So it watches
# only what no service answers: on every router the proxy's own 502 and 504, and per route the
# body limit's 413 (the buffering middleware) where the route's service does not answer 413
# itself (``Route.service_answers``). There Traefik sets no body limit at all: the service's own
# streaming cap answers. The rest of the gateway's errors under Traefik are answered by the
# authorizer, never by Traefik: the rate limit's 429 (forwardAuth on every route asks
# ``/limit/<route>`` or ``/verify/<route>``, cadence_gateway.limits), the token's 401, and the 503
# of a route whose service has no server (a router of the authorizer's under every route).
TRAEFIK_OWN_ERRORS = (502, 504)
TRAEFIK_LIMIT_ERRORS = (413,)
# The authorizer's paths: /verify checks the token (nginx's auth_request); Traefik's forwardAuth
# of a route asks /limit/<route> (its rate limit) or /verify/<route> (its rate limit, then the
# token), so one hop does both on a protected route.
VERIFY_PATH = "/verify"
LIMIT_PATH = "/limit"
# The authorizer's page for the gateway's own problem of a status (Traefik's errors middleware).
PROBLEM_PAGE = "/problem"
# forwardAuth: what the authorizer is sent (the token, and the request id, which it accepts or
# makes and answers), and what comes back onto the request to the service, so the authorizer and
# the service log one request id, as under nginx.
FORWARD_AUTH_REQUEST_HEADERS = ("Authorization", "X-Request-ID")
FORWARD_AUTH_RESPONSE_HEADERS = ("X-Request-ID",)

# The statuses nginx answers itself, each as problem+json (error_page to a named location).
NGINX_OWN_ERRORS = (400, 404, 405, 408, 411, 413, 414, 431, 501, 505)
# nginx's internal code for "Request Header Or Cookie Too Large", sent as 400 unless mapped.
NGINX_HEADER_TOO_LARGE = 494
# The internal locations that answer them (never reachable from outside: ``internal``).
NGINX_ERROR_PREFIX = "/_gateway_error"


def gateway_problem(status: int) -> GatewayProblem:
    """The gateway's problem for ``status``; a status it never makes itself gets the phrase."""
    return GATEWAY_PROBLEMS.get(status) or GatewayProblem(status, HTTPStatus(status).phrase)
