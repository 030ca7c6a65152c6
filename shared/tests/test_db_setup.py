"""``cadence-db-setup``: each service's own role uses its own schema and nothing else, against the
real Postgres, in a fresh database; a second run changes nothing."""

import asyncio
import os
import secrets
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import make_url

from cadence_shared.db_setup import ADMIN_URL_VARIABLE, plan_for, set_up
from cadence_shared.testing.backends import Backends
from cadence_shared.testing.plugin import scratch_database

DB_SETUP = str(Path(sys.executable).parent / "cadence-db-setup")


@dataclass(frozen=True)
class Setup:
    admin_url: str  # libpq form
    urls: dict[str, str]  # each service's own URL (asyncpg SQLAlchemy form)


def plain(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


def service_url(admin_url: str, role: str, password: str) -> str:
    url = make_url(admin_url).set(username=role, password=password)
    return url.render_as_string(hide_password=False)


def run_setup(admin_url: str, service: str, url: str, *extensions: str) -> str:
    """The command itself, as compose and the Kubernetes Job run it."""
    env = {**os.environ, ADMIN_URL_VARIABLE: admin_url, f"{service.upper()}_DATABASE_URL": url}
    extension_args = [arg for name in extensions for arg in ("--extension", name)]
    result = subprocess.run(
        [DB_SETUP, service, *extension_args], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def setup(backends: Backends) -> Iterator[Setup]:
    """Two services, alpha and beta, each set up with a role of its own (names unique to this
    run: roles are the server's, not the database's)."""
    tag = secrets.token_hex(4)
    with scratch_database(backends.postgres_url) as admin_url:
        urls = {
            name: service_url(admin_url, f"{name}_{tag}", secrets.token_urlsafe(12))
            for name in ("alpha", "beta")
        }
        try:
            run_setup(admin_url, "alpha", urls["alpha"], "pg_trgm")
            run_setup(admin_url, "beta", urls["beta"])
            yield Setup(admin_url, urls)
        finally:
            asyncio.run(drop_roles(backends.postgres_url, urls, admin_url))


async def drop_roles(server_url: str, urls: dict[str, str], admin_url: str) -> None:
    """The roles go after their database (which holds their only rights)."""
    connection = await asyncpg.connect(server_url)
    try:
        name = make_url(admin_url).database
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        for url in urls.values():
            await connection.execute(f'DROP ROLE IF EXISTS "{make_url(url).username}"')
    finally:
        await connection.close()


@pytest.fixture
async def alpha(setup: Setup) -> AsyncIterator[asyncpg.Connection]:
    connection = await asyncpg.connect(plain(setup.urls["alpha"]))
    yield connection
    await connection.close()


@pytest.fixture
async def beta(setup: Setup) -> AsyncIterator[asyncpg.Connection]:
    connection = await asyncpg.connect(plain(setup.urls["beta"]))
    yield connection
    await connection.close()


async def test_a_role_works_in_its_own_schema(alpha: asyncpg.Connection) -> None:
    await alpha.execute("CREATE TABLE IF NOT EXISTS alpha.note (body text)")
    await alpha.execute("INSERT INTO alpha.note VALUES ('mine')")
    assert await alpha.fetchval("SELECT count(*) FROM alpha.note WHERE body = 'mine'") >= 1
    # The extension it declared, created by the admin in public, is usable by it.
    assert await alpha.fetchval("SELECT similarity('cadence', 'cadence')") == 1.0


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT * FROM alpha.note",
        "INSERT INTO alpha.note VALUES ('not yours')",
        "CREATE TABLE alpha.intruder (id int)",
        "DROP TABLE alpha.note",
        "CREATE TABLE public.anywhere (id int)",
        "CREATE SCHEMA elsewhere",
        "CREATE TEMPORARY TABLE scratch (id int)",
    ],
)
async def test_a_role_cannot_touch_another_schema_or_make_its_own(
    alpha: asyncpg.Connection, beta: asyncpg.Connection, statement: str
) -> None:
    await alpha.execute("CREATE TABLE IF NOT EXISTS alpha.note (body text)")
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await beta.execute(statement)


async def test_the_role_is_a_plain_login(setup: Setup, beta: asyncpg.Connection) -> None:
    flags = await beta.fetchrow(
        "SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user"
    )
    assert tuple(flags) == (False, False, False)


async def test_running_it_again_changes_nothing(setup: Setup, alpha: asyncpg.Connection) -> None:
    await alpha.execute("CREATE TABLE IF NOT EXISTS alpha.note (body text)")
    await alpha.execute("INSERT INTO alpha.note VALUES ('kept')")
    before = await privileges(setup.admin_url)
    await asyncio.to_thread(run_setup, setup.admin_url, "alpha", setup.urls["alpha"], "pg_trgm")
    assert await privileges(setup.admin_url) == before
    assert await alpha.fetchval("SELECT count(*) FROM alpha.note WHERE body = 'kept'") == 1


async def privileges(admin_url: str) -> list[tuple[object, ...]]:
    """Owners and rights of the database, its schemas and extensions, and the roles' flags."""
    connection = await asyncpg.connect(plain(admin_url))
    try:
        rows = await connection.fetch(
            "SELECT 'db', datname, datacl::text FROM pg_database WHERE datname = current_database()"
            " UNION ALL SELECT 'schema', nspname || ':' || nspowner::regrole::text,"
            " coalesce(nspacl::text, '') FROM pg_namespace WHERE nspname NOT LIKE 'pg_%'"
            " UNION ALL SELECT 'extension', extname, extnamespace::regnamespace::text"
            " FROM pg_extension ORDER BY 1, 2"
        )
    finally:
        await connection.close()
    return [tuple(row) for row in rows]


def test_the_role_comes_from_the_service_url() -> None:
    plan = plan_for("tasks", "postgresql+asyncpg://tasks:s%40crt@postgres:5432/cadence", ("cube",))
    assert (plan.schema, plan.role, plan.password, plan.database) == (
        "tasks",
        "tasks",
        "s@crt",
        "cadence",
    )
    with pytest.raises(ValueError, match="no user and password"):
        plan_for("tasks", "postgresql+asyncpg://postgres:5432/cadence")
    with pytest.raises(ValueError, match="lower-case"):
        plan_for("tasks", "postgresql+asyncpg://t;drop:x@postgres/cadence")


async def test_the_admin_url_must_name_the_services_database(setup: Setup) -> None:
    plan = plan_for("alpha", setup.urls["alpha"])
    other = make_url(setup.admin_url).set(database="postgres").render_as_string(False)
    with pytest.raises(SystemExit, match="names database"):
        await set_up(other, plan)
