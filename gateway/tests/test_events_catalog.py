"""The event catalog at the gateway: /docs/asyncapi.json is the shipped document, /docs/events
shows every message and every queue of it, and /docs links to it."""

import json
from collections.abc import AsyncIterator

import httpx
import pytest

from cadence_gateway.catalog import load_catalog
from cadence_gateway.docs import build_docs_app
from cadence_gateway.events_catalog import load_asyncapi
from cadence_gateway.render import REPO_ROOT
from cadence_gateway.routes import load_route_table


@pytest.fixture
async def pages() -> AsyncIterator[httpx.AsyncClient]:
    app = build_docs_app(sorted(load_route_table().services), load_catalog())
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        yield client


def test_the_shipped_document_is_the_committed_file() -> None:
    committed = REPO_ROOT / "gateway" / "src" / "cadence_gateway" / "asyncapi.json"
    assert load_asyncapi() == json.loads(committed.read_text())


async def test_the_document_is_served_as_json(pages: httpx.AsyncClient) -> None:
    response = await pages.get("/docs/asyncapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    document = response.json()
    assert document == load_asyncapi()
    assert document["asyncapi"].startswith("3.")


async def test_the_page_shows_every_message_and_queue(pages: httpx.AsyncClient) -> None:
    response = await pages.get("/docs/events")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    document = load_asyncapi()
    for message in document["components"]["messages"].values():
        assert f"<code>{message['name']}</code>" in response.text
    queues = [c for c in document["channels"].values() if c["bindings"]["amqp"]["is"] == "queue"]
    assert len(queues) >= 10
    for queue in queues:
        assert f"<code>{queue['address']}</code>" in response.text
    # The example and the schema of a message are on the page, e.g. the run's distance.
    assert "&#34;distance_m&#34;: 5210.0" in response.text
    assert "cadence.tracks.record-plays.parked" in response.text


async def test_the_docs_page_links_to_the_catalog(pages: httpx.AsyncClient) -> None:
    response = await pages.get("/docs")
    assert 'href="/docs/events"' in response.text
