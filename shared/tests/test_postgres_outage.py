"""Postgres connections killed under a running app built with the kit (``pg_terminate_backend``
of this test's own connections only, picked by their application_name in this session's
database): a request in flight is a 503 problem with Retry-After, never a 500, on the ORM
session and on the fast read path alike, and every request succeeds again at once, with and
without the pool's pre-ping. So is a Postgres that refuses a new connection (too many clients:
here a role of the test's own with a connection limit of one)."""

import asyncio
import uuid

import asyncpg
import httpx
import pytest
from fastapi import APIRouter, FastAPI, Response
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from cadence_shared import fastread
from cadence_shared.app import context_of, create_app
from cadence_shared.context import DATABASE_RESOURCE
from cadence_shared.deps import ReadConnectionDep
from cadence_shared.settings import ServiceSettings, service_config
from cadence_shared.testing import serve_app
from cadence_shared.testing.waiting import eventually


class OutageSettings(ServiceSettings):
    model_config = service_config("PGOUTAGE_")
    service_name: str = "pg-outage"


def _app(settings: OutageSettings) -> FastAPI:
    router = APIRouter()
    app = create_app(settings, routers=[router], standard=(DATABASE_RESOURCE,))

    @router.get("/query")
    async def query(sleep_s: float = 0) -> int:
        async with context_of(app).database.sessions() as session:
            await session.execute(text("SELECT pg_sleep(:s)"), {"s": sleep_s})
            return int((await session.execute(text("SELECT 1"))).scalar_one())

    @router.get("/fast")
    async def fast(connection: ReadConnectionDep, sleep_s: float = 0) -> Response:
        rows = await fastread.records(connection, select(func.pg_sleep(sleep_s).label("slept")))
        return Response(str(len(rows)))

    @router.get("/deadlock")
    async def deadlock() -> int:
        """Two transactions that update two rows in opposite orders: Postgres aborts one."""
        database = context_of(app).database

        async def update(first: int, second: int) -> None:
            async with database.sessions() as session:
                await session.execute(
                    text("UPDATE pg_outage_rows SET n = n + 1 WHERE id = :i"), {"i": first}
                )
                await asyncio.sleep(0.2)  # both hold their first row before taking the second
                await session.execute(
                    text("UPDATE pg_outage_rows SET n = n + 1 WHERE id = :i"), {"i": second}
                )
                await session.commit()

        await asyncio.gather(update(1, 2), update(2, 1))
        return 0

    @router.get("/broken")
    async def broken() -> int:
        async with context_of(app).database.sessions() as session:
            return int((await session.execute(text("SELECT 1 / 0"))).scalar_one())

    return app


def _plain(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def _terminate(database_url: str, application: str, *, sleeping: bool) -> bool:
    """Ends this app's connections (those in pg_sleep only, if ``sleeping``); whether any."""
    connection = await asyncpg.connect(_plain(database_url))
    try:
        ended: int = await connection.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = $1 AND datname = current_database() "
            "AND (NOT $2 OR query LIKE '%pg_sleep%' AND state = 'active')",
            application,
            sleeping,
        )
        return ended > 0
    finally:
        await connection.close()


async def _all_succeed(client: httpx.AsyncClient, path: str = "/query") -> bool:
    answers = await asyncio.gather(*(client.get(path) for _ in range(10)))
    return all(answer.status_code == 200 for answer in answers)


def _assert_unavailable(answer: httpx.Response) -> None:
    assert answer.status_code == 503, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert int(answer.headers["retry-after"]) >= 1
    assert answer.json()["code"] == "service_unavailable"


@pytest.mark.parametrize("pre_ping", [False, True], ids=["no-pre-ping", "pre-ping"])
@pytest.mark.parametrize("path", ["/query", "/fast"], ids=["session", "fast-read"])
async def test_killed_connections_are_a_503_in_flight_then_heal_at_once(
    database_url: str, pre_ping: bool, path: str
) -> None:
    application = f"pg-outage-{uuid.uuid4().hex[:8]}"
    settings = OutageSettings(
        service_name=application, database_url=database_url, db_pool_pre_ping=pre_ping
    )
    async with serve_app(_app(settings)) as client:
        assert await _all_succeed(client, path)  # a pool of connections the kill will break
        in_flight = asyncio.create_task(client.get(path, params={"sleep_s": 5}))
        await eventually(
            lambda: _terminate(database_url, application, sleeping=True),
            within_s=5,
            what="the slow query's connection ended",
        )
        assert await _terminate(database_url, application, sleeping=False)  # the idle ones
        _assert_unavailable(await in_flight)
        await eventually(lambda: _all_succeed(client, path), within_s=3, what="healed")
        assert all([await _all_succeed(client, path) for _ in range(5)])


async def test_a_postgres_refusing_new_connections_is_a_503_then_serves_again(
    database_url: str,
) -> None:
    role = f"cadence_outage_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(_plain(database_url))
    await admin.execute(f"CREATE ROLE {role} LOGIN CONNECTION LIMIT 1")
    url = make_url(database_url).set(username=role, password=None)
    holder = await asyncpg.connect(_plain(url.render_as_string(hide_password=False)))
    try:
        settings = OutageSettings(database_url=url.render_as_string(hide_password=False))
        async with serve_app(_app(settings)) as client:
            # The role's one connection is taken: Postgres says "too many connections" (53300).
            for path in ("/query", "/fast"):
                _assert_unavailable(await client.get(path))
            # Room again: the limit lifted (the app opens one connection per request in flight).
            await admin.execute(f"ALTER ROLE {role} CONNECTION LIMIT -1")

            async def both_succeed() -> bool:
                return await _all_succeed(client) and await _all_succeed(client, "/fast")

            await eventually(both_succeed, within_s=5, what="served again")
    finally:
        await holder.close()
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", role
        )
        await admin.execute(f"DROP ROLE IF EXISTS {role}")
        await admin.close()


async def test_a_database_error_with_a_live_connection_stays_a_500(database_url: str) -> None:
    """Only a lost connection is an outage: a bug's SQL error is not dressed up as a 503."""
    settings = OutageSettings(database_url=database_url)
    async with serve_app(_app(settings)) as client:
        answer = await client.get("/broken")
        assert answer.status_code == 500, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
        assert (await client.get("/query")).status_code == 200


async def test_a_transaction_aborted_to_break_a_deadlock_is_a_503_to_retry(
    database_url: str,
) -> None:
    connection = await asyncpg.connect(_plain(database_url))
    try:
        await connection.execute(
            "CREATE TABLE IF NOT EXISTS pg_outage_rows (id int PRIMARY KEY, n int NOT NULL);"
            "INSERT INTO pg_outage_rows VALUES (1, 0), (2, 0) ON CONFLICT DO NOTHING"
        )
        settings = OutageSettings(database_url=database_url)
        async with serve_app(_app(settings)) as client:
            answer = await client.get("/deadlock")
        assert answer.status_code == 503, answer.text
        assert answer.headers["retry-after"] == "1"
        assert answer.json()["code"] == "service_unavailable"
        # The one Postgres let through committed both of its rows; the other wrote nothing.
        rows = await connection.fetch("SELECT n FROM pg_outage_rows ORDER BY id")
        assert [row["n"] for row in rows] == [1, 1]
    finally:
        await connection.execute("DROP TABLE IF EXISTS pg_outage_rows")
        await connection.close()
