"""The fast lane (cadence_shared.fastlane) on a demo app: which routes it takes, and that what it
answers, logs and counts is what the framework answers, logs and counts.

Each service's own reads are compared both ways in its tests
(``cadence_shared.testing.fastlane.assert_fast_lane_answers_alike``).
"""

from collections.abc import AsyncIterator, Iterator
from typing import Annotated, Any

import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI, Header, Request, Response
from pydantic import BaseModel

from cadence_shared import fastread, middleware
from cadence_shared.app import create_app
from cadence_shared.errors import NotFound
from cadence_shared.fastlane import FastLaneAPI, fast_routes, ordinary_path
from cadence_shared.metrics import exposition
from cadence_shared.pagination import PageDep
from cadence_shared.settings import ServiceSettings, service_config
from cadence_shared.testing import serve_app
from cadence_shared.testing.metrics import sample
from cadence_shared.testing.tracing import without_tracer_provider


@pytest.fixture(autouse=True)
def untraced() -> Iterator[None]:
    """These are untraced requests, whatever an earlier test of the process installed."""
    with without_tracer_provider():
        yield


class DemoSettings(ServiceSettings):
    model_config = service_config("LANE_")
    service_name: str = "lanetest"


class Thing(BaseModel):
    id: int


class ThingNotFound(NotFound):
    code = "lane_thing_not_found"
    title = "Thing not found"
    description = "No thing has this id."


router = APIRouter(prefix="/things")
events: list[str] = []


async def held() -> AsyncIterator[str]:
    events.append("open")
    try:
        yield "resource"
    finally:
        events.append("close")


async def counted() -> int:
    events.append("counted")
    return len(events)


Held = Annotated[str, Depends(held)]
Counted = Annotated[int, Depends(counted)]


@router.get("/plain")  # before /{thing_id}, which would match it too: the framework answers it
async def plain() -> Thing:
    return Thing(id=0)


@router.get("/{thing_id}")
async def one(
    thing_id: int, resource: Held, page: PageDep, twice: Counted, again: Counted
) -> Response:
    if thing_id == 404:
        raise ThingNotFound("No such thing.")
    if thing_id == 500:
        raise RuntimeError("secret internals")
    assert twice == again  # one call a request, as FastAPI caches it
    return fastread.respond({"id": thing_id, "resource": resource, "limit": page.limit})


@router.get("/{thing_id}/model")
async def as_model(thing_id: int) -> Thing:
    return Thing(id=thing_id)


@router.get("/{thing_id}/sync")
def sync(thing_id: int) -> Response:
    return fastread.respond({"id": thing_id})


@router.get("/{thing_id}/header")
async def with_header(thing_id: int, x_thing: Annotated[str, Header()]) -> Response:
    return fastread.respond({"id": thing_id, "header": x_thing})


@router.get("/{thing_id}/request")
async def with_request(thing_id: int, request: Request) -> Response:
    return fastread.respond({"id": thing_id, "path": request.url.path})


@router.post("/{thing_id}")
async def post(thing_id: int) -> Response:
    return fastread.respond({"id": thing_id})


@pytest.fixture(scope="module")
async def demo() -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    app = create_app(DemoSettings(), routers=[router], standard=())
    async with serve_app(app) as client:
        yield app, client


def test_the_lane_takes_async_get_routes_that_answer_a_response_from_what_it_can_solve() -> None:
    app = create_app(DemoSettings(), routers=[router], standard=())
    assert isinstance(app, FastLaneAPI)
    assert fast_routes(app) == ["/things/{thing_id}"]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/things/7?limit=3", 200),
        ("/things/404", 404),  # a domain error: the app's own handler writes the problem
        ("/things/seven", 422),  # invalid: the framework answers it
        ("/things/7?limit=0", 422),
        ("/things/500", 500),  # unhandled: the request middleware's 500, with the request id
    ],
)
async def test_the_lane_answers_what_the_framework_answers(
    demo: tuple[FastAPI, httpx.AsyncClient], path: str, status: int
) -> None:
    app, client = demo
    headers = {"X-Request-ID": "lane-test"}
    lane = app.fast_lane()  # type: ignore[attr-defined]
    taken = lane.taken["/things/{thing_id}"]
    fast = await client.get(path, headers=headers)
    assert lane.taken["/things/{thing_id}"] == taken + 1
    async with ordinary_path(app):
        ordinary = await client.get(path, headers=headers)
    assert lane.taken["/things/{thing_id}"] == taken + 1
    assert (fast.status_code, fast.headers.multi_items(), fast.content) == (
        ordinary.status_code,
        ordinary.headers.multi_items(),
        ordinary.content,
    )
    assert fast.status_code == status


async def test_a_shadowing_route_and_other_methods_keep_the_framework(
    demo: tuple[FastAPI, httpx.AsyncClient],
) -> None:
    app, client = demo
    lane = app.fast_lane()  # type: ignore[attr-defined]
    taken = sum(lane.taken.values())
    assert (await client.get("/things/plain")).json() == {"id": 0}
    assert (await client.post("/things/3")).json() == {"id": 3}
    assert (await client.head("/things/3")).status_code == 405
    assert (await client.get("/things/3/model")).json() == {"id": 3}
    assert (await client.get("/things/3/request")).json() == {"id": 3, "path": "/things/3/request"}
    assert sum(lane.taken.values()) == taken


async def test_dependencies_run_once_and_generators_close_after_the_endpoint(
    demo: tuple[FastAPI, httpx.AsyncClient],
) -> None:
    _, client = demo
    events.clear()
    assert (await client.get("/things/1")).json() == {"id": 1, "resource": "resource", "limit": 20}
    assert events == ["open", "counted", "close"]
    events.clear()
    assert (await client.get("/things/404")).status_code == 404
    assert events == ["open", "counted", "close"]


class Lines:
    """Stands in for the access logger: keeps what it is asked to write."""

    def __init__(self) -> None:
        self.lines: list[dict[str, Any]] = []

    def info(self, event: str, **fields: Any) -> None:
        self.lines.append({"event": event, **fields})


async def test_a_lane_request_is_logged_and_counted_under_its_route(
    demo: tuple[FastAPI, httpx.AsyncClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    app, client = demo
    route = {"method": "GET", "route": "/things/{thing_id}", "status": "200"}
    before = sample(
        (await exposition()).decode(), "cadence_http_request_duration_seconds_count", **route
    )
    logs = Lines()
    monkeypatch.setattr(middleware, "log", logs)
    await client.get("/things/5", headers={"X-Request-ID": "counted"})
    after = sample(
        (await exposition()).decode(), "cadence_http_request_duration_seconds_count", **route
    )
    assert after == before + 1
    [line] = [line for line in logs.lines if line["event"] == "request"]
    assert line["route"] == "/things/{thing_id}" and line["path"] == "/things/5"
    assert line["status"] == 200 and line["method"] == "GET"
    document = (await client.get("/openapi.json")).json()
    assert "get" in document["paths"]["/things/{thing_id}"]
    assert app.fast_lane().taken["/things/{thing_id}"] > 0  # type: ignore[attr-defined]
