"""Kubernetes manifests from the route table (``templates/k8s/``): a kustomize base and two overlays.

``deploy/k8s/base``: per process (every service's web app, every worker, the authorizer, the live
process) a Deployment, a PodDisruptionBudget and, for web processes, a Service and a
HorizontalPodAutoscaler; per service a db-setup Job (``cadence-db-setup``) and a migration Job
(``cadence-migrate <service> upgrade head``), while every pod of the service waits in an init
container until its schema is at head (``cadence-migrate <service> wait``); the ``cadence-common``
ConfigMap; Redis (AOF on a PersistentVolumeClaim), Postgres and RabbitMQ as StatefulSets; default-deny
NetworkPolicies with the few paths allowed; Traefik's IngressRoute, Middleware and ServersTransport
resources, built from the same routers and middlewares as docker compose's file provider.

``deploy/k8s/overlays/{dev,prod}``: images pinned by tag (kustomize ``images:``), and per overlay
the replicas of the workers, every container's requests and limits and the autoscalers' bounds.

The Secrets are not rendered into any of them: ``deploy/k8s/secrets.example.yaml`` documents every
key and who reads it; an operator creates them (or has an external secrets operator do it).
Traefik itself is installed in the cluster (its Helm chart, kubernetescrd provider) in
``TRAEFIK_NAMESPACE``.
"""

import tomllib
from dataclasses import dataclass
from typing import Any

import yaml

from cadence_gateway import policy
from cadence_gateway.containers import (
    TRAEFIK_IMAGE,
    WORKER_HEALTH_PORT,
    WORKER_STOP_GRACE_S,
    authorizer_command,
    container_worker_command,
    db_setup_command,
    live_container_command,
    service_command,
)
from cadence_gateway.routes import ROUTES_FILE, RouteTable
from cadence_gateway.templating import RENDERED_HEADER, render_text, render_yaml
from cadence_gateway.traefik import (
    AUTHORIZER,
    CONTAINER_PORT,
    ENTRY_POINT,
    LIVE,
    build_gateway,
    render_static,
)
from cadence_shared.settings import proxy_networks

K8S_DIR = "deploy/k8s"
BASE_DIR = f"{K8S_DIR}/base"
OVERLAYS_DIR = f"{K8S_DIR}/overlays"
SECRETS_EXAMPLE = f"{K8S_DIR}/secrets.example.yaml"
TRAEFIK_VALUES = f"{K8S_DIR}/traefik-values.yaml"
# Traefik's own egress, in its namespace: applied with its chart, not part of the kustomize build.
TRAEFIK_POLICY = f"{K8S_DIR}/traefik-network-policy.yaml"
# The Traefik of the cluster: compose's.
TRAEFIK_TAG = TRAEFIK_IMAGE.split(":", 1)[1]
# The chart's metrics port (its default).
TRAEFIK_METRICS_PORT = 9100
NAMESPACE = "cadence"
TRAEFIK_API = "traefik.io/v1alpha1"
# Where Traefik runs (its Helm chart's defaults): the only pods that may call a service.
TRAEFIK_NAMESPACE = "traefik"
TRAEFIK_POD_LABELS = {"app.kubernetes.io/name": "traefik"}
# Where Prometheus runs: it alone may read the processes' /metrics.
MONITORING_NAMESPACE = "monitoring"
CLUSTER_DOMAIN = "svc.cluster.local"
NAMESPACE_LABEL = "kubernetes.io/metadata.name"
COMPONENT_LABEL = "app.kubernetes.io/component"
# The image user of every Cadence image (templates/Dockerfile.j2).
IMAGE_UID = 10001
# The gateway's own processes (authorizer, live) are the gateway member's image and settings.
GATEWAY_MEMBER = "gateway"

# Backends in the cluster; a managed service instead is a URL in the Secrets (README).
BACKEND_IMAGES = {
    "postgres": "postgres:16.6-bookworm",
    "redis": "redis:7.4.1-bookworm",
    "rabbitmq": "rabbitmq:3.13.7-management",
    "redis_exporter": "oliver006/redis_exporter:v1.66.0",
    "postgres_exporter": "quay.io/prometheuscommunity/postgres-exporter:v0.16.0",
}
BACKEND_PORTS = {"postgres": 5432, "redis": 6379, "rabbitmq": 5672}
# Each backend's metrics for Prometheus: RabbitMQ's own (its image enables rabbitmq_prometheus),
# Redis's and Postgres's from an exporter beside them in their pod.
EXPORTER_PORTS = {"postgres": 9187, "redis": 9121, "rabbitmq": 15692}
# What each kind of process connects to (the authorizer counts the gateway's rate limits in Redis).
SERVICE_BACKENDS = ("postgres", "redis", "rabbitmq")
GATEWAY_BACKENDS = ("redis",)
# Egress: every pod may ask the cluster's DNS (kube-dns's labels, which CoreDNS keeps).
DNS_NAMESPACE = "kube-system"
DNS_POD_LABELS = {"k8s-app": "kube-dns"}
DNS_PORT = 53
# The OpenTelemetry collector (CADENCE_OTLP_ENDPOINT, OTLP over HTTP), in the monitoring namespace.
OTLP_PORT = 4318
# An object store (a service with files) is reached over HTTPS, outside the cluster.
OBJECT_STORE_PORT = 443
# Traefik reaches the API server for its CRD provider: its address differs per cluster (README).
KUBERNETES_API_PORTS = (443, 6443)


def image_tag() -> str:
    """Every Cadence image is tagged with the suite's version (the root pyproject)."""
    with (ROUTES_FILE.parents[1] / "pyproject.toml").open("rb") as file:
        version: str = tomllib.load(file)["project"]["version"]
        return version


@dataclass(frozen=True)
class Process:
    """One Deployment: a service's web app or worker, the authorizer or the live process."""

    name: str
    member: str  # the service (or the gateway) whose image, Secret and settings it has
    command: list[str]
    web: bool
    replicas: int
    component: str
    backends: tuple[str, ...]
    storage: bool = False
    external_ports: tuple[int, ...] = ()  # reached outside the cluster (the route table's)

    @property
    def image(self) -> str:
        return f"cadence/{self.member}"

    @property
    def port(self) -> int:
        return CONTAINER_PORT if self.web else WORKER_HEALTH_PORT

    @property
    def migrated(self) -> bool:
        """Waits for its service's schema before it starts."""
        return self.member != GATEWAY_MEMBER

    @property
    def ready_path(self) -> str:
        return "/health/ready" if self.migrated else "/health"

    @property
    def prefix(self) -> str:
        return self.member.upper()


def processes(table: RouteTable) -> list[Process]:
    found = [
        Process(
            name,
            name,
            service_command(service.app),
            web=True,
            replicas=service.replicas,
            component="web",
            backends=SERVICE_BACKENDS,
            storage=service.storage,
            external_ports=tuple(service.external_ports),
        )
        for name, service in table.services.items()
    ]
    found += [
        Process(
            process,
            service,
            container_worker_command(worker),
            web=False,
            replicas=worker.replicas,
            component="worker",
            backends=SERVICE_BACKENDS,
            storage=table.services[service].storage,
            external_ports=tuple(table.services[service].external_ports),
        )
        for service, process, worker in table.workers
    ]
    for name, command in ((AUTHORIZER, authorizer_command()), (LIVE, live_container_command())):
        found.append(Process(name, GATEWAY_MEMBER, command, True, 2, "gateway", GATEWAY_BACKENDS))
    return found


@dataclass(frozen=True)
class Resources:
    requests: dict[str, str]
    limits: dict[str, str]

    def spec(self) -> dict[str, dict[str, str]]:
        return {"requests": self.requests, "limits": self.limits}


@dataclass(frozen=True)
class Overlay:
    """What differs between the clusters: size, and the environment the processes are told."""

    name: str
    environment: str
    log_level: str
    web: Resources
    worker: Resources
    min_replicas: int  # of every autoscaled (web) process; at least the table's replicas in prod
    max_factor: int  # the autoscaler's ceiling: the table's replicas times this
    worker_replicas: int | None  # None: the table's
    scale_with_table: bool = True

    def resources(self, process: Process) -> Resources:
        return self.web if process.web else self.worker

    def bounds(self, process: Process) -> tuple[int, int]:
        low = max(self.min_replicas, process.replicas) if self.scale_with_table else 1
        return low, max(low + 1, process.replicas * self.max_factor)


BASE_RESOURCES = {
    True: Resources({"cpu": "100m", "memory": "192Mi"}, {"cpu": "1", "memory": "512Mi"}),
    False: Resources({"cpu": "250m", "memory": "384Mi"}, {"cpu": "2", "memory": "1Gi"}),
}
OVERLAYS = (
    Overlay(
        "dev",
        environment="staging",
        log_level="DEBUG",
        web=Resources({"cpu": "50m", "memory": "128Mi"}, {"cpu": "500m", "memory": "384Mi"}),
        worker=Resources({"cpu": "100m", "memory": "256Mi"}, {"cpu": "1", "memory": "768Mi"}),
        min_replicas=1,
        max_factor=1,
        worker_replicas=1,
        scale_with_table=False,
    ),
    Overlay(
        "prod",
        environment="production",
        log_level="INFO",
        web=Resources({"cpu": "250m", "memory": "256Mi"}, {"cpu": "2", "memory": "768Mi"}),
        worker=Resources({"cpu": "500m", "memory": "512Mi"}, {"cpu": "2", "memory": "2Gi"}),
        min_replicas=2,
        max_factor=5,
        worker_replicas=None,
    ),
)


def service_url(name: str, port: int = CONTAINER_PORT) -> str:
    return f"http://{name}.{NAMESPACE}.{CLUSTER_DOMAIN}:{port}"


def backend_users(every: list[Process]) -> dict[str, list[str]]:
    """Each backend and the members (services, the gateway) whose pods connect to it."""
    return {
        backend: sorted({process.member for process in every if backend in process.backends})
        for backend in BACKEND_PORTS
    }


def _pods(name: str) -> dict[str, Any]:
    return {"podSelector": {"matchLabels": {"app.kubernetes.io/name": name}}}


def _namespace(name: str, labels: dict[str, str] | None = None) -> dict[str, Any]:
    peer: dict[str, Any] = {"namespaceSelector": {"matchLabels": {NAMESPACE_LABEL: name}}}
    if labels is not None:
        peer["podSelector"] = {"matchLabels": labels}
    return peer


def _rule(peer: dict[str, Any], *ports: int, protocol: str = "TCP") -> dict[str, Any]:
    return {"to": [peer], "ports": [{"port": port, "protocol": protocol} for port in ports]}


def outside_cluster(table: RouteTable) -> dict[str, Any]:
    """Anywhere but the pod network: what a process reaches beyond the cluster."""
    pods = [n for n in proxy_networks(table.gateway.trusted_proxies.kubernetes) if ":" not in n]
    return {"ipBlock": {"cidr": "0.0.0.0/0", "except": pods}}


def dns_egress() -> list[dict[str, Any]]:
    dns = _namespace(DNS_NAMESPACE, DNS_POD_LABELS)
    return [_rule(dns, DNS_PORT, protocol="UDP"), _rule(dns, DNS_PORT)]


def process_egress(table: RouteTable, process: Process) -> list[dict[str, Any]]:
    """Where one process may connect (besides DNS): its backends, auth's signing keys, the
    collector, and what it reaches outside the cluster; the authorizer also Traefik (docs)."""
    rules = [_rule(_pods(backend), BACKEND_PORTS[backend]) for backend in process.backends]
    rules.append(_rule(_pods("auth"), CONTAINER_PORT))  # CADENCE_JWKS_URL
    if process.name == AUTHORIZER:  # GATEWAY_DOCS_SOURCE_URL: the gateway itself
        rules.append(_rule(_namespace(TRAEFIK_NAMESPACE, TRAEFIK_POD_LABELS), CONTAINER_PORT))
    rules.append(_rule(_namespace(MONITORING_NAMESPACE), OTLP_PORT))
    external = {*process.external_ports, *((OBJECT_STORE_PORT,) if process.storage else ())}
    if external:
        rules.append(_rule(outside_cluster(table), *sorted(external)))
    return rules


def traefik_egress() -> list[dict[str, Any]]:
    """Where Traefik's pods may connect: the web processes and Redis (rate limits) of the
    namespace, and the Kubernetes API (its CRD provider)."""
    web = {
        "matchExpressions": [
            {"key": COMPONENT_LABEL, "operator": "In", "values": ["web", "gateway"]}
        ]
    }
    cadence = _namespace(NAMESPACE)
    return [
        *dns_egress(),
        _rule({**cadence, "podSelector": web}, CONTAINER_PORT),
        _rule({"ipBlock": {"cidr": "0.0.0.0/0"}}, *KUBERNETES_API_PORTS),
    ]


def _common(table: RouteTable) -> dict[str, Any]:
    return {
        "table": table,
        "namespace": NAMESPACE,
        "container_port": CONTAINER_PORT,
        "traefik_namespace": TRAEFIK_NAMESPACE,
        "traefik_labels": TRAEFIK_POD_LABELS,
        "monitoring_namespace": MONITORING_NAMESPACE,
        # Traefik's pods connect from the pod network: what the services trust an X-Forwarded-For
        # from (the NetworkPolicies see to it that no other pod reaches a service at all).
        "trusted_proxies": table.gateway.trusted_proxies.kubernetes,
        "db_setup_command": db_setup_command,
        "image_uid": IMAGE_UID,
        "image_tag": image_tag(),
        "backend_ports": BACKEND_PORTS,
        "exporter_ports": EXPORTER_PORTS,
        "backend_images": BACKEND_IMAGES,
        "service_url": service_url,
        "stop_grace_s": WORKER_STOP_GRACE_S,
        "resources": BASE_RESOURCES,
        "policy": policy,
    }


def _traefik_resources(table: RouteTable) -> str:
    gateway = build_gateway(
        table,
        authorizer_url=service_url(AUTHORIZER),
        # The CRD names the error service as a Kubernetes Service with its port.
        error_service={"name": AUTHORIZER, "port": CONTAINER_PORT},
    )
    return render_yaml(
        "k8s/gateway.yaml.j2",
        gateway=gateway,
        backends={backend.name: backend for backend in gateway.backends},
        policy=policy,
        namespace=NAMESPACE,
        traefik_api=TRAEFIK_API,
        entry_point=ENTRY_POINT,
        container_port=CONTAINER_PORT,
    )


def _commented(template: str, **context: Any) -> str:
    """A YAML file whose comments are its documentation: rendered as text, not re-dumped."""
    return RENDERED_HEADER + "\n" + render_text(template, **context)


def render_base(table: RouteTable) -> dict[str, str]:
    common = _common(table)
    every = processes(table)
    files = {
        "namespace.yaml": render_yaml("k8s/namespace.yaml.j2", namespace=NAMESPACE),
        "config.yaml": _commented("k8s/config.yaml.j2", **common, processes=every),
        "backends.yaml": _commented("k8s/backends.yaml.j2", **common, processes=every),
        "network-policies.yaml": render_yaml(
            "k8s/network-policies.yaml.j2",
            **common,
            processes=every,
            backend_users=backend_users(every),
            dns_egress=dns_egress,
            process_egress=process_egress,
        ),
        "gateway.yaml": _traefik_resources(table),
    }
    for process in every:
        files[f"{process.name}.yaml"] = render_yaml(
            "k8s/process.yaml.j2", **common, process=process
        )
    for name in table.services:
        files[f"{name}-jobs.yaml"] = render_yaml("k8s/jobs.yaml.j2", **common, service=name)
    files["kustomization.yaml"] = render_yaml(
        "k8s/kustomization.yaml.j2", namespace=NAMESPACE, resources=sorted(files)
    )
    return {f"{BASE_DIR}/{name}": content for name, content in files.items()}


def render_overlay(table: RouteTable, overlay: Overlay) -> str:
    return _commented(
        "k8s/overlay.yaml.j2",
        **_common(table),
        overlay=overlay,
        processes=processes(table),
        images=sorted({process.image for process in processes(table)}),
    )


def _flags(prefix: str, value: Any) -> list[str]:
    if isinstance(value, dict):
        return [flag for key, item in value.items() for flag in _flags(f"{prefix}.{key}", item)]
    text = str(value).lower() if isinstance(value, bool) else str(value)
    return [f"--{prefix}={text}"]


def traefik_static_arguments() -> list[str]:
    """compose's static config as Traefik flags, less what the chart sets itself (addresses,
    providers, metrics and ping entry points)."""
    static = yaml.safe_load(render_static())
    web = {
        key: value for key, value in static["entryPoints"][ENTRY_POINT].items() if key != "address"
    }
    return [
        *_flags(f"entryPoints.{ENTRY_POINT}", web),
        *_flags("log", static["log"]),
        *_flags("accessLog", static["accessLog"]),
        *_flags("global", static["global"]),
    ]


def render_k8s(table: RouteTable) -> dict[str, str]:
    files = render_base(table)
    for overlay in OVERLAYS:
        files[f"{OVERLAYS_DIR}/{overlay.name}/kustomization.yaml"] = render_overlay(table, overlay)
    files[TRAEFIK_VALUES] = _commented(
        "k8s/traefik-values.yaml.j2",
        **_common(table),
        entry_point=ENTRY_POINT,
        traefik_tag=TRAEFIK_TAG,
        traefik_metrics_port=TRAEFIK_METRICS_PORT,
        static_arguments=traefik_static_arguments(),
    )
    files[TRAEFIK_POLICY] = _commented(
        "k8s/traefik-network-policy.yaml.j2",
        **_common(table),
        egress=traefik_egress(),
    )
    files[SECRETS_EXAMPLE] = _commented(
        "k8s/secrets.example.yaml.j2", **_common(table), processes=processes(table)
    )
    return files
