"""Query parameters that used to reach Postgres and fail there as 500s are 422s for every app:
an offset past bigint, a NUL character in any parameter."""

from collections.abc import AsyncIterator
from typing import Annotated

import httpx
import pytest
from fastapi import APIRouter, FastAPI, Query
from sqlalchemy import literal, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from cadence_shared.app import create_app
from cadence_shared.pagination import MAX_PAGE_OFFSET, PageDep
from cadence_shared.query_guard import nul_parameters
from cadence_shared.settings import ServiceSettings, service_config
from cadence_shared.testing import serve_app

BEYOND_BIGINT = str(2**63)


class GuardSettings(ServiceSettings):
    model_config = service_config("GUARD_")
    service_name: str = "guard"


def _app(engine: AsyncEngine) -> FastAPI:
    router = APIRouter()

    @router.get("/numbers")
    async def numbers(page: PageDep) -> list[int]:
        statement = select(literal(1).label("n")).limit(page.limit).offset(page.offset)
        async with engine.connect() as connection:
            return [row.n for row in await connection.execute(statement)]

    @router.get("/search")
    async def search(q: Annotated[str, Query(max_length=100)] = "") -> str:
        async with engine.connect() as connection:
            return str(await connection.scalar(text("SELECT CAST(:q AS text)"), {"q": q}))

    return create_app(GuardSettings(), routers=[router], standard=())


@pytest.fixture
async def client(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    engine = create_async_engine(database_url)
    async with serve_app(_app(engine)) as client:
        yield client
    await engine.dispose()


@pytest.mark.parametrize("offset", [BEYOND_BIGINT, str(MAX_PAGE_OFFSET + 1), "-1"])
async def test_an_offset_out_of_range_is_422(client: httpx.AsyncClient, offset: str) -> None:
    response = await client.get("/numbers", params={"offset": offset})

    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["loc"] == ["query", "offset"]


async def test_an_offset_in_range_still_reads(client: httpx.AsyncClient) -> None:
    first = await client.get("/numbers", params={"offset": 0})
    deepest = await client.get("/numbers", params={"offset": MAX_PAGE_OFFSET})

    assert (first.json(), deepest.json()) == ([1], [])


@pytest.mark.parametrize(
    "query",
    ["q=a%00b", "q=%00", "other=%00&q=fine", "na%00me=x", "q=ok&q=%00"],
)
async def test_a_nul_in_any_query_parameter_is_422_with_the_request_id(
    client: httpx.AsyncClient, query: str
) -> None:
    response = await client.get(f"/search?{query}")

    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "validation_failed"
    assert response.json()["errors"][0]["msg"] == "must not contain NUL characters"
    assert response.headers["x-request-id"]


async def test_ordinary_queries_pass(client: httpx.AsyncClient) -> None:
    response = await client.get("/search", params={"q": "zero 0 %00 percent"})

    assert response.status_code == 200 and response.json() == "zero 0 %00 percent"


def test_the_names_of_the_refused_parameters() -> None:
    assert nul_parameters(b"a=1&b=x%00&c=%2500") == ["b"]
    assert nul_parameters(b"") == []
