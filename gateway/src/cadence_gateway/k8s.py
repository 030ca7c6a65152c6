"""Kubernetes manifests from the route table: a Deployment + Service per service and for the
authorizer, and Traefik's IngressRoute, Middleware and ServersTransport resources.

Traefik itself is installed in the cluster (e.g. its Helm chart) with the kubernetescrd provider;
Postgres, Redis and RabbitMQ are managed services reached through each service's Secret.
"""

from typing import Any

import yaml

from cadence_gateway.containers import authorizer_command, service_command
from cadence_gateway.routes import RouteTable, dump_yaml_all
from cadence_gateway.traefik import AUTHORIZER, CONTAINER_PORT, ENTRY_POINT, build_gateway

K8S_DIR = "deploy/k8s"
NAMESPACE = "cadence"
TRAEFIK_API = "traefik.io/v1alpha1"
REDIS_ENDPOINT = f"redis.{NAMESPACE}.svc.cluster.local:6379"
HEADER = "# Rendered from gateway/routes.toml by `uv run python -m cadence_gateway.render`: do not edit.\n"


def _probe(path: str) -> dict[str, Any]:
    return {"httpGet": {"path": path, "port": CONTAINER_PORT}, "periodSeconds": 5}


def _workload(
    name: str, image: str, command: list[str], *, migrate: bool, ready_path: str
) -> list[Any]:
    labels = {"app.kubernetes.io/name": name, "app.kubernetes.io/part-of": "cadence"}
    config = [
        {"configMapRef": {"name": "cadence-common", "optional": True}},
        {"secretRef": {"name": f"cadence-{name}", "optional": True}},
    ]
    container = {
        "name": name,
        "image": image,
        "args": command,
        "ports": [{"containerPort": CONTAINER_PORT, "name": "http"}],
        "envFrom": config,
        "readinessProbe": _probe(ready_path),
        "livenessProbe": _probe("/health"),
        "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}},
        "securityContext": {"runAsNonRoot": True, "allowPrivilegeEscalation": False},
    }
    pod: dict[str, Any] = {"containers": [container]}
    if migrate:
        # Migrations run before the new version serves; `upgrade head` is idempotent.
        pod["initContainers"] = [
            {
                "name": "migrate",
                "image": image,
                "args": ["cadence-migrate", name, "upgrade", "head"],
                "envFrom": config,
            }
        ]
    deployment = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "namespace": NAMESPACE, "labels": labels},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app.kubernetes.io/name": name}},
            "template": {"metadata": {"labels": labels}, "spec": pod},
        },
    }
    service = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": name, "namespace": NAMESPACE, "labels": labels},
        "spec": {
            "selector": {"app.kubernetes.io/name": name},
            "ports": [{"name": "http", "port": CONTAINER_PORT, "targetPort": "http"}],
        },
    }
    return [deployment, service]


def _dump_all(documents: list[Any]) -> str:
    return HEADER + dump_yaml_all(documents)


def _traefik_resources(table: RouteTable) -> list[Any]:
    gateway = build_gateway(
        table,
        authorizer_url=f"http://{AUTHORIZER}.{NAMESPACE}.svc.cluster.local:{CONTAINER_PORT}",
        redis_endpoint=REDIS_ENDPOINT,
    )
    backends = {backend.name: backend for backend in gateway.backends}
    resources: list[Any] = []
    for name, spec in gateway.middlewares.items():
        if "errors" in spec:
            # The CRD names the error service as a Kubernetes Service with its port.
            spec = {
                "errors": {
                    **spec["errors"],
                    "service": {"name": AUTHORIZER, "port": CONTAINER_PORT},
                }
            }
        resources.append(
            {
                "apiVersion": TRAEFIK_API,
                "kind": "Middleware",
                "metadata": {"name": name, "namespace": NAMESPACE},
                "spec": spec,
            }
        )
    for timeout in sorted({backend.timeout_s for backend in gateway.backends}):
        resources.append(
            {
                "apiVersion": TRAEFIK_API,
                "kind": "ServersTransport",
                "metadata": {"name": f"timeout-{timeout:g}s", "namespace": NAMESPACE},
                "spec": {
                    "forwardingTimeouts": {
                        "dialTimeout": "2s",
                        "responseHeaderTimeout": f"{timeout:g}s",
                    }
                },
            }
        )
    routes = []
    for router in gateway.routers:
        backend = backends[router.service]
        route: dict[str, Any] = {
            "kind": "Rule",
            "match": router.rule,
            "priority": router.priority,
            "services": [
                {
                    "name": backend.target,
                    "port": CONTAINER_PORT,
                    "serversTransport": f"timeout-{backend.timeout_s:g}s",
                }
            ],
        }
        if router.middlewares:
            route["middlewares"] = [{"name": name} for name in router.middlewares]
        routes.append(route)
    resources.append(
        {
            "apiVersion": TRAEFIK_API,
            "kind": "IngressRoute",
            "metadata": {"name": "cadence", "namespace": NAMESPACE},
            "spec": {"entryPoints": [ENTRY_POINT], "routes": routes},
        }
    )
    return resources


def render_k8s(table: RouteTable) -> dict[str, str]:
    files = {
        f"{K8S_DIR}/namespace.yaml": _dump_all(
            [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NAMESPACE}}]
        )
    }
    for name, service in table.services.items():
        files[f"{K8S_DIR}/{name}.yaml"] = _dump_all(
            _workload(
                name,
                f"cadence/{name}:latest",
                service_command(service.app),
                migrate=True,
                ready_path="/health/ready",
            )
        )
    files[f"{K8S_DIR}/{AUTHORIZER}.yaml"] = _dump_all(
        _workload(
            AUTHORIZER,
            "cadence/gateway:latest",
            authorizer_command(),
            migrate=False,
            ready_path="/health",
        )
    )
    files[f"{K8S_DIR}/gateway.yaml"] = _dump_all(_traefik_resources(table))
    resources = sorted(path.rsplit("/", 1)[1] for path in files)
    files[f"{K8S_DIR}/kustomization.yaml"] = HEADER + yaml.safe_dump(
        {
            "apiVersion": "kustomize.config.k8s.io/v1beta1",
            "kind": "Kustomization",
            "namespace": NAMESPACE,
            "resources": resources,
        },
        sort_keys=False,
    )
    return files
