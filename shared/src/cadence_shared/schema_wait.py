"""``cadence-migrate <service> wait``: whether a service's database is at its code's head revision.

What a Kubernetes pod's init container runs (deploy/k8s): the pod starts once the migration Job has
brought the schema to head, and waiting only reads ``alembic_version`` (no schema created, nothing
written), so any number of replicas may wait at once while one Job migrates.
"""

import argparse
import asyncio
import importlib
import sys
import time

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.exc import SQLAlchemyError

from cadence_shared.db import create_engine
from cadence_shared.migrations import alembic_config, service_package


async def schema_state(service: str) -> tuple[bool, str]:
    """Whether the service's database is at the code's head revision, and what it is at; read
    only: no schema is created, no version table written. A revision the code does not know
    (the database is ahead: an image rolled back) counts as ready, since migrations keep the
    previous release working."""
    package = service_package(service)
    settings = importlib.import_module(f"{package}.settings").Settings()
    schema = importlib.import_module(f"{package}.models").metadata.schema
    script = ScriptDirectory.from_config(alembic_config(service))
    heads = set(script.get_heads())
    known = {revision.revision for revision in script.walk_revisions()}
    engine = create_engine(settings, connect_args={"timeout": 5})
    try:
        async with engine.connect() as connection:
            current = set(
                await connection.run_sync(
                    lambda sync: MigrationContext.configure(
                        sync, opts={"version_table_schema": schema}
                    ).get_current_heads()
                )
            )
    finally:
        await engine.dispose()
    ahead = bool(current) and not current & known
    state = f"at {sorted(current) or 'no revision'}, code's head {sorted(heads)}"
    return current == heads or ahead, state + (" (database ahead of the code)" if ahead else "")


def wait_main(service: str, argv: list[str]) -> int:
    """``cadence-migrate <service> wait [--timeout S]``: exit 0 once the database is at the code's
    head revision, 1 when ``--timeout`` passes first (what a Kubernetes initContainer runs, so a
    new pod starts only on a migrated schema; the migration Job migrates)."""
    parser = argparse.ArgumentParser(prog=f"cadence-migrate {service} wait")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds (0: check once)")
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between checks")
    options = parser.parse_args(argv)
    deadline = time.monotonic() + options.timeout
    while True:
        try:
            ready, state = asyncio.run(schema_state(service))
        except (OSError, SQLAlchemyError) as error:
            ready, state = False, f"database not reachable ({error})"
        if ready:
            print(f"{service}: schema ready: {state}")
            return 0
        if time.monotonic() >= deadline:
            print(f"{service}: gave up waiting: {state}", file=sys.stderr)
            return 1
        print(f"{service}: waiting: {state}", file=sys.stderr)
        time.sleep(options.interval)
