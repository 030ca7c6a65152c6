"""The event catalog the gateway serves: ``/docs/asyncapi.json`` and its page, ``/docs/events``.

``asyncapi.json`` sits in this package, so it ships in the gateway's image; ``make render``
writes it from the contracts and every service's wiring (``deploy/local/asyncapi_catalog.py``,
``cadence_shared.events.asyncapi``). The page is rendered from the same document, once.
"""

import json
from importlib.resources import files
from typing import Any

from cadence_gateway.templating import render_text

ASYNCAPI_FILE = "asyncapi.json"
ASYNCAPI_PATH = "/docs/asyncapi.json"
EVENTS_PAGE_PATH = "/docs/events"
SCHEMA_PREFIX = "#/components/schemas/"


def load_asyncapi() -> dict[str, Any]:
    """The document shipped in this package."""
    document: dict[str, Any] = json.loads(
        files("cadence_gateway").joinpath(ASYNCAPI_FILE).read_text("utf-8")
    )
    return document


def _referenced(schema: Any, schemas: dict[str, Any], found: dict[str, Any]) -> None:
    """Every component schema ``schema`` refers to, directly or not, into ``found``."""
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith(SCHEMA_PREFIX):
            name = ref.removeprefix(SCHEMA_PREFIX)
            if name not in found:
                found[name] = schemas[name]
                _referenced(schemas[name], schemas, found)
        for value in schema.values():
            _referenced(value, schemas, found)
    elif isinstance(schema, list):
        for value in schema:
            _referenced(value, schemas, found)


def _pretty(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def events_page(document: dict[str, Any]) -> str:
    """The catalog for people: each message with its schema and example, then each queue."""
    components = document["components"]
    messages = []
    for message_id, message in components["messages"].items():
        schemas: dict[str, Any] = {}
        _referenced(message["payload"]["properties"]["data"], components["schemas"], schemas)
        messages.append(
            {
                "id": message_id,
                "message": message,
                "schemas": _pretty(schemas),
                "example": _pretty(message["examples"][0]["payload"]["data"]),
            }
        )
    messages.sort(key=lambda entry: entry["message"]["name"])
    queues = [
        channel
        for channel in document["channels"].values()
        if channel["bindings"]["amqp"]["is"] == "queue"
    ]
    exchange = next(
        channel["bindings"]["amqp"]["exchange"]["name"]
        for channel in document["channels"].values()
        if channel["bindings"]["amqp"]["is"] == "routingKey"
    )
    return render_text(
        "pages/events.html.j2",
        info=document["info"],
        exchange=exchange,
        messages=messages,
        queues=queues,
        asyncapi_path=ASYNCAPI_PATH,
    )
