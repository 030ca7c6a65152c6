"""Generates the typed clients from the suite's merged OpenAPI document (`make clients`).

- Python: openapi-python-client (pinned below, run by `uv tool run`) into
  clients/python/cadence_client, formatted by the workspace's ruff (clients/python/generator.yml).
- TypeScript: @hey-api/openapi-ts with its fetch client (pinned in
  clients/typescript/package-lock.json) into clients/typescript/src.

The document is the one the gateway serves at `GET /openapi.json`, built in-process from every
service's `build_app()` (deploy/local/openapi_specs.py). `--check` generates both into a temporary
directory and fails, naming the files, when the committed clients differ (`make lint`).
"""

import argparse
import filecmp
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PYTHON_GENERATOR = "openapi-python-client==0.29.1"
PYTHON_PACKAGE = REPO / "clients" / "python" / "cadence_client"
TYPESCRIPT = REPO / "clients" / "typescript"
TYPESCRIPT_SOURCE = TYPESCRIPT / "src"
OPENAPI_TS = TYPESCRIPT / "node_modules" / ".bin" / "openapi-ts"
IGNORED = {"__pycache__", ".ruff_cache", ".mypy_cache"}


def generate_python(spec: Path, package: Path) -> None:
    if package.exists():
        shutil.rmtree(package)
    command = ["uv", "tool", "run", "--from", PYTHON_GENERATOR, "openapi-python-client"]
    subprocess.run(
        [
            *command,
            "generate",
            f"--path={spec}",
            "--meta=none",
            f"--output-path={package}",
            f"--config={REPO / 'clients' / 'python' / 'generator.yml'}",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    (package / "py.typed").write_text("")  # typed: mypy reads its annotations


def generate_typescript(spec: Path, source: Path) -> None:
    if not OPENAPI_TS.exists():
        sys.exit(f"{OPENAPI_TS} is missing: deploy/local/bootstrap.sh --test installs it")
    subprocess.run(
        [str(OPENAPI_TS), "-i", str(spec), "-o", str(source), "-c", "@hey-api/client-fetch"],
        check=True,
        capture_output=True,
        text=True,
        cwd=TYPESCRIPT,
    )


def differences(committed: Path, fresh: Path) -> list[str]:
    """The files that differ, are missing or are extra in ``committed`` against ``fresh``."""
    found: list[str] = []
    compared = filecmp.dircmp(committed, fresh, ignore=sorted(IGNORED))
    found += [f"{committed / name} (not generated)" for name in compared.left_only]
    found += [f"{committed / name} (missing)" for name in compared.right_only]
    found += [f"{committed / name} (differs)" for name in compared.diff_files]
    found += [f"{committed / name} (unreadable)" for name in compared.funny_files]
    for name in compared.common_dirs:
        found += differences(committed / name, fresh / name)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    check = parser.parse_args().check
    with tempfile.TemporaryDirectory(prefix="cadence-clients-") as work:
        specs = Path(work) / "openapi"
        subprocess.run(
            [sys.executable, str(REPO / "deploy" / "local" / "openapi_specs.py"), str(specs)],
            check=True,
            capture_output=True,
        )
        spec = specs / "suite.json"
        python = Path(work) / "python" / "cadence_client" if check else PYTHON_PACKAGE
        typescript = Path(work) / "typescript" if check else TYPESCRIPT_SOURCE
        generate_python(spec, python)
        generate_typescript(spec, typescript)
        if not check:
            return
        stale = differences(PYTHON_PACKAGE, python) + differences(TYPESCRIPT_SOURCE, typescript)
    if stale:
        sys.exit("the clients are stale (run `make clients`):\n  " + "\n  ".join(stale))


if __name__ == "__main__":
    main()
