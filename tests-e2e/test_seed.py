"""`make seed` (deploy/local/seed.py) against the running stack, twice: the demo user holds what
the script declares after each run, read through the API, and no row of any service's tables
was added or lost by the second run."""

import asyncio
import functools
import importlib.util
import os
import subprocess
import sys
import uuid
from pathlib import Path
from types import ModuleType

import asyncpg

from harness import Stack, wait_until

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "deploy" / "local" / "seed.py"


def load_seed() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cadence_demo_data", SEED)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_seed(stack: Stack) -> str:
    env = {**os.environ, "CADENCE_GATEWAY_URL": stack.base_url}
    done = subprocess.run(
        [sys.executable, str(SEED)], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def user_rows(stack: Stack, user_id: uuid.UUID, services: list[str]) -> dict[str, int]:
    """The user's rows in every table of the services' schemas that has a ``user_id``."""

    async def count() -> dict[str, int]:
        connection = await asyncpg.connect(stack.database_url)
        try:
            tables = await connection.fetch(
                "SELECT table_schema, table_name FROM information_schema.columns"
                " WHERE column_name = 'user_id' AND table_schema = ANY($1::text[])",
                services,
            )
            rows = {}
            for schema, table in tables:
                rows[f"{schema}.{table}"] = await connection.fetchval(
                    f'SELECT count(*) FROM "{schema}"."{table}" WHERE user_id = $1', user_id
                )
            return rows
        finally:
            await connection.close()

    return asyncio.run(count())


def test_the_demo_data_is_the_same_after_two_runs(stack: Stack) -> None:
    seed = load_seed()
    # auth keeps a session row per login, and each run logs in: its tables are left out.
    services = sorted(set(stack.table.services) - {"auth"})

    def settled(user_id: uuid.UUID) -> dict[str, int] | None:
        """The rows once the runs' events reached tracks (plays) and fitness (cardio)."""
        rows = user_rows(stack, user_id, services)
        plays = rows["tracks.track_play"] == seed.EXPECTED["run segments"]
        return rows if plays and rows["fitness.cardio_activity"] == seed.EXPECTED["runs"] else None

    held = []
    rows = []
    for _ in range(2):
        printed = run_seed(stack)
        assert f"Log in as {seed.EMAIL} with the password {seed.PASSWORD!r}." in printed
        with stack.client() as client:
            api = seed.log_in(client)
            user_id = uuid.UUID(api.get("/api/v1/users/me")["id"])
            rows.append(
                wait_until(functools.partial(settled, user_id), what="the runs' events applied")
            )
            held.append(seed.counts(api))

    assert held[0] == held[1] == seed.EXPECTED
    assert rows[0] == rows[1]
    assert rows[0]["tasks.task"] == seed.EXPECTED["tasks"]
