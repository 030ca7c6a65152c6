"""The event bus against real Postgres and RabbitMQ: round trips, duplicates, retries, parking."""

import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime

import aio_pika
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from cadence_shared.context import ServiceContext
from cadence_shared.errors import NotFound
from cadence_shared.events import Envelope, RunCompleted, UserDeleted
from cadence_shared.events.broker import Topology
from cadence_shared.events.bus import EventBus
from cadence_shared.events.envelope import TRACEPARENT_PATTERN
from cadence_shared.events.parking import ParkedMessage, list_parked, replay_parked
from cadence_shared.events.relay import outgoing_message
from cadence_shared.testing.waiting import eventually
from shared.tests.events.conftest import Harness


async def test_round_trip_applies_the_effect_once(harness: Harness) -> None:
    async with harness.running(harness.bus()) as running:
        envelopes = await harness.publish(5)
        await harness.applied_exactly(envelopes)
        await eventually(lambda: _zero(harness.unsent), what="outbox drained")
    assert running.consumer is not None
    assert running.relay is not None
    assert running.consumer.applied == 5
    assert running.relay.published == 5
    assert await harness.inbox_count() == 5


async def test_envelope_on_the_wire_is_a_cloudevent(harness: Harness) -> None:
    seen: list[Envelope] = []

    async def keep(session: AsyncSession, event: UserDeleted, envelope: Envelope) -> None:
        seen.append(envelope)

    async with harness.running(harness.bus({"keep": keep})):
        [sent] = await harness.publish(1)
        await eventually(lambda: _truthy(seen), what="event received")
    [got] = seen
    assert got == sent
    assert got.specversion == "1.0"
    assert got.source == harness.schema
    assert got.type == "auth.user.deleted.v1"
    assert got.subject == str(got.data["user_id"])
    assert TRACEPARENT_PATTERN.match(got.traceparent)


async def test_rolled_back_change_publishes_nothing(harness: Harness) -> None:
    async with harness.running(harness.bus()):
        async with harness.sessions() as session, session.begin():
            event = UserDeleted(user_id=uuid.uuid4(), deleted_at=datetime.now(UTC))
            await harness.store.publish(session, event)
            await session.rollback()
        committed = await harness.publish(1)
        await harness.applied_exactly(committed)
    async with harness.engine.connect() as conn:
        rows = await conn.scalar(select(func.count()).select_from(harness.store.outbox))
    assert rows == 1


async def test_same_event_delivered_three_times_is_applied_once(harness: Harness) -> None:
    [envelope] = await harness.publish(1)
    async with harness.running(harness.bus(), relay=False) as running:
        consumer = running.consumer
        assert consumer is not None
        await _publish_raw(harness, [outgoing_message(envelope.model_dump(mode="json"))] * 3)
        await eventually(
            lambda: _equals(lambda: consumer.duplicates, 2), what="two duplicates seen"
        )
    assert await harness.applied_ids() == [envelope.id]
    assert consumer.applied == 1


async def test_transient_failure_is_retried_then_applied_once(harness: Harness) -> None:
    attempts: Counter[uuid.UUID] = Counter()
    record = harness.record("record")

    async def flaky(session: AsyncSession, event: UserDeleted, envelope: Envelope) -> None:
        attempts[envelope.id] += 1
        await record(session, event, envelope)  # written, then rolled back by the failure
        if attempts[envelope.id] <= 2:
            raise ConnectionError("downstream hiccup")

    async with harness.running(harness.bus({"record": flaky})):
        envelopes = await harness.publish(3)
        await harness.applied_exactly(envelopes)
    # Two failures, then success (a batch that failed is redone event by event: maybe more calls).
    assert all(attempts[envelope.id] >= 3 for envelope in envelopes)


async def test_poison_message_is_parked_others_flow_and_replay_works(harness: Harness) -> None:
    broken = True
    record = harness.record("record")
    [poison] = await harness.publish(1)

    async def picky(session: AsyncSession, event: UserDeleted, envelope: Envelope) -> None:
        if broken and envelope.id == poison.id:
            raise ValueError("cannot erase this user")
        await record(session, event, envelope)

    queue = Topology.from_settings(harness.settings).queue(harness.schema, "record")
    async with harness.running(harness.bus({"record": picky})) as running:
        healthy = await harness.publish(20, per_transaction=5)
        await harness.applied_exactly(healthy)
        connection = running.connection
        assert connection is not None

        async def parked() -> list[ParkedMessage]:
            return await list_parked(connection, queue)

        await eventually(lambda: _truthy_async(parked), what="poison parked")
        [message] = await parked()
        assert message.event_id == str(poison.id)
        assert message.attempts == harness.settings.events_max_attempts
        assert message.error == "ValueError: cannot erase this user"
        assert message.event_type == "auth.user.deleted.v1"

        broken = False
        assert await replay_parked(connection, queue) == 1
        await harness.applied_exactly([poison, *healthy])
        assert await parked() == []


class ProfileGone(NotFound):
    code = "test_profile_gone"
    title = "Profile gone"
    description = "The profile this event names does not exist."


async def test_a_permanent_domain_error_is_parked_at_once_with_its_code(harness: Harness) -> None:
    attempts = 0
    [doomed] = await harness.publish(1)

    async def missing(session: AsyncSession, event: UserDeleted, envelope: Envelope) -> None:
        nonlocal attempts
        attempts += 1
        raise ProfileGone(f"no profile for {event.user_id}")

    queue = Topology.from_settings(harness.settings).queue(harness.schema, "record")
    async with harness.running(harness.bus({"record": missing})) as running:
        connection = running.connection
        assert connection is not None

        async def parked() -> list[ParkedMessage]:
            return await list_parked(connection, queue)

        await eventually(lambda: _truthy_async(parked), what="parked without retries")
        [message] = await parked()
        assert message.event_id == str(doomed.id)
        assert message.attempts == 1 and attempts == 1  # never retried
        assert (message.error or "").startswith("test_profile_gone: no profile for ")


async def test_message_not_matching_the_contract_is_parked_at_once(harness: Harness) -> None:
    calls = 0

    async def count(session: AsyncSession, event: UserDeleted, envelope: Envelope) -> None:
        nonlocal calls
        calls += 1

    bad = Envelope.wrap(
        UserDeleted(user_id=uuid.uuid4(), deleted_at=datetime.now(UTC)), source="test"
    ).model_dump(mode="json")
    del bad["data"]["user_id"]
    queue = Topology.from_settings(harness.settings).queue(harness.schema, "count")
    async with harness.running(harness.bus({"count": count}), relay=False) as running:
        connection = running.connection
        assert connection is not None
        await _publish_raw(
            harness,
            [
                outgoing_message(bad),
                aio_pika.Message(b"not json", message_id="garbage"),
            ],
            routing_key="auth.user.deleted.v1",
        )

        async def both_parked() -> bool:
            return len(await list_parked(connection, queue)) == 2

        await eventually(both_parked, what="both parked")
        parked = {m.event_id: m for m in await list_parked(connection, queue)}
    assert calls == 0
    assert parked[bad["id"]].attempts == 1
    assert "user_id" in (parked[bad["id"]].error or "")
    assert "not a CloudEvents envelope" in (parked["garbage"].error or "")


async def test_a_run_time_out_of_range_is_parked_with_the_reason_never_applied(
    harness: Harness,
) -> None:
    """A run at year 1 (Postgres: -infinity) must never reach a consumer's tables."""
    calls = 0

    async def count(session: AsyncSession, event: RunCompleted, envelope: Envelope) -> None:
        nonlocal calls
        calls += 1

    start = datetime(2026, 5, 4, 7, 0, tzinfo=UTC)
    run = RunCompleted(
        run_id=uuid.uuid4(),
        user_id=uuid.uuid4(),
        started_at=start,
        ended_at=start.replace(minute=30),
        distance_m=5000,
    )
    poisoned = Envelope.wrap(run, source="test").model_dump(mode="json")
    poisoned["data"]["started_at"] = "0001-01-01T00:00:00Z"
    bus = EventBus(harness.store)
    bus.subscribe("runs-count", RunCompleted)(count)
    queue = Topology.from_settings(harness.settings).queue(harness.schema, "runs-count")
    async with harness.running(bus, relay=False) as running:
        connection = running.connection
        assert connection is not None
        await _publish_raw(harness, [outgoing_message(poisoned)])

        async def parked() -> list[ParkedMessage]:
            return await list_parked(connection, queue)

        await eventually(lambda: _truthy_async(parked), what="out-of-range run parked")
        [message] = await parked()
    assert calls == 0
    assert message.event_id == poisoned["id"] and message.attempts == 1
    assert "started_at" in (message.error or "") and "1970" in (message.error or "")


async def test_unknown_fields_are_ignored(harness: Harness) -> None:
    async def keep(session: AsyncSession, event: UserDeleted, envelope: Envelope) -> None:
        await harness.record("keep")(session, event, envelope)

    envelope = Envelope.wrap(
        UserDeleted(user_id=uuid.uuid4(), deleted_at=datetime.now(UTC)), source="test"
    ).model_dump(mode="json")
    envelope["data"]["added_in_a_later_release"] = {"x": 1}
    envelope["someextension"] = "value"
    async with harness.running(harness.bus({"keep": keep}), relay=False):
        await _publish_raw(harness, [outgoing_message(envelope)])
        await eventually(lambda: _truthy_async(lambda: harness.applied_ids("keep")))
    assert await harness.applied_ids("keep") == [uuid.UUID(envelope["id"])]


async def test_two_relays_over_one_outbox_publish_each_event_once(harness: Harness) -> None:
    consumer_bus = harness.bus()
    async with (
        harness.running(consumer_bus) as first,
        harness.running(harness.bus({}), consume=False) as second,
    ):
        envelopes = await harness.publish(600, per_transaction=20)
        await harness.applied_exactly(envelopes)
        await eventually(lambda: _zero(harness.unsent), what="outbox drained")
    assert first.relay is not None
    assert second.relay is not None
    assert first.consumer is not None
    assert first.relay.published + second.relay.published == 600
    assert first.consumer.duplicates == 0


async def test_readiness_reports_broker_and_outbox_backlog(harness: Harness) -> None:
    async with harness.running(harness.bus(), relay=False) as running:
        await harness.publish(3)
        assert await running.broker_check() == {}
        backlog = await running.outbox_check()
    assert backlog["unsent"] == 3
    assert backlog["oldest_unsent_age_s"] >= 0


# --- helpers ------------------------------------------------------------------------------------


async def _publish_raw(
    harness: Harness, messages: Sequence[aio_pika.Message], routing_key: str | None = None
) -> None:
    """Publishes messages straight to the exchange, as a relay (or a misbehaving producer) would."""
    topology = Topology.from_settings(harness.settings)
    async with await aio_pika.connect(harness.settings.amqp_url) as connection:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.get_exchange(topology.exchange)
        for message in messages:
            key = routing_key or message.type
            assert key is not None, "a message without a type needs a routing key"
            await exchange.publish(message, routing_key=key, mandatory=True)


async def _zero(count: Callable[[], Awaitable[int]]) -> bool:
    return await count() == 0


async def _truthy(items: Sequence[object]) -> bool:
    return bool(items)


async def _truthy_async(get: Callable[[], Awaitable[Sequence[object]]]) -> bool:
    return bool(await get())


async def _equals(get: Callable[[], object], expected: object) -> bool:
    return get() == expected


async def test_a_context_handler_receives_the_service_context(harness: Harness) -> None:
    context = ServiceContext(harness.settings)
    seen: list[tuple[ServiceContext, uuid.UUID]] = []
    bus = EventBus(harness.store)

    @bus.subscribe_with_context("record", UserDeleted)
    async def remember(
        given: ServiceContext, session: AsyncSession, event: UserDeleted, envelope: Envelope
    ) -> None:
        seen.append((given, envelope.id))

    async with harness.running(bus, context=context):
        [published] = await harness.publish(1)
        await eventually(lambda: bool(seen), what="the context handler ran")
    assert seen == [(context, published.id)]
