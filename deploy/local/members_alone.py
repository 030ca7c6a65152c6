"""Each member alone: ``uv sync --locked --no-dev --package <member>`` into an environment of its
own and every module of the member imported there (what its image has), then a second one synced
with the member's ``dev`` group (what its tests need, declared in its own pyproject.toml) and the
member's tests run there. A dependency its code or its tests use but never
declared (one the workspace's shared environment happens to have) fails here, as it would in its
image. ``make test-members`` runs this.

    uv run --no-sync python deploy/local/members_alone.py                 # every member
    uv run --no-sync python deploy/local/members_alone.py tasks auth      # some
    uv run --no-sync python deploy/local/members_alone.py --imports-only  # sync and import only
    uv run --no-sync python deploy/local/members_alone.py --jobs 1        # one member at a time

The environments live under ``$CADENCE_ALONE_DIR`` (default ``.run/alone`` in the checkout, so two
checkouts never share one), two per member, and are kept between runs: ``uv sync`` makes each
exactly the member's locked set again (it removes whatever is not declared), so a kept one proves
the same as a fresh one at a fraction of the cost. Migrations are not imported (their env.py runs
Alembic), nor the test support (``.testing``, of the dev group; ``cadence_shared.media``,
Pillow's). The tests run from the checkout's root, as in the workspace, so its settings hold.

Members run ``--jobs`` at a time (default: one per core): their test sessions never share a
database, a Redis database or a broker name (the test plugin gives each its own), and most of a
test's time is spent waiting on a server. Each member's output is kept in its environment's
folder and printed whole when it ends, so two never interleave; the members with the most tests
start first, so the longest is not left for last.
"""

import argparse
import concurrent.futures
import fcntl
import os
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

# Imports every module of the package in the member's own environment, but its migrations,
# cadence_shared.testing (the pytest plugin, whose dependencies are the dev group's) and
# cadence_shared.media (test and demo media: Pillow's where the services that take images have it).
IMPORT_ALL = """
import importlib, pkgutil, sys
package = importlib.import_module(sys.argv[1])
names = [sys.argv[1]] + [
    m.name for m in pkgutil.walk_packages(package.__path__, sys.argv[1] + ".")
    if ".migrations" not in m.name and ".testing" not in m.name
    and m.name != "cadence_shared.media"
]
for name in names:
    importlib.import_module(name)
print(len(names), "modules")
"""


@dataclass
class Timings:
    """Seconds each step took for one member."""

    output: Path
    steps: dict[str, float] = field(default_factory=dict)

    def run(self, step: str, command: list[str], cwd: Path, env: dict[str, str]) -> None:
        started = time.monotonic()
        try:
            with self.output.open("a") as output:
                subprocess.run(command, cwd=cwd, env=env, check=True, stdout=output, stderr=output)
        finally:
            self.steps[step] = time.monotonic() - started

    def __str__(self) -> str:
        return ", ".join(f"{step} {seconds:.1f} s" for step, seconds in self.steps.items())


def members(root: Path) -> dict[str, Path]:
    """Each workspace member's short name (``tasks``, ``shared``) and its folder."""
    with (root / "pyproject.toml").open("rb") as file:
        dirs = tomllib.load(file)["tool"]["uv"]["workspace"]["members"]
    return {Path(d).name: root / d for d in dirs}


def distribution_and_package(folder: Path) -> tuple[str, str]:
    """The member's distribution name and its one importable package (under src/)."""
    with (folder / "pyproject.toml").open("rb") as file:
        name: str = tomllib.load(file)["project"]["name"]
    (package,) = [p.name for p in (folder / "src").iterdir() if (p / "__init__.py").exists()]
    return name, package


def outside_the_workspace_env(root: Path) -> dict[str, str]:
    """This process's environment without the workspace's virtual environment (``uv run`` puts
    it on PATH and in VIRTUAL_ENV), so a member's tests find only what its own has."""
    env = dict(os.environ)
    # PYTHONDONTWRITEBYTECODE too: the first process compiles what it imports into the member's
    # environment and every later one (servers, workers, migrations the tests start) reuses it,
    # where compiling every package of ten environments up front costs minutes.
    for name in (
        "VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", "PYTHONPATH", "PYTHONHOME", "PYTHONDONTWRITEBYTECODE",
    ):  # fmt: skip
        env.pop(name, None)
    workspace_bins = {str(root / ".venv" / "bin"), str(Path(sys.prefix) / "bin")}
    if sys.prefix == sys.base_prefix:  # not in a virtual environment: nothing to take away
        workspace_bins.discard(str(Path(sys.prefix) / "bin"))
    path = [entry for entry in env.get("PATH", "").split(os.pathsep) if entry not in workspace_bins]
    env["PATH"] = os.pathsep.join(path)
    return env


def test_count(folder: Path) -> int:
    """How many test functions a member has: the order members start in, most first."""
    tests = folder / "tests"
    files = tests.rglob("test_*.py") if tests.is_dir() else []
    return sum(file.read_text().count("def test_") for file in files)


def check(root: Path, environments: Path, folder: Path, timings: Timings, *, tests: bool) -> None:
    """One member: synced without its dev group into ``environments/image`` and every module
    imported there (what its image has), then synced with it into ``environments/tests`` and its
    tests run there."""
    distribution, package = distribution_and_package(folder)
    base = outside_the_workspace_env(root)
    sync = ["uv", "sync", "--locked", "--quiet", "--package", distribution]
    image = environments / "image"
    timings.run("sync", [*sync, "--no-dev"], root, {**base, "UV_PROJECT_ENVIRONMENT": str(image)})
    # From outside the checkout, so nothing but the member's own environment is on the path.
    timings.run("import", [str(image / "bin" / "python"), "-c", IMPORT_ALL, package], image, base)
    if not tests or not (folder / "tests").is_dir():
        return
    environment = environments / "tests"
    uv_env = {**base, "UV_PROJECT_ENVIRONMENT": str(environment)}
    timings.run("sync dev", sync, root, uv_env)
    # As the member's own environment has it: its scripts first on PATH, like an activated one.
    env = {**base, "PATH": os.pathsep.join([str(environment / "bin"), base["PATH"]])}
    python = str(environment / "bin" / "python")
    pytest = [python, "-m", "pytest", str((folder / "tests").relative_to(root)), "-q"]
    timings.run("tests", pytest, root, env)


def run_member(root: Path, environments: Path, member: str, folder: Path, *, tests: bool) -> bool:
    """``check`` for one member, its output printed whole at the end; whether it passed."""
    environments.mkdir(exist_ok=True)
    timings = Timings(output=environments / "output.log")
    timings.output.write_text("")
    passed = True
    try:
        check(root, environments, folder, timings, tests=tests)
    except subprocess.CalledProcessError:
        passed = False
    # One write, so two members' output never interleaves.
    print(f"== {member} alone\n{timings.output.read_text()}   {member}: {timings}", flush=True)
    return passed


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("members", nargs="*", help="short names (tasks, gateway); default: all")
    parser.add_argument("--imports-only", action="store_true", help="sync and import, no tests")
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help="the workspace's root")
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="members at a time (default: cores)"
    )
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse(argv)
    root: Path = args.root.resolve()
    found = members(root)
    chosen = args.members or list(found)
    unknown = sorted(set(chosen) - set(found))
    if unknown:
        print(f"not a workspace member: {', '.join(unknown)}", file=sys.stderr)
        return 2
    alone_dir = Path(os.environ.get("CADENCE_ALONE_DIR", root / ".run" / "alone"))
    alone_dir.mkdir(parents=True, exist_ok=True)
    # One run at a time per checkout: two syncing one environment would break each other's.
    lock = (alone_dir / "lock").open("w")
    fcntl.flock(lock, fcntl.LOCK_EX)
    started = time.monotonic()

    order = sorted(chosen, key=lambda member: -test_count(found[member]))

    def run(member: str) -> bool:
        return run_member(
            root, alone_dir / member, member, found[member], tests=not args.imports_only
        )

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        outcomes = dict(zip(order, pool.map(run, order), strict=True))
    failed = [member for member in order if not outcomes[member]]
    print(f"{len(chosen)} members alone in {time.monotonic() - started:.0f} s", flush=True)
    if failed:
        print(f"failed alone: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
