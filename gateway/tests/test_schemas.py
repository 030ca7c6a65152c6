"""The Traefik, compose and Kubernetes files validate against their schemas and agree with the table."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from cadence_gateway.containers import COMPOSE_BACKENDS_FILE, COMPOSE_FILE
from cadence_gateway.k8s import K8S_DIR
from cadence_gateway.render import REPO_ROOT
from cadence_gateway.routes import load_route_table
from cadence_gateway.traefik import TRAEFIK_DYNAMIC, TRAEFIK_STATIC

SCHEMAS = Path(__file__).parent / "schemas"


def load_yaml(relative: str) -> Any:
    return yaml.safe_load((REPO_ROOT / relative).read_text())


def file_provider_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMAS / "traefik-v3-file-provider.json").read_text())
    return schema


def test_traefik_static_config_validates() -> None:
    schema = json.loads((SCHEMAS / "traefik-v3.json").read_text())
    jsonschema.validate(load_yaml(TRAEFIK_STATIC), schema)


def test_traefik_dynamic_config_validates() -> None:
    jsonschema.validate(load_yaml(TRAEFIK_DYNAMIC), file_provider_schema())


def test_an_invalid_dynamic_config_is_caught() -> None:
    config = load_yaml(TRAEFIK_DYNAMIC)
    config["http"]["middlewares"]["gate-live"]["forwardAuth"]["authResponseHeader"] = ["typo"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(config, file_provider_schema())


def test_traefik_routes_every_prefix_with_identity_stripped_before_auth() -> None:
    table = load_route_table()
    http = load_yaml(TRAEFIK_DYNAMIC)["http"]
    routers, middlewares, services = http["routers"], http["middlewares"], http["services"]
    for route in table.routes:
        router = routers[route.name]
        assert router["rule"] == f"(Path(`{route.prefix}`) || PathPrefix(`{route.prefix}/`))"
        chain = router["middlewares"]
        gate = middlewares[f"gate-{route.name}"]["forwardAuth"]
        # One forwardAuth per route: its rate limit, and the token on a protected route.
        path = "limit" if route.is_public else "verify"
        assert gate["address"] == f"http://authorizer:8000/{path}/{route.name}"
        assert gate["authResponseHeaders"] == ["X-Request-ID"]
        assert chain.index("strip-identity") < chain.index(f"gate-{route.name}")
        assert not any("rateLimit" in middlewares[name] for name in chain)
        if 413 in route.service_answers:
            assert f"body-{route.name}" not in middlewares
        else:
            body = middlewares[f"body-{route.name}"]["buffering"]
            assert body["maxRequestBodyBytes"] == route.body_limit
        assert "retry" not in chain
        assert "retry" in routers[f"{route.name}-idempotent"]["middlewares"]
        assert services[router["service"]]["loadBalancer"]["servers"] == [
            {"url": f"http://{route.service}:8000"}
        ]
    # The authorizer passes no identity on (only the request id, above); a client's identity
    # headers are dropped all the same.
    assert middlewares["strip-identity"]["headers"]["customRequestHeaders"] == {
        "X-User-Id": "",
        "X-User-Roles": "",
    }
    # Every referenced middleware and service exists.
    for router in routers.values():
        assert router["service"] in services
        assert set(router.get("middlewares", [])) <= set(middlewares)


def test_the_compose_files_validate_against_the_compose_spec() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.compose-spec",
            str(REPO_ROOT / COMPOSE_FILE),
            str(REPO_ROOT / COMPOSE_BACKENDS_FILE),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_publishes_only_traefik_and_orders_start_up() -> None:
    table = load_route_table()
    services = load_yaml(COMPOSE_FILE)["services"]
    public = [
        name
        for name, spec in services.items()
        if any(not port.startswith("127.0.0.1:") for port in spec.get("ports", []))
    ]
    assert public == ["traefik"]  # the observability profile's UIs are on loopback only
    assert services["traefik"]["ports"] == ["8000:8000"]
    for name in table.services:
        assert services[f"migrate-{name}"]["command"] == [
            "cadence-migrate",
            name,
            "upgrade",
            "head",
        ]
        depends = services[name]["depends_on"]
        assert depends[f"migrate-{name}"] == {"condition": "service_completed_successfully"}
        assert depends["postgres"] == {"condition": "service_healthy"}
        assert "healthcheck" in services[name]
        assert services[name]["environment"][f"{name.upper()}_DATABASE_URL"].startswith(
            "postgresql+asyncpg://"
        )


@pytest.mark.parametrize("service", ["auth", "tracks", "runs", "tasks", "gateway"])
def test_each_dockerfile_installs_only_its_member_as_non_root(service: str) -> None:
    directory = "gateway" if service == "gateway" else f"services/{service}"
    text = (REPO_ROOT / directory / "Dockerfile").read_text()
    member = f"cadence-{service}"
    assert f"uv sync --locked --no-dev --no-editable --package {member}" in text
    assert "COPY shared shared" in text
    assert f"COPY {directory} {directory}" in text
    copied_sources = [
        line for line in text.splitlines() if line.startswith("COPY ") and "pyproject" not in line
    ]
    assert all("services/" not in line or directory in line for line in copied_sources)
    assert "USER cadence" in text
    assert text.count("FROM ") == 3  # uv, build, runtime


def test_kubernetes_ingress_uses_existing_services_and_middlewares() -> None:
    documents = [
        document
        for path in sorted((REPO_ROOT / K8S_DIR).glob("base/*.yaml"))
        if path.name != "kustomization.yaml"
        for document in yaml.safe_load_all(path.read_text())
    ]
    by_kind: dict[str, dict[str, Any]] = {}
    for document in documents:
        by_kind.setdefault(document["kind"], {})[document["metadata"]["name"]] = document
    kustomization = load_yaml(f"{K8S_DIR}/base/kustomization.yaml")
    assert sorted(kustomization["resources"]) == sorted(
        path.name
        for path in (REPO_ROOT / K8S_DIR).glob("base/*.yaml")
        if path.name != "kustomization.yaml"
    )
    ingress = by_kind["IngressRoute"]["cadence"]
    for route in ingress["spec"]["routes"]:
        for service in route["services"]:
            assert service["name"] in by_kind["Service"]
            assert service["serversTransport"] in by_kind["ServersTransport"]
        for middleware in route.get("middlewares", []):
            assert middleware["name"] in by_kind["Middleware"]
    for name in load_route_table().services:
        deployment = by_kind["Deployment"][name]["spec"]["template"]["spec"]
        assert deployment["initContainers"][0]["args"][:3] == ["cadence-migrate", name, "wait"]
