"""The compose `observability` profile, checked statically: promtool on the scrape config and on
every dashboard query, and each file against the compose stack and the metrics the code serves."""

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from prometheus_client import REGISTRY

import cadence_shared.metrics  # noqa: F401  (registers the metrics the dashboards query)
from cadence_gateway.containers import COMPOSE_FILE, WORKER_HEALTH_PORT
from cadence_gateway.observability import (
    COLLECTOR_CONFIG,
    DASHBOARDS_DIR,
    GRAFANA_DASHBOARD_PROVIDER,
    GRAFANA_DATASOURCES,
    PROMETHEUS_CONFIG,
    scrape_targets,
)
from cadence_gateway.render import REPO_ROOT
from cadence_gateway.routes import RouteTable, load_route_table
from cadence_gateway.traefik import TRACING_ENDPOINT, TRAEFIK_STATIC, TRAEFIK_STATIC_TRACED

PROFILE = ("otel-collector", "jaeger", "prometheus", "grafana")
# Grafana's own variable, which promtool does not know: the window it stands for.
GRAFANA_VARIABLES = {"$__rate_interval": "1m"}


def promtool() -> str:
    path = shutil.which("promtool")
    assert path, "promtool is missing: run deploy/local/bootstrap.sh --test (Debian: prometheus)"
    return path


def load_yaml(relative: str) -> Any:
    return yaml.safe_load((REPO_ROOT / relative).read_text())


@pytest.fixture(scope="module")
def table() -> RouteTable:
    return load_route_table()


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    services: dict[str, Any] = load_yaml(COMPOSE_FILE)["services"]
    return services


def dashboards() -> dict[str, dict[str, Any]]:
    return {
        path.name: json.loads(path.read_text())
        for path in sorted((REPO_ROOT / DASHBOARDS_DIR).glob("*.json"))
    }


def queries() -> list[str]:
    exprs = [
        target["expr"]
        for board in dashboards().values()
        for panel in board["panels"]
        for target in panel.get("targets", [])
    ]
    for variable, value in GRAFANA_VARIABLES.items():
        exprs = [expr.replace(variable, value) for expr in exprs]
    return exprs


def test_promtool_accepts_the_scrape_config() -> None:
    checked = subprocess.run(
        [promtool(), "check", "config", str(REPO_ROOT / PROMETHEUS_CONFIG)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_every_dashboard_query_is_valid_promql(tmp_path: Path) -> None:
    # As recording rules, promtool parses each expression (a broken one fails the whole file).
    rules = {
        "groups": [
            {
                "name": "dashboards",
                "rules": [
                    {"record": f"cadence:query_{n}", "expr": expr}
                    for n, expr in enumerate(queries())
                ],
            }
        ]
    }
    path = tmp_path / "rules.yml"
    path.write_text(yaml.safe_dump(rules))
    checked = subprocess.run(
        [promtool(), "check", "rules", str(path)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert len(rules["groups"][0]["rules"]) >= 20


def test_dashboards_query_only_metrics_the_processes_serve() -> None:
    served = {
        name
        for family in REGISTRY.collect()
        for name in (family.name, *(sample.name for sample in family.samples))
    }
    # Samples of a labelled metric appear once a child exists: add the suffixes of each family.
    served |= {
        f"{family.name}{suffix}"
        for family in REGISTRY.collect()
        for suffix in ("_total", "_count", "_sum", "_bucket")
    }
    used = {
        name
        for expr in queries()
        for name in re.findall(r"\b(cadence_[a-z_]+)", expr)
        if not name.startswith("cadence_query")
    }
    assert used, "the dashboards query no cadence metric"
    assert used <= served, f"not served by any process: {sorted(used - served)}"


# A metric is made by calling one of these with its name first.
METRIC_CALL = re.compile(
    r"\b(?:Counter|Gauge|Histogram|Summary|Info|Enum)\(\s*\"(cadence_[a-z0-9_]+)\""
)
SOURCE_DIRS = ("shared/src", "gateway/src", "services")


def registered_families() -> set[str]:
    """Every metric family of the suite: those registered by importing the modules that make
    them, and any made anywhere in the source (a module this test does not import included)."""
    families = {family.name for family in REGISTRY.collect() if family.name.startswith("cadence_")}
    for folder in SOURCE_DIRS:
        for path in (REPO_ROOT / folder).rglob("*.py"):
            if "/tests/" not in path.as_posix():
                families |= set(METRIC_CALL.findall(path.read_text()))
    return families


def test_every_metric_family_has_a_dashboard_panel() -> None:
    families = registered_families()
    assert {"cadence_http_request_duration_seconds", "cadence_inbox_rows"} <= families
    queried = " ".join(queries())
    missing = {
        family
        for family in families
        if not re.search(rf"\b{family}(_total|_count|_sum|_bucket)?\b", queried)
    }
    assert not missing, f"no dashboard panel queries {sorted(missing)}: add one (observability.py)"


def test_every_service_has_its_row_of_rate_errors_and_latency(table: RouteTable) -> None:
    board = dashboards()["services.json"]
    rows = [panel["title"] for panel in board["panels"] if panel["type"] == "row"]
    assert rows == list(table.services)
    for name in table.services:
        exprs = [
            target["expr"]
            for panel in board["panels"]
            for target in panel.get("targets", [])
            if f'job="{name}"' in target["expr"]
        ]
        assert any("_count" in expr and "5.." in expr for expr in exprs), name
        assert any("histogram_quantile(0.99" in expr for expr in exprs), name
        assert any("histogram_quantile(0.5" in expr for expr in exprs), name


def test_panels_fit_the_grid_and_use_the_provisioned_data_source() -> None:
    sources = {source["uid"] for source in load_yaml(GRAFANA_DATASOURCES)["datasources"]}
    for name, board in dashboards().items():
        ids = [panel["id"] for panel in board["panels"]]
        assert len(ids) == len(set(ids)), name
        assert board["uid"] and board["title"]
        for panel in board["panels"]:
            grid = panel["gridPos"]
            assert grid["x"] >= 0 and grid["x"] + grid["w"] <= 24, (name, panel["title"])
            if panel["type"] != "row":
                assert panel["datasource"]["uid"] in sources, (name, panel["title"])
                assert panel["targets"], (name, panel["title"])


def test_every_scrape_job_is_a_process_of_the_compose_stack(
    table: RouteTable, compose: dict[str, Any]
) -> None:
    config = load_yaml(PROMETHEUS_CONFIG)
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    metrics_serving = {
        name
        for name, service in compose.items()
        if name not in PROFILE and not name.startswith(("migrate-", "db-setup-"))
        and name not in ("postgres", "redis", "rabbitmq")
    }  # fmt: skip
    assert set(jobs) == metrics_serving
    for name, job in jobs.items():
        [discovery] = job["dns_sd_configs"]
        assert discovery["names"] == [name]
        port = discovery["port"]
        if name in {process for _, process, _ in table.workers}:
            assert port == WORKER_HEALTH_PORT
            assert str(port) in compose[name]["command"]  # --health-port
        elif name != "traefik":
            assert str(port) in compose[name]["expose"]
    assert set(scrape_targets(table, WORKER_HEALTH_PORT)) == set(jobs)


def test_the_profile_mounts_the_rendered_files(compose: dict[str, Any]) -> None:
    for name in PROFILE:
        assert compose[name]["profiles"] == ["observability"], name
        for volume in compose[name].get("volumes", []):
            source = volume.split(":")[0]
            assert (REPO_ROOT / source).exists(), f"{name} mounts {source}, which is missing"
    provider = load_yaml(GRAFANA_DASHBOARD_PROVIDER)["providers"][0]
    mounts = [volume.split(":")[1] for volume in compose["grafana"]["volumes"]]
    assert provider["options"]["path"] in mounts
    collector = load_yaml(COLLECTOR_CONFIG)
    exporter = collector["exporters"]["otlp/jaeger"]["endpoint"]
    assert exporter.split(":")[0] in compose
    assert collector["service"]["pipelines"]["traces"]["exporters"] == ["otlp/jaeger"]


def test_traefik_traces_to_the_collector_only_with_its_traced_config(
    compose: dict[str, Any],
) -> None:
    plain, traced = load_yaml(TRAEFIK_STATIC), load_yaml(TRAEFIK_STATIC_TRACED)
    assert "tracing" not in plain  # off by default
    tracing = traced.pop("tracing")
    assert traced == plain  # the same config besides
    assert tracing["otlp"]["http"]["endpoint"] == TRACING_ENDPOINT
    endpoint = urlsplit(TRACING_ENDPOINT)
    collector = compose[str(endpoint.hostname)]
    assert str(endpoint.port) in collector["expose"]
    assert collector["profiles"] == ["observability"]
    static_dir, default = TRAEFIK_STATIC.rsplit("/", 1)
    chosen = f"./{static_dir}/${{CADENCE_TRAEFIK_STATIC:-{default}}}:/etc/traefik/traefik.yml:ro"
    assert chosen in compose["traefik"]["volumes"]
    assert TRAEFIK_STATIC_TRACED.startswith(f"{static_dir}/")
