"""The wire format: a CloudEvents 1.0 envelope (structured JSON mode) plus W3C ``traceparent``."""

import builtins
import re
import secrets
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar

import orjson
from pydantic import BaseModel, ConfigDict

from cadence_shared.events.contracts import Event
from cadence_shared.observability import current_traceparent_header

E = TypeVar("E", bound=Event)

CONTENT_TYPE = "application/cloudevents+json"
TRACEPARENT_PATTERN = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")

current_traceparent: ContextVar[str | None] = ContextVar("current_traceparent", default=None)
"""The trace the current code runs in. A consumer sets it to the event it handles, so events a
handler publishes continue that trace; an HTTP middleware may set it from a request header."""


def child_traceparent(parent: str | None = None) -> str:
    """The trace an event written now belongs to: with tracing on, the current span's own
    ``traceparent`` (the consumer's span becomes its child); else a new span id in the trace of
    ``parent`` (or of the context), a new trace when there is none."""
    if parent is None and (traced := current_traceparent_header()) is not None:
        return traced
    parent = parent or current_traceparent.get()
    match = TRACEPARENT_PATTERN.match(parent) if parent else None
    trace_id = match.group(1) if match else secrets.token_hex(16)
    flags = match.group(3) if match else "01"
    return f"00-{trace_id}-{secrets.token_hex(8)}-{flags}"


class Envelope(BaseModel):
    """One event as it travels: CloudEvents attributes, the ``traceparent`` extension and data."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    specversion: Literal["1.0"] = "1.0"
    id: uuid.UUID
    source: str
    type: str
    time: datetime
    subject: str | None = None
    datacontenttype: Literal["application/json"] = "application/json"
    traceparent: str
    data: dict[str, Any]

    @classmethod
    def wrap(
        cls,
        event: Event,
        *,
        source: str,
        subject: str | None = None,
        traceparent: str | None = None,
    ) -> "Envelope":
        return cls(
            id=uuid.uuid4(),
            source=source,
            type=event.type,
            time=datetime.now(UTC),
            subject=subject,
            traceparent=traceparent or child_traceparent(),
            data=event.model_dump(mode="json"),
        )

    def to_json(self) -> bytes:
        return orjson.dumps(self.model_dump(mode="json", exclude_none=True))

    @classmethod
    def from_json(cls, body: bytes) -> "Envelope":
        return cls.model_validate_json(body)

    def parse(self, contract: builtins.type[E]) -> E:
        """The data as its contract; raises pydantic.ValidationError when it does not fit."""
        if self.type != contract.type:
            raise ValueError(f"event type {self.type!r} is not {contract.type!r}")
        return contract.model_validate(self.data)
