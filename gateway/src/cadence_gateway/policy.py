"""The gateway's policy, once for every gateway that enforces it: nginx (the local stack), Traefik
(compose and Kubernetes) and the authorizer, which answers the gateway's own problem pages."""

import json
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

# CORS: what a page on an allowed origin may send, and which response headers it may read.
CORS_ALLOW_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
CORS_ALLOW_HEADERS = ("Authorization", "Content-Type", "Idempotency-Key", "X-Request-ID")
CORS_EXPOSE_HEADERS = ("X-Request-ID", "Retry-After", "WWW-Authenticate")
CORS_MAX_AGE_S = 600

# Headers that claim who the caller is. Services read the caller from the bearer token alone; these
# are dropped from every client request all the same, so nothing behind the gateway ever sees one.
IDENTITY_HEADERS = ("X-User-Id", "X-User-Roles")

# Connecting to a service is local and fast: a service that does not accept within this is down.
CONNECT_TIMEOUT_S = 2
# /verify, a service's readiness and its OpenAPI document answer at once or not at all.
AUTHORIZER_TIMEOUT_S = 5
READINESS_TIMEOUT_S = 5


@dataclass(frozen=True)
class GatewayProblem:
    """An error the gateway answers itself, as problem+json."""

    status: int
    detail: str

    @property
    def body(self) -> dict[str, Any]:
        return {
            "type": "about:blank",
            "title": HTTPStatus(self.status).phrase,
            "status": self.status,
            "detail": self.detail,
        }

    @property
    def json(self) -> str:
        return json.dumps(self.body, separators=(",", ":"))


GATEWAY_PROBLEMS = {
    problem.status: problem
    for problem in (
        GatewayProblem(401, "A valid bearer token is required."),
        GatewayProblem(403, "This origin may not call the API."),
        GatewayProblem(404, "No route for this path."),
        GatewayProblem(413, "The request body is larger than this route accepts."),
        GatewayProblem(
            429, "Too many requests: slow down and retry after the time in Retry-After."
        ),
        GatewayProblem(502, "The service behind this route is not answering."),
        GatewayProblem(503, "The gateway cannot check the token right now."),
        GatewayProblem(504, "The service behind this route did not answer in time."),
    )
}


def gateway_problem(status: int) -> GatewayProblem:
    """The gateway's problem for ``status``; a status it never makes itself gets the phrase."""
    return GATEWAY_PROBLEMS.get(status) or GatewayProblem(status, HTTPStatus(status).phrase)
