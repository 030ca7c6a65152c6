"""``python -m cadence_shared.repair``: find (and with ``--delete`` remove) rows whose time Python
cannot read back.

Before the API and the event contracts bounded every time (``cadence_shared.types``), a run at
``0001-01-01`` or ``9999-12-31T23:59:59.999999Z`` was stored by Postgres as ``-infinity`` /
``infinity``, and one before year 1 in UTC as a BC date; every later read of such a row failed
(a 500 on each of that user's lists). The command scans every ``timestamp``, ``timestamptz``
and ``date`` column of a schema for exactly those values (nothing a client could still read,
so an old birth date is never touched) and reports them per table and column; ``--delete``
deletes those rows (foreign keys cascade to their children, as a user's delete would)::

    uv run python -m cadence_shared.repair --database-url postgresql://... --schema tracks
    uv run python -m cadence_shared.repair --database-url postgresql://... --schema tracks --delete
"""

import argparse
import asyncio
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

TIME_TYPES = ("timestamp with time zone", "timestamp without time zone", "date")

_COLUMNS = text(
    "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c"
    " JOIN information_schema.tables t"
    "  ON t.table_schema = c.table_schema AND t.table_name = c.table_name"
    " WHERE c.table_schema = :schema AND t.table_type = 'BASE TABLE'"
    " AND c.data_type = ANY(:types) ORDER BY c.table_name, c.column_name"
)


@dataclass(frozen=True, slots=True)
class Unreadable:
    """``rows`` rows of ``table`` hold a value of ``column`` Python cannot read back."""

    table: str
    column: str
    rows: int


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _condition(column: str, data_type: str) -> str:
    first_day = "DATE '0001-01-01'" if data_type == "date" else "TIMESTAMP '0001-01-01 00:00:00'"
    if data_type == "timestamp with time zone":
        first_day = "TIMESTAMPTZ '0001-01-01 00:00:00+00'"
    return f"(NOT isfinite({_quoted(column)}) OR {_quoted(column)} < {first_day})"


async def scan(
    connection: AsyncConnection, schema: str, *, delete: bool = False
) -> list[Unreadable]:
    """The unreadable values of ``schema``, per table and column; deleted when ``delete``."""
    columns = await connection.execute(_COLUMNS, {"schema": schema, "types": list(TIME_TYPES)})
    found: list[Unreadable] = []
    for table, column, data_type in columns.all():
        where = _condition(column, data_type)
        qualified = f"{_quoted(schema)}.{_quoted(table)}"
        verb = "DELETE FROM" if delete else "SELECT count(*) FROM"
        result = await connection.execute(text(f"{verb} {qualified} WHERE {where}"))
        rows = result.rowcount if delete else int(result.scalar_one())
        if rows:
            found.append(Unreadable(table, column, rows))
    return found


def _async_url(url: str) -> str:
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+asyncpg://" + url.removeprefix(plain)
    return url


async def repair(database_url: str, schema: str, *, delete: bool) -> list[Unreadable]:
    engine = create_async_engine(_async_url(database_url))
    try:
        async with engine.begin() as connection:
            return await scan(connection, schema, delete=delete)
    finally:
        await engine.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m cadence_shared.repair", description=__doc__)
    parser.add_argument("--database-url", required=True, help="postgresql://user@host/db")
    parser.add_argument("--schema", required=True, help="the service's schema, e.g. tracks")
    parser.add_argument("--delete", action="store_true", help="delete the rows (default: list)")
    args = parser.parse_args(argv)
    found = asyncio.run(repair(args.database_url, args.schema, delete=args.delete))
    action = "deleted" if args.delete else "found"
    for item in found:
        print(f"{args.schema}.{item.table}.{item.column}: {item.rows} row(s) {action}")
    if not found:
        print(f"{args.schema}: no unreadable times")


if __name__ == "__main__":
    main()
