"""What every benchmark script shares: wrk runs, the machine's description, the results file."""

import contextlib
import fcntl
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
REPO = BENCH_DIR.parent
LOCK = Path("/tmp/cadence-bench.lock")
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


@contextlib.contextmanager
def bench_lock() -> Iterator[None]:
    """Holds the machine's benchmark lock (``flock /tmp/cadence-bench.lock``): one benchmark at a
    time on the shared cores. A lock already held by a parent (``make bench``, or a run started
    under ``flock``) is ours: waiting for it would wait forever."""
    with LOCK.open("a") as file:
        if _held_by_an_ancestor(LOCK):
            yield
            return
        fcntl.flock(file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(file, fcntl.LOCK_UN)


def _held_by_an_ancestor(path: Path) -> bool:
    inode = f":{path.stat().st_ino}"
    holders = set()
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" not in fields and fields[1] == "FLOCK" and fields[5].endswith(inode):
            holders.add(int(fields[4]))
    pid = os.getppid()
    while pid > 1:
        if pid in holders:
            return True
        pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    return False


def load() -> str:
    """The machine's load as ``uptime`` reports it, kept with the results."""
    return subprocess.run(["uptime"], capture_output=True, text=True, check=True).stdout.strip()


def psql(database: str, sql: str) -> None:
    url = ADMIN_URL.rsplit("/", 1)[0] + f"/{database}"
    subprocess.run(["psql", url, "-qv", "ON_ERROR_STOP=1", "-c", sql], check=True)


def fresh_database(database: str, url: str, *services: str) -> None:
    """``database`` dropped and created again, with the migrations of ``services`` applied."""
    from cadence_shared.testing import migrate

    psql("postgres", f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    psql("postgres", f'CREATE DATABASE "{database}"')
    for service in services:
        migrate(service, url)


def machine() -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
    }


def wrk(
    url: str,
    *,
    headers: dict[str, str] | None = None,
    threads: int = 1,
    connections: int = 32,
    seconds: int = 10,
    script: Path = BENCH_DIR / "wrk_json.lua",
) -> dict[str, Any]:
    """One wrk run; returns requests/s, latency percentiles (microseconds) and socket errors.

    ``script`` is a wrk Lua script that ends with the JSON reporter of ``wrk_json.lua``.

    Any non-2xx answer fails the run: a benchmark of errors measures nothing.
    """
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    command += ["-s", str(script)]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    report: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    if report["non_2xx"]:
        raise RuntimeError(f"wrk saw error answers from {url}: {report}")
    return report


Runs = dict[str, dict[str, list[dict[str, Any]]]]


def interleaved_rounds(
    urls: dict[str, str], paths: dict[str, str], headers: dict[str, str], repetitions: int
) -> Runs:
    """``runs[variant][endpoint]``: one wrk report per round and variant, the variants taking
    turns endpoint by endpoint (which goes first alternates by round), so all meet the same
    background load on the shared machine; compare them by per-round ratios."""
    runs: Runs = {variant: {endpoint: [] for endpoint in paths} for variant in urls}
    order = list(urls)
    for _ in range(repetitions):
        for endpoint, path in paths.items():
            for variant in order:
                runs[variant][endpoint].append(wrk(urls[variant] + path, headers=headers))
        order.reverse()
    return runs


@contextlib.contextmanager
def checkout(ref: str) -> Iterator[Path]:
    """``ref`` of this repository in a temporary git worktree (removed afterwards): the code a
    "before" variant of a bench runs."""
    with tempfile.TemporaryDirectory(prefix="cadence-bench-before-") as parent:
        path = Path(parent) / "tree"
        git = ["git", "-C", str(REPO), "worktree"]
        subprocess.run([*git, "add", "--detach", str(path), ref], check=True, capture_output=True)
        try:
            yield path
        finally:
            subprocess.run([*git, "remove", "--force", str(path)], check=False)


def service_environment(
    service: str,
    jwks_url: str,
    database_url: str,
    redis_url: str,
    *,
    source: Path | None = None,
    **settings: str,
) -> dict[str, str]:
    """A service's settings for a bench that serves it straight (no stack): its database, Redis
    and token keys, WARNING logs, no broker traffic (the bench reads; neither relay nor consumer
    runs), and ``settings`` by field name. ``source``: a checkout whose code to run instead."""
    prefix = f"{service.upper()}_"
    given = {
        "database_url": database_url,
        "redis_url": redis_url,
        "jwks_url": jwks_url,
        "log_level": "WARNING",
        "events_relay_in_process": "false",
        "events_consumer_in_process": "false",
        **settings,
    }
    env = {**os.environ, **{f"{prefix}{name.upper()}": value for name, value in given.items()}}
    if source is not None:
        paths = [source / "shared" / "src", source / "services" / service / "src"]
        env["PYTHONPATH"] = os.pathsep.join(str(path) for path in paths)
    return env


@dataclass(frozen=True)
class Server:
    url: str
    pid: int


@contextlib.contextmanager
def uvicorn_server(
    app: str, port: int, env: dict[str, str], *, workers: int = 1, app_dir: Path | None = None
) -> Iterator[Server]:
    """``uvicorn app`` on ``port`` (access log off, WARNING), once it answers ``/health``."""
    command = [sys.executable, "-m", "uvicorn", app, "--port", str(port)]
    command += ["--workers", str(workers), "--no-access-log", "--log-level", "warning"]
    if app_dir is not None:
        command += ["--app-dir", str(app_dir)]
    server = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60  # a loaded machine starts a service slowly
        while not _answers(url):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{app} on {port} did not become ready")
            time.sleep(0.2)
        yield Server(url, server.pid)
    finally:
        server.terminate()
        server.wait(10)


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/health", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def flame_graph(
    pid: int, svg: Path, under_load: Callable[[int], object], seconds: int = 10
) -> None:
    """A py-spy flame graph (``svg``) of process ``pid`` while ``under_load(seconds)`` runs.

    py-spy samples at 100 Hz without pausing the process (``--nonblocking``), so the profile
    costs the profiled process little; its run is not one of the measured rounds anyway.
    """
    command = [
        str(Path(sys.executable).parent / "py-spy"),
        "record",
        "--pid",
        str(pid),
        "--output",
        str(svg),
        "--format",
    ]
    command += ["flamegraph", "--duration", str(seconds), "--rate", "100", "--nonblocking"]
    profiler = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(1)  # py-spy attaches before the load starts
    under_load(seconds)
    _, errors = profiler.communicate(timeout=60)
    if profiler.returncode:
        raise RuntimeError(f"py-spy failed: {errors.decode(errors='replace')}")


def write_results(
    name: str,
    results: list[dict[str, Any]],
    notes: str,
    *,
    summary: str | None = None,
    details: dict[str, Any] | None = None,
    charts: list[str] | None = None,
) -> Path:
    """bench/results/<name>.json; ``summary`` (markdown) heads the section of bench/README.md,
    ``details`` (the raw figures behind the medians) stays in the JSON, ``charts`` (file names
    in bench/results/) are shown at the end of the section."""
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    document: dict[str, Any] = {
        "name": name,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "results": results,
        "notes": notes,
    }
    if summary is not None:
        document["summary"] = summary
    if details is not None:
        document["details"] = details
    if charts:
        document["charts"] = charts
    with tempfile.NamedTemporaryFile("w", dir=RESULTS_DIR, delete=False) as file:
        json.dump(document, file, indent=2)
        file.write("\n")
    Path(file.name).chmod(0o644)
    Path(file.name).replace(path)
    return path


def metric(name: str, value: float, unit: str, aim: str | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"metric": name, "value": round(value, 3), "unit": unit}
    if aim:
        entry["aim"] = aim
    return entry


SIGN_IN_PASSWORD = "benchmark password 1"


def signed_in_headers(client: httpx.Client) -> dict[str, str]:
    """A new account registered and logged in through ``client`` (the stack): its bearer header."""
    email = f"bench-{uuid.uuid4().hex[:10]}@example.com"
    account = {"email": email, "password": SIGN_IN_PASSWORD}
    client.post("/api/v1/auth/register", json=account).raise_for_status()
    login = client.post("/api/v1/auth/login", json=account)
    login.raise_for_status()
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


def signed_in_task(base_url: str) -> tuple[str, dict[str, str]]:
    """Signs a new user in through the stack at ``base_url`` and creates the one task a GET
    benchmark reads: its path, and the headers."""
    with httpx.Client(base_url=base_url, timeout=10) as client:
        headers = signed_in_headers(client)
        created = client.post("/api/v1/tasks", json={"title": "one row"}, headers=headers)
        created.raise_for_status()
    return f"/api/v1/tasks/{created.json()['id']}", headers
