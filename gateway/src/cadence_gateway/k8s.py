"""Kubernetes manifests from the route table (``templates/k8s/``): a Deployment + Service per
service and for the authorizer, and Traefik's IngressRoute, Middleware and ServersTransport
resources.

Traefik itself is installed in the cluster (e.g. its Helm chart) with the kubernetescrd provider;
Postgres, Redis and RabbitMQ are managed services reached through each service's Secret.
"""

from cadence_gateway import policy
from cadence_gateway.containers import authorizer_command, service_command
from cadence_gateway.routes import RouteTable
from cadence_gateway.templating import render_yaml
from cadence_gateway.traefik import AUTHORIZER, CONTAINER_PORT, ENTRY_POINT, build_gateway

K8S_DIR = "deploy/k8s"
NAMESPACE = "cadence"
TRAEFIK_API = "traefik.io/v1alpha1"
REDIS_ENDPOINT = f"redis.{NAMESPACE}.svc.cluster.local:6379"


def _workload(name: str, image: str, command: list[str], *, migrate: bool, ready_path: str) -> str:
    return render_yaml(
        "k8s/workload.yaml.j2",
        name=name,
        image=image,
        command=command,
        migrate=migrate,
        ready_path=ready_path,
        namespace=NAMESPACE,
        container_port=CONTAINER_PORT,
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
        )
    files[f"{K8S_DIR}/{AUTHORIZER}.yaml"] = _workload(
        AUTHORIZER,
        "cadence/gateway:latest",
        authorizer_command(),
        migrate=False,
        ready_path="/health",
    )
    files[f"{K8S_DIR}/gateway.yaml"] = _traefik_resources(table)
    resources = sorted(path.rsplit("/", 1)[1] for path in files)
    files[f"{K8S_DIR}/kustomization.yaml"] = render_yaml(
        "k8s/kustomization.yaml.j2", namespace=NAMESPACE, resources=resources
    )
    return files
