"""The app factory's common behaviour: problem+json errors, request ids, health, pagination."""

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from pydantic import BaseModel

from cadence_shared.app import context_of, create_app
from cadence_shared.errors import NotFound
from cadence_shared.pagination import MAX_PAGE_LIMIT, Page, PageDep
from cadence_shared.problems import Problem
from cadence_shared.settings import ServiceSettings, service_config
from cadence_shared.testing import serve_app


class DemoSettings(ServiceSettings):
    model_config = service_config("DEMO_")
    service_name: str = "demo"


class Item(BaseModel):
    name: str
    size: int


class ItemNotFound(NotFound):
    code = "item_not_found"
    title = "Item not found"
    description = "No item has this id."


router = APIRouter()
down = {"flag": False}


@router.post("/items")
async def create_item(item: Item) -> Item:
    return item


@router.get("/items/missing")
async def missing() -> None:
    raise ItemNotFound("Item not found")


@router.get("/items/teapot")
async def teapot() -> None:
    raise Problem(418, "I am a teapot.", hint="short and stout")


@router.get("/items/crash")
async def crash() -> None:
    raise RuntimeError("secret internals: password=hunter2")


@router.put("/items/{name}")
async def replace_item(name: str, item: Item) -> Item:
    return item


@router.delete("/items/{name}", status_code=204)
async def delete_item(name: str) -> None:
    return None


@router.get("/items")
async def list_items(page: PageDep) -> Page[Item]:
    return Page(items=[], total=0, limit=page.limit, offset=page.offset)


def _demo_app() -> FastAPI:
    app = create_app(DemoSettings(), routers=[router], standard=())

    async def flaky() -> None:
        if down["flag"]:
            raise ConnectionError("refused")

    context_of(app).add_health_check("flaky", flaky)
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
    assert missing.json()["code"] == "item_not_found"
    assert missing.json()["type"] == "/problems/item_not_found"
    teapot = await client.get("/items/teapot")
    assert teapot.status_code == 418 and teapot.json()["hint"] == "short and stout"
    assert teapot.json()["code"] == "i'm_a_teapot"
    unknown = await client.get("/nowhere")
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/problem+json"
    assert unknown.json()["code"] == "not_found"
    wrong_method = await client.delete("/items")
    assert wrong_method.status_code == 405
    assert wrong_method.headers["content-type"] == "application/problem+json"
    assert wrong_method.json()["code"] == "method_not_allowed"


async def test_a_405_allows_every_method_any_route_takes_at_the_path(
    client: httpx.AsyncClient,
) -> None:
    # Each method is its own route: Starlette named only the first one matched (GET, or POST).
    assert (await client.put("/items")).headers["allow"] == "GET, POST"
    on_one = await client.post("/items/missing")  # GET /items/missing, PUT and DELETE /items/{name}
    assert on_one.status_code == 405
    assert on_one.headers["allow"] == "GET, PUT, DELETE"
    assert (await client.patch("/items/any")).headers["allow"] == "PUT, DELETE"


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


def test_default_credentials_in_urls_are_refused_outside_development() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as refused:
        DemoSettings(environment="production")
    assert "database_url uses default credentials" in str(refused.value)
    assert "amqp_url uses default credentials" in str(refused.value)
    real = DemoSettings(
        environment="production",
        database_url="postgresql+asyncpg://svc:s3cret@db:5432/cadence",
        amqp_url="amqp://svc:s3cret@mq:5672/",
    )
    assert real.environment == "production"


def test_suite_wide_fallback_and_the_prefix_winning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CADENCE_DATABASE_URL", "postgresql+asyncpg://a:b@suite/cadence")
    monkeypatch.setenv("CADENCE_REDIS_URL", "redis://suite:6379/3")
    monkeypatch.setenv("CADENCE_SERVICE_NAME", "not-a-group-field")
    monkeypatch.setenv("DEMO_REDIS_URL", "redis://mine:6379/4")
    settings = DemoSettings()
    assert settings.database_url == "postgresql+asyncpg://a:b@suite/cadence"
    assert settings.redis_url == "redis://mine:6379/4"  # the service's own variable wins
    assert settings.service_name == "demo"  # only group fields have a suite-wide form


def test_a_missing_resource_need_fails_when_the_app_is_built() -> None:
    from contextlib import asynccontextmanager

    from cadence_shared.context import REDIS, Key, Resource, StartupError

    @asynccontextmanager
    async def open_cache(context: object) -> AsyncIterator[str]:
        yield "cache"

    cache = Resource(Key[str]("cache"), open_cache, needs=(REDIS,))
    with pytest.raises(StartupError, match="'cache' needs 'redis'"):
        create_app(DemoSettings(), routers=[], standard=(), resources=[cache])
