"""Renders the event catalog, an AsyncAPI 3.0 document (`make render` runs it).

Built from the contracts in cadence_shared.events and each service's own wiring: what its
EventStore declares it publishes, what its EventBus subscribes to, the jobs its JobStore defines
(`cadence_shared.events.asyncapi`). Written to gateway/src/cadence_gateway/asyncapi.json, so it
ships with the gateway image, which serves it at /docs/asyncapi.json and /docs/events;
tests-e2e/test_suite.py fails when it is stale. `--check` only compares.
"""

import importlib
import json
import sys
from pathlib import Path

from cadence_gateway.routes import load_route_table
from cadence_shared.events import EventBus
from cadence_shared.events.asyncapi import ServiceEvents, asyncapi_document
from cadence_shared.jobs.store import JobStore

REPO = Path(__file__).resolve().parents[2]
DOCUMENT = REPO / "gateway" / "src" / "cadence_gateway" / "asyncapi.json"


def service_events() -> list[ServiceEvents]:
    """Every service of the route table: its bus, and its jobs once its app is imported."""
    found: list[ServiceEvents] = []
    for name, service in load_route_table().services.items():
        importlib.import_module(service.app.split(":")[0])  # every module its app wires in
        bus = importlib.import_module(f"{name}_service.events").bus
        assert isinstance(bus, EventBus), f"{name}_service.events.bus is not an EventBus"
        store = getattr(importlib.import_module(f"{name}_service.models"), "jobs", None)
        jobs = store.defined if isinstance(store, JobStore) else []
        found.append(ServiceEvents(name, bus, jobs))
    return found


def render() -> str:
    document = asyncapi_document(service_events())
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def main() -> None:
    rendered = render()
    if "--check" in sys.argv:
        if not DOCUMENT.exists() or DOCUMENT.read_text() != rendered:
            sys.exit(f"{DOCUMENT.relative_to(REPO)} is stale: run `make render`")
        return
    DOCUMENT.write_text(rendered)


if __name__ == "__main__":
    main()
