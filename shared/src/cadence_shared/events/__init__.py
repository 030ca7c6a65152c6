"""The event bus: transactional outbox, idempotent consumers, retries and parking, on RabbitMQ.

Contracts (``cadence_shared.events.contracts``) are one pydantic model per event type, shared by
producers and consumers; unknown fields are ignored, a breaking change is a new ``.vN`` type. On
the wire an event is a CloudEvents 1.0 envelope (structured JSON) with a W3C ``traceparent``;
the routing key is the event type.

Producing (models.py, then in any service function)::

    events = EventStore(TasksTable.metadata, source="tasks")  # event_outbox + event_inbox tables
    await events.publish(session, UserDeleted(user_id=..., deleted_at=...), subject=str(user_id))
    await session.commit()  # the event exists only if the state change commits

Consuming (the service's ``events.py``: every subscription of the service in one place)::

    bus = EventBus(events)

    @bus.subscribe("erase-user-data", UserDeleted)
    async def erase_user_data(session, event: UserDeleted, envelope: Envelope) -> None:
        ...  # runs in the transaction that also records the event id in the inbox

Running: ``create_app(settings, routers=..., resources=(database, token_verification,
bus.resource))`` runs the relay and the consumer inside the service and adds the ``broker`` and
``outbox`` readiness checks. ``cadence-events <service> worker`` runs them on their own (then set
``<PREFIX>_EVENTS_RELAY_IN_PROCESS=false`` / ``..._CONSUMER_IN_PROCESS=false`` for the API).

Broker names (prefix ``amqp_prefix``): exchange ``<prefix>.events`` (topic); per handler the quorum
queue ``<prefix>.<service>.<handler>``, retry queues ``<queue>.retry.<ms>ms`` (TTL, dead-lettering
back to the queue) and the parking queue ``<queue>.parked``.

Operations: ``cadence-events <service> parked`` lists parked messages per queue with their error;
``cadence-events <service> replay <queue> [--id EVENT_ID ...]`` sends them back to the handler's
queue, ``cadence-events <service> drop <queue> (--id EVENT_ID ... | --all)`` discards them.
"""

from cadence_shared.events.bus import EventBus, RunningBus
from cadence_shared.events.contracts import (
    CONTRACTS,
    AudioAnalysisCompleted,
    AudioAnalysisRequested,
    Event,
    FileProcessed,
    FileUploaded,
    OcrExercise,
    OcrJobCompleted,
    OcrJobRequested,
    OcrMenu,
    OcrMenuItem,
    OcrSet,
    OcrWorkoutSheet,
    RunCompleted,
    RunSegment,
    UserDeleted,
    UserRegistered,
    contract_for,
)
from cadence_shared.events.envelope import Envelope, current_traceparent
from cadence_shared.events.store import EventStore

__all__ = [
    "CONTRACTS",
    "AudioAnalysisCompleted",
    "AudioAnalysisRequested",
    "Envelope",
    "Event",
    "EventBus",
    "EventStore",
    "FileProcessed",
    "FileUploaded",
    "OcrExercise",
    "OcrJobCompleted",
    "OcrJobRequested",
    "OcrMenu",
    "OcrMenuItem",
    "OcrSet",
    "OcrWorkoutSheet",
    "RunCompleted",
    "RunSegment",
    "RunningBus",
    "UserDeleted",
    "UserRegistered",
    "contract_for",
    "current_traceparent",
]
