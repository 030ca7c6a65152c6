"""Traefik v3 configuration from the route table: static config and file-provider dynamic config
(``templates/traefik/``).

The same routers, middlewares and services feed docker compose (file provider) and Kubernetes
(IngressRoute + Middleware resources, ``cadence_gateway.k8s``); only service addresses differ.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from cadence_gateway import policy
from cadence_gateway.limits import LIVE as LIVE_LIMIT
from cadence_gateway.routes import MIB, Route, RouteTable
from cadence_gateway.templating import render_yaml, render_yaml_data

TRAEFIK_STATIC = "deploy/traefik/traefik.yml"
# The same static config with tracing on, to the compose observability profile's collector:
# ``CADENCE_TRAEFIK_STATIC=traefik-traced.yml`` in ``.env`` mounts it instead.
TRAEFIK_STATIC_TRACED = "deploy/traefik/traefik-traced.yml"
TRACING_ENDPOINT = "http://otel-collector:4318/v1/traces"
TRAEFIK_DYNAMIC = "deploy/traefik/dynamic.yml"
# Every service and the authorizer listen on this port inside their containers.
CONTAINER_PORT = 8000
ENTRY_POINT = "web"
METRICS_ENTRY_POINT = "metrics"
METRICS_PORT = 8082
AUTHORIZER = "authorizer"
# The gateway's app in its live process (the live job streams, cadence_gateway.procfile).
LIVE = "live"
IDEMPOTENT_METHODS = ("GET", "HEAD", "OPTIONS", "PUT", "DELETE")
RETRY_ATTEMPTS = 2
# What Traefik's buffering keeps of an upload's body in memory; the rest goes to a temporary file.
UPLOAD_MEMORY_BYTES = MIB
# Above every route (their priority is 10 per prefix character), below nothing.
PAGE_PRIORITY = 5000


@dataclass(frozen=True)
class Router:
    name: str
    rule: str
    priority: int
    service: str
    middlewares: list[str]


@dataclass(frozen=True)
class Backend:
    """A Traefik service: one Cadence service (or the authorizer) with one response timeout."""

    name: str
    target: str
    timeout_s: float


@dataclass(frozen=True)
class Gateway:
    routers: list[Router]
    middlewares: dict[str, dict[str, Any]]
    backends: list[Backend]

    @property
    def transport_timeouts(self) -> list[float]:
        """One servers transport per response timeout a backend has."""
        return sorted({backend.timeout_s for backend in self.backends})


def _prefix_rule(prefix: str) -> str:
    # A prefix matches itself and what is below it, never a longer sibling (/a vs /ab).
    return f"(Path(`{prefix}`) || PathPrefix(`{prefix}/`))"


def _backend(service: str, timeout_s: float) -> Backend:
    return Backend(f"{service}-{timeout_s:g}s", service, timeout_s)


def limit_errors(route: Route) -> list[int]:
    """The limits' statuses Traefik's errors middleware turns into problem+json on ``route``:
    those its service never answers itself."""
    return [s for s in policy.TRAEFIK_LIMIT_ERRORS if s not in route.service_answers]


def body_limited(route: Route) -> bool:
    """Whether Traefik limits (and buffers) the route's body. Not where the service answers 413
    itself: there the body streams to the service, whose own cap (below the route's body_limit)
    answers first, with its own problem."""
    return 413 not in route.service_answers


def gate_address(authorizer_url: str, route: Route) -> str:
    """What the route's forwardAuth asks: its rate limit, and on a protected route the token."""
    path = policy.LIMIT_PATH if route.is_public else policy.VERIFY_PATH
    return f"{authorizer_url}{path}/{route.name}"


def _route_routers(route: Route, backend: str) -> list[Router]:
    problems = ["problems", f"problems-{route.name}"] if limit_errors(route) else ["problems"]
    chain = ["cors", "strip-identity", *problems, f"gate-{route.name}"]
    methods_retried: tuple[str, ...] = IDEMPOTENT_METHODS
    if body_limited(route):
        chain.append(f"body-{route.name}")
    else:
        # A streamed body is read once: a PUT whose connection broke cannot be sent again.
        methods_retried = tuple(m for m in IDEMPOTENT_METHODS if m != "PUT")
    rule = _prefix_rule(route.prefix)
    priority = len(route.prefix) * 10
    # Idempotent requests may be retried when the service did not answer at all.
    methods = " || ".join(f"Method(`{method}`)" for method in methods_retried)
    return [
        Router(route.name, rule, priority, backend, chain),
        Router(
            f"{route.name}-idempotent",
            f"{rule} && ({methods})",
            priority + 5,
            backend,
            [*chain, "retry"],
        ),
        # Below the route's own routers, above any shorter prefix's: a route whose service has
        # no server at all (Kubernetes: no ready pod) is dropped by Traefik, and its requests
        # come here for the gateway's 503 instead of a shorter prefix's router (or Traefik's
        # plain "no available server"). Never reached while the route's routers exist.
        Router(
            f"{route.name}-unavailable",
            rule,
            priority - 1,
            AUTHORIZER,
            ["cors", "unavailable"],
        ),
    ]


def _service_page_routers(service: str, backend: str) -> list[Router]:
    return [
        Router(
            f"health-{service}",
            f"Path(`/health/{service}`)",
            PAGE_PRIORITY,
            backend,
            ["problems", "ready-path"],
        ),
        Router(
            f"openapi-{service}",
            f"Path(`/openapi/{service}.json`)",
            PAGE_PRIORITY,
            backend,
            ["cors", "problems", "openapi-path"],
        ),
    ]


def build_gateway(
    table: RouteTable,
    *,
    authorizer_url: str,
    error_service: str | dict[str, Any] = AUTHORIZER,
) -> Gateway:
    """Routers, middlewares and backends for ``table``; ``authorizer_url`` is the authorizer's
    base URL (forwardAuth) and ``error_service`` how the errors middleware names it."""
    middlewares = render_yaml_data(
        "traefik/middlewares.yml.j2", **_middleware_context(table, authorizer_url, error_service)
    )
    backends = {
        AUTHORIZER: Backend(AUTHORIZER, AUTHORIZER, policy.AUTHORIZER_TIMEOUT_S),
        # The stream's headers come once the snapshot is read: at once, like /verify's answer.
        LIVE: Backend(LIVE, LIVE, policy.AUTHORIZER_TIMEOUT_S),
    }
    routers: list[Router] = []
    for route in table.by_longest_prefix:
        backend = _backend(route.service, route.timeout_s)
        backends.setdefault(backend.name, backend)
        routers += _route_routers(route, backend.name)
    for name in table.services:
        backend = _backend(name, policy.READINESS_TIMEOUT_S)
        backends.setdefault(backend.name, backend)
        routers += _service_page_routers(name, backend.name)
    # Live job progress: the gateway's app checks the token itself (a browser's WebSocket
    # carries it in Sec-WebSocket-Protocol, which forwardAuth does not read); no buffering
    # middleware, which would hold a stream's events back; the errors middleware passes a stream
    # (and a WebSocket's upgrade) through as it comes.
    live = f"Path(`{policy.LIVE_WEBSOCKET}`) || Path(`{policy.LIVE_EVENTS}`)"
    live_chain = ["cors", "strip-identity", "problems", "gate-live"]
    routers.append(Router("live", live, PAGE_PRIORITY, LIVE, live_chain))
    # The gateway's own pages (liveness, docs, the merged OpenAPI document, problem codes) and problem+json 404 for every
    # unknown path.
    exact = ["Path(`/health`)", f"Path(`{policy.MERGED_SPEC}`)"]
    pages = " || ".join([*exact, *(f"PathPrefix(`{p}`)" for p in policy.GATEWAY_PAGES)])
    routers.append(Router("gateway-pages", pages, PAGE_PRIORITY, AUTHORIZER, []))
    routers.append(Router("not-found", "PathPrefix(`/`)", 1, AUTHORIZER, ["cors"]))
    return Gateway(routers, middlewares, list(backends.values()))


def _middleware_context(
    table: RouteTable,
    authorizer_url: str,
    error_service: str | dict[str, Any],
) -> dict[str, Any]:
    return {
        "table": table,
        "policy": policy,
        "gate": partial(gate_address, authorizer_url),
        "live_gate": f"{authorizer_url}{policy.LIMIT_PATH}/{LIVE_LIMIT}",
        "error_service": error_service,
        "limit_errors": limit_errors,
        "body_limited": body_limited,
        "retry_attempts": RETRY_ATTEMPTS,
        "upload_memory_bytes": UPLOAD_MEMORY_BYTES,
    }


def render_dynamic(table: RouteTable, address: Callable[[str], str]) -> str:
    """The file-provider config; ``address(target)`` is a service's base URL."""
    authorizer_url = address(AUTHORIZER)
    gateway = build_gateway(table, authorizer_url=authorizer_url)
    return render_yaml(
        "traefik/dynamic.yml.j2",
        gateway=gateway,
        address=address,
        entry_point=ENTRY_POINT,
        **_middleware_context(table, authorizer_url, AUTHORIZER),
    )


def compose_address(target: str) -> str:
    return f"http://{target}:{CONTAINER_PORT}"


def render_static(
    *, dynamic_file: str = "/etc/traefik/dynamic.yml", tracing_endpoint: str | None = None
) -> str:
    """Traefik's static config; with ``tracing_endpoint``, a span per request goes there over
    OTLP/HTTP (a client's ``traceparent`` continued, and passed on to the backend)."""
    return render_yaml(
        "traefik/traefik.yml.j2",
        policy=policy,
        entry_point=ENTRY_POINT,
        metrics_entry_point=METRICS_ENTRY_POINT,
        container_port=CONTAINER_PORT,
        metrics_port=METRICS_PORT,
        dynamic_file=dynamic_file,
        tracing_endpoint=tracing_endpoint,
    )
