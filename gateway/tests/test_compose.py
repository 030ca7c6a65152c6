"""docker-compose.yml would run first time: every process of the route table has its container,
waits for its service's one-shot db-setup and migration, has a health check; the backends keep
their data; every password must be set (no silent defaults); compose.backends.yml publishes the
backends only. (Validation against the Compose spec: test_schemas.py.)"""

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from cadence_gateway.containers import (
    BACKEND_PORTS,
    COMPOSE_BACKENDS_FILE,
    COMPOSE_FILE,
    SERVICES_ENV,
    TRAEFIK_IMAGE,
    compose_options,
    compose_variables,
)
from cadence_gateway.render import REPO_ROOT
from cadence_gateway.routes import RouteTable, load_route_table

COMPLETED = {"condition": "service_completed_successfully"}
HEALTHY = {"condition": "service_healthy"}


@pytest.fixture(scope="module")
def table() -> RouteTable:
    return load_route_table()


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    found: dict[str, Any] = yaml.safe_load((REPO_ROOT / COMPOSE_FILE).read_text())["services"]
    return found


def processes(table: RouteTable) -> list[tuple[str, str]]:
    """(service, container) of every web app and every worker in the route table."""
    return [
        (name, container)
        for name, service in table.services.items()
        for container in (name, *(f"{name}-{worker}" for worker in service.workers))
    ]


def test_every_process_has_its_container_migration_and_health_check(
    table: RouteTable, services: dict[str, Any]
) -> None:
    for name, container in processes(table):
        spec = services[container]
        assert spec["image"] == f"cadence/{name}:latest"
        assert spec["depends_on"][f"migrate-{name}"] == COMPLETED, container
        for backend in ("postgres", "redis", "rabbitmq"):
            assert spec["depends_on"][backend] == HEALTHY, container
        assert spec["healthcheck"]["test"][0] == "CMD", container
        assert "/health/ready" in " ".join(spec["healthcheck"]["test"]), container
    web_and_workers = {container for _, container in processes(table)}
    one_shots = {f"{step}-{name}" for name in table.services for step in ("db-setup", "migrate")}
    others = {"postgres", "redis", "rabbitmq", "traefik", "authorizer", "live"}
    profiled = {name for name, spec in services.items() if spec.get("profiles")}
    assert set(services) - profiled == web_and_workers | one_shots | others


def test_each_service_is_set_up_then_migrated_as_its_own_role(
    table: RouteTable, services: dict[str, Any]
) -> None:
    for name, service in table.services.items():
        setup, migrate = services[f"db-setup-{name}"], services[f"migrate-{name}"]
        assert setup["command"] == [
            "cadence-db-setup",
            name,
            *(f"--extension={ext}" for ext in service.extensions),
        ]
        assert setup["depends_on"] == {"postgres": HEALTHY}
        assert migrate["command"] == ["cadence-migrate", name, "upgrade", "head"]
        assert migrate["depends_on"][f"db-setup-{name}"] == COMPLETED
        for one_shot in (setup, migrate):
            assert one_shot["restart"] == "no"
        # Only db-setup holds the admin's URL; everything else connects as the service's role.
        assert setup["environment"]["CADENCE_DATABASE_ADMIN_URL"].startswith(
            "postgresql://postgres:"
        )
        prefix = name.upper()
        own = f"postgresql+asyncpg://{name}:${{{prefix}_DB_PASSWORD:?"
        for container in [f"db-setup-{name}", f"migrate-{name}"] + [
            c for n, c in processes(table) if n == name
        ]:
            environment = services[container]["environment"]
            assert environment[f"{prefix}_DATABASE_URL"].startswith(own), container
            if container != f"db-setup-{name}":
                assert "CADENCE_DATABASE_ADMIN_URL" not in environment, container


def strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return [value] if isinstance(value, str) else []


def test_every_variable_must_be_set_no_silent_defaults() -> None:
    compose = yaml.safe_load((REPO_ROOT / COMPOSE_FILE).read_text())
    variables = {v for text in strings(compose) for v in re.findall(r"\$\{([^}]*)\}", text)}
    names = {variable.split(":", 1)[0] for variable in variables}
    options = compose_options()
    # What .env.example lists for compose is exactly what compose reads.
    assert names == set(compose_variables(load_route_table())) | set(options)
    assert {"POSTGRES_PASSWORD", "RABBITMQ_PASSWORD", "TASKS_DB_PASSWORD"} <= names
    for variable in variables:
        name = variable.split(":", 1)[0]
        if name in options:  # a switch with its default written out in .env.example
            assert variable == f"{name}:-{options[name][0]}", variable
        else:  # ${NAME:?set NAME in .env}: compose refuses to start without it
            assert variable == f"{name}:?set {name} in .env", variable


def test_no_service_sees_the_superusers_or_anothers_password(
    table: RouteTable, services: dict[str, Any]
) -> None:
    for name, container in processes(table) + [(n, f"migrate-{n}") for n in table.services]:
        text = yaml.safe_dump(services[container])
        found = set(re.findall(r"\$\{([A-Z_]+):", text))
        assert found == {f"{name.upper()}_DB_PASSWORD", "RABBITMQ_PASSWORD"}, container
        assert services[container]["env_file"] == [{"path": SERVICES_ENV, "required": False}]


def test_the_backends_keep_their_data(services: dict[str, Any]) -> None:
    redis = services["redis"]
    assert redis["command"][:3] == ["redis-server", "--appendonly", "yes"]
    assert redis["volumes"] == ["redis-data:/data"]
    assert services["postgres"]["volumes"] == ["postgres-data:/var/lib/postgresql/data"]
    assert services["rabbitmq"]["image"].endswith("-management")


def test_traefik_is_the_official_image_at_a_pinned_v3_release(services: dict[str, Any]) -> None:
    assert services["traefik"]["image"] == TRAEFIK_IMAGE
    assert re.fullmatch(r"traefik:v3\.\d+\.\d+", TRAEFIK_IMAGE)


def test_compose_backends_publishes_only_the_backends_on_loopback(
    services: dict[str, Any],
) -> None:
    override = yaml.safe_load((REPO_ROOT / COMPOSE_BACKENDS_FILE).read_text())
    assert set(override) == {"services"}
    assert override["services"] == {
        name: {"ports": [f"127.0.0.1:{port}:{port}" for port in ports]}
        for name, ports in BACKEND_PORTS.items()
    }
    assert set(override["services"]) <= set(services)


def test_the_route_table_declares_the_extensions_the_migrations_create(
    table: RouteTable,
) -> None:
    for name, service in table.services.items():
        versions = Path(REPO_ROOT / "services" / name / "src" / f"{name}_service" / "migrations")
        created = {
            match
            for path in versions.rglob("*.py")
            for match in re.findall(r"CREATE EXTENSION IF NOT EXISTS (\w+)", path.read_text())
        }
        assert created == set(service.extensions), name
