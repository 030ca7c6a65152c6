"""``cadence-migrate tasks wait`` (what a Kubernetes pod's init container runs): it reads the schema
revision only, and says ready once the migration has run."""

import asyncio
import uuid

import asyncpg
import pytest
from alembic.script import ScriptDirectory

from cadence_shared.migrations import alembic_config
from cadence_shared.schema_wait import wait_main
from cadence_shared.testing.backends import Backends
from cadence_shared.testing.plugin import in_thread, migrate


async def _admin(url: str, statement: str) -> object:
    connection = await asyncpg.connect(url)
    try:
        return await connection.fetchval(statement)
    finally:
        await connection.close()


def test_wait_is_ready_only_once_the_schema_is_at_head(
    backends: Backends, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = backends.postgres_url
    name = f"cadence_wait_{uuid.uuid4().hex[:12]}"
    in_thread(lambda: asyncio.run(_admin(admin, f'CREATE DATABASE "{name}"')))
    base = admin.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    url = f"{base}/{name}"
    monkeypatch.setenv("TASKS_DATABASE_URL", url)
    try:
        assert in_thread(lambda: wait_main("tasks", ["--timeout", "0"])) == 1
        # Read only: waiting created nothing.
        database = f"{admin.rsplit('/', 1)[0]}/{name}"
        exists = "SELECT count(*) FROM pg_namespace WHERE nspname = 'tasks'"
        assert in_thread(lambda: asyncio.run(_admin(database, exists))) == 0
        migrate("tasks", url)
        assert in_thread(lambda: wait_main("tasks", ["--timeout", "0"])) == 0
        # Behind (a revision the code has, not its head): not ready.
        script = ScriptDirectory.from_config(alembic_config("tasks"))
        (base,) = script.get_bases()
        set_version = "UPDATE tasks.alembic_version SET version_num = '{}' RETURNING 1"
        assert in_thread(lambda: asyncio.run(_admin(database, set_version.format(base)))) == 1
        assert in_thread(lambda: wait_main("tasks", ["--timeout", "0"])) == 1
        # Ahead (a revision the code does not know: its image rolled back): ready.
        in_thread(lambda: asyncio.run(_admin(database, set_version.format("0123456789ab"))))
        assert in_thread(lambda: wait_main("tasks", ["--timeout", "0"])) == 0
    finally:
        drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
        in_thread(lambda: asyncio.run(_admin(admin, drop)))
