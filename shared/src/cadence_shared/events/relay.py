"""The outbox relay: publishes committed outbox rows to the topic exchange, then marks them sent.

Safe with many replicas: each batch is claimed with ``FOR UPDATE SKIP LOCKED`` and its rows stay
locked until the broker has confirmed every message, so no two relays publish the same row. The
claim marks the rows sent in the same statement, but that mark commits only once every message is
confirmed; a failed or timed-out publish rolls it back. A crash between the confirms and the
commit republishes the batch: consumers' inboxes drop the duplicates.

A batch's messages are all written to the socket first and their confirms awaited together, so a
batch costs one confirm round trip (the broker's fsync), not one per message.
"""

import asyncio
import contextlib
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any, cast

import aio_pika
import aiormq
import asyncpg
import orjson
import structlog
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage, AbstractRobustConnection
from opentelemetry.trace import SpanKind
from sqlalchemy import Text, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from cadence_shared.events.broker import Backoff, Topology, declare_exchange
from cadence_shared.events.envelope import CONTENT_TYPE
from cadence_shared.events.store import EventStore
from cadence_shared.metrics import EVENTS_PUBLISHED
from cadence_shared.observability import (
    ended_together,
    start_message_span,
    traceparent_of,
    tracing_on,
)
from cadence_shared.settings import ServiceSettings

log = structlog.get_logger("cadence.events.relay")

PURGE_EVERY_S = 60.0


def outgoing_message(envelope: dict[str, Any]) -> aio_pika.Message:
    return aio_pika.Message(
        orjson.dumps(envelope),
        content_type=CONTENT_TYPE,
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        message_id=envelope["id"],
        type=envelope["type"],
        timestamp=datetime.fromisoformat(envelope["time"]),
        headers={"traceparent": envelope["traceparent"]},
    )


def _properties(body: bytes) -> aiormq.spec.Basic.Properties:
    """The AMQP properties of an envelope as stored (JSON text): the same as ``outgoing_message``,
    without decoding and re-encoding the whole envelope through Python objects."""
    envelope = orjson.loads(body)
    return aiormq.spec.Basic.Properties(
        content_type=CONTENT_TYPE,
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT.value,
        message_id=envelope["id"],
        message_type=envelope["type"],
        timestamp=datetime.fromisoformat(envelope["time"]),
        headers={"traceparent": envelope["traceparent"]},
    )


@contextlib.contextmanager
def publish_spans(exchange: str, messages: list[aiormq.spec.Basic.Properties]) -> Iterator[None]:
    """A producer span per message, in the trace its envelope carries, for as long as the batch
    takes to be confirmed (the messages go out together); none when tracing is off."""
    if not tracing_on():
        yield
        return
    spans = [
        start_message_span(
            f"{properties.message_type} publish",
            str((properties.headers or {}).get("traceparent", "")),
            SpanKind.PRODUCER,
            {
                "messaging.system": "rabbitmq",
                "messaging.operation.type": "send",
                "messaging.destination.name": exchange,
                "messaging.message.id": str(properties.message_id),
            },
        )
        for properties in messages
    ]
    # The message carries its publish span on: the consumer's span is that span's child (the
    # envelope keeps the request's ``traceparent``, what a replay from the outbox continues).
    for properties, span in zip(messages, spans, strict=True):
        if span is not None and properties.headers is not None:
            properties.headers["traceparent"] = traceparent_of(span)
    with ended_together(spans):
        yield


def _log_returned(_: Any, message: AbstractIncomingMessage) -> None:
    # mandatory=True: the broker hands back an event no queue is bound for, instead of dropping it.
    log.warning(
        "event_unroutable",
        event_id=message.message_id,
        event_type=message.type,
        reason="no queue is bound to this event type",
    )


class OutboxRelay:
    """Moves a service's outbox to the broker; ``run()`` until cancelled."""

    def __init__(
        self,
        store: EventStore,
        engine: AsyncEngine,
        settings: ServiceSettings,
    ) -> None:
        self.store = store
        self.engine = engine
        self.settings = settings
        self.topology = Topology.from_settings(settings)
        self.published = 0  # messages confirmed by the broker, for tests and logs
        self._wake = asyncio.Event()
        self._last_purge = 0.0
        outbox = store.outbox
        unsent = (
            select(outbox.c.seq)
            .where(outbox.c.published_at.is_(None))
            .order_by(outbox.c.seq)
            .limit(settings.events_relay_batch_size)
            .with_for_update(skip_locked=True)
        )
        self._claim = (
            update(outbox)
            .where(outbox.c.seq.in_(unsent.scalar_subquery()))
            .values(published_at=func.now())
            .returning(outbox.c.seq, outbox.c.envelope.cast(Text))
        )

    async def run(self, connection: AbstractRobustConnection) -> None:
        listener = asyncio.create_task(self._listen(), name="outbox-listen")
        try:
            channel = await connection.channel(publisher_confirms=True)
            channel.return_callbacks.add(_log_returned)
            await declare_exchange(channel, self.topology)
            backoff = Backoff(self.settings.events_reconnect_max_s)
            while True:
                # Cleared before the claim: a NOTIFY arriving while the batch is out is kept,
                # and the wait below returns at once for the rows it announced.
                self._wake.clear()
                try:
                    sent = await self.relay_batch(channel)
                except Exception as exc:
                    log.warning("relay_failed", error=f"{type(exc).__name__}: {exc}")
                    await backoff.wait()
                    continue
                backoff.reset()
                if sent < self.settings.events_relay_batch_size:
                    await self._idle()
        finally:
            listener.cancel()

    async def relay_batch(self, channel: AbstractChannel) -> int:
        """Publishes one batch of unsent events; returns how many."""
        async with self.engine.begin() as conn:
            rows = sorted((await conn.execute(self._claim)).all())  # RETURNING has no order
            if not rows:
                return 0
            await asyncio.wait_for(
                self._publish_confirmed(channel, [body.encode() for _, body in rows]),
                self.settings.events_publish_timeout_s,
            )
        self.published += len(rows)
        return len(rows)

    async def _publish_confirmed(self, channel: AbstractChannel, bodies: list[bytes]) -> None:
        """Publishes every message and waits for all their confirms; raises if one is nacked.

        Straight on the channel underneath, not flushing the socket after each message (as
        aio-pika's ``publish`` does, holding the channel's lock meanwhile). A message no queue is
        bound for comes back (mandatory) and is logged by ``_log_returned``.
        """
        # aiormq's concrete channel: its basic_publish takes ``wait`` (the abstract one does not).
        underlay = cast(aiormq.Channel, await channel.get_underlay_channel())
        messages = [(body, _properties(body)) for body in bodies]
        with publish_spans(self.topology.exchange, [properties for _, properties in messages]):
            await asyncio.gather(
                *(
                    underlay.basic_publish(
                        body,
                        exchange=self.topology.exchange,
                        routing_key=str(properties.message_type),
                        properties=properties,
                        mandatory=True,
                        wait=False,
                    )
                    for body, properties in messages
                )
            )
        for _, properties in messages:
            EVENTS_PUBLISHED.labels(properties.message_type).inc()

    async def _idle(self) -> None:
        """Waits for a NOTIFY (or the poll interval); purges old sent rows now and then."""
        if time.monotonic() - self._last_purge > PURGE_EVERY_S:
            self._last_purge = time.monotonic()
            await self._purge()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), self.settings.events_relay_poll_s)

    async def _purge(self) -> None:
        outbox = self.store.outbox
        cutoff = func.now() - func.make_interval(
            0, 0, 0, 0, 0, 0, self.settings.events_outbox_retention_s
        )
        async with self.engine.begin() as conn:
            await conn.execute(delete(outbox).where(outbox.c.published_at < cutoff))

    async def _listen(self) -> None:
        """LISTENs on the outbox channel on a connection of its own; reconnects when it drops."""
        url = self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        backoff = Backoff(self.settings.events_reconnect_max_s)
        while True:
            try:
                connection = await asyncpg.connect(url, timeout=5)
            except (OSError, asyncpg.PostgresError) as exc:
                log.warning("outbox_listen_failed", error=str(exc))
                await backoff.wait()
                continue
            backoff.reset()
            try:
                await self._listen_until_lost(connection)
            finally:
                with contextlib.suppress(Exception):
                    await connection.close(timeout=2)

    async def _listen_until_lost(self, connection: asyncpg.Connection) -> None:
        lost = asyncio.Event()
        connection.add_termination_listener(lambda _: lost.set())
        await connection.add_listener(self.store.channel, lambda *_: self._wake.set())
        self._wake.set()  # rows may have been added while no one listened
        await lost.wait()
