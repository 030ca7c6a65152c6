"""The AsyncAPI event catalog built from contracts, stores and buses (no broker needed)."""

from typing import Any

import pytest
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from cadence_shared.db import service_metadata
from cadence_shared.events import (
    CONTRACTS,
    Envelope,
    EventBus,
    EventStore,
    RunCompleted,
    UserDeleted,
    UserRegistered,
)
from cadence_shared.events.asyncapi import ServiceEvents, asyncapi_document, undeclared
from cadence_shared.events.examples import EXAMPLES
from cadence_shared.jobs.store import JobStore


async def _ignore(session: AsyncSession, event: Any, envelope: Envelope) -> None:
    return None


class _Input(BaseModel):
    key: str


class _Output(BaseModel):
    size: int


def _work(input: _Input, workdir: Any, progress: Any) -> _Output:
    return _Output(size=len(input.key))


def _suite() -> list[ServiceEvents]:
    publisher = EventBus(
        EventStore(service_metadata("cat_auth"), source="auth", publishes=(UserDeleted,))
    )
    consumer = EventBus(EventStore(service_metadata("cat_tracks"), source="tracks"))
    consumer.subscribe("erase-user-data", UserDeleted)(_ignore)
    consumer.subscribe("record-plays", RunCompleted)(_ignore)
    jobs = JobStore(service_metadata("cat_tracks_jobs"), consumer.store)
    job = jobs.define("measure", resource="tracks.track", input=_Input, output=_Output, work=_work)
    return [ServiceEvents("auth", publisher), ServiceEvents("tracks", consumer, [job])]


def test_every_contract_has_an_example_of_its_own_type() -> None:
    assert set(EXAMPLES) == set(CONTRACTS)
    for event_type, example in EXAMPLES.items():
        assert isinstance(example, CONTRACTS[event_type])
        # What a consumer reads back from the wire is the example itself.
        assert CONTRACTS[event_type].model_validate(example.model_dump(mode="json")) == example


def test_the_document_names_publishers_consumers_and_queues() -> None:
    document = asyncapi_document(_suite())
    assert document["asyncapi"] == "3.1.0"
    deleted = document["components"]["messages"]["UserDeleted"]
    assert deleted["name"] == "auth.user.deleted.v1"
    assert deleted["x-publishers"] == ["auth"]
    assert deleted["x-consumers"] == ["tracks.erase-user-data"]
    assert deleted["payload"]["properties"]["type"] == {
        "const": "auth.user.deleted.v1",
        "description": "the event type: the routing key",
    }
    assert deleted["payload"]["properties"]["data"] == {"$ref": "#/components/schemas/UserDeleted"}
    assert deleted["examples"][0]["payload"]["data"]["user_id"] == str(
        EXAMPLES[UserDeleted.type].model_dump()["user_id"]
    )
    # A contract nobody publishes here is still listed, with no publisher.
    registered = document["components"]["messages"]["UserRegistered"]
    assert registered["x-publishers"] == [] and registered["x-consumers"] == []

    queue = document["channels"]["queue_tracks_record-plays"]
    assert queue["address"] == "cadence.tracks.record-plays"
    assert queue["x-routing-keys"] == ["runs.run.completed.v1"]
    policy = queue["x-queue-policy"]
    assert policy["parking_queue"] == "cadence.tracks.record-plays.parked"
    assert policy["retry_queues"][0] == "cadence.tracks.record-plays.retry.1000ms"
    assert policy["max_attempts"] == 5
    receive = document["operations"]["tracks-receive-record-plays"]
    assert receive["action"] == "receive"
    assert receive["channel"] == {"$ref": "#/channels/queue_tracks_record-plays"}
    assert "auth-send-auth_user_deleted_v1" in document["operations"]
    assert "tracks.job.measure.v1" in {
        m["name"] for m in document["components"]["messages"].values()
    }
    assert (
        document["channels"]["queue_tracks_job_measure"]["address"] == "cadence.tracks.job.measure"
    )
    assert {"RunSegment", "UserDeleted", "JobMessage"} <= set(document["components"]["schemas"])


def test_undeclared_names_what_a_stale_catalog_lacks() -> None:
    suite = _suite()
    document = asyncapi_document(suite)
    assert undeclared(suite, document) == []
    del document["components"]["messages"]["RunCompleted"]
    del document["components"]["messages"]["UserDeleted"]
    assert undeclared(suite, document) == [
        "auth publishes auth.user.deleted.v1",
        "tracks.erase-user-data consumes auth.user.deleted.v1",
        "tracks.record-plays consumes runs.run.completed.v1",
    ]


@pytest.mark.parametrize("contract", [UserRegistered, RunCompleted])
def test_a_declared_contract_gets_a_send_operation(contract: Any) -> None:
    bus = EventBus(EventStore(service_metadata("cat_x"), source="x", publishes=(contract,)))
    document = asyncapi_document([ServiceEvents("x", bus)])
    channel = contract.type.replace(".", "_")
    assert document["operations"][f"x-send-{channel}"]["channel"] == {
        "$ref": f"#/channels/{channel}"
    }
    assert document["channels"][channel]["bindings"]["amqp"]["exchange"]["name"] == (
        "cadence.events"
    )
