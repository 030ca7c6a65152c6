"""One Alembic setup for every service: async env, schema created if missing, version table in it,
and a Postgres advisory lock per service around it, so upgrades started together run one by one.

A service keeps its revisions in ``<package>/migrations/versions`` and a three-line ``env.py`` that
calls :func:`run_env`. ``cadence-migrate <service> <alembic command>`` is the whole Alembic CLI for
that service, e.g. ``cadence-migrate tasks upgrade head`` or
``cadence-migrate tasks revision --autogenerate -m "add due date"``.
"""

import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from alembic import context
from alembic.config import CommandLine, Config
from alembic.operations import MigrationScript
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection

from cadence_shared.db import create_engine
from cadence_shared.settings import ServiceSettings

# Revision files are named by date, so `ls versions/` reads as a history.
FILE_TEMPLATE = "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s"


def service_package(service: str) -> str:
    return f"{service}_service"


def alembic_config(service: str) -> Config:
    config = Config()
    config.set_main_option("script_location", f"{service_package(service)}:migrations")
    config.set_main_option("file_template", FILE_TEMPLATE)
    return config


def _only_this_schema(schema: str | None) -> Any:
    def include_object(
        obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
    ) -> bool:
        if type_ == "table":
            return bool(obj.schema == schema)
        return True

    return include_object


def _skip_empty_autogenerate(
    ctx: MigrationContext, revision: Any, directives: list[MigrationScript]
) -> None:
    options = ctx.config.cmd_opts if ctx.config is not None else None
    if getattr(options, "autogenerate", False):
        script = directives[0]
        if script.upgrade_ops is not None and script.upgrade_ops.is_empty():
            directives[:] = []
            print("No changes in the models: no revision written.")


def _configure(connection: Connection | None, metadata: MetaData, **extra: Any) -> None:
    schema = metadata.schema
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table_schema=schema,
        include_schemas=True,
        include_object=_only_this_schema(schema),
        process_revision_directives=_skip_empty_autogenerate,
        compare_type=True,
        **extra,
    )


def _migrate_sync(connection: Connection, metadata: MetaData) -> None:
    _configure(connection, metadata)
    with context.begin_transaction():
        context.run_migrations()


async def _migrate_online(metadata: MetaData, settings: ServiceSettings) -> None:
    # Migrations see the default search_path, not the service's schema first: with the schema on
    # the path, Postgres reflects same-schema foreign keys without their schema and autogenerate
    # would keep "changing" every one of them.
    schema = metadata.schema
    engine = create_engine(
        settings,
        connect_args={
            "server_settings": {"application_name": f"{settings.service_name}-migrations"},
            "timeout": 5,
        },
    )
    try:
        async with engine.connect() as connection, advisory_lock(connection, f"migrate:{schema}"):
            await _create_schema(connection, schema)
            await connection.run_sync(_migrate_sync, metadata)
            await connection.commit()
    finally:
        await engine.dispose()


@asynccontextmanager
async def advisory_lock(connection: AsyncConnection, name: str) -> AsyncIterator[None]:
    """Holds a Postgres session advisory lock named ``name`` (its 64-bit hash) meanwhile.

    Two upgrades of one service started together (compose and Kubernetes start replicas and Jobs
    side by side) queue on it: the second runs once the first is done, finds the schema at head
    and changes nothing. Without it both create the version table, or apply one revision, at
    once and one of them fails halfway. A session lock, not a transaction one: Alembic commits
    as it goes; it is released when the connection closes whatever happens.
    """
    key = text("SELECT hashtextextended(:name, 0)").bindparams(name=f"cadence:{name}")
    number = (await connection.execute(key)).scalar_one()
    await connection.execute(text("SELECT pg_advisory_lock(:key)").bindparams(key=number))
    await connection.commit()
    try:
        yield
    finally:
        await connection.rollback()
        await connection.execute(text("SELECT pg_advisory_unlock(:key)").bindparams(key=number))
        await connection.commit()


async def _create_schema(connection: AsyncConnection, schema: str | None) -> None:
    """Creates the service's schema unless it exists: a service's own role (cadence-db-setup)
    owns its schema but may not create schemas, and CREATE SCHEMA IF NOT EXISTS checks that
    right before it looks."""
    exists = text("SELECT 1 FROM pg_namespace WHERE nspname = :schema").bindparams(schema=schema)
    if (await connection.execute(exists)).first() is None:
        await connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    await connection.commit()


def run_env(metadata: MetaData, settings: ServiceSettings) -> None:
    """The body of every service's ``migrations/env.py``."""
    if context.is_offline_mode():
        _configure(None, metadata, url=settings.database_url, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_migrate_online(metadata, settings))


def main(argv: list[str] | None = None) -> None:
    """``cadence-migrate <service> <alembic arguments>``."""
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0].startswith("-"):
        sys.exit(
            "usage: cadence-migrate <service> <alembic command> [args], e.g. tasks upgrade head"
        )
    service, alembic_args = args[0], args[1:]
    if alembic_args[:1] == ["wait"]:
        # Not Alembic's: waits, read only, until the schema is at head (cadence_shared.schema_wait).
        from cadence_shared.schema_wait import wait_main

        sys.exit(wait_main(service, alembic_args[1:]))
    cli = CommandLine(prog=f"cadence-migrate {service}")
    options = cli.parser.parse_args(alembic_args)
    if not hasattr(options, "cmd"):
        cli.parser.error("too few arguments")
    config = alembic_config(service)
    config.cmd_opts = options
    cli.run_cmd(config, options)
