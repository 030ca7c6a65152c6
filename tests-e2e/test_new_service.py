"""`make new-service NAME=demo` in a copy of the repo gives a service that passes the checks.

The whole of `make test` in the copy would take too long, so this runs the parts a missing or
wrong scaffold file would fail: `ruff check` and `ruff format --check` of the whole copy, mypy
strict on the new service and its tests, the three render staleness checks (routes,
.env.example, problem catalog), `alembic check` of its migrations, and the new service's own
tests (CRUD, isolation, 422, events) in a pytest of their own. The e2e stack itself
(PROTECTED_READ, the gateway route) is left to `make test`. It also checks that bad names and a
taken port are refused.

The inner pytest once hung at exit under load: its session ended while the service's event bus
was still connecting to RabbitMQ, and aio-pika's reconnection task outlived the cancellation
(see ``cadence_shared.events.broker._RobustConnection``). Output goes to files, not pipes, so a
process left behind can never keep ``subprocess.run`` waiting for the end of a pipe.
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOT_COPIED = shutil.ignore_patterns(
    ".venv", ".git", ".run", "__pycache__", "node_modules", ".*_cache"
)  # .run: a stack's logs and the members' own environments (make test-members)


def run(copy: Path, *command: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"} | env
    # Output to files, not pipes: a backend helper the inner run leaves behind may hold a pipe.
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        code = subprocess.run(
            command, cwd=copy, stdout=out, stderr=err, env=environment, timeout=120
        ).returncode
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(command, code, out.read(), err.read())


def check(copy: Path, *command: str, **env: str) -> str:
    result = run(copy, *command, **env)
    assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the working tree with `demo` scaffolded into it and its own virtualenv."""
    target = tmp_path_factory.mktemp("scaffold") / "repo"
    shutil.copytree(REPO, target, ignore=NOT_COPIED)
    check(target, "uv", "sync", "--all-packages", "--locked", "-q")
    check(target, "make", "new-service", "NAME=demo")
    return target


def test_the_new_service_is_registered(copy: Path) -> None:
    pyproject = (copy / "pyproject.toml").read_text()
    assert '"services/demo"' in pyproject
    assert '"demo_service"' in pyproject
    assert '"services/demo/src", "tests-e2e"' in pyproject
    routes = (copy / "gateway/routes.toml").read_text()
    assert '[services.demo]\nport = 8109\napp = "demo_service.main:app"' in routes
    assert 'prefix = "/api/v1/demo"\nservice = "demo"\nauth = "required"' in routes
    assert '"demo": "/api/v1/demo/items"' in (copy / "tests-e2e/test_gateway.py").read_text()
    assert "# --- demo (prefix DEMO_;" in (copy / ".env.example").read_text()
    assert (copy / "services/demo/Dockerfile").is_file()


def test_lint_and_types_pass(copy: Path) -> None:
    check(copy, "uv", "run", "--no-sync", "ruff", "check", ".")
    check(copy, "uv", "run", "--no-sync", "ruff", "format", "--check", ".")
    check(copy, "uv", "run", "--no-sync", "mypy", "services/demo/src", "services/demo/tests")


def test_rendered_files_are_up_to_date(copy: Path) -> None:
    check(copy, "uv", "run", "--no-sync", "python", "-m", "cadence_gateway.render", "--check")
    check(copy, "uv", "run", "--no-sync", "python", "deploy/local/env_example.py", "--check")
    check(copy, "uv", "run", "--no-sync", "python", "deploy/local/problems_catalog.py", "--check")


def test_its_migrations_match_its_models(copy: Path, database_url: str) -> None:
    migrate = ("uv", "run", "--no-sync", "cadence-migrate", "demo")
    check(copy, *migrate, "upgrade", "head", DEMO_DATABASE_URL=database_url)
    check(copy, *migrate, "check", DEMO_DATABASE_URL=database_url)


@pytest.mark.parametrize(
    ("arguments", "reason"),
    [
        (["demo"], "services/demo exists already"),
        (["runs"], "services/runs exists already"),
        (["Bad-Name"], "is not a lowercase Python identifier"),
        (["class"], "is not a lowercase Python identifier"),
        (["json"], "collides with the Python module 'json'"),
        (["other", "--port", "8103"], "port 8103 is taken"),
    ],
)
def test_bad_names_and_taken_ports_are_refused(
    copy: Path, arguments: list[str], reason: str
) -> None:
    result = run(
        copy, "uv", "run", "--no-sync", "python", "deploy/local/new_service.py", *arguments
    )
    assert result.returncode != 0
    assert reason in result.stderr
    assert not (copy / "services/other").exists()


def test_its_own_tests_pass(copy: Path) -> None:
    output = check(copy, "uv", "run", "--no-sync", "pytest", "services/demo/tests", "-q")
    assert " passed" in output and "failed" not in output
