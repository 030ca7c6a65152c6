"""One trace from an HTTP request through the outbox, relay and broker to the consumer's handler
(real Postgres and RabbitMQ, spans kept in memory)."""

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi import APIRouter, Request
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from sqlalchemy import insert, update
from sqlalchemy.ext.asyncio import AsyncSession

from cadence_shared.app import create_app
from cadence_shared.context import DATABASE_RESOURCE
from cadence_shared.events import Envelope, UserDeleted
from cadence_shared.observability import span_ids
from cadence_shared.testing.plugin import serve_app
from cadence_shared.testing.tracing import children, keep_spans_in_memory, named, statements
from cadence_shared.testing.waiting import eventually
from shared.tests.events.conftest import Harness


@pytest.fixture(scope="module")
def exporter() -> Iterator[InMemorySpanExporter]:
    # OpenTelemetry takes one tracer provider per process: later tests of the session trace too.
    exporter = keep_spans_in_memory("tracing-test")
    yield exporter
    exporter.shutdown()


async def test_a_request_and_the_handler_of_its_event_share_one_trace(
    harness: Harness, exporter: InMemorySpanExporter
) -> None:
    handled_in: list[tuple[str, str] | None] = []

    async def record(session: AsyncSession, event: UserDeleted, envelope: Envelope) -> None:
        handled_in.append(span_ids())
        await session.execute(
            insert(harness.applied).values(
                handler="record", event_id=envelope.id, user_id=event.user_id
            )
        )

    router = APIRouter()

    @router.post("/users/{user_id}/erase", status_code=202)
    async def erase(user_id: uuid.UUID, request: Request) -> dict[str, str]:
        async with request.app.state.context.database.sessions() as session, session.begin():
            sent = await harness.store.publish(
                session, UserDeleted(user_id=user_id, deleted_at=datetime.now(UTC))
            )
        return {"traceparent": sent.traceparent}

    app = create_app(
        harness.settings,
        routers=[router],
        bus=harness.bus({"record": record}),
        standard=(DATABASE_RESOURCE,),
    )
    exporter.clear()
    async with serve_app(app) as client:
        response = await client.post(f"/users/{uuid.uuid4()}/erase")
        assert response.status_code == 202
        await eventually(lambda: bool(handled_in), what="the event handled")
        await eventually(
            lambda: bool(named(exporter.get_finished_spans(), "auth.user.deleted.v1 process")),
            what="consumer span ended",
        )

    spans = exporter.get_finished_spans()
    [server] = [span for span in spans if span.kind == SpanKind.SERVER]
    assert server.name == "POST /users/{user_id}/erase"  # the route template, not the path
    assert (server.attributes or {})["http.route"] == "/users/{user_id}/erase"
    trace_id = server.context.trace_id
    # The envelope carries the request's span, the message the relay's publish span.
    _, envelope_trace, envelope_span, _ = response.json()["traceparent"].split("-")
    assert int(envelope_trace, 16) == trace_id
    assert int(envelope_span, 16) == server.context.span_id
    [publish] = named(spans, "auth.user.deleted.v1 publish")
    [process] = named(spans, "auth.user.deleted.v1 process")
    assert publish.kind == SpanKind.PRODUCER
    assert process.kind == SpanKind.CONSUMER
    for span, parent in ((publish, server), (process, publish)):
        assert span.context.trace_id == trace_id
        assert span.parent is not None
        assert span.parent.span_id == parent.context.span_id
    # The handler ran inside the consumer's span, and its SQL was traced there too.
    assert handled_in == [(f"{trace_id:032x}", f"{process.context.span_id:016x}")]
    assert children(spans, process, SpanKind.CLIENT), "the handler's INSERT has a span under it"
    assert children(spans, server, SpanKind.CLIENT), "the request's outbox INSERT has a span too"


PUBLISH = "auth.user.deleted.v1 publish"
INBOX = "auth.user.deleted.v1 inbox"


async def test_the_inbox_step_is_a_span_that_says_whether_the_event_was_new(
    harness: Harness, exporter: InMemorySpanExporter
) -> None:
    def inbox_spans() -> list[ReadableSpan]:
        return named(exporter.get_finished_spans(), INBOX)

    exporter.clear()
    async with harness.running(harness.bus({"record": harness.record("record")})):
        [sent] = await harness.publish(1)
        await eventually(lambda: len(inbox_spans()) == 1, what="the event's inbox span")
        # As after a relay that died before marking the row sent: the event goes out again.
        async with harness.engine.begin() as connection:
            await connection.execute(update(harness.store.outbox).values(published_at=None))
        await eventually(lambda: len(inbox_spans()) == 2, what="the copy's inbox span")
    spans = exporter.get_finished_spans()
    first, again = sorted(inbox_spans(), key=lambda span: span.start_time or 0)
    publishes = {span.context.span_id: span for span in named(spans, PUBLISH)}
    for span, duplicate in ((first, False), (again, True)):
        assert span.attributes == {
            "messaging.consumer.group.name": "record",
            "messaging.message.id": str(sent.id),
            "cadence.inbox.duplicate": duplicate,
        }
        # In the event's trace, beside its process span: a child of the publish that sent it.
        assert span.parent is not None and span.parent.span_id in publishes
        assert span.context.trace_id == publishes[span.parent.span_id].context.trace_id
        assert any("event_inbox" in sql for sql in statements(spans, span)), "its insert"
    assert len(named(spans, "auth.user.deleted.v1 process")) == 1  # the copy had no effect
    assert await harness.applied_ids() == [sent.id]
