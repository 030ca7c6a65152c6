"""The repair command finds and deletes exactly the rows whose times Python cannot read."""

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from cadence_shared.repair import Unreadable, main, scan


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(database_url)
    yield engine
    await engine.dispose()


async def poisoned_schema(engine: AsyncEngine) -> str:
    """A run table with one readable row and three unreadable ones, and a child table."""
    schema = f"repair_{uuid.uuid4().hex[:8]}"
    statements = [
        f"CREATE SCHEMA {schema}",
        f"CREATE TABLE {schema}.run (id int PRIMARY KEY, started_at timestamptz NOT NULL,"
        " ended_at timestamptz NOT NULL, born date)",
        f"CREATE TABLE {schema}.segment (run_id int REFERENCES {schema}.run ON DELETE CASCADE,"
        " at timestamptz)",
        f"INSERT INTO {schema}.run VALUES"
        " (1, '2026-05-04 07:00+00', '2026-05-04 07:30+00', '1950-02-03'),"
        " (2, '-infinity', '2026-05-04 07:30+00', NULL),"
        " (3, '2026-05-04 07:00+00', 'infinity', NULL),"
        " (4, '0001-01-01 00:00:00+00:01', '2026-05-04 07:30+00', NULL)",
        f"INSERT INTO {schema}.segment VALUES (1, '2026-05-04 07:01+00'), (2, '2026-05-04 07:01+00')",
    ]
    async with engine.begin() as connection:
        for statement in statements:
            await connection.execute(text(statement))
    return schema


async def test_scan_lists_then_delete_removes_only_the_unreadable_rows(
    engine: AsyncEngine,
) -> None:
    schema = await poisoned_schema(engine)

    async with engine.begin() as connection:
        listed = await scan(connection, schema)
    async with engine.begin() as connection:
        deleted = await scan(connection, schema, delete=True)
    async with engine.connect() as connection:
        runs = (await connection.execute(text(f"SELECT id FROM {schema}.run"))).scalars().all()
        children = await connection.scalar(text(f"SELECT count(*) FROM {schema}.segment"))
        again = await scan(connection, schema)

    assert listed == [Unreadable("run", "ended_at", 1), Unreadable("run", "started_at", 2)]
    assert sum(item.rows for item in deleted) == 3
    assert runs == [1]  # the 1950 birth date is readable, so kept
    assert children == 1
    assert again == []


async def test_the_command_prints_what_it_found(
    engine: AsyncEngine, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = await poisoned_schema(engine)
    plain_url = database_url.replace("postgresql+asyncpg://", "postgresql://")

    # ``main`` runs its own event loop: from a thread.
    await asyncio.to_thread(main, [f"--database-url={plain_url}", f"--schema={schema}"])

    assert capsys.readouterr().out.splitlines() == [
        f"{schema}.run.ended_at: 1 row(s) found",
        f"{schema}.run.started_at: 2 row(s) found",
    ]
