"""Tracing with OpenTelemetry: one trace per user action, across HTTP, the outbox and the broker.

On when the process's settings name an OTLP collector (``OTLP_ENDPOINT``), or when a test has
installed an SDK tracer provider of its own (``install_tracer_provider``). Off, nothing is
instrumented and the helpers below return at their first line: a request pays one boolean test.

What is traced once on:

- every HTTP request (the ASGI server span, named by its route template: ``GET /tasks/{task_id}``),
  the SQL it runs (SQLAlchemy), its Redis calls and its outgoing httpx calls (which pass the
  ``traceparent`` on);
- an event written to the outbox carries the current span's ``traceparent`` in its envelope
  (``cadence_shared.events.envelope.child_traceparent``), the relay publishes each message in a
  ``publish`` span of that trace, and the consumer handles it in a ``process`` span continuing it,
  its handler's SQL included: HTTP -> outbox -> relay -> broker -> consumer is one trace.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased
from opentelemetry.trace import Span, SpanKind, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from cadence_shared.settings import CoreSettings

if TYPE_CHECKING:
    from fastapi import FastAPI
    from sqlalchemy.ext.asyncio import AsyncEngine

TRACER_NAME = "cadence"
_PROPAGATOR = TraceContextTextMapPropagator()
_state = {"on": False, "libraries": False}


def tracing_on() -> bool:
    return _state["on"]


def install_tracer_provider(
    service: str, *processors: SpanProcessor, sample_ratio: float = 1.0
) -> TracerProvider:
    """The process's tracer provider (OpenTelemetry allows one): spans go to ``processors``."""
    provider = TracerProvider(
        resource=Resource.create({"service.name": service}),
        sampler=ParentBased(TraceIdRatioBased(sample_ratio)),
    )
    for processor in processors:
        provider.add_span_processor(processor)
    trace.set_tracer_provider(provider)
    return provider


def configure_tracing(settings: CoreSettings) -> bool:
    """Turns tracing on for this process when its settings name a collector (or a provider is
    already installed); returns whether it is on."""
    if settings.otlp_endpoint and not isinstance(trace.get_tracer_provider(), TracerProvider):
        # Imported here: the exporter pulls in protobuf, which a process without tracing skips.
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        exporter = OTLPSpanExporter(endpoint=f"{settings.otlp_endpoint.rstrip('/')}/v1/traces")
        install_tracer_provider(
            settings.service_name,
            BatchSpanProcessor(exporter),
            sample_ratio=settings.trace_sample_ratio,
        )
    _state["on"] = isinstance(trace.get_tracer_provider(), TracerProvider)
    if _state["on"] and not _state["libraries"]:
        _instrument_libraries()
    return _state["on"]


def _instrument_libraries() -> None:
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
    from opentelemetry.instrumentation.redis import RedisInstrumentor

    HTTPXClientInstrumentor().instrument()
    RedisInstrumentor().instrument()
    _state["libraries"] = True


def trace_requests(app: "FastAPI") -> None:
    """A server span per request, as the outermost middleware, when tracing is on. It is renamed
    to the route template once routing has matched (the request middleware calls
    ``name_server_span``)."""
    if not tracing_on():
        return
    from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware

    # No span per ASGI send/receive message: two or three extra spans per request, no insight.
    app.add_middleware(OpenTelemetryMiddleware, exclude_spans=["receive", "send"])


def instrument_engine(engine: "AsyncEngine") -> None:
    """A span per SQL statement of ``engine`` when tracing is on."""
    if not tracing_on():
        return
    from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
    from opentelemetry.metrics import get_meter

    # The engine's listeners directly, not ``SQLAlchemyInstrumentor().instrument(engine=...)``:
    # an instrumentor instruments once per process, so a second engine (three services' apps
    # in one test, a worker's) was left untraced. The events it listens to are unchanged in
    # SQLAlchemy 2.1 (the tracing tests see the statements).
    usage = get_meter(TRACER_NAME).create_up_down_counter("db.client.connections.usage")
    tracer = trace.get_tracer("opentelemetry.instrumentation.sqlalchemy")
    EngineTracer(tracer, engine.sync_engine, usage)  # type: ignore[no-untyped-call]


def name_server_span(method: str, route: str) -> None:
    if not tracing_on():
        return
    span = trace.get_current_span()
    span.update_name(f"{method} {route}")
    span.set_attribute("http.route", route)


def span_ids() -> tuple[str, str] | None:
    """The current span's trace and span id (hex), for log lines; None when there is none."""
    if not tracing_on():
        return None
    context = trace.get_current_span().get_span_context()
    if not context.is_valid:
        return None
    return f"{context.trace_id:032x}", f"{context.span_id:016x}"


def current_traceparent_header() -> str | None:
    """The W3C ``traceparent`` of the current span, when tracing is on and there is one."""
    if not tracing_on():
        return None
    carrier: dict[str, str] = {}
    _PROPAGATOR.inject(carrier)
    return carrier.get("traceparent")


@contextmanager
def message_span(
    name: str, traceparent: str, kind: SpanKind, attributes: dict[str, Any]
) -> Iterator[Span | None]:
    """A span continuing the trace of a message's ``traceparent`` (its envelope's), current
    inside the block; nothing when tracing is off."""
    if not tracing_on():
        yield None
        return
    parent = _PROPAGATOR.extract({"traceparent": traceparent})
    tracer = trace.get_tracer(TRACER_NAME)
    with tracer.start_as_current_span(
        name, context=parent, kind=kind, attributes=attributes
    ) as span:
        yield span


@contextmanager
def ended_together(spans: list[Span | None]) -> Iterator[None]:
    """Ends ``spans`` (those of ``start_message_span``) when the block ends; an exception marks
    each of them failed first."""
    try:
        yield
    except Exception as exc:
        for span in spans:
            if span is not None:
                span.record_exception(exc)
                span.set_status(StatusCode.ERROR)
        raise
    finally:
        for span in spans:
            if span is not None:
                span.end()


def traceparent_of(span: Span) -> str:
    """The W3C ``traceparent`` naming ``span`` as the parent (what a message carries onward)."""
    context = span.get_span_context()
    return f"00-{context.trace_id:032x}-{context.span_id:016x}-{int(context.trace_flags):02x}"


def start_message_span(
    name: str, traceparent: str, kind: SpanKind, attributes: dict[str, Any]
) -> Span | None:
    """Like ``message_span`` for spans that end together later (a relay batch's publishes)."""
    if not tracing_on():
        return None
    parent = _PROPAGATOR.extract({"traceparent": traceparent})
    return trace.get_tracer(TRACER_NAME).start_span(
        name, context=parent, kind=kind, attributes=attributes
    )
