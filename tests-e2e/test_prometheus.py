"""A real Prometheus (Debian's) scrapes the e2e stack with the scrape config rendered from the
route table; PromQL over its HTTP API sees a burst of requests and events with their labels."""

import socket
import subprocess
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from cadence_gateway.observability import local_scrape_targets, render_local_prometheus
from cadence_shared.testing.metrics import sample
from harness import Stack, User, a_run, wait_until

BURST = 20
UPLOADS = 3
RUN_COMPLETED = "runs.run.completed.v1"
REQUESTS = "cadence_http_request_duration_seconds_count"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def prometheus(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Prometheus on a port of its own, scraping every process of the stack each 0.5 s."""
    workdir = tmp_path_factory.mktemp("prometheus")
    config = workdir / "prometheus.yml"
    config.write_text(render_local_prometheus(stack.table, scrape_interval="500ms"))
    url = f"http://127.0.0.1:{free_port()}"
    process = subprocess.Popen(
        [
            "prometheus",
            f"--config.file={config}",
            f"--storage.tsdb.path={workdir / 'data'}",
            f"--web.listen-address={url.removeprefix('http://')}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=(workdir / "prometheus.log").open("w"),
    )
    try:
        wait_until(lambda: _ready(url), seconds=15, what="Prometheus ready")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _ready(url: str) -> bool:
    try:
        return httpx.get(f"{url}/-/ready", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def query(prometheus: str, promql: str) -> dict[str, float]:
    """An instant query's result, by the ``job`` of each series."""
    response = httpx.get(f"{prometheus}/api/v1/query", params={"query": promql}, timeout=5)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return {
        item["metric"].get("job", ""): float(item["value"][1]) for item in body["data"]["result"]
    }


def direct(port: int, name: str, **labels: str) -> float:
    """A process's own count now, read from its /metrics (the truth Prometheus must reach)."""
    return sample(httpx.get(f"http://127.0.0.1:{port}/metrics").text, name, **labels)


def test_prometheus_sees_every_process_and_a_burst_with_its_labels(
    stack: Stack, api: httpx.Client, new_user: Callable[..., User], prometheus: str
) -> None:
    jobs = local_scrape_targets(stack.table)
    wait_until(
        lambda: query(prometheus, "up == 1").keys() == jobs.keys(),
        seconds=10,
        what=f"every process scraped and up: {sorted(jobs)}",
    )
    user = new_user()
    task = api.post("/api/v1/tasks", json={"title": "Scraped"}, headers=user.headers).json()
    for _ in range(BURST):
        assert api.get(f"/api/v1/tasks/{task['id']}", headers=user.headers).status_code == 200
    for _ in range(UPLOADS):
        assert api.post("/api/v1/runs", json=a_run(), headers=user.headers).status_code == 201
    read = {"method": "GET", "route": "/api/v1/tasks/{task_id}", "status": "200"}
    applied = {"handler": "record-plays", "type": RUN_COMPLETED, "outcome": "applied"}
    handled = "cadence_events_handled_total"
    wait_until(
        lambda: direct(jobs["tracks"], handled, **applied) >= UPLOADS,
        what="tracks applied the uploads' events",
    )
    assert direct(jobs["tasks"], REQUESTS, **read) >= BURST
    # Each series as the process counts it now; Prometheus must reach exactly that, by its labels.
    expected = [
        ("tasks", REQUESTS, read),
        ("runs", "cadence_events_published_total", {"type": RUN_COMPLETED}),
        ("tracks", handled, applied),
    ]
    for job, name, labels in expected:
        count = direct(jobs[job], name, **labels)
        selector = ",".join(f'{key}="{value}"' for key, value in {"job": job, **labels}.items())
        reads(prometheus, f"{name}{{{selector}}}", {job: count})


def reads(prometheus: str, promql: str, expected: dict[str, float]) -> None:
    wait_until(
        lambda: query(prometheus, promql) == expected,
        seconds=10,
        what=f"Prometheus reads {promql} = {expected}",
    )
