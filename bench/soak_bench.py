"""A soak through the gateway: the locust scenario of bench/locustfile.py at a steady moderate
rate (``CADENCE_SOAK_USERS`` users, default 20, each running ``CADENCE_SOAK_TASKS_PER_S`` tasks
a second, default 1: about 25 requests/s) for ``CADENCE_SOAK_SECONDS`` (default 1800), against
the stack `make bench` started. Every ``CADENCE_SOAK_SAMPLE_S`` seconds (default 30) it samples
each process of the stack (the processes honcho started, by the port each listens on, from
gateway/routes.toml): its RSS (its process tree summed), its open sockets and its connections to
Postgres, Redis and RabbitMQ; and the servers' own counts of this stack's connections
(pg_stat_activity of the bench database, Redis ``CLIENT LIST`` and ``rabbitmqctl
list_connections`` entries whose client port is one of the stack's).

bench/results/soak.json reports per process the medians of the first and the last window (5
minutes, or a quarter of a shorter run) and a least-squares slope after the first window;
bench/results/soak_rss.png and soak_connections.png chart them over the run. Whether memory and
connections stay flat is read from those numbers, not asserted. A quick check first::

    CADENCE_SOAK_SECONDS=120 CADENCE_SOAK_SAMPLE_S=10 flock /tmp/cadence-e2e.lock \\
        uv run python bench/run.py soak
"""

import os
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import psutil
import redis

from benchlib import ADMIN_URL, REPO, RESULTS_DIR, bench_lock, load, metric, write_results
from cadence_gateway.routes import load_route_table
from loadlib import LocustRun, number, series_chart

USERS = int(os.environ.get("CADENCE_SOAK_USERS", "20"))
TASKS_PER_S = os.environ.get("CADENCE_SOAK_TASKS_PER_S", "1")
SECONDS = int(os.environ.get("CADENCE_SOAK_SECONDS", "1800"))
SAMPLE_S = float(os.environ.get("CADENCE_SOAK_SAMPLE_S", "30"))
DATABASE = "cadence_bench"  # bench/run.py's
BACKENDS = {5432: "postgres", 6379: "redis", 5672: "rabbitmq"}
MIB = 1024 * 1024
CHARTS = {"rss": "soak_rss.png", "connections": "soak_connections.png"}
Sample = dict[str, Any]


def stack_processes() -> dict[str, int]:
    """Each Procfile entry of the running stack (its name) and the pid of its process tree's
    root, found by the port its tree listens on."""
    table = load_route_table()
    names = {table.gateway.port: "gateway (nginx)", table.gateway.authorizer_port: "authorizer"}
    names[table.gateway.live_port] = "live"
    for service_name, service in table.services.items():
        names[service.port] = service_name
        for worker_name, worker in service.workers.items():
            names[worker.health_port] = f"{service_name}-{worker_name}"
    honcho = psutil.Process(int((REPO / ".run" / "stack.pid").read_text()))
    listening: dict[int, set[int]] = {}
    connection: Any  # its laddr is typed "an address or ()", a listening socket's is one
    for connection in psutil.net_connections("inet"):
        if connection.status == psutil.CONN_LISTEN and connection.pid is not None:
            listening.setdefault(connection.pid, set()).add(connection.laddr.port)
    found: dict[str, int] = {}
    for child in honcho.children():
        ports = set().union(*(listening.get(p.pid, set()) for p in _tree(child.pid)))
        for port in ports & names.keys():
            found[names[port]] = child.pid
    missing = set(names.values()) - found.keys()
    if missing:
        raise RuntimeError(f"no process of the stack listens for {sorted(missing)}")
    return dict(sorted(found.items()))


def _tree(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def sample(processes: dict[str, int], t: float) -> Sample:
    """RSS (MiB), sockets and backend connections per process; the servers' counts."""
    connections = psutil.net_connections("inet")
    by_pid: dict[int, list[Any]] = {}
    for connection in connections:
        if connection.pid is not None:
            by_pid.setdefault(connection.pid, []).append(connection)
    per_process: dict[str, dict[str, float]] = {}
    ours: set[int] = set()
    for name, pid in processes.items():
        tree = _tree(pid)
        sockets = [c for p in tree for c in by_pid.get(p.pid, [])]
        backend = Counter(
            BACKENDS[c.raddr.port]
            for c in sockets
            if c.raddr and c.raddr.port in BACKENDS and c.status == psutil.CONN_ESTABLISHED
        )
        ours |= {c.laddr.port for c in sockets if c.raddr and c.raddr.port in BACKENDS}
        per_process[name] = {
            "rss_mib": round(sum(_rss(p) for p in tree) / MIB, 2),
            "sockets": len(sockets),
            **{kind: backend.get(kind, 0) for kind in BACKENDS.values()},
        }
    servers = {
        "postgres": _postgres_connections(),
        "redis": _redis_clients(ours),
        "rabbitmq": _rabbitmq_connections(ours),
    }
    return {"t": round(t, 1), "processes": per_process, "servers": servers}


def _rss(process: psutil.Process) -> int:
    try:
        return int(process.memory_info().rss)
    except psutil.NoSuchProcess:
        return 0


def _postgres_connections() -> int | None:
    """None when Postgres turns the sampler away (its connection slots are shared)."""
    sql = f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{DATABASE}'"
    answer = subprocess.run(["psql", ADMIN_URL, "-Atc", sql], capture_output=True, text=True)
    if answer.returncode:
        print(f"pg_stat_activity: {answer.stderr.strip()}", flush=True)
        return None
    return int(answer.stdout.strip())


def _redis_clients(ports: set[int]) -> int:
    with redis.Redis(host="127.0.0.1", port=6379) as client:
        clients: list[dict[str, Any]] = client.client_list()
    return sum(1 for entry in clients if int(str(entry["addr"]).rsplit(":", 1)[1]) in ports)


def _rabbitmq_connections(ports: set[int]) -> int | None:
    """None when rabbitmqctl cannot answer (not installed, or not allowed to)."""
    try:
        answer = subprocess.run(
            ["rabbitmqctl", "-q", "list_connections", "peer_port", "--no-table-headers"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (FileNotFoundError, subprocess.TimeoutExpired):
        return None
    if answer.returncode:
        return None
    return sum(1 for line in answer.stdout.split() if line.isdigit() and int(line) in ports)


def _soak(base_url: str, run: LocustRun) -> list[Sample]:
    processes = stack_processes()
    locust = run.start(base_url)
    start = time.monotonic()
    samples = []
    while locust.poll() is None:
        samples.append(sample(processes, time.monotonic() - start))
        next_at = start + len(samples) * SAMPLE_S
        while locust.poll() is None and time.monotonic() < next_at:
            time.sleep(0.5)
    return samples


def main() -> None:
    base_url = os.environ.get("CADENCE_BENCH_BASE_URL", "http://127.0.0.1:8000")
    env = {"CADENCE_LOAD_TASKS_PER_S": TASKS_PER_S}
    with bench_lock(), tempfile.TemporaryDirectory() as directory:
        before = load()
        run = LocustRun(USERS, SECONDS, Path(directory) / "soak", env)
        samples = _soak(base_url, run)
        after = load()
        rows = run.rows("stats")
    window = min(300.0, SECONDS / 4)
    [total] = [row for row in rows if row["Name"] == "Aggregated"]
    _charts(samples)
    write_results(
        "soak",
        [
            metric("requests", number(total["Request Count"]), "requests"),
            metric("failures", number(total["Failure Count"]), "requests", aim="0"),
            metric("requests/s", number(total["Requests/s"]), "req/s"),
            *_server_metrics(samples, window),
        ],
        f"locust, {USERS} users at {TASKS_PER_S} task/s each for {SECONDS} s through the "
        f"gateway (bench/locustfile.py), sampled every {SAMPLE_S:g} s; first and last: the "
        f"medians of the first and the last {window:g} s; slope: least squares after the first "
        f"{window:g} s. Load before {before}, after {after}.",
        summary=_table(samples, window),
        details={
            "users": USERS,
            "tasks_per_s": float(TASKS_PER_S),
            "seconds": SECONDS,
            "load": {"before": before, "after": after},
            "samples": samples,
        },
        charts=list(CHARTS.values()),
    )


def _first_last(values: list[tuple[float, float]], window: float) -> tuple[float, float]:
    end = values[-1][0]
    first = [v for t, v in values if t <= window] or [values[0][1]]
    last = [v for t, v in values if t >= end - window] or [values[-1][1]]
    return statistics.median(first), statistics.median(last)


def _slope_per_hour(values: list[tuple[float, float]], window: float) -> float:
    settled = [(t / 3600, v) for t, v in values if t > window]
    if len(settled) < 2:
        return 0.0
    return statistics.linear_regression(*zip(*settled, strict=True)).slope


def _series(samples: list[Sample], name: str, field: str) -> list[tuple[float, float]]:
    return [(s["t"], float(s["processes"][name][field])) for s in samples]


def _table(samples: list[Sample], window: float) -> str:
    """Per process: RSS first, last, slope; sockets and backend connections first -> last."""
    head = "| process | RSS first MiB | RSS last MiB | RSS slope MiB/h |"
    head += " sockets | postgres | redis | rabbitmq |"
    lines = [head, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name in samples[0]["processes"]:
        rss = _series(samples, name, "rss_mib")
        first, last = _first_last(rss, window)
        cells = [f"{first:.1f}", f"{last:.1f}", f"{_slope_per_hour(rss, window):+.1f}"]
        for field in ("sockets", *BACKENDS.values()):
            low, high = _first_last(_series(samples, name, field), window)
            cells.append(f"{low:g} → {high:g}")
        lines.append(f"| {name} | {' | '.join(cells)} |")
    return "\n".join(lines)


def _server_metrics(samples: list[Sample], window: float) -> Iterable[dict[str, Any]]:
    rss = [(s["t"], sum(p["rss_mib"] for p in s["processes"].values())) for s in samples]
    first, last = _first_last(rss, window)
    yield metric("RSS, all processes, first", first, "MiB")
    yield metric("RSS, all processes, last", last, "MiB")
    yield metric("RSS, all processes, slope", _slope_per_hour(rss, window), "MiB/h")
    for server in ("postgres", "redis", "rabbitmq"):
        counts = [
            (s["t"], float(s["servers"][server]))
            for s in samples
            if s["servers"][server] is not None
        ]
        if counts:
            low, high = _first_last(counts, window)
            yield metric(f"{server} connections (server's count), first", low, "connections")
            yield metric(f"{server} connections (server's count), last", high, "connections")


def _charts(samples: list[Sample]) -> None:
    minutes = [s["t"] / 60 for s in samples]
    names = list(samples[0]["processes"])
    rss = {name: [s["processes"][name]["rss_mib"] for s in samples] for name in names}
    series_chart(
        minutes,
        rss,
        RESULTS_DIR / CHARTS["rss"],
        title="RSS per process (soak)",
        ylabel="RSS, MiB (process tree)",
    )
    connections = {
        f"{server} (server's count)": [float(s["servers"][server] or 0) for s in samples]
        for server in ("postgres", "redis", "rabbitmq")
    }
    connections["open sockets, all processes"] = [
        float(sum(p["sockets"] for p in s["processes"].values())) for s in samples
    ]
    series_chart(
        minutes,
        connections,
        RESULTS_DIR / CHARTS["connections"],
        title="Connections of the stack (soak)",
        ylabel="connections",
    )


if __name__ == "__main__":
    main()
