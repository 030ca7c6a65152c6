"""The local stack: every service as a process (honcho) behind nginx, configured from the route table.

    uv run python deploy/local/stack.py up       # foreground; Ctrl-C stops everything
    uv run python deploy/local/stack.py start    # background (tests, benchmarks); then `stop`
    uv run python deploy/local/stack.py stop
    uv run python deploy/local/stack.py migrate
    uv run python deploy/local/stack.py logs

`make run`, `make stop`, `make logs` and `make migrate` call these. Settings come from the
environment (and a root `.env`), as in any deployment; `--env KEY=VALUE` and `--database NAME`
override them for one stack (the e2e tests use a database of their own).
"""

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit, urlunsplit

import httpx

from cadence_gateway.routes import RouteTable, load_route_table

REPO = Path(__file__).resolve().parents[2]
RUN_DIR = REPO / ".run"
NGINX_PREFIX = RUN_DIR / "nginx"
LOG_FILE = RUN_DIR / "logs" / "stack.log"
PID_FILE = RUN_DIR / "stack.pid"
ENV_FILE = RUN_DIR / "stack.env"
PROCFILE = REPO / "deploy" / "local" / "Procfile"
DEFAULT_DATABASE_URL = "postgresql+asyncpg://postgres:postgres@127.0.0.1:5432/cadence"
READY_TIMEOUT_S = 90.0


def _database_url(name: str | None) -> str:
    base = os.environ.get("CADENCE_DATABASE_URL", DEFAULT_DATABASE_URL)
    if name is None:
        return base
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def stack_environment(
    table: RouteTable, *, database: str | None, overrides: dict[str, str]
) -> dict[str, str]:
    """What every process of the stack gets on top of the caller's environment."""
    env: dict[str, str] = {"PYTHONUNBUFFERED": "1"}
    for service in table.services:
        variable = f"{service.upper()}_DATABASE_URL"
        if database is not None or variable not in os.environ:
            env[variable] = _database_url(database)
    env.update(overrides)
    return env


def _ensure_database(url: str) -> None:
    """Creates the stack's database when it does not exist yet."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(("postgresql", parts.netloc, "/postgres", "", ""))
    exists = subprocess.run(
        ["psql", admin, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{name}"'], check=True)


def migrate(table: RouteTable, env: dict[str, str]) -> None:
    full_env = {**os.environ, **env}
    for service in table.services:
        _ensure_database(full_env[f"{service.upper()}_DATABASE_URL"])
        print(f"migrating {service}", flush=True)
        subprocess.run(
            ["cadence-migrate", service, "upgrade", "head"], env=full_env, cwd=REPO, check=True
        )


def _readiness_urls(table: RouteTable) -> Iterator[tuple[str, str]]:
    for name, service in table.services.items():
        yield name, f"http://127.0.0.1:{service.port}/health/ready"
    for _, process, worker in table.workers:
        yield process, f"http://127.0.0.1:{worker.health_port}/health/ready"
    yield "authorizer", f"http://127.0.0.1:{table.gateway.authorizer_port}/health"
    yield "live", f"http://127.0.0.1:{table.gateway.live_port}/health"
    yield "gateway", f"http://127.0.0.1:{table.gateway.port}/health"


def wait_until_ready(table: RouteTable, honcho: subprocess.Popen[bytes] | None) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    pending = dict(_readiness_urls(table))
    with httpx.Client(timeout=2.0) as http:
        while pending:
            if honcho is not None and honcho.poll() is not None:
                sys.exit(f"the stack exited while starting; see {LOG_FILE}")
            for name, url in list(pending.items()):
                try:
                    if http.get(url).status_code == 200:
                        del pending[name]
                except httpx.HTTPError:
                    pass
            if pending and time.monotonic() > deadline:
                sys.exit(
                    f"not ready after {READY_TIMEOUT_S:.0f} s: {', '.join(pending)}; see {LOG_FILE}"
                )
            if pending:
                time.sleep(0.2)


def _ports_in_use(table: RouteTable) -> list[int]:
    ports = [port for service in table.services.values() for port in service.ports]
    ports += [table.gateway.port, table.gateway.authorizer_port, table.gateway.live_port]
    busy = []
    for port in ports:
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=0.5)
        except httpx.ConnectError:
            continue
        except httpx.HTTPError:
            pass
        busy.append(port)
    return busy


def _prepare(table: RouteTable, env: dict[str, str]) -> None:
    busy = _ports_in_use(table)
    if busy:
        sys.exit(f"ports {busy} are in use: is a stack already running? (`make stop`)")
    for folder in (NGINX_PREFIX / "logs", NGINX_PREFIX / "tmp", LOG_FILE.parent):
        folder.mkdir(parents=True, exist_ok=True)
    ENV_FILE.write_text("".join(f"{key}={value}\n" for key, value in sorted(env.items())))
    migrate(table, env)


def _honcho(background: bool) -> subprocess.Popen[bytes]:
    """Starts honcho; its output goes to the stack log (and, in the foreground, the terminal)."""
    command = ["honcho", "-f", str(PROCFILE), "-d", str(REPO), "-e", str(ENV_FILE), "start"]
    log = LOG_FILE.open("ab")
    if background:
        return subprocess.Popen(
            command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    honcho = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    threading.Thread(target=_tee, args=(honcho, log), daemon=True).start()
    return honcho


def _tee(honcho: subprocess.Popen[bytes], log: BinaryIO) -> None:
    assert honcho.stdout is not None
    for line in honcho.stdout:
        sys.stdout.buffer.write(line)
        sys.stdout.flush()
        log.write(line)
        log.flush()


def _print_addresses(table: RouteTable) -> None:
    print(f"\nCadence is up: http://127.0.0.1:{table.gateway.port} (docs: /docs)")
    for name, service in table.services.items():
        print(f"  {name:<10} http://127.0.0.1:{service.port}")
    print(f"  {'authorizer':<10} http://127.0.0.1:{table.gateway.authorizer_port}")
    print(f"  {'live':<10} http://127.0.0.1:{table.gateway.live_port}", flush=True)


def up(table: RouteTable, env: dict[str, str]) -> None:
    _prepare(table, env)
    honcho = _honcho(background=False)
    try:
        wait_until_ready(table, honcho)
        _print_addresses(table)
        print("Ctrl-C stops everything.", flush=True)
        honcho.wait()
    except KeyboardInterrupt:
        pass
    finally:
        # A terminal's Ctrl-C reaches honcho too; either way, let it stop every process and
        # wait for it without being interrupted again.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if honcho.poll() is None:
            honcho.send_signal(signal.SIGINT)
        honcho.wait()


def start(table: RouteTable, env: dict[str, str]) -> None:
    _prepare(table, env)
    honcho = _honcho(background=True)
    PID_FILE.write_text(str(honcho.pid))
    try:
        wait_until_ready(table, honcho)
    except SystemExit:
        stop()
        raise
    _print_addresses(table)


def stop() -> None:
    if not PID_FILE.exists():
        print("no stack started in the background")
        return
    pid = int(PID_FILE.read_text())
    PID_FILE.unlink()
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            print("stopped")
            return
        time.sleep(0.1)
    os.killpg(pid, signal.SIGKILL)
    print("killed after 15 s")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("command", choices=["up", "start", "stop", "migrate", "logs"])
    parser.add_argument("--database", help="database name for every service (default: cadence)")
    parser.add_argument("--env", action="append", default=[], metavar="KEY=VALUE")
    args = parser.parse_args()
    table = load_route_table()
    overrides = dict(item.split("=", 1) for item in args.env)
    env = stack_environment(table, database=args.database, overrides=overrides)
    if args.command == "up":
        up(table, env)
    elif args.command == "start":
        start(table, env)
    elif args.command == "stop":
        stop()
    elif args.command == "migrate":
        migrate(table, env)
    else:
        os.execvp("tail", ["tail", "-n", "200", "-F", str(LOG_FILE)])


if __name__ == "__main__":
    main()
