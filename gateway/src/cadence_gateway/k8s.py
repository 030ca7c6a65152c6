"""Kubernetes manifests from the route table (``templates/k8s/``): a Deployment + Service per
service and for the authorizer, a Deployment (no Service) per worker, and Traefik's IngressRoute, Middleware and ServersTransport
resources.

Traefik itself is installed in the cluster (e.g. its Helm chart) with the kubernetescrd provider;
Postgres, Redis and RabbitMQ are managed services reached through each service's Secret.
"""

from cadence_gateway import policy
from cadence_gateway.containers import (
    WORKER_HEALTH_PORT,
    WORKER_STOP_GRACE_S,
    authorizer_command,
    container_worker_command,
    live_container_command,
    service_command,
)
from cadence_gateway.routes import RouteTable, Worker
from cadence_gateway.templating import render_yaml
from cadence_gateway.traefik import AUTHORIZER, CONTAINER_PORT, ENTRY_POINT, LIVE, build_gateway

K8S_DIR = "deploy/k8s"
NAMESPACE = "cadence"
TRAEFIK_API = "traefik.io/v1alpha1"
REDIS_ENDPOINT = f"redis.{NAMESPACE}.svc.cluster.local:6379"


def _workload(
    name: str,
    image: str,
    command: list[str],
    *,
    migrate: bool,
    ready_path: str,
    replicas: int = 2,
) -> str:
    return render_yaml(
        "k8s/workload.yaml.j2",
        name=name,
        replicas=replicas,
        image=image,
        command=command,
        migrate=migrate,
        ready_path=ready_path,
        namespace=NAMESPACE,
        container_port=CONTAINER_PORT,
    )


def _worker(service: str, name: str, worker: Worker) -> str:
    return render_yaml(
        "k8s/worker.yaml.j2",
        service=service,
        name=name,
        worker=worker,
        image=f"cadence/{service}:latest",
        command=container_worker_command(worker),
        namespace=NAMESPACE,
        health_port=WORKER_HEALTH_PORT,
        stop_grace_s=WORKER_STOP_GRACE_S,
    )


def _traefik_resources(table: RouteTable) -> str:
    gateway = build_gateway(
        table,
        authorizer_url=f"http://{AUTHORIZER}.{NAMESPACE}.svc.cluster.local:{CONTAINER_PORT}",
        redis_endpoint=REDIS_ENDPOINT,
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


def render_k8s(table: RouteTable) -> dict[str, str]:
    files = {f"{K8S_DIR}/namespace.yaml": render_yaml("k8s/namespace.yaml.j2", namespace=NAMESPACE)}
    for name, service in table.services.items():
        files[f"{K8S_DIR}/{name}.yaml"] = _workload(
            name,
            f"cadence/{name}:latest",
            service_command(service.app),
            migrate=True,
            ready_path="/health/ready",
            replicas=service.replicas,
        )
    for service_name, process, worker in table.workers:
        files[f"{K8S_DIR}/{process}.yaml"] = _worker(service_name, process, worker)
    files[f"{K8S_DIR}/{AUTHORIZER}.yaml"] = _workload(
        AUTHORIZER,
        "cadence/gateway:latest",
        authorizer_command(),
        migrate=False,
        ready_path="/health",
    )
    files[f"{K8S_DIR}/{LIVE}.yaml"] = _workload(
        LIVE,
        "cadence/gateway:latest",
        live_container_command(),
        migrate=False,
        ready_path="/health",
    )
    files[f"{K8S_DIR}/gateway.yaml"] = _traefik_resources(table)
    resources = sorted(path.rsplit("/", 1)[1] for path in files)
    files[f"{K8S_DIR}/kustomization.yaml"] = render_yaml(
        "k8s/kustomization.yaml.j2", namespace=NAMESPACE, resources=resources
    )
    return files
