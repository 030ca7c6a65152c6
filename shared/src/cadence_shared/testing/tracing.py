"""Reading the spans a test kept in memory: by name, and the children of one."""

import contextlib
from collections.abc import Iterator, Sequence

from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from cadence_shared.observability import install_tracer_provider


def keep_spans_in_memory(service: str) -> InMemorySpanExporter:
    """Installs the process's tracer provider (OpenTelemetry takes one per process, so every
    app built afterwards in this process traces) with its spans kept in memory."""
    exporter = InMemorySpanExporter()
    install_tracer_provider(service, SimpleSpanProcessor(exporter))
    return exporter


def named(spans: Sequence[ReadableSpan], name: str) -> list[ReadableSpan]:
    return [span for span in spans if span.name == name]


def children(
    spans: Sequence[ReadableSpan], parent: ReadableSpan, kind: SpanKind | None = None
) -> list[ReadableSpan]:
    """The spans whose parent is ``parent`` (of ``kind`` when given: CLIENT for SQL statements)."""
    return [
        span
        for span in spans
        if span.parent is not None
        and span.parent.span_id == parent.context.span_id
        and (kind is None or span.kind == kind)
    ]


def statements(spans: Sequence[ReadableSpan], parent: ReadableSpan) -> list[str]:
    """The SQL text of the statements traced directly under ``parent``."""
    return [
        str((span.attributes or {}).get("db.statement", span.name))
        for span in children(spans, parent, SpanKind.CLIENT)
    ]


@contextlib.contextmanager
def without_tracer_provider() -> Iterator[None]:
    """The process as if no tracer provider were installed, meanwhile: OpenTelemetry takes one per
    process and never gives it back, so tests of untraced requests (the fast lane steps aside for
    traced ones) that run after a tracing test put it aside here."""
    installed = trace._TRACER_PROVIDER
    trace._TRACER_PROVIDER = None
    try:
        yield
    finally:
        trace._TRACER_PROVIDER = installed
