"""The event catalog (gateway/src/cadence_gateway/asyncapi.json) against the code: what each
service's code makes and declares, what its bus subscribes to, and the rendered document. No
stack needed."""

import ast
import importlib.util
import json
from functools import cache
from pathlib import Path
from types import ModuleType

from cadence_shared.events import CONTRACTS
from cadence_shared.events.asyncapi import ServiceEvents, undeclared

REPO = Path(__file__).resolve().parents[1]
DOCUMENT = REPO / "gateway" / "src" / "cadence_gateway" / "asyncapi.json"
CONTRACT_NAMES = {contract.__name__ for contract in CONTRACTS.values()}


@cache
def renderer() -> ModuleType:
    path = REPO / "deploy" / "local" / "asyncapi_catalog.py"
    spec = importlib.util.spec_from_file_location("asyncapi_catalog", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def suite() -> tuple[ServiceEvents, ...]:
    return tuple(renderer().service_events())


def contracts_made_in(service: str) -> set[str]:
    """The contracts the service's code constructs (``UserDeleted(...)``): what it publishes."""
    made: set[str] = set()
    for path in (REPO / "services" / service / "src").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if name in CONTRACT_NAMES:
                    made.add(name)
    return made


def test_the_catalog_is_fresh() -> None:
    assert DOCUMENT.read_text() == renderer().render(), "stale: run `make render`"


def test_every_publication_and_subscription_is_in_the_catalog() -> None:
    assert undeclared(suite(), json.loads(DOCUMENT.read_text())) == []


def test_each_service_declares_the_contracts_its_code_makes() -> None:
    for service in suite():
        declared = {contract.__name__ for contract in service.bus.store.publishes}
        assert contracts_made_in(service.name) == declared, (
            f"{service.name}: its code makes {sorted(contracts_made_in(service.name))}, its "
            f"EventStore(publishes=...) declares {sorted(declared)}"
        )


def test_every_consumed_event_has_a_publisher() -> None:
    published = {c.type for service in suite() for c in service.bus.store.publishes}
    for service in suite():
        for subscription in service.bus.subscriptions:
            orphans = set(subscription.contracts) - published
            assert not orphans, f"{service.name}.{subscription.name} waits for {orphans}"


def test_the_catalog_knows_the_suites_flows() -> None:
    """A few flows the suite depends on, read back from the rendered document."""
    messages = {
        m["name"]: m for m in json.loads(DOCUMENT.read_text())["components"]["messages"].values()
    }
    deleted = messages["auth.user.deleted.v1"]
    assert deleted["x-publishers"] == ["auth"]
    assert {f"{s}.erase-user-data" for s in ("tasks", "tracks", "runs", "fitness")} <= set(
        deleted["x-consumers"]
    )
    assert sorted(messages["runs.run.completed.v1"]["x-consumers"]) == [
        "fitness.record-cardio",
        "tracks.record-plays",
    ]
    assert messages["audio.job.analysis.v1"]["x-consumers"] == ["audio.job.analysis"]
