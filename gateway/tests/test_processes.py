"""The process list of the route table: a service's web app and its workers, rendered into the
Procfile, docker-compose.yml, Kubernetes and the Dockerfiles.

These tests render a table with a worker of their own (an audio one), so they hold whichever
workers the real table has (the real rendered files are checked byte for byte by the staleness
test in test_render.py).
"""

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from cadence_gateway.containers import (
    STORAGE_DIR,
    WORKER_HEALTH_PORT,
    dockerfiles,
    render_compose,
    workspace_members,
)
from cadence_gateway.k8s import BASE_DIR, image_tag, render_k8s
from cadence_gateway.nginx import render_nginx
from cadence_gateway.procfile import render_procfile
from cadence_gateway.routes import MIB, RouteTable, load_route_table
from cadence_gateway.traefik import compose_address, render_dynamic

WORKER_ENTRY = "audio_service.worker:worker"


@pytest.fixture(scope="module")
def table(worker_table: Callable[..., RouteTable]) -> RouteTable:
    return worker_table()


def command(health_port: int) -> list[str]:
    return [
        "cadence-worker", WORKER_ENTRY, "--concurrency", "2", "--health-port", str(health_port),
    ]  # fmt: skip


def test_the_procfile_runs_each_worker_beside_its_service(table: RouteTable) -> None:
    lines = dict(
        line.split(": ", 1)
        for line in render_procfile(table).splitlines()
        if not line.startswith("#")
    )
    assert lines["audio-analysis"] == " ".join(command(8207))
    assert lines["audio"].startswith("uvicorn audio_service.main:app --host 127.0.0.1 --port 8107")


def test_compose_runs_a_container_per_worker_with_a_health_check(
    table: RouteTable, tmp_path: Path
) -> None:
    text = render_compose(table)
    services = yaml.safe_load(text)["services"]
    worker = services["audio-analysis"]
    assert worker["image"] == services["audio"]["image"] == "cadence/audio:latest"
    assert worker["command"] == command(WORKER_HEALTH_PORT)
    assert worker["deploy"] == {"replicas": 3}
    assert "expose" not in worker and "ports" not in worker
    assert worker["depends_on"]["migrate-audio"] == {"condition": "service_completed_successfully"}
    probe = " ".join(worker["healthcheck"]["test"])
    assert f"http://127.0.0.1:{WORKER_HEALTH_PORT}/health/ready" in probe
    # The web app and its worker share the service's files.
    for name in ("audio", "audio-analysis"):
        assert services[name]["volumes"] == [f"audio-files:{STORAGE_DIR}"]
        assert services[name]["environment"]["AUDIO_STORAGE_LOCAL_DIR"] == STORAGE_DIR
    assert "volumes" not in services["tasks"]
    volumes = yaml.safe_load(text)["volumes"]
    assert {"postgres-data": {}, "audio-files": {}}.items() <= volumes.items()
    assert set(volumes) == {"postgres-data", "redis-data"} | {
        f"{name}-files" for name, service in table.services.items() if service.storage
    }
    compose = tmp_path / "docker-compose.yml"
    compose.write_text(text)
    check = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec"]
    result = subprocess.run(
        [*check, str(compose)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_kubernetes_runs_a_deployment_per_worker_without_a_service(table: RouteTable) -> None:
    files = render_k8s(table)
    documents = list(yaml.safe_load_all(files[f"{BASE_DIR}/audio-analysis.yaml"]))
    assert [document["kind"] for document in documents] == ["Deployment", "PodDisruptionBudget"]
    deployment = documents[0]
    assert deployment["spec"]["replicas"] == 3
    pod = deployment["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["image"] == f"cadence/audio:{image_tag()}"
    assert container["args"] == command(WORKER_HEALTH_PORT)
    assert container["readinessProbe"]["httpGet"] == {"path": "/health/ready", "port": "health"}
    assert container["livenessProbe"]["httpGet"] == {"path": "/health", "port": "health"}
    assert container["ports"] == [{"name": "health", "containerPort": WORKER_HEALTH_PORT}]
    assert {"secretRef": {"name": "cadence-audio"}} in container["envFrom"]
    # It waits for the service's schema; the service's migration Job migrates.
    (wait,) = pod["initContainers"]
    assert wait["args"][:3] == ["cadence-migrate", "audio", "wait"]
    assert pod["terminationGracePeriodSeconds"] >= 30
    kustomization = yaml.safe_load(files[f"{BASE_DIR}/kustomization.yaml"])
    assert "audio-analysis.yaml" in kustomization["resources"]
    # The web app keeps its Deployment and Service.
    web = [d["kind"] for d in yaml.safe_load_all(files[f"{BASE_DIR}/audio.yaml"])]
    assert web == ["Deployment", "PodDisruptionBudget", "Service", "HorizontalPodAutoscaler"]


def test_the_dockerfile_installs_the_services_debian_packages(table: RouteTable) -> None:
    files = dockerfiles(table, workspace_members())
    audio = files["services/audio/Dockerfile"]
    runtime = audio.rsplit("FROM python:3.11-slim-bookworm\n", 1)[1]
    assert "apt-get install -y --no-install-recommends libsndfile1 ffmpeg" in runtime
    assert "rm -rf /var/lib/apt/lists/*" in runtime
    assert "apt-get" not in files["services/tasks/Dockerfile"]


def test_an_upload_route_streams_its_body_through_nginx_and_bounds_traefiks_memory(
    table: RouteTable,
) -> None:
    conf = render_nginx(table)
    upload = conf.split("location /api/v1/samples/ {", 1)[1].split("}", 1)[0]
    assert f"client_max_body_size {100 * MIB};" in upload
    assert "proxy_request_buffering off;" in upload
    tasks = conf.split("location /api/v1/tasks/ {", 1)[1].split("}", 1)[0]
    assert "proxy_request_buffering" not in tasks
    middlewares = yaml.safe_load(render_dynamic(table, compose_address))["http"]["middlewares"]
    assert middlewares["body-api-v1-samples"]["buffering"] == {
        "maxRequestBodyBytes": 100 * MIB,
        "memRequestBodyBytes": MIB,
    }


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"workers": {"analysis": {"entry": "worker", "health_port": 8207}}}, "entry"),
        ({"workers": {"Bad-Name": {"entry": WORKER_ENTRY, "health_port": 8207}}}, "worker name"),
        ({"workers": {"analysis": {"entry": WORKER_ENTRY, "health_port": 8105}}}, "share a port"),
        ({"workers": {"a": {"entry": WORKER_ENTRY, "health_port": 8207, "concurrency": 0}}}, "0"),
        ({"apt": ["libsndfile1 && curl evil"]}, "apt"),
    ],
)
def test_a_bad_process_list_is_refused(
    worker_table: Callable[..., RouteTable], change: dict[str, Any], error: str
) -> None:
    with pytest.raises(ValidationError, match=error):
        worker_table(**change)


def test_the_real_tables_workers() -> None:
    workers = {process: worker for _, process, worker in load_route_table().workers}
    expected = {
        "audio-analysis": ("audio_service.worker:worker", 2, 1, 8207),
        "ocr-read": ("ocr_service.worker:worker", 2, 1, 8208),
        "projects-files": ("projects_service.worker:worker", 2, 1, 8206),
    }
    for process, (entry, concurrency, replicas, health_port) in expected.items():
        worker = workers[process]
        assert (worker.entry, worker.concurrency, worker.replicas, worker.health_port) == (
            entry,
            concurrency,
            replicas,
            health_port,
        )
