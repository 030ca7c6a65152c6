"""``cadence-db-setup <service> [--extension NAME ...]``: a service's schema and its own login role.

Run once per service before its migrations, with an admin connection (compose: a one-shot
``db-setup-<service>`` container; Kubernetes: a Job). It makes:

- the role the service connects as: the user and password of the service's own database URL
  (``<PREFIX>_DATABASE_URL``, else ``CADENCE_DATABASE_URL``), so the password is the one secret the
  service already has. A plain login role: no superuser, no CREATEDB, no CREATEROLE;
- the service's schema (named after the service), owned by that role: it creates, reads and
  writes its own tables there (its migrations run as it) and nothing anywhere else. Other roles
  get no right on it; nobody but the admin may create in ``public`` or make schemas, and the
  database's ``PUBLIC`` rights (connect, temporary tables) are replaced by a CONNECT per role;
- the extensions the service needs (gateway/routes.toml ``extensions``), in ``public``: creating
  one needs the admin, using it does not.

Idempotent: a second run changes nothing (the password is set again, so rotating it is: change
the secret, run this, restart the service). Runs of several services at once queue on one
advisory lock. The admin URL is ``CADENCE_DATABASE_ADMIN_URL`` (or ``--admin-url``): a superuser,
or a role with CREATEROLE that owns the database; it must name the service's database.

Objects a superuser created in the schema before (a stack that connected as ``postgres``) keep
their owner: run once as the admin ``REASSIGN OWNED BY postgres TO <role>`` in that database, or
start from a fresh one.
"""

import argparse
import asyncio
import os
import re
import sys
from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import urlsplit

import asyncpg
from pydantic_settings import SettingsConfigDict
from sqlalchemy import make_url

from cadence_shared.settings import CoreSettings, DatabaseSettings, service_config

ADMIN_URL_VARIABLE = "CADENCE_DATABASE_ADMIN_URL"
# Roles and schemas are named in SQL unquoted-style: lower-case letters, digits, underscores.
IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]{0,62}")
LOCK = "cadence:db-setup"


@dataclass(frozen=True)
class Plan:
    """What one run sets up."""

    schema: str
    role: str
    password: str
    database: str
    extensions: tuple[str, ...] = ()


def _identifier(kind: str, value: str) -> str:
    if not IDENTIFIER.fullmatch(value):
        raise ValueError(f"{kind} {value!r}: lower-case letters, digits and underscores only")
    return value


def plan_for(service: str, database_url: str, extensions: tuple[str, ...] = ()) -> Plan:
    """The plan for ``service`` whose own connection URL is ``database_url``."""
    url = make_url(database_url)
    if not url.username or not url.password:
        raise ValueError(f"{service}'s database URL names no user and password for its role")
    return Plan(
        schema=_identifier("service", service),
        role=_identifier("role", url.username),
        password=url.password,
        database=_identifier("database", url.database or ""),
        extensions=tuple(_identifier("extension", name) for name in extensions),
    )


def service_database_url(service: str) -> str:
    """The service's own database URL, read as the service reads it (its prefix, then CADENCE_)."""

    class Settings(CoreSettings, DatabaseSettings):
        model_config: ClassVar[SettingsConfigDict] = service_config(f"{service.upper()}_")
        service_name: str = service

    return Settings().database_url


def _libpq(url: str) -> str:
    """asyncpg takes ``postgresql://``; settings carry ``postgresql+asyncpg://``."""
    parts = urlsplit(url)
    return parts._replace(scheme="postgresql").geturl()


async def _ensure_role(connection: asyncpg.Connection, plan: Plan) -> None:
    exists = await connection.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", plan.role)
    verb = "ALTER" if exists else "CREATE"
    statement = await connection.fetchval(
        f"SELECT format('{verb} ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
        "PASSWORD %L', $1::text, $2::text)",
        plan.role,
        plan.password,
    )
    await connection.execute(statement)


async def _apply(connection: asyncpg.Connection, plan: Plan) -> None:
    database = await connection.fetchval("SELECT current_database()")
    if database != plan.database:
        raise SystemExit(
            f"the admin URL names database {database!r}, the service uses {plan.database!r}"
        )
    await _ensure_role(connection, plan)
    role, schema, db = f'"{plan.role}"', f'"{plan.schema}"', f'"{plan.database}"'
    for statement in (
        f"REVOKE ALL ON DATABASE {db} FROM PUBLIC",
        f"GRANT CONNECT ON DATABASE {db} TO {role}",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"CREATE SCHEMA IF NOT EXISTS {schema} AUTHORIZATION {role}",
        f"ALTER SCHEMA {schema} OWNER TO {role}",
        f"REVOKE ALL ON SCHEMA {schema} FROM PUBLIC",
        *(
            f'CREATE EXTENSION IF NOT EXISTS "{name}" WITH SCHEMA public'
            for name in plan.extensions
        ),
    ):
        await connection.execute(statement)


async def set_up(admin_url: str, plan: Plan) -> None:
    """Applies ``plan`` through ``admin_url``, one run at a time across the database."""
    connection = await asyncpg.connect(_libpq(admin_url), timeout=10)
    try:
        await connection.execute("SELECT pg_advisory_lock(hashtextextended($1, 0))", LOCK)
        async with connection.transaction():
            await _apply(connection, plan)
    finally:
        await connection.close()  # releases the advisory lock too


def main(argv: list[str] | None = None) -> None:
    """``cadence-db-setup <service> [--extension NAME ...] [--admin-url URL]``."""
    parser = argparse.ArgumentParser(prog="cadence-db-setup", description=__doc__.split("\n")[0])
    parser.add_argument("service", help="the service, e.g. tasks: its schema's name")
    parser.add_argument("--extension", action="append", default=[], help="e.g. pg_trgm")
    parser.add_argument("--admin-url", default=os.environ.get(ADMIN_URL_VARIABLE))
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if not args.admin_url:
        parser.error(f"set {ADMIN_URL_VARIABLE} (or --admin-url): an admin connection URL")
    plan = plan_for(args.service, service_database_url(args.service), tuple(args.extension))
    asyncio.run(set_up(args.admin_url, plan))
    print(f"{plan.schema}: schema and role {plan.role} ready in {plan.database}")
