"""One trace across three services, in process (no stack needed): a run upload to runs, the event
it writes, the relay's publish, and the consumers in tracks (plays) and fitness (cardio), each
with its SQL. Real Postgres, Redis and RabbitMQ; spans kept in memory."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from cadence_shared.testing import TestUser
from cadence_shared.testing.plugin import serve_app
from cadence_shared.testing.tracing import children, keep_spans_in_memory, named, statements
from cadence_shared.testing.waiting import eventually
from fitness_service.main import build_app as build_fitness
from fitness_service.settings import Settings as FitnessSettings
from harness import a_run
from runs_service.main import build_app as build_runs
from runs_service.settings import Settings as RunsSettings
from tracks_service.main import build_app as build_tracks
from tracks_service.settings import Settings as TracksSettings

PUBLISH = "runs.run.completed.v1 publish"
PROCESS = "runs.run.completed.v1 process"
INBOX = "runs.run.completed.v1 inbox"


@pytest.fixture(scope="module")
def exporter() -> Iterator[InMemorySpanExporter]:
    exporter = keep_spans_in_memory("trace-tree-test")
    yield exporter
    exporter.shutdown()


async def test_a_run_upload_is_one_trace_through_runs_tracks_and_fitness(
    exporter: InMemorySpanExporter,
    service_settings: Callable[[str], dict[str, Any]],
    make_user: Callable[..., TestUser],
) -> None:
    # Built after the provider is installed: their engines and requests are traced.
    tracks = build_tracks(TracksSettings(**service_settings("tracks")))
    fitness = build_fitness(FitnessSettings(**service_settings("fitness")))
    runs = build_runs(RunsSettings(**service_settings("runs")))
    user = make_user()
    # The consumers first, so their queues exist before runs publishes.
    async with serve_app(tracks), serve_app(fitness), serve_app(runs) as client:
        exporter.clear()
        response = await client.post("/api/v1/runs", json=a_run(), headers=user.headers)
        assert response.status_code == 201, response.text
        await eventually(
            lambda: len(named(exporter.get_finished_spans(), PROCESS)) == 2,
            what="both consumers' process spans ended",
        )
    spans = exporter.get_finished_spans()
    [server] = [s for s in named(spans, "POST /api/v1/runs") if s.kind == SpanKind.SERVER]
    assert any("event_outbox" in sql for sql in statements(spans, server)), "the outbox insert"
    [publish] = named(spans, PUBLISH)
    assert (publish.kind, parent_of(publish)) == (SpanKind.PRODUCER, server.context.span_id)
    processes = {consumer_group(span): span for span in named(spans, PROCESS)}
    assert set(processes) == {"record-plays", "record-cardio"}
    for group, schema in (("record-plays", "tracks."), ("record-cardio", "fitness.")):
        process = processes[group]
        assert (process.kind, parent_of(process)) == (SpanKind.CONSUMER, publish.context.span_id)
        handled = statements(spans, process)
        assert any(schema in sql for sql in handled), f"{group}'s SQL under its span: {handled}"
    # Each consumer's inbox step before it: the event was new there.
    inboxes = {consumer_group(span): span for span in named(spans, INBOX)}
    assert set(inboxes) == set(processes)
    for inbox in inboxes.values():
        assert parent_of(inbox) == publish.context.span_id
        assert (inbox.attributes or {})["cadence.inbox.duplicate"] is False
        assert any("event_inbox" in sql for sql in statements(spans, inbox)), "the inbox insert"
    tree = [server, publish, *processes.values(), *inboxes.values()]
    tree += [child for span in tree for child in children(spans, span)]
    assert {span.context.trace_id for span in tree} == {server.context.trace_id}


def parent_of(span: ReadableSpan) -> int | None:
    return span.parent.span_id if span.parent is not None else None


def consumer_group(span: ReadableSpan) -> str:
    return str((span.attributes or {})["messaging.consumer.group.name"])
