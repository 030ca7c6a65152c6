"""cadence_shared.fastread without a database: the select list, the compile cache, the bytes."""

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any, cast

import orjson
import pytest
from pydantic import BaseModel
from sqlalchemy import (
    Column,
    Date,
    DateTime,
    MetaData,
    Numeric,
    String,
    Table,
    Uuid,
    bindparam,
    func,
    select,
)
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from cadence_shared import fastread
from cadence_shared.errors import NotFound
from cadence_shared.pagination import PageParams

table = Table(
    "thing",
    MetaData(schema="demo"),
    Column("id", Uuid, primary_key=True),
    Column("name", String),
    Column("price", Numeric),
    Column("day", Date),
    Column("at", DateTime(timezone=True)),
)


class ThingPublic(BaseModel):
    id: uuid.UUID
    name: str | None
    price: Decimal
    day: date
    at: datetime
    shout: str


def test_columns_of_follows_the_schema_and_names_what_is_missing() -> None:
    columns = fastread.columns_of(ThingPublic, table, shout=table.c.name + "!")
    assert [column.name for column in columns] == list(ThingPublic.model_fields)
    with pytest.raises(LookupError, match=r"ThingPublic\.shout"):
        fastread.columns_of(ThingPublic, table)


def test_one_compiled_statement_serves_every_call_with_its_own_values() -> None:
    asyncpg = create_async_engine("postgresql+asyncpg://").dialect  # never connects
    connection = cast(AsyncConnection, SimpleNamespace(dialect=asyncpg))
    first, second = uuid.uuid4(), uuid.uuid4()
    compiled = [
        fastread._compile(connection, select(table.c.name).where(table.c.id == key).limit(n))
        for key, n in ((first, 1), (second, 7))
    ]
    assert compiled[0][0] == compiled[1][0]
    assert [values for _, values in compiled] == [[first, 1], [second, 7]]


def test_the_bytes_are_what_pydantic_writes() -> None:
    row: dict[str, Any] = {
        "id": uuid.uuid4(),
        "name": 'a "quoted" \\ \t\x01 é 東京 🏃 \u2028',
        "price": Decimal("12.50"),
        "day": date(2026, 12, 2),
        "at": datetime(2026, 12, 2, 3, 4, 5, 60, tzinfo=UTC),
        "shout": "!",
    }
    assert fastread.json_bytes(row) == ThingPublic(**row).model_dump_json().encode()
    assert fastread.respond(row).media_type == "application/json"


async def test_a_page_shapes_each_row_and_still_counts_past_the_end(database_url: str) -> None:
    # generate_series needs no table: the statement runs on the session's fresh database.
    numbers = func.generate_series(1, 5).table_valued("n").render_derived(name="numbers")
    statement = select(numbers.c.n, (numbers.c.n * 10).label("tens")).order_by(numbers.c.n)

    def nest(row: dict[str, Any]) -> dict[str, Any]:
        return {"n": row["n"], "more": {"tens": row["tens"]}}

    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            shaped = await fastread.page(connection, statement, PageParams(2, 1), shape=nest)
            past = await fastread.page(connection, statement, PageParams(2, 9), shape=nest)
            flat = await fastread.page(connection, statement, PageParams(1, 0))
    finally:
        await engine.dispose()
    assert orjson.loads(shaped.body) == {
        "items": [{"n": 2, "more": {"tens": 20}}, {"n": 3, "more": {"tens": 30}}],
        "total": 5,
        "limit": 2,
        "offset": 1,
    }
    assert orjson.loads(past.body) == {"items": [], "total": 5, "limit": 2, "offset": 9}
    assert orjson.loads(flat.body)["items"] == [{"n": 1, "tens": 10}]


async def test_a_prepared_row_is_a_dict_or_the_missing_error(database_url: str) -> None:
    numbers = func.generate_series(1, 5).table_valued("n").render_derived(name="numbers")
    by_number = fastread.Prepared(select(numbers.c.n).where(numbers.c.n == bindparam("n")))
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            assert await by_number.row(connection, missing=NotFound("no"), n=3) == {"n": 3}
            with pytest.raises(NotFound):
                await by_number.row(connection, missing=NotFound("no"), n=9)
    finally:
        await engine.dispose()
