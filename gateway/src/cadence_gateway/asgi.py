"""What the gateway's bare ASGI endpoints share: the bearer token and the request id of a
request, and answers with a plain body or a problem+json."""

import uuid
from collections.abc import Awaitable, Callable

import orjson
import structlog
from starlette.types import Receive, Scope, Send

from cadence_gateway.policy import gateway_problem
from cadence_shared.middleware import MAX_REQUEST_ID_LENGTH
from cadence_shared.problems import PROBLEM_JSON, problem_body

log = structlog.get_logger("cadence.authorizer")

Headers = list[tuple[bytes, bytes]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MISSING_TOKEN_CHALLENGE = b'Bearer realm="cadence"'
OK_BODY = b'{"status":"ok"}'
JSON_HEADER = (b"content-type", b"application/json")
PROBLEM_HEADER = (b"content-type", PROBLEM_JSON.encode())


def bearer_token(headers: Headers) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, if there is one."""
    for name, value in headers:
        if name == b"authorization":
            scheme, _, token = value.partition(b" ")
            if scheme.lower() == b"bearer" and token.strip():
                return token.strip().decode("latin-1")
            return None
    return None


def request_id(headers: Headers) -> bytes:
    for name, value in headers:
        if name == b"x-request-id" and 0 < len(value) <= MAX_REQUEST_ID_LENGTH:
            return value
    return uuid.uuid4().hex.encode()


def challenge(detail: str) -> bytes:
    # RFC 6750: error_description is a quoted string; keep it to characters that need no escape.
    safe = "".join(ch for ch in detail if ch.isprintable() and ch not in '"\\')[:200]
    return f'Bearer realm="cadence", error="invalid_token", error_description="{safe}"'.encode()


async def respond(send: Send, status: int, headers: Headers, body: bytes) -> None:
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def deny(send: Send, rid: bytes, detail: str, www_authenticate: bytes) -> None:
    log.info("token_refused", detail=detail, request_id=rid.decode())
    await respond(
        send,
        401,
        [PROBLEM_HEADER, (b"www-authenticate", www_authenticate), (b"x-request-id", rid)],
        orjson.dumps(problem_body(401, detail)),
    )


def client_address(scope: Scope) -> str:
    """The client of a request forwardAuth asks about: Traefik's X-Forwarded-For, which with
    ``trustForwardHeader: false`` is the connection's address alone; else the direct caller."""
    headers: Headers = scope["headers"]
    for name, value in headers:
        if name == b"x-forwarded-for":
            return value.decode("latin-1").rpartition(",")[2].strip()
    client = scope.get("client")
    return str(client[0]) if client else ""


async def too_many(send: Send, rid: bytes, retry_after_s: int) -> None:
    # The gateway's own 429, as nginx answers it (cadence_gateway.policy).
    body = orjson.dumps(gateway_problem(429).body)
    retry_after = (b"retry-after", str(retry_after_s).encode())
    await respond(send, 429, [PROBLEM_HEADER, retry_after, (b"x-request-id", rid)], body)


async def unavailable(send: Send, rid: bytes, detail: str) -> None:
    body = orjson.dumps(problem_body(503, detail))
    await respond(send, 503, [PROBLEM_HEADER, (b"x-request-id", rid)], body)
