"""The compose ``observability`` profile's files, rendered from the route table.

``docker compose --profile observability up`` adds an OpenTelemetry collector (traces in over
OTLP, out to Jaeger), Jaeger (the traces, on :16686), Prometheus (scraping every process's own
``/metrics``, on :9090) and Grafana (on :3030, its data sources and dashboards provisioned from
``deploy/observability/grafana``). Every process named in ``gateway/routes.toml`` is a scrape job
of the same name: the services, their workers (on their health port), the authorizer, the live
process and Traefik; a service's dashboard row is made for each service the same way. Every
metric family the processes register has a panel (``gateway/tests/test_observability.py``).
"""

import json
from typing import Any

import yaml

from cadence_gateway.routes import RouteTable
from cadence_gateway.templating import RENDERED_HEADER
from cadence_gateway.traefik import CONTAINER_PORT
from cadence_gateway.traefik import METRICS_PORT as TRAEFIK_METRICS_PORT

OBSERVABILITY_DIR = "deploy/observability"
PROMETHEUS_CONFIG = f"{OBSERVABILITY_DIR}/prometheus.yml"
COLLECTOR_CONFIG = f"{OBSERVABILITY_DIR}/otel-collector.yml"
GRAFANA_DIR = f"{OBSERVABILITY_DIR}/grafana"
GRAFANA_DATASOURCES = f"{GRAFANA_DIR}/provisioning/datasources/cadence.yml"
GRAFANA_DASHBOARD_PROVIDER = f"{GRAFANA_DIR}/provisioning/dashboards/cadence.yml"
DASHBOARDS_DIR = f"{GRAFANA_DIR}/dashboards"
# Where the compose services mount them.
GRAFANA_DASHBOARDS_MOUNT = "/var/lib/grafana/dashboards"

SCRAPE_INTERVAL = "15s"
COLLECTOR_OTLP_HTTP_PORT = 4318
PROMETHEUS_UID = "prometheus"
JAEGER_UID = "jaeger"
RATE_WINDOW = "$__rate_interval"


def scrape_targets(table: RouteTable, worker_port: int) -> dict[str, tuple[str, int]]:
    """Every process of the compose stack, by job name: (its compose service name, port). A web
    process serves its metrics on its port, a worker on its health port (``worker_port``),
    Traefik on its metrics entry point."""
    targets = {name: (name, CONTAINER_PORT) for name in table.services}
    targets |= {process: (process, worker_port) for _, process, _ in table.workers}
    targets |= {"authorizer": ("authorizer", CONTAINER_PORT), "live": ("live", CONTAINER_PORT)}
    targets["traefik"] = ("traefik", TRAEFIK_METRICS_PORT)
    return targets


def _yaml(data: Any) -> str:
    return RENDERED_HEADER + "\n" + yaml.safe_dump(data, sort_keys=False, width=100)


def render_prometheus(table: RouteTable, worker_port: int) -> str:
    # DNS service discovery: a name with replicas resolves to each of them, each its own target.
    jobs = [
        {
            "job_name": job,
            "metrics_path": "/metrics",
            "dns_sd_configs": [{"names": [host], "type": "A", "port": port}],
        }
        for job, (host, port) in scrape_targets(table, worker_port).items()
    ]
    return _yaml(
        {
            "global": {"scrape_interval": SCRAPE_INTERVAL, "evaluation_interval": SCRAPE_INTERVAL},
            "scrape_configs": jobs,
        }
    )


def local_scrape_targets(table: RouteTable) -> dict[str, int]:
    """Every process of the local stack (``make run``) by job name: the port its ``/metrics`` is
    on, 127.0.0.1 (a web process's own port, a worker's health port)."""
    targets = {name: service.port for name, service in table.services.items()}
    targets |= {process: worker.health_port for _, process, worker in table.workers}
    return targets | {"authorizer": table.gateway.authorizer_port, "live": table.gateway.live_port}


def render_local_prometheus(table: RouteTable, scrape_interval: str = SCRAPE_INTERVAL) -> str:
    """A scrape config for the local stack's processes (``tests-e2e/test_prometheus.py`` runs a
    Prometheus on it)."""
    jobs = [
        {
            "job_name": job,
            "metrics_path": "/metrics",
            "static_configs": [{"targets": [f"127.0.0.1:{port}"]}],
        }
        for job, port in local_scrape_targets(table).items()
    ]
    interval = {"scrape_interval": scrape_interval, "evaluation_interval": scrape_interval}
    return _yaml({"global": interval, "scrape_configs": jobs})


def render_collector() -> str:
    return _yaml(
        {
            "receivers": {
                "otlp": {
                    "protocols": {
                        "http": {"endpoint": f"0.0.0.0:{COLLECTOR_OTLP_HTTP_PORT}"},
                        "grpc": {"endpoint": "0.0.0.0:4317"},
                    }
                }
            },
            "processors": {"batch": {}},
            "exporters": {"otlp/jaeger": {"endpoint": "jaeger:4317", "tls": {"insecure": True}}},
            "service": {
                "pipelines": {
                    "traces": {
                        "receivers": ["otlp"],
                        "processors": ["batch"],
                        "exporters": ["otlp/jaeger"],
                    }
                }
            },
        }
    )


def render_datasources() -> str:
    return _yaml(
        {
            "apiVersion": 1,
            "datasources": [
                {
                    "name": "Prometheus",
                    "uid": PROMETHEUS_UID,
                    "type": "prometheus",
                    "access": "proxy",
                    "url": "http://prometheus:9090",
                    "isDefault": True,
                },
                {
                    "name": "Jaeger",
                    "uid": JAEGER_UID,
                    "type": "jaeger",
                    "access": "proxy",
                    "url": "http://jaeger:16686",
                },
            ],
        }
    )


def render_dashboard_provider() -> str:
    return _yaml(
        {
            "apiVersion": 1,
            "providers": [
                {
                    "name": "cadence",
                    "folder": "Cadence",
                    "type": "file",
                    "allowUiUpdates": False,
                    "options": {"path": GRAFANA_DASHBOARDS_MOUNT},
                }
            ],
        }
    )


# --- dashboards ---------------------------------------------------------------------------------

PANEL_WIDTH = 8  # three panels a row on Grafana's 24-column grid
PANEL_HEIGHT = 8


class _Dashboard:
    """Panels laid out left to right, three a row; each row may start with a title row."""

    def __init__(self, uid: str, title: str) -> None:
        self.uid = uid
        self.title = title
        self.panels: list[dict[str, Any]] = []
        self._x = 0
        self._y = 0

    def row(self, title: str) -> None:
        if self._x:
            self._x, self._y = 0, self._y + PANEL_HEIGHT
        self.panels.append(
            {
                "id": len(self.panels) + 1,
                "type": "row",
                "title": title,
                "collapsed": False,
                "gridPos": {"h": 1, "w": 24, "x": 0, "y": self._y},
                "panels": [],
            }
        )
        self._y += 1

    def panel(self, title: str, unit: str, *queries: tuple[str, str]) -> None:
        if self._x + PANEL_WIDTH > 24:
            self._x, self._y = 0, self._y + PANEL_HEIGHT
        self.panels.append(
            {
                "id": len(self.panels) + 1,
                "type": "timeseries",
                "title": title,
                "datasource": {"type": "prometheus", "uid": PROMETHEUS_UID},
                "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
                "gridPos": {"h": PANEL_HEIGHT, "w": PANEL_WIDTH, "x": self._x, "y": self._y},
                "targets": [
                    {
                        "refId": chr(ord("A") + index),
                        "datasource": {"type": "prometheus", "uid": PROMETHEUS_UID},
                        "expr": expr,
                        "legendFormat": legend,
                    }
                    for index, (expr, legend) in enumerate(queries)
                ],
            }
        )
        self._x += PANEL_WIDTH

    def json(self) -> str:
        model = {
            "uid": self.uid,
            "title": self.title,
            "tags": ["cadence"],
            "timezone": "utc",
            "schemaVersion": 39,
            "version": 1,
            "editable": False,
            "refresh": "10s",
            "time": {"from": "now-1h", "to": "now"},
            "templating": {"list": []},
            "annotations": {"list": []},
            "panels": self.panels,
        }
        return json.dumps(model, indent=2) + "\n"


REQUESTS = "cadence_http_request_duration_seconds"


def _quantile(q: float, selector: str) -> str:
    return f"histogram_quantile({q}, sum by (le) (rate({REQUESTS}_bucket{{{selector}}}[{RATE_WINDOW}])))"


def services_dashboard(table: RouteTable) -> str:
    """Per service: request rate by route, the share of 5xx answers, p50 and p99 latency."""
    board = _Dashboard("cadence-services", "Cadence services")
    for name in table.services:
        job = f'job="{name}"'
        board.row(name)
        board.panel(
            "Requests by route",
            "reqps",
            (f"sum by (route) (rate({REQUESTS}_count{{{job}}}[{RATE_WINDOW}]))", "{{route}}"),
        )
        board.panel(
            "Errors (5xx share) and 4xx",
            "percentunit",
            (
                f'sum(rate({REQUESTS}_count{{{job},status=~"5.."}}[{RATE_WINDOW}])) '
                f"/ sum(rate({REQUESTS}_count{{{job}}}[{RATE_WINDOW}]))",
                "5xx",
            ),
            (
                f'sum(rate({REQUESTS}_count{{{job},status=~"4.."}}[{RATE_WINDOW}])) '
                f"/ sum(rate({REQUESTS}_count{{{job}}}[{RATE_WINDOW}]))",
                "4xx",
            ),
        )
        board.panel("Latency", "s", (_quantile(0.5, job), "p50"), (_quantile(0.99, job), "p99"))
    return board.json()


def events_dashboard() -> str:
    """The event flow: published and handled per type and outcome, the outbox backlog."""
    board = _Dashboard("cadence-events", "Cadence events")
    board.row("Flow")
    board.panel(
        "Published by type",
        "ops",
        (f"sum by (type) (rate(cadence_events_published_total[{RATE_WINDOW}]))", "{{type}}"),
    )
    board.panel(
        "Handled by outcome",
        "ops",
        (
            f"sum by (handler, outcome) (rate(cadence_events_handled_total[{RATE_WINDOW}]))",
            "{{handler}} {{outcome}}",
        ),
    )
    board.panel(
        "Retried and parked",
        "short",
        (
            'sum by (job, handler, outcome) (increase(cadence_events_handled_total{outcome=~"retried|parked"}'
            f"[{RATE_WINDOW}]))",
            "{{job}} {{handler}} {{outcome}}",
        ),
    )
    board.row("Outbox")
    board.panel("Unsent rows", "short", ("max by (job) (cadence_outbox_unsent)", "{{job}}"))
    board.panel(
        "Oldest unsent",
        "s",
        ("max by (job) (cadence_outbox_oldest_unsent_age_seconds)", "{{job}}"),
    )
    board.panel(
        "Inbox rows by handler",
        "short",
        # Read from Postgres by every process of the service: the same figure, not a sum.
        ("max by (job, handler) (cadence_inbox_rows)", "{{job}} {{handler}}"),
    )
    board.panel(
        "Token verifications (authorizer)",
        "ops",
        (
            f"sum by (outcome) (rate(cadence_token_verifications_total[{RATE_WINDOW}]))",
            "{{outcome}}",
        ),
    )
    return board.json()


def jobs_dashboard() -> str:
    """The workers' jobs: finished per kind and outcome, durations, running now."""
    board = _Dashboard("cadence-jobs", "Cadence jobs")
    jobs = "cadence_job_duration_seconds"
    board.row("Jobs")
    board.panel(
        "Finished by kind and outcome",
        "ops",
        (
            f"sum by (kind, outcome) (rate({jobs}_count[{RATE_WINDOW}]))",
            "{{kind}} {{outcome}}",
        ),
    )
    board.panel(
        "Duration (done)",
        "s",
        (
            f'histogram_quantile(0.5, sum by (le, kind) (rate({jobs}_bucket{{outcome="done"}}'
            f"[{RATE_WINDOW}])))",
            "{{kind}} p50",
        ),
        (
            f'histogram_quantile(0.99, sum by (le, kind) (rate({jobs}_bucket{{outcome="done"}}'
            f"[{RATE_WINDOW}])))",
            "{{kind}} p99",
        ),
    )
    board.panel("Running", "short", ("sum by (kind) (cadence_jobs_running)", "{{kind}}"))
    # Every worker reads the same queue from Postgres: the largest report, not their sum.
    board.panel("Queued", "short", ("max by (kind) (cadence_jobs_queued)", "{{kind}}"))
    return board.json()


def resources_dashboard() -> str:
    """What processes wait on: each one's database pool and the queue for a connection
    (admission), the token verifiers' cache and their fetches of the signing keys."""
    board = _Dashboard("cadence-resources", "Cadence resources")
    waited = "cadence_db_admission_wait_seconds"
    board.row("Database")
    board.panel(
        "Pool connections",
        "short",
        ("sum by (job) (cadence_db_pool_in_use)", "{{job}} in use"),
        ("sum by (job) (cadence_db_pool_idle)", "{{job}} idle"),
    )
    board.panel(
        "Requests queued for a connection",
        "short",
        ("sum by (job) (cadence_db_admission_waiting)", "{{job}} waiting now"),
        (f"sum by (job) (rate({waited}_count[{RATE_WINDOW}]))", "{{job}} queued/s"),
    )
    board.panel(
        "Wait for a connection",
        "s",
        (
            f"histogram_quantile(0.99, sum by (le, job) (rate({waited}_bucket[{RATE_WINDOW}])))",
            "{{job}} p99",
        ),
    )
    board.row("Tokens")
    board.panel(
        "Token cache lookups",
        "ops",
        (
            f"sum by (job, outcome) (rate(cadence_token_cache_lookups_total[{RATE_WINDOW}]))",
            "{{job}} {{outcome}}",
        ),
    )
    board.panel(
        "Signing key fetches (JWKS)",
        "short",
        (
            f"sum by (job, outcome) (increase(cadence_jwks_fetches_total[{RATE_WINDOW}]))",
            "{{job}} {{outcome}}",
        ),
    )
    return board.json()


def compose_context() -> dict[str, Any]:
    """What the profile's services in docker-compose.yml are rendered with."""
    return {
        "otlp_port": COLLECTOR_OTLP_HTTP_PORT,
        "collector_config": COLLECTOR_CONFIG,
        "prometheus_config": PROMETHEUS_CONFIG,
        "grafana_dir": GRAFANA_DIR,
        "dashboards_dir": DASHBOARDS_DIR,
        "dashboards_mount": GRAFANA_DASHBOARDS_MOUNT,
    }


def render_observability(table: RouteTable, worker_port: int) -> dict[str, str]:
    """Every file of the profile, by its path relative to the repo root."""
    return {
        PROMETHEUS_CONFIG: render_prometheus(table, worker_port),
        COLLECTOR_CONFIG: render_collector(),
        GRAFANA_DATASOURCES: render_datasources(),
        GRAFANA_DASHBOARD_PROVIDER: render_dashboard_provider(),
        f"{DASHBOARDS_DIR}/services.json": services_dashboard(table),
        f"{DASHBOARDS_DIR}/events.json": events_dashboard(),
        f"{DASHBOARDS_DIR}/jobs.json": jobs_dashboard(),
        f"{DASHBOARDS_DIR}/resources.json": resources_dashboard(),
    }
