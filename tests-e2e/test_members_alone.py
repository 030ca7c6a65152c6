"""deploy/local/members_alone.py, what `make test-members` runs: a member's code and tests run in
the member's own environment, so a package only the workspace's environment has fails there and
passes once the member declares it. On a workspace of one tiny member made here (no stack needed;
its few packages are the workspace's locked versions, already in uv's cache)."""

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from cadence_shared.testing import missing_tool

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "deploy" / "local" / "members_alone.py"
# pytest and what it needs; pyyaml, which the workspace's environment has and the probe uses.
LOCKED = ("pytest", "iniconfig", "packaging", "pluggy", "pygments", "pyyaml")
TEST = """
import yaml


def test_yaml_reads_a_mapping() -> None:
    assert yaml.safe_load("a: 1") == {"a": 1}
"""


def pinned(name: str) -> str:
    lock = tomllib.loads((REPO / "uv.lock").read_text())
    (version,) = [package["version"] for package in lock["package"] if package["name"] == name]
    return f"{name}=={version}"


def uv() -> str:
    found = shutil.which("uv")
    if found is None:
        missing_tool("uv is not on PATH (`make install` installs it)")
    return found


def pyproject(name: str, tables: str) -> str:
    """A pyproject.toml of project ``name`` with ``tables`` after its [project] table."""
    return f'[project]\nname = "{name}"\nversion = "0"\nrequires-python = ">=3.11"\n{tables}'


def workspace(root: Path, *, dev: list[str], source: str = "") -> Path:
    """A workspace of one member, ``probe``: no dependencies, ``dev`` its dev group, ``source``
    its package's code; its tests import yaml. Locked, as `uv sync --locked` wants."""
    root.mkdir()
    constraints = ", ".join(f'"{pinned(name)}"' for name in LOCKED)
    suite = f"""
[tool.uv]
package = false
constraint-dependencies = [{constraints}]

[tool.uv.workspace]
members = ["probe"]

[tool.pytest.ini_options]
addopts = "-p no:cacheprovider"
"""
    (root / "pyproject.toml").write_text(pyproject("probe-suite", suite))
    member = root / "probe"
    (member / "src" / "probe").mkdir(parents=True)
    (member / "tests").mkdir()
    groups = ", ".join(f'"{pinned(name)}"' for name in ["pytest", *dev])
    probe = f"""dependencies = []

[dependency-groups]
dev = [{groups}]

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"
"""
    (member / "pyproject.toml").write_text(pyproject("probe", probe))
    (member / "src" / "probe" / "__init__.py").write_text(source)
    (member / "tests" / "test_probe.py").write_text(TEST)
    subprocess.run([uv(), "lock", "--quiet"], cwd=root, check=True, timeout=300)
    return root


def alone(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "CADENCE_ALONE_DIR"}
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--root", str(root), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_a_test_importing_an_undeclared_package_fails_alone(tmp_path: Path) -> None:
    root = workspace(tmp_path / "suite", dev=[])
    # In the workspace's environment (where `make test-members` ran them before) it passes.
    shared_env = subprocess.run(
        [sys.executable, "-m", "pytest", "probe/tests", "-q"],
        cwd=root,
        env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
        capture_output=True,
        text=True,
    )
    assert shared_env.returncode == 0, shared_env.stdout
    result = alone(root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "No module named 'yaml'" in result.stdout
    assert "failed alone: probe" in result.stderr


def test_declared_in_the_dev_group_it_passes(tmp_path: Path) -> None:
    result = alone(workspace(tmp_path / "suite", dev=["pyyaml"]))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_code_importing_a_package_only_the_dev_group_has_fails_alone(tmp_path: Path) -> None:
    """The member's modules are imported without its dev group, as its image has it."""
    root = workspace(tmp_path / "suite", dev=["pyyaml"], source="import yaml\n")
    result = alone(root, "--imports-only")
    assert result.returncode == 1, result.stdout + result.stderr
    # A member's output, both streams, is printed whole when it ends.
    assert "No module named 'yaml'" in result.stdout
    assert "failed alone: probe" in result.stderr
