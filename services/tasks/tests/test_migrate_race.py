"""Migrations as compose and Kubernetes run them.

Two upgrades started at once (two replicas, a Job and a replica) against one fresh database:
``cadence-migrate`` takes a Postgres advisory lock per service, so they run one after the other,
the second finds the schema at head and changes nothing, and neither fails.

Both processes are held at the same point by a lock the test takes on the fresh database's
catalog of schemas, and released together once both wait: without the advisory lock they then
create the version table and the same tables at the same instant, and one of them fails.
"""

import asyncio
import os
import secrets
import sys
from pathlib import Path

import asyncpg
from alembic.script import ScriptDirectory
from sqlalchemy import make_url

from cadence_shared.migrations import alembic_config
from cadence_shared.testing.backends import Backends
from cadence_shared.testing.plugin import scratch_database
from cadence_shared.testing.waiting import eventually

MIGRATE = str(Path(sys.executable).parent / "cadence-migrate")
DB_SETUP = str(Path(sys.executable).parent / "cadence-db-setup")


def plain(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def start_together(url: str, upgrades: int) -> list[asyncio.subprocess.Process]:
    """``upgrades`` processes of ``cadence-migrate tasks upgrade head``, let go at one instant."""
    gate = await asyncpg.connect(plain(url))
    try:
        transaction = gate.transaction()
        await transaction.start()
        await gate.execute("LOCK TABLE pg_catalog.pg_namespace IN ACCESS EXCLUSIVE MODE")
        env = {**os.environ, "TASKS_DATABASE_URL": url}
        processes = [
            await asyncio.create_subprocess_exec(
                MIGRATE, "tasks", "upgrade", "head", env=env, stderr=asyncio.subprocess.PIPE
            )
            for _ in range(upgrades)
        ]
        waiting = (
            "SELECT count(*) FROM pg_locks WHERE NOT granted"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        )

        async def all_wait() -> bool:
            return bool(await gate.fetchval(waiting) >= upgrades)

        await eventually(all_wait, within_s=60, what="both upgrades wait at the gate")
        await transaction.commit()
    finally:
        await gate.close()
    return processes


async def test_two_upgrades_at_once_make_one_schema_at_head(backends: Backends) -> None:
    head = ScriptDirectory.from_config(alembic_config("tasks")).get_current_head()
    with scratch_database(backends.postgres_url) as url:
        processes = await start_together(url, 2)
        results = [await asyncio.wait_for(process.communicate(), 120) for process in processes]
        errors = [stderr.decode() for _, stderr in results]
        assert [process.returncode for process in processes] == [0, 0], errors
        connection = await asyncpg.connect(plain(url))
        try:
            versions = await connection.fetch("SELECT version_num FROM tasks.alembic_version")
            schemas = await connection.fetchval(
                "SELECT count(*) FROM pg_namespace WHERE nspname = 'tasks'"
            )
            tables = await connection.fetchval(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'tasks' AND tablename = 'task'"
            )
        finally:
            await connection.close()
    assert [row["version_num"] for row in versions] == [head]
    assert (schemas, tables) == (1, 1)


async def test_after_db_setup_the_migrations_run_as_the_services_own_role(
    backends: Backends,
) -> None:
    """What compose and Kubernetes do: db-setup as the admin, then migrate as the role."""
    role = f"tasks_{secrets.token_hex(4)}"
    with scratch_database(backends.postgres_url) as admin_url:
        own_url = make_url(admin_url).set(username=role, password=secrets.token_hex(12))
        env = {
            **os.environ,
            "CADENCE_DATABASE_ADMIN_URL": plain(admin_url),
            "TASKS_DATABASE_URL": own_url.render_as_string(hide_password=False),
        }
        try:
            for command in ([DB_SETUP, "tasks"], [MIGRATE, "tasks", "upgrade", "head"]):
                process = await asyncio.create_subprocess_exec(
                    *command, env=env, stderr=asyncio.subprocess.PIPE
                )
                _, stderr = await asyncio.wait_for(process.communicate(), 120)
                assert process.returncode == 0, stderr.decode()
            connection = await asyncpg.connect(plain(admin_url))
            try:
                owner = await connection.fetchval(
                    "SELECT tableowner FROM pg_tables WHERE schemaname = 'tasks'"
                    " AND tablename = 'task'"
                )
            finally:
                await connection.close()
        finally:
            await drop_role(backends.postgres_url, make_url(admin_url).database, role)
    assert owner == role


async def drop_role(server_url: str, database: str | None, role: str) -> None:
    connection = await asyncpg.connect(server_url)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        await connection.execute(f'DROP ROLE IF EXISTS "{role}"')
    finally:
        await connection.close()
