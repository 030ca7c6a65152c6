"""Fast reads: a Core select run on the driver connection, rows written straight to JSON bytes.

The hottest reads of the suite (one task, a page of tasks, a run, a track, the caller's account)
answer without an ORM session, without SQLAlchemy's result layer and without a pydantic round:
SQLAlchemy compiles the statement (once per shape, cached here), asyncpg runs it on the
autocommit connection of ``ReadConnectionDep``, and orjson writes the records. On 2 cores that
is about twice the rate of the same read through an ORM session and ``response_model``
validation (bench/README.md, "tasks").

The contract, which a test per use checks byte for byte (``assert_same_json`` in
``cadence_shared.testing``): the statement selects exactly the response schema's fields, in the
schema's order, named like them; ``columns_of`` builds that list. The bytes are then what
pydantic writes for the schema (UTC as ``Z``, UUIDs and dates as strings, no spaces), so a client
cannot tell which path answered. Declare the schema on the route (``response_model=``) for the
docs. Writes and everything else stay on the ORM session.

Usage, in a service function::

    TASK_COLUMNS = columns_of(TaskPublic, table_of(Task))

    async def read_task(connection, *, user_id, task_id) -> Response:
        statement = select(*TASK_COLUMNS).where(...)
        return await fastread.one(connection, statement, missing=TaskNotFound())
"""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import asyncpg
import orjson
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy import ColumnElement, FromClause, Select, func, select
from sqlalchemy.engine.interfaces import Compiled
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.util import LRUCache

from cadence_shared.db import database_unavailable
from cadence_shared.errors import DomainError
from cadence_shared.pagination import PageParams

# The window count a page rides along with (one round trip for the page and its total).
_TOTAL = "_fastread_total"

_compiled: LRUCache[tuple[str, Any], Compiled] = LRUCache(1000)


def columns_of(
    schema: type[BaseModel], source: FromClause, **computed: ColumnElement[Any]
) -> tuple[ColumnElement[Any], ...]:
    """The select list of ``schema``: each field in order, as the column of ``source`` with its
    name or as the expression given for it by name (labelled with the field's name)."""
    columns: list[ColumnElement[Any]] = []
    for name in schema.model_fields:
        if name in computed:
            columns.append(computed[name].label(name))
        elif name in source.c:
            columns.append(source.c[name])
        else:
            raise LookupError(f"{schema.__name__}.{name}: no column of {source} and none given")
    return tuple(columns)


def _compile(connection: AsyncConnection, statement: Select[Any]) -> tuple[str, list[Any]]:
    """The SQL and positional values of ``statement``, compiled once per shape, as SQLAlchemy's
    own execution does: the cache key tells shapes apart and carries this call's values.

    Compiling a select costs about 350 µs here, its cache key about 25 µs. The values go to
    asyncpg as they are (no bind processors): fine for uuids, text, numbers, dates, timestamps
    and string enums, which is what the reads select on.
    """
    key = statement._generate_cache_key()
    if key is None or key.params:  # no key, or values the key does not line up: compile it
        return _positional(statement.compile(dialect=connection.dialect), None)
    cache_key = (connection.dialect.name, key.key)
    compiled = _compiled.get(cache_key)
    if compiled is None:
        compiled = _compiled[cache_key] = statement.compile(
            dialect=connection.dialect, cache_key=key
        )
    return _positional(compiled, key.bindparams)


def _positional(
    compiled: Compiled,
    extracted: Sequence[Any] | None = None,
    named: Mapping[str, Any] | None = None,
) -> tuple[str, list[Any]]:
    if not isinstance(compiled, SQLCompiler):  # a select always compiles to one
        raise TypeError(f"not a statement: {compiled}")
    values = compiled.construct_params(named, extracted_parameters=extracted)
    return compiled.string, [values[name] for name in compiled.positiontup or ()]


async def _fetch(connection: AsyncConnection, sql: str, values: list[Any]) -> list[dict[str, Any]]:
    driver: Any = (await connection.get_raw_connection()).driver_connection  # asyncpg's own
    try:
        rows: Sequence[Mapping[str, Any]] = await driver.fetch(sql, *values)
    except (asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        if not (driver.is_closed() or database_unavailable(exc)):
            raise
        # Past SQLAlchemy, which so never learns that the connection is lost: its pool drops
        # this one rather than hand it to the next request, and the error is the one SQLAlchemy
        # raises for a connection lost under it (a 503 to retry, cadence_shared.problems).
        await connection.invalidate(exc)
        raise DBAPIError(sql, values, exc, connection_invalidated=True) from exc
    return [dict(row) for row in rows]


async def records(connection: AsyncConnection, statement: Select[Any]) -> list[dict[str, Any]]:
    """The rows of ``statement`` as dicts (keys in select order), straight from asyncpg."""
    return await _fetch(connection, *_compile(connection, statement))


class Prepared:
    """A select built and compiled once, its values given by name at each call.

    For the hottest read, one row by key: the statement uses ``bindparam("name")`` for what
    changes, so a call neither builds a statement nor computes its cache key (about 100 µs a
    call here, a tenth of a one-row GET)::

        TASK_BY_ID = fastread.Prepared(select(*COLUMNS).where(col(Task.id) == bindparam("id")))
        await TASK_BY_ID.one(connection, missing=TaskNotFound(), id=task_id)
    """

    def __init__(self, statement: Select[Any]) -> None:
        self.statement = statement
        self._compiled: dict[str, Compiled] = {}

    def _sql(self, connection: AsyncConnection, values: Mapping[str, Any]) -> tuple[str, list[Any]]:
        dialect = connection.dialect
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            compiled = self._compiled[dialect.name] = self.statement.compile(dialect=dialect)
        return _positional(compiled, named=values)

    async def records(self, connection: AsyncConnection, **values: Any) -> list[dict[str, Any]]:
        return await _fetch(connection, *self._sql(connection, values))

    async def row(
        self, connection: AsyncConnection, *, missing: DomainError, **values: Any
    ) -> dict[str, Any]:
        """The first row as a dict; ``missing`` is raised when there is none. For an answer
        built from more than the row (a run and its segments)."""
        rows = await self.records(connection, **values)
        if not rows:
            raise missing
        return rows[0]

    async def one(
        self, connection: AsyncConnection, *, missing: DomainError, **values: Any
    ) -> Response:
        """The row as a JSON object; ``missing`` is raised when there is none."""
        return respond(await self.row(connection, missing=missing, **values))


async def record(connection: AsyncConnection, statement: Select[Any]) -> dict[str, Any] | None:
    """The first row of ``statement`` as a dict, or None."""
    rows = await records(connection, statement.limit(1))
    return rows[0] if rows else None


def _default(value: object) -> str:
    # asyncpg's own UUID type and Decimal: pydantic writes both as strings.
    return str(value)


def json_bytes(content: Any) -> bytes:
    """``content`` (dicts, lists, rows' values) as pydantic would write it in JSON mode."""
    return orjson.dumps(content, default=_default, option=orjson.OPT_UTC_Z)


def respond(content: Any, status_code: int = 200) -> Response:
    """A JSON response of ``content`` written by ``json_bytes``."""
    return Response(json_bytes(content), status_code=status_code, media_type="application/json")


async def one(
    connection: AsyncConnection, statement: Select[Any], *, missing: DomainError
) -> Response:
    """The one row of ``statement`` as a JSON object; ``missing`` is raised when there is none."""
    row = await record(connection, statement)
    if row is None:
        raise missing
    return respond(row)


async def page(
    connection: AsyncConnection,
    statement: Select[Any],
    params: PageParams,
    *,
    shape: Callable[[dict[str, Any]], Any] | None = None,
) -> Response:
    """A ``Page`` envelope (``items``, ``total``, ``limit``, ``offset``) of an ordered statement.

    The total rides along as a window count, so a page is one round trip; only a page past the
    end (no row to ride on) counts again. ``shape`` turns each row into its item, for a schema
    that nests (a row's flat columns into an object); the items are the rows as they are without.
    """
    counted = statement.add_columns(func.count().over().label(_TOTAL))
    rows = await records(connection, counted.limit(params.limit).offset(params.offset))
    total = rows[0][_TOTAL] if rows else 0
    for row in rows:
        del row[_TOTAL]
    if not rows and params.offset > 0:
        total = await _count(connection, statement)
    items = rows if shape is None else [shape(row) for row in rows]
    return respond({"items": items, "total": total, "limit": params.limit, "offset": params.offset})


async def _count(connection: AsyncConnection, statement: Select[Any]) -> int:
    counted = select(func.count()).select_from(statement.order_by(None).subquery())
    return int(await connection.scalar(counted) or 0)
