"""The local stack: every service as a process (honcho) behind nginx, configured from the route table.

    uv run python deploy/local/stack.py up       # foreground; Ctrl-C stops everything
    uv run python deploy/local/stack.py start    # background (tests, benchmarks); then `stop`
    uv run python deploy/local/stack.py stop
    uv run python deploy/local/stack.py migrate
    uv run python deploy/local/stack.py logs
    uv run python deploy/local/stack.py run-procfile --procfile P --run-dir D   # any Procfile

`make run`, `make stop`, `make logs` and `make migrate` call these. Settings come from the
environment (and a root `.env`), as in any deployment; `--env KEY=VALUE` and `--database NAME`
override them for one stack (the e2e tests use a database of their own).
"""

import argparse
import contextlib
import ctypes
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
from alembic.script import ScriptDirectory

from cadence_gateway.routes import RouteTable, load_route_table
from cadence_shared.log_files import Follower
from cadence_shared.migrations import alembic_config

REPO = Path(__file__).resolve().parents[2]
RUN_DIR = REPO / ".run"
NGINX_PREFIX = RUN_DIR / "nginx"
LOG_DIR = RUN_DIR / "logs"  # each process's own log file (CADENCE_LOG_DIR), honcho's stack.log
LOG_FILE = LOG_DIR / "stack.log"
PID_FILE = RUN_DIR / "stack.pid"
ENV_FILE = RUN_DIR / "stack.env"
PROCFILE = REPO / "deploy" / "local" / "Procfile"
DEFAULT_DATABASE_URL = "postgresql+asyncpg://postgres:postgres@127.0.0.1:5432/cadence"
# Longer on a loaded machine (the audio worker's warm-up alone took over 90 s at load 10).
READY_TIMEOUT_S = float(os.environ.get("CADENCE_READY_TIMEOUT_S", "90"))
STOP_TIMEOUT_S = 15.0
POLL_S = 0.5  # how soon the runner notices that what started it is gone
MAX_STARTERS = 4
PR_SET_PDEATHSIG = 1  # prctl(2)
ENDING_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _database_url(name: str | None) -> str:
    base = os.environ.get("CADENCE_DATABASE_URL", DEFAULT_DATABASE_URL)
    if name is None:
        return base
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def stack_environment(
    table: RouteTable, *, database: str | None, overrides: dict[str, str]
) -> dict[str, str]:
    """What every process of the stack gets on top of the caller's environment: its log lines go
    to a file of its own in ``LOG_DIR``, so honcho relays only what a process prints outside
    its logging (a relay of every line cost a service about 45 % of its throughput at INFO)."""
    env: dict[str, str] = {"PYTHONUNBUFFERED": "1", "CADENCE_LOG_DIR": str(LOG_DIR)}
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


def _at_head(service: str, url: str) -> bool:
    """Whether the service's schema is at its migrations' head already: read here in one
    process, where ``cadence-migrate`` costs a Python start-up per service (minutes in all on
    a loaded machine, for nothing on a restart)."""
    heads = set(ScriptDirectory.from_config(alembic_config(service)).get_heads())
    parts = urlsplit(url)
    plain = urlunsplit(("postgresql", parts.netloc, parts.path, "", ""))
    found = subprocess.run(
        ["psql", plain, "-tAc", f'SELECT version_num FROM "{service}".alembic_version'],
        capture_output=True,
        text=True,
    )
    return found.returncode == 0 and set(found.stdout.split()) == heads


def migrate(table: RouteTable, env: dict[str, str]) -> None:
    full_env = {**os.environ, **env}
    for service in table.services:
        url = full_env[f"{service.upper()}_DATABASE_URL"]
        _ensure_database(url)
        if _at_head(service, url):
            print(f"{service}: at its head", flush=True)
            continue
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
                sys.exit(f"the stack exited while starting; see {LOG_DIR}")
            for name, url in list(pending.items()):
                try:
                    if http.get(url).status_code == 200:
                        del pending[name]
                except httpx.HTTPError:
                    pass
            if pending and time.monotonic() > deadline:
                sys.exit(
                    f"not ready after {READY_TIMEOUT_S:.0f} s: {', '.join(pending)}; see {LOG_DIR}"
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
    for folder in (NGINX_PREFIX / "logs", NGINX_PREFIX / "tmp", LOG_DIR):
        folder.mkdir(parents=True, exist_ok=True)
    _keep_as_previous(LOG_DIR)
    ENV_FILE.write_text("".join(f"{key}={value}\n" for key, value in sorted(env.items())))
    migrate(table, env)


def _keep_as_previous(folder: Path) -> None:
    """The last run's log files move to ``previous/`` (replacing the run before): each run's
    files hold that run alone, and the one before stays readable."""
    previous = folder / "previous"
    shutil.rmtree(previous, ignore_errors=True)
    previous.mkdir()
    for path in folder.glob("*.log"):
        path.rename(previous / path.name)


def _die_with_parent() -> None:
    """In the child, before exec: the kernel sends SIGTERM if the runner dies, however it dies
    (even SIGKILL, which no handler sees), and honcho then stops every process it started."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _honcho(
    background: bool, procfile: Path = PROCFILE, log_file: Path = LOG_FILE
) -> subprocess.Popen[bytes]:
    """Starts honcho in a process group of its own (so the whole stack can be signalled at
    once), writing to the stack log; in the foreground the runner also shows the logs, honcho's
    and every process's own, merged and made readable.

    honcho writes to the file, never to a pipe of the runner's: a runner killed outright would
    leave honcho a broken pipe, and honcho dying of it would leave its processes running."""
    command = ["honcho", "-f", str(procfile), "-d", str(REPO), "-e", str(ENV_FILE), "start"]
    log_file.parent.mkdir(parents=True, exist_ok=True)
    log = log_file.open("ab")
    follower = Follower(log_file.parent, colour=sys.stdout.isatty())  # from here on
    honcho = subprocess.Popen(
        command,
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=None if background else _die_with_parent,
    )
    if not background:

        def ended() -> bool:
            return honcho.poll() is not None

        threading.Thread(
            target=follower.follow, args=(sys.stdout,), kwargs={"until": ended}, daemon=True
        ).start()
    return honcho


def _print_addresses(table: RouteTable) -> None:
    print(f"\nCadence is up: http://127.0.0.1:{table.gateway.port} (docs: /docs)")
    for name, service in table.services.items():
        print(f"  {name:<10} http://127.0.0.1:{service.port}")
    print(f"  {'authorizer':<10} http://127.0.0.1:{table.gateway.authorizer_port}")
    print(f"  {'live':<10} http://127.0.0.1:{table.gateway.live_port}", flush=True)


class RunnerEnded(Exception):
    """The runner was told to end (SIGTERM, SIGHUP) or the process that started it is gone."""


class _Ending:
    """Turns the first ending signal into ``RunnerEnded``; later ones (a terminal's Ctrl-C reaches
    the runner and ``uv run`` alike, and ``uv run`` passes it on again) are ignored, so they
    cannot interrupt the stopping itself."""

    def __init__(self) -> None:
        self.begun = False

    def __call__(self, signum: int, frame: object) -> None:
        if self.begun:
            return
        self.begun = True
        raise RunnerEnded(signal.Signals(signum).name)


def _parent_of(pid: int) -> int:
    # /proc/<pid>/stat: "pid (comm) state ppid ...", comm may hold spaces and parentheses.
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[1])


def _starters() -> list[int]:
    """The processes that started this runner and whose end must end it: up to ``make`` when
    ``make run`` did (``make`` passes on SIGTERM to its children but not SIGHUP, and ``uv run``
    in between may outlive it), else just the parent."""
    chain: list[int] = []
    pid = os.getppid()
    while pid > 1 and len(chain) < MAX_STARTERS:
        chain.append(pid)
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip() == "make":
                return chain
            pid = _parent_of(pid)
        except OSError:
            break
    return chain[:1]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def supervise(
    honcho: subprocess.Popen[bytes], pid_file: Path, on_ready: Callable[[], None]
) -> None:
    """Runs until honcho exits or the runner ends, whichever way it ends (Ctrl-C, SIGTERM,
    SIGHUP, the terminal or ``make`` gone): then everything honcho started ends with it."""
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    pid_file.write_text(str(honcho.pid))  # so `make stop` finds it too
    starters = _starters()
    end = _Ending()
    for ending in ENDING_SIGNALS:
        signal.signal(ending, end)
    try:
        on_ready()
        while honcho.poll() is None:
            if not all(_alive(pid) for pid in starters):
                raise RunnerEnded("the process that started the stack is gone")
            with contextlib.suppress(subprocess.TimeoutExpired):
                honcho.wait(timeout=POLL_S)
    except RunnerEnded:
        pass
    finally:
        end.begun = True  # from here on, nothing interrupts the stopping
        with contextlib.suppress(ProcessLookupError):
            os.killpg(honcho.pid, signal.SIGTERM)  # honcho stops every process it started
        try:
            honcho.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            _end_group(honcho.pid)
            honcho.wait()
        pid_file.unlink(missing_ok=True)


def up(table: RouteTable, env: dict[str, str]) -> None:
    _prepare(table, env)
    honcho = _honcho(background=False)

    def ready() -> None:
        wait_until_ready(table, honcho)
        _print_addresses(table)
        print("Ctrl-C stops everything.", flush=True)

    supervise(honcho, PID_FILE, ready)


def run_procfile(procfile: Path, run_dir: Path) -> None:
    """Any Procfile under the same supervision as ``up`` (no preparation, no readiness wait):
    a small stack, as the tests of the runner start one."""
    ENV_FILE.parent.mkdir(parents=True, exist_ok=True)
    ENV_FILE.touch()
    honcho = _honcho(False, procfile, run_dir / "stack.log")
    supervise(honcho, run_dir / "stack.pid", lambda: None)


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


def _end_group(pid: int) -> str:
    """Ends honcho's process group: SIGTERM (honcho stops its processes), then SIGKILL after
    ``STOP_TIMEOUT_S``."""
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return "stopped"
    deadline = time.monotonic() + STOP_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            return "stopped"
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
    return f"killed after {STOP_TIMEOUT_S:g} s"


def stop() -> None:
    if not PID_FILE.exists():
        print("no stack started in the background")
        return
    pid = int(PID_FILE.read_text())
    PID_FILE.unlink()
    print(_end_group(pid))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "command", choices=["up", "start", "stop", "migrate", "logs", "run-procfile"]
    )
    parser.add_argument("--procfile", type=Path, help="run-procfile: the Procfile to run")
    parser.add_argument("--run-dir", type=Path, help="run-procfile: where its pid and log go")
    parser.add_argument("--database", help="database name for every service (default: cadence)")
    parser.add_argument("--env", action="append", default=[], metavar="KEY=VALUE")
    args = parser.parse_args()
    if args.command == "run-procfile":
        run_procfile(args.procfile, args.run_dir)
        return
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
        reader = [sys.executable, "-m", "cadence_shared.log_files", "--folder", str(LOG_DIR)]
        os.execvp(sys.executable, reader)


if __name__ == "__main__":
    main()
