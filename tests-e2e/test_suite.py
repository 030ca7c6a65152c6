"""Rules that hold across the whole suite (no stack needed)."""

import ast
import importlib
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cadence_gateway.routes import load_route_table
from cadence_shared.testing import migrate

REPO = Path(__file__).resolve().parents[1]
SERVICES = sorted(load_route_table().services)


def test_every_services_tables_load_in_one_process_each_in_its_own_schema() -> None:
    seen: dict[str, str] = {}
    for service in SERVICES:
        metadata = importlib.import_module(f"{service}_service.models").metadata
        assert metadata.schema == service
        assert metadata.tables, f"{service} has no tables"
        for key, table in metadata.tables.items():
            assert table.schema == service, f"{key} is outside the {service} schema"
            assert key not in seen, f"{key} is defined by both {seen.get(key)} and {service}"
            seen[key] = service
    # Every service has the event tables, each in its own schema: no collision in one process.
    assert {f"{service}.event_outbox" for service in SERVICES} <= seen.keys()
    assert {f"{service}.event_inbox" for service in SERVICES} <= seen.keys()


def test_no_service_imports_another() -> None:
    packages = {f"{service}_service" for service in SERVICES}
    for service in SERVICES:
        for path in (REPO / "services" / service).rglob("*.py"):
            tree = ast.parse(path.read_text(), filename=str(path))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                for name in names:
                    root = name.split(".")[0]
                    assert root not in packages - {f"{service}_service"}, (
                        f"{path.relative_to(REPO)} imports {name}"
                    )


@pytest.mark.parametrize("renderer", ["env_example.py", "problems_catalog.py"])
def test_rendered_suite_files_are_fresh(renderer: str) -> None:
    """.env.example (every setting) and the gateway's problem catalog (every error code)."""
    result = subprocess.run(
        [sys.executable, str(REPO / "deploy" / "local" / renderer), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_every_problem_code_is_in_the_catalog_once() -> None:
    catalog = json.loads((REPO / "gateway/src/cadence_gateway/problems.json").read_text())
    codes = [entry["code"] for entry in catalog["problems"]]
    assert len(codes) == len(set(codes))
    assert {"task_not_found", "email_taken", "track_already_in_playlist"} <= set(codes)
    for entry in catalog["problems"]:
        assert entry["title"] and entry["description"] and 400 <= entry["status"] < 600, entry


def test_every_services_migrations_match_its_models(database_url: str) -> None:
    """`alembic check`: the migrations, applied to an empty database, leave nothing for
    autogenerate to add, so the models and the schema agree."""
    for service in SERVICES:
        migrate(service, database_url)
        variable = f"{service.upper()}_DATABASE_URL"
        result = subprocess.run(
            ["cadence-migrate", service, "check"],
            capture_output=True,
            text=True,
            env={**os.environ, variable: database_url},
        )
        assert result.returncode == 0, f"{service}: {result.stdout}{result.stderr}"


HAND_WRITTEN = ("shared", "gateway", "services", "deploy", "bench", "tests-e2e")
MAX_FUNCTION_LINES = 60


def _hand_written_sources() -> list[Path]:
    """Every .py file of the suite's own code; generated migrations and virtualenvs aside."""
    return [
        path
        for root in HAND_WRITTEN
        for path in sorted((REPO / root).rglob("*.py"))
        if "migrations/versions" not in path.as_posix()
        and not {".venv", "node_modules"} & set(path.parts)
    ]


def test_no_function_is_longer_than_60_lines() -> None:
    too_long = []
    for path in _hand_written_sources():
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    too_long.append(f"{path.relative_to(REPO)}:{node.lineno} {node.name} ({lines})")
    assert not too_long, "functions over 60 lines:\n" + "\n".join(too_long)


def test_no_type_ignore_in_service_source() -> None:
    """Service code is typed as it stands: a typed helper, never a silenced checker."""
    ignored = [
        f"{path.relative_to(REPO)}:{number}"
        for path in sorted((REPO / "services").glob("*/src/**/*.py"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if "type: ignore" in line
    ]
    assert not ignored, "type: ignore in service source:\n" + "\n".join(ignored)


def _bench_report() -> Any:
    spec = importlib.util.spec_from_file_location("bench_report", REPO / "bench" / "report.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_readme_is_what_the_report_rebuilds() -> None:
    """A result file committed without its section of bench/README.md (or a section edited by
    hand outside the hand-written markers) fails here; `python bench/report.py` fixes it."""
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "report.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_the_bench_report_keeps_hand_written_blocks_in_their_section() -> None:
    report = _bench_report()
    block = f"{report.OPEN}\nMeasured again at load 5: 1,900 req/s.\n{report.CLOSE}\n"
    page = f"# Benchmarks\n\n## tasks\n\nold table\n\n{block}\n## tracks_runs\n\nold\n"
    assert report.hand_written(page) == {"tasks": [block]}
    rebuilt = report.render(page)
    tasks, tracks = rebuilt.index("\n## tasks\n"), rebuilt.index("\n## tracks_runs\n")
    assert tasks < rebuilt.index(block) < tracks
    assert report.render(rebuilt) == rebuilt  # a fixed point: rebuilding twice changes nothing
    with pytest.raises(SystemExit, match="no result file"):
        report.render(page.replace("## tasks", "## gone"))


def test_every_service_storing_idempotent_responses_forgets_them_on_erasure() -> None:
    """A stored response holds the user's data for a day: the service's auth.user.deleted.v1
    handler must delete it (``cadence_shared.idempotency.forget_user``) with the rows."""
    missing = []
    for service in SERVICES:
        source = "\n".join(
            path.read_text() for path in sorted((REPO / "services" / service / "src").rglob("*.py"))
        )
        if "IdempotencyDep" in source and "forget_user(" not in source:
            missing.append(service)
    assert not missing, f"keep Idempotency-Key responses after erasure: {missing}"
