"""Traefik v3 configuration from the route table: static config and file-provider dynamic config.

The same routers, middlewares and services feed docker compose (file provider) and Kubernetes
(IngressRoute + Middleware resources, ``cadence_gateway.k8s``); only service addresses differ.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cadence_gateway.nginx import (
    CORS_ALLOW_HEADERS,
    CORS_ALLOW_METHODS,
    CORS_EXPOSE_HEADERS,
    CORS_MAX_AGE_S,
    IDENTITY_HEADERS,
)
from cadence_gateway.routes import Route, RouteTable, dump_yaml

TRAEFIK_STATIC = "deploy/traefik/traefik.yml"
TRAEFIK_DYNAMIC = "deploy/traefik/dynamic.yml"
# Every service and the authorizer listen on this port inside their containers.
CONTAINER_PORT = 8000
ENTRY_POINT = "web"
METRICS_ENTRY_POINT = "metrics"
METRICS_PORT = 8082
AUTHORIZER = "authorizer"
IDEMPOTENT_METHODS = ("GET", "HEAD", "OPTIONS", "PUT", "DELETE")
# Gateway-made errors answered as problem+json by the authorizer's /problem/{status}.
PROBLEM_STATUSES = ["413", "502-504"]
RETRY_ATTEMPTS = 2
DIAL_TIMEOUT = "2s"
HEADER = "# Rendered from gateway/routes.toml by `uv run python -m cadence_gateway.render`: do not edit.\n"


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


def _prefix_rule(prefix: str) -> str:
    # A prefix matches itself and what is below it, never a longer sibling (/a vs /ab).
    return f"(Path(`{prefix}`) || PathPrefix(`{prefix}/`))"


def _backend_name(service: str, timeout_s: float) -> str:
    return f"{service}-{timeout_s:g}s"


def _rate_limit(route: Route, redis_endpoint: str) -> dict[str, Any]:
    limit = route.rate_limit
    average, period = (limit.per_second, "1s")
    if not limit.per_second.is_integer():
        average, period = (round(limit.per_second * 60), "1m")
    return {
        "rateLimit": {
            "average": int(average),
            "period": period,
            "burst": limit.burst,
            # Traefik is the edge: the client address is the connection's, never a header.
            "sourceCriterion": {"ipStrategy": {"depth": 0}},
            # Traefik >= 3.4: buckets in Redis, so the limit holds across gateway replicas.
            "redis": {"endpoints": [redis_endpoint]},
        }
    }


def build_gateway(table: RouteTable, *, authorizer_url: str, redis_endpoint: str) -> Gateway:
    """Routers, middlewares and backends for ``table``; ``authorizer_url`` is /verify's base."""
    middlewares: dict[str, dict[str, Any]] = {
        "strip-identity": {
            "headers": {"customRequestHeaders": dict.fromkeys(IDENTITY_HEADERS, "")}
        },
        "authorize": {
            "forwardAuth": {
                "address": f"{authorizer_url}/verify",
                "trustForwardHeader": False,
                "authResponseHeaders": list(IDENTITY_HEADERS),
            }
        },
        "cors": {
            "headers": {
                "accessControlAllowOriginList": list(table.gateway.cors_origins),
                "accessControlAllowMethods": [m.strip() for m in CORS_ALLOW_METHODS.split(",")],
                "accessControlAllowHeaders": [h.strip() for h in CORS_ALLOW_HEADERS.split(",")],
                "accessControlExposeHeaders": [h.strip() for h in CORS_EXPOSE_HEADERS.split(",")],
                "accessControlMaxAge": CORS_MAX_AGE_S,
                "addVaryHeader": True,
            }
        },
        "problems": {
            "errors": {
                "status": PROBLEM_STATUSES,
                "service": AUTHORIZER,
                "query": "/problem/{status}",
            }
        },
        "retry": {"retry": {"attempts": RETRY_ATTEMPTS, "initialInterval": "100ms"}},
        "ready-path": {"replacePath": {"path": "/health/ready"}},
        "openapi-path": {"replacePath": {"path": "/openapi.json"}},
    }
    routers: list[Router] = []
    backends: dict[str, Backend] = {
        AUTHORIZER: Backend(AUTHORIZER, AUTHORIZER, 5.0),
    }
    for route in table.by_longest_prefix:
        backend = _backend_name(route.service, route.timeout_s)
        backends.setdefault(backend, Backend(backend, route.service, route.timeout_s))
        middlewares[f"rate-{route.name}"] = _rate_limit(route, redis_endpoint)
        middlewares[f"body-{route.name}"] = {"buffering": {"maxRequestBodyBytes": route.body_limit}}
        chain = ["cors", "strip-identity", "problems", f"rate-{route.name}"]
        if not route.is_public:
            chain.append("authorize")
        chain.append(f"body-{route.name}")
        rule = _prefix_rule(route.prefix)
        priority = len(route.prefix) * 10
        routers.append(Router(route.name, rule, priority, backend, chain))
        # Idempotent requests may be retried when the service did not answer at all.
        methods = " || ".join(f"Method(`{method}`)" for method in IDEMPOTENT_METHODS)
        routers.append(
            Router(
                f"{route.name}-idempotent",
                f"{rule} && ({methods})",
                priority + 5,
                backend,
                [*chain, "retry"],
            )
        )
    for name in table.services:
        backend = _backend_name(name, 5.0)
        backends.setdefault(backend, Backend(backend, name, 5.0))
        routers.append(
            Router(f"health-{name}", f"Path(`/health/{name}`)", 5000, backend, ["ready-path"])
        )
        routers.append(
            Router(
                f"openapi-{name}",
                f"Path(`/openapi/{name}.json`)",
                5000,
                backend,
                ["cors", "openapi-path"],
            )
        )
    # The gateway's own pages (liveness, docs) and problem+json 404 for every unknown path.
    routers.append(
        Router("gateway-pages", "Path(`/health`) || PathPrefix(`/docs`)", 5000, AUTHORIZER, [])
    )
    routers.append(Router("not-found", "PathPrefix(`/`)", 1, AUTHORIZER, ["cors"]))
    return Gateway(routers, middlewares, list(backends.values()))


def _dump(document: dict[str, Any]) -> str:
    return HEADER + dump_yaml(document)


def render_dynamic(table: RouteTable, address: Callable[[str], str]) -> str:
    """The file-provider config; ``address(target)`` is a service's base URL."""
    gateway = build_gateway(table, authorizer_url=address(AUTHORIZER), redis_endpoint="redis:6379")
    transports = {
        f"timeout-{backend.timeout_s:g}s": {
            "forwardingTimeouts": {
                "dialTimeout": DIAL_TIMEOUT,
                "responseHeaderTimeout": f"{backend.timeout_s:g}s",
            }
        }
        for backend in gateway.backends
    }
    return _dump(
        {
            "http": {
                "routers": {
                    router.name: {
                        "entryPoints": [ENTRY_POINT],
                        "rule": router.rule,
                        "priority": router.priority,
                        "service": router.service,
                        **({"middlewares": router.middlewares} if router.middlewares else {}),
                    }
                    for router in gateway.routers
                },
                "middlewares": gateway.middlewares,
                "services": {
                    backend.name: {
                        "loadBalancer": {
                            "servers": [{"url": address(backend.target)}],
                            "serversTransport": f"timeout-{backend.timeout_s:g}s",
                        }
                    }
                    for backend in gateway.backends
                },
                "serversTransports": transports,
            }
        }
    )


def compose_address(target: str) -> str:
    return f"http://{target}:{CONTAINER_PORT}"


def render_static(*, dynamic_file: str = "/etc/traefik/dynamic.yml") -> str:
    return _dump(
        {
            "entryPoints": {
                ENTRY_POINT: {
                    "address": f":{CONTAINER_PORT}",
                    # The edge: X-Forwarded-* from clients are never trusted.
                    "forwardedHeaders": {"insecure": False},
                },
                METRICS_ENTRY_POINT: {"address": f":{METRICS_PORT}"},
            },
            "providers": {"file": {"filename": dynamic_file, "watch": True}},
            "log": {"level": "INFO", "format": "json"},
            "accessLog": {"format": "json"},
            "metrics": {"prometheus": {"entryPoint": METRICS_ENTRY_POINT}},
            "ping": {"entryPoint": METRICS_ENTRY_POINT},
            "api": {"dashboard": False},
            "global": {"checkNewVersion": False, "sendAnonymousUsage": False},
        }
    )
