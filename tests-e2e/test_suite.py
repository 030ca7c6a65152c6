"""Rules that hold across the whole suite (no stack needed)."""

import ast
import importlib
import os
import subprocess
import sys
from pathlib import Path

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


def test_env_example_lists_every_setting() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "deploy" / "local" / "env_example.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


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
