"""Each member alone: ``uv sync --locked --package <member>`` into an environment of its own, then
every module of the member imported there, so a dependency it uses but never declared (one the
workspace's shared environment happens to have) fails here, as it would in its image.

    uv run --no-sync python deploy/local/members_alone.py            # every member
    uv run --no-sync python deploy/local/members_alone.py tasks auth  # some

The environments live under ``$CADENCE_ALONE_DIR`` (default /tmp/cadence-alone), one per member,
and are kept between runs: ``uv sync`` makes each exactly the member's locked set again (it removes
whatever is not declared), so a kept one proves the same as a fresh one at a fraction of the cost.
Migrations are not imported (their env.py runs Alembic), nor ``cadence_shared.testing`` (the
pytest plugin, which needs the dev group); the test suites are not run here.
"""

import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
ALONE_DIR = Path(os.environ.get("CADENCE_ALONE_DIR", "/tmp/cadence-alone"))

# Imports every module of the package in the member's own environment, but its migrations and
# cadence_shared.testing (the pytest plugin: test support, installed with the dev group).
IMPORT_ALL = """
import importlib, pkgutil, sys
package = importlib.import_module(sys.argv[1])
names = [sys.argv[1]] + [
    m.name for m in pkgutil.walk_packages(package.__path__, sys.argv[1] + ".")
    if ".migrations" not in m.name and ".testing" not in m.name
]
for name in names:
    importlib.import_module(name)
print(len(names), "modules")
"""


def members() -> dict[str, Path]:
    """Each workspace member's short name (``tasks``, ``shared``) and its folder."""
    with (REPO_ROOT / "pyproject.toml").open("rb") as file:
        dirs = tomllib.load(file)["tool"]["uv"]["workspace"]["members"]
    return {Path(d).name: REPO_ROOT / d for d in dirs}


def distribution_and_package(folder: Path) -> tuple[str, str]:
    """The member's distribution name and its one importable package (under src/)."""
    with (folder / "pyproject.toml").open("rb") as file:
        name: str = tomllib.load(file)["project"]["name"]
    (package,) = [p.name for p in (folder / "src").iterdir() if (p / "__init__.py").exists()]
    return name, package


def check(member: str, folder: Path) -> float:
    """Syncs and imports one member; returns the seconds it took."""
    started = time.monotonic()
    distribution, package = distribution_and_package(folder)
    environment = ALONE_DIR / member
    env = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(environment)}
    env.pop("VIRTUAL_ENV", None)
    sync = ["uv", "sync", "--locked", "--no-dev", "--quiet", "--package", distribution]
    subprocess.run(sync, cwd=REPO_ROOT, env=env, check=True)
    # Outside the repo, so nothing but the member's own environment is on the path.
    python = environment / "bin" / "python"
    subprocess.run([str(python), "-c", IMPORT_ALL, package], cwd=ALONE_DIR, env=env, check=True)
    return time.monotonic() - started


def main(argv: list[str]) -> int:
    found = members()
    chosen = argv or list(found)
    unknown = sorted(set(chosen) - set(found))
    if unknown:
        print(f"not a workspace member: {', '.join(unknown)}", file=sys.stderr)
        return 2
    ALONE_DIR.mkdir(parents=True, exist_ok=True)
    failed = []
    for member in chosen:
        print(f"== {member} alone", flush=True)
        try:
            print(f"   {check(member, found[member]):.1f} s", flush=True)
        except subprocess.CalledProcessError:
            failed.append(member)
    if failed:
        print(f"failed alone: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
