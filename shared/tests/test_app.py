"""The app factory's common behaviour: problem+json errors, request ids, health, pagination."""

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from pydantic import BaseModel

from cadence_shared.app import add_health_check, create_app
from cadence_shared.errors import NotFound, Problem
from cadence_shared.pagination import MAX_PAGE_LIMIT, Page, PageDep
from cadence_shared.settings import ServiceSettings, service_config
from cadence_shared.testing import serve_app


class DemoSettings(ServiceSettings):
    model_config = service_config("DEMO_")
    service_name: str = "demo"


class Item(BaseModel):
    name: str
    size: int


router = APIRouter()
down = {"flag": False}


@router.post("/items")
async def create_item(item: Item) -> Item:
    return item


@router.get("/items/missing")
async def missing() -> None:
    raise NotFound("Item")


@router.get("/items/teapot")
async def teapot() -> None:
    raise Problem(418, "I am a teapot.", hint="short and stout")


@router.get("/items/crash")
async def crash() -> None:
    raise RuntimeError("secret internals: password=hunter2")


@router.get("/items")
async def list_items(page: PageDep) -> Page[Item]:
    return Page(items=[], total=0, limit=page.limit, offset=page.offset)


def _demo_app() -> FastAPI:
    app = create_app(DemoSettings(), routers=[router], resources=())

    async def flaky() -> None:
        if down["flag"]:
            raise ConnectionError("refused")

    add_health_check(app, "flaky", flaky)
    return app


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with serve_app(_demo_app()) as client:
        yield client


async def test_validation_error_is_problem_json_with_fields(client: httpx.AsyncClient) -> None:
    response = await client.post("/items", json={"name": 3, "size": "big"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 422 and problem["instance"] == "/items"
    assert sorted(error["loc"][-1] for error in problem["errors"]) == ["name", "size"]
    assert "big" not in response.text  # input values are not echoed back


async def test_domain_errors_and_unknown_routes(client: httpx.AsyncClient) -> None:
    missing = await client.get("/items/missing")
    assert missing.status_code == 404 and missing.json()["detail"] == "Item not found"
    teapot = await client.get("/items/teapot")
    assert teapot.status_code == 418 and teapot.json()["hint"] == "short and stout"
    unknown = await client.get("/nowhere")
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/problem+json"
    wrong_method = await client.delete("/items")
    assert wrong_method.status_code == 405
    assert wrong_method.headers["content-type"] == "application/problem+json"


async def test_unhandled_exception_is_500_without_internals(client: httpx.AsyncClient) -> None:
    response = await client.get("/items/crash")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert "hunter2" not in response.text and "RuntimeError" not in response.text
    assert response.headers["x-request-id"]


async def test_pagination_limits(client: httpx.AsyncClient) -> None:
    ok = await client.get("/items", params={"limit": MAX_PAGE_LIMIT, "offset": 5})
    assert ok.json() == {"items": [], "total": 0, "limit": MAX_PAGE_LIMIT, "offset": 5}
    assert (await client.get("/items", params={"limit": MAX_PAGE_LIMIT + 1})).status_code == 422


async def test_readiness_turns_503_with_a_report_and_back(client: httpx.AsyncClient) -> None:
    assert (await client.get("/health/ready")).status_code == 200
    down["flag"] = True
    try:
        response = await client.get("/health/ready")
        assert response.status_code == 503
        assert response.json()["checks"]["flaky"] == {
            "status": "down",
            "error": "ConnectionError: refused",
        }
        assert (await client.get("/health")).status_code == 200  # liveness touches nothing
    finally:
        down["flag"] = False
    assert (await client.get("/health/ready")).status_code == 200


def test_placeholder_secrets_are_refused_in_production() -> None:
    from pydantic import SecretStr, ValidationError

    class WithSecret(DemoSettings):
        api_secret: SecretStr = SecretStr("changeme")

    assert WithSecret().api_secret.get_secret_value() == "changeme"
    with pytest.raises(ValidationError, match="api_secret"):
        WithSecret(environment="production")
