"""The consumer: one durable quorum queue per handler, inbox + effect in one transaction.

Messages that arrived together are handled as a batch: parse each envelope and its contract (a
failure parks it at once), then in one transaction insert (handler, event id) of all into the
inbox and run the handler for each new one; commit, then ack. If a handler raises, the batch is
rolled back and each event is redone alone, so only the failing one is retried. A redelivered or
duplicate event finds its inbox row and is acked without effect. A handler that raises is
republished to a retry queue whose TTL dead-letters it back after a growing delay, and after
``events_max_attempts`` attempts to the parking queue with its error. A permanent domain error
(``cadence_shared.errors``: the event can never apply) is parked at once with its code.

Each handler consumes on a channel of its own, so a batch is acked with one ``multiple`` ack
(every earlier delivery on that channel is settled by then), after the commit and after its
failures were forwarded. A batch holds at most half the prefetch, so the broker keeps delivering
the next batch while one commits.
"""

import asyncio
import contextlib
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import aio_pika
import structlog
from aio_pika.abc import (
    AbstractChannel,
    AbstractExchange,
    AbstractIncomingMessage,
    AbstractQueue,
    AbstractRobustConnection,
)
from opentelemetry import trace
from opentelemetry.trace import SpanKind
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cadence_shared.errors import DomainError
from cadence_shared.events.broker import (
    ATTEMPT_HEADER,
    DELIVERY_LIMIT,
    ERROR_HEADER,
    PARKED_AT_HEADER,
    Topology,
    declare_exchange,
)
from cadence_shared.events.contracts import Event
from cadence_shared.events.envelope import Envelope, current_traceparent
from cadence_shared.events.store import EventStore
from cadence_shared.metrics import EVENTS_HANDLED
from cadence_shared.observability import ended_together, message_span, start_message_span
from cadence_shared.settings import ServiceSettings

log = structlog.get_logger("cadence.events.consumer")

Handler = Callable[[AsyncSession, Any, Envelope], Awaitable[None]]
MAX_ERROR_LENGTH = 2000


@dataclass(frozen=True, slots=True)
class Subscription:
    """A handler and the event types it receives; its name names its queue."""

    name: str
    contracts: dict[str, type[Event]]
    handler: Handler


class ContractError(ValueError):
    """The message is not an event this handler can read: parked at once, never retried."""


def _sent_in(message: AbstractIncomingMessage) -> str | None:
    """The ``traceparent`` of the relay's publish span the message carries, when it does."""
    sent = (message.headers or {}).get("traceparent")
    return sent if isinstance(sent, str) else None


def attempt_of(message: AbstractIncomingMessage) -> int:
    value = (message.headers or {}).get(ATTEMPT_HEADER, 1)
    return int(value) if isinstance(value, int | str) and str(value).isdigit() else 1


def read(message: AbstractIncomingMessage, subscription: Subscription) -> tuple[Envelope, Event]:
    try:
        envelope = Envelope.from_json(message.body)
    except ValidationError as exc:
        raise ContractError(f"not a CloudEvents envelope: {exc}") from exc
    contract = subscription.contracts.get(envelope.type)
    if contract is None:
        raise ContractError(f"{subscription.name} does not handle {envelope.type!r}")
    try:
        return envelope, envelope.parse(contract)
    except ValidationError as exc:
        raise ContractError(f"data does not match {contract.type}: {exc}") from exc


async def ack_together(messages: list[AbstractIncomingMessage]) -> None:
    """Acks ``messages`` with one ``multiple`` ack per channel, of the highest delivery tag.

    Only for a handler's own channel, whose earlier deliveries are all settled by now. Messages
    of a channel that has closed (the connection dropped) are redelivered: their inbox rows make
    the redeliveries no-ops.
    """
    highest: dict[int, AbstractIncomingMessage] = {}
    for message in messages:
        try:
            key = id(message.channel)
        except aio_pika.exceptions.ChannelInvalidStateError:
            continue
        if key not in highest or (message.delivery_tag or 0) > (highest[key].delivery_tag or 0):
            highest[key] = message
    for message in highest.values():
        try:
            await message.ack(multiple=True)
        except Exception as exc:
            # Committed but not acked (the channel dropped): the redelivery finds the inbox row.
            log.warning("event_ack_failed", event_id=message.message_id, error=str(exc))


class EventConsumer:
    """Consumes a service's subscriptions; ``start()`` declares and subscribes, ``stop()`` ends."""

    def __init__(
        self,
        store: EventStore,
        subscriptions: list[Subscription],
        sessions: async_sessionmaker[AsyncSession],
        settings: ServiceSettings,
    ) -> None:
        self.store = store
        self.subscriptions = subscriptions
        self.sessions = sessions
        self.settings = settings
        self.topology = Topology.from_settings(settings)
        self.applied = 0  # events whose handler committed
        self.duplicates = 0  # events acked without effect: already in the inbox
        self._channels: list[AbstractChannel] = []
        self._publisher: AbstractChannel | None = None
        self._queues: list[tuple[AbstractQueue, str]] = []
        self._drains: list[asyncio.Task[None]] = []

    def queue_name(self, subscription: Subscription) -> str:
        return self.topology.queue(self.store.source, subscription.name)

    @property
    def batch_size(self) -> int:
        return max(
            1, min(self.settings.events_consumer_batch_size, self.settings.amqp_prefetch // 2)
        )

    async def start(self, connection: AbstractRobustConnection) -> None:
        # Retries and parking go through a channel of their own, with publisher confirms.
        self._publisher = await connection.channel(publisher_confirms=True)
        exchange = await declare_exchange(self._publisher, self.topology)
        for subscription in self.subscriptions:
            channel = await connection.channel()
            self._channels.append(channel)
            await channel.set_qos(prefetch_count=self.settings.amqp_prefetch)
            queue = await self._declare(channel, exchange, subscription)
            tag = await queue.consume(self._callback(subscription))
            self._queues.append((queue, tag))

    async def stop(self) -> None:
        for queue, tag in self._queues:
            with contextlib.suppress(Exception):
                await queue.cancel(tag)
        self._queues.clear()
        for drain in self._drains:
            drain.cancel()
        await asyncio.gather(*self._drains, return_exceptions=True)
        self._drains.clear()
        for channel in [*self._channels, self._publisher]:
            if channel is not None:
                with contextlib.suppress(Exception):
                    await channel.close()
        self._channels.clear()

    async def _declare(
        self, channel: AbstractChannel, exchange: AbstractExchange, subscription: Subscription
    ) -> AbstractQueue:
        name = self.queue_name(subscription)
        parking = Topology.parking_queue(name)
        # Classic, so listing it (get, then requeue) never counts toward a delivery limit.
        await channel.declare_queue(parking, durable=True)
        for delay_s in sorted(set(self.settings.events_retry_delays_s)):
            await channel.declare_queue(
                Topology.retry_queue(name, delay_s),
                durable=True,
                arguments={
                    "x-message-ttl": round(delay_s * 1000),
                    "x-dead-letter-exchange": "",
                    "x-dead-letter-routing-key": name,
                },
            )
        queue = await channel.declare_queue(
            name,
            durable=True,
            arguments={
                "x-queue-type": "quorum",
                "x-delivery-limit": DELIVERY_LIMIT,
                "x-dead-letter-exchange": "",
                "x-dead-letter-routing-key": parking,
            },
        )
        for event_type in subscription.contracts:
            await queue.bind(exchange, routing_key=event_type)
        return queue

    def _callback(
        self, subscription: Subscription
    ) -> Callable[[AbstractIncomingMessage], Awaitable[None]]:
        pending: list[AbstractIncomingMessage] = []
        arrived = asyncio.Event()
        self._drains.append(
            asyncio.create_task(self._drain(subscription, pending, arrived), name=subscription.name)
        )

        async def on_message(message: AbstractIncomingMessage) -> None:
            pending.append(message)
            arrived.set()

        return on_message

    async def _drain(
        self,
        subscription: Subscription,
        pending: list[AbstractIncomingMessage],
        arrived: asyncio.Event,
    ) -> None:
        """Handles what has arrived, as one batch: alone when idle, together under load."""
        while True:
            await arrived.wait()
            arrived.clear()
            while pending:
                batch = pending[: self.batch_size]
                del pending[: len(batch)]
                try:
                    await self.handle_batch(subscription, batch)
                except Exception:
                    log.exception("event_batch_failed", handler=subscription.name)
                    for message in batch:
                        with contextlib.suppress(Exception):
                            await message.nack(requeue=True)

    async def handle_batch(
        self, subscription: Subscription, messages: list[AbstractIncomingMessage]
    ) -> list[Envelope]:
        """Applies ``messages`` in one transaction; acks after the commit; retries or parks the
        failures. One commit per batch is what lets a consumer go past the database's commit
        rate. Returns the envelopes applied (duplicates and failures excluded)."""
        readable: list[tuple[AbstractIncomingMessage, Envelope, Event]] = []
        for message in messages:
            try:
                readable.append((message, *read(message, subscription)))
            except ContractError as exc:
                log.error("event_unreadable", handler=subscription.name, error=str(exc)[:500])
                await self._forward(
                    message, self._park_route(subscription), str(exc), attempt_of(message)
                )
        applied: list[tuple[AbstractIncomingMessage, Envelope]] = []
        duplicates: list[AbstractIncomingMessage] = []
        failed: list[tuple[AbstractIncomingMessage, Envelope, Exception]] = []
        # Together first (one transaction, one commit); if anything fails, each alone, so one
        # failing event neither blocks nor takes down the others.
        groups = [readable] if readable else []
        while groups:
            group = groups.pop()
            try:
                done, seen = await self._apply(subscription, group)
            except Exception as exc:
                if len(group) > 1:
                    groups.extend([item] for item in group)
                    continue
                [(message, envelope, _)] = group
                failed.append((message, envelope, exc))
                continue
            applied += done
            duplicates += seen
        self.applied += len(applied)
        self.duplicates += len(duplicates)
        for _, envelope in applied:
            EVENTS_HANDLED.labels(subscription.name, envelope.type, "applied").inc()
        for message in duplicates:
            EVENTS_HANDLED.labels(subscription.name, str(message.type), "duplicate").inc()
        # Forwarded (and acked one by one) before the batch's ack, which covers lower tags.
        for message, envelope, failure in failed:
            await self._retry_or_park(subscription, message, envelope, failure)
        await ack_together([message for message, _ in applied] + duplicates)
        return [envelope for _, envelope in applied]

    async def _apply(
        self,
        subscription: Subscription,
        group: list[tuple[AbstractIncomingMessage, Envelope, Event]],
    ) -> tuple[list[tuple[AbstractIncomingMessage, Envelope]], list[AbstractIncomingMessage]]:
        """Inbox rows + effects of ``group`` in one transaction; raises if any handler does.

        Returns (applied, duplicates) once committed.
        """
        applied: list[tuple[AbstractIncomingMessage, Envelope]] = []
        duplicates: list[AbstractIncomingMessage] = []
        async with self.sessions() as session, session.begin():
            seen = await self._record(session, subscription, group)
            for (message, envelope, event), duplicate in zip(group, seen, strict=True):
                if duplicate:
                    log.info("event_duplicate", event_id=str(envelope.id))
                    duplicates.append(message)
                    continue
                token = current_traceparent.set(envelope.traceparent)
                try:
                    with (
                        message_span(
                            f"{envelope.type} process",
                            _sent_in(message) or envelope.traceparent,
                            SpanKind.CONSUMER,
                            {
                                "messaging.system": "rabbitmq",
                                "messaging.operation.type": "process",
                                "messaging.consumer.group.name": subscription.name,
                                "messaging.message.id": str(envelope.id),
                            },
                        ),
                        structlog.contextvars.bound_contextvars(
                            event_id=str(envelope.id),
                            event_type=envelope.type,
                            handler=subscription.name,
                        ),
                    ):
                        await subscription.handler(session, event, envelope)
                finally:
                    current_traceparent.reset(token)
                applied.append((message, envelope))
        return applied, duplicates

    async def _record(
        self,
        session: AsyncSession,
        subscription: Subscription,
        group: list[tuple[AbstractIncomingMessage, Envelope, Event]],
    ) -> list[bool]:
        """Inserts the group's inbox rows; for each event whether it is a duplicate (its row was
        there already, or it is a second copy in this batch).

        Each event gets an ``<type> inbox`` span in its own trace (beside its ``process`` span):
        its handler, its id and ``cadence.inbox.duplicate``; the insert's SQL is under it when
        the group is that one event (a batch's one statement serves several traces)."""
        spans = [
            start_message_span(
                f"{envelope.type} inbox",
                _sent_in(message) or envelope.traceparent,
                SpanKind.INTERNAL,
                {
                    "messaging.consumer.group.name": subscription.name,
                    "messaging.message.id": str(envelope.id),
                },
            )
            for message, envelope, _ in group
        ]
        current = spans[0] if len(spans) == 1 else None
        seen = []
        with ended_together(spans):
            with trace.use_span(current) if current is not None else contextlib.nullcontext():
                new = await self.store.record_processed(
                    session, handler=subscription.name, envelopes=[item[1] for item in group]
                )
            for (_, envelope, _), span in zip(group, spans, strict=True):
                seen.append(envelope.id not in new)
                new.discard(envelope.id)  # a second copy in the same batch is a duplicate too
                if span is not None:
                    span.set_attribute("cadence.inbox.duplicate", seen[-1])
        return seen

    async def _retry_or_park(
        self,
        subscription: Subscription,
        message: AbstractIncomingMessage,
        envelope: Envelope,
        exc: Exception,
    ) -> None:
        """A permanent domain error (the event can never apply) is parked at once with its code;
        anything else is retried with growing delays, then parked."""
        attempt = attempt_of(message)
        permanent = isinstance(exc, DomainError) and exc.permanent
        error = (
            f"{exc.code}: {exc}" if isinstance(exc, DomainError) else f"{type(exc).__name__}: {exc}"
        )
        parking = permanent or attempt >= self.settings.events_max_attempts
        outcome = "parked" if parking else "retried"
        EVENTS_HANDLED.labels(subscription.name, envelope.type, outcome).inc()
        if parking:
            log.error(
                "event_parked",
                event_id=str(envelope.id),
                attempt=attempt,
                error=error,
                permanent=permanent,
            )
            route = self._park_route(subscription)
        else:
            log.warning("event_retry", event_id=str(envelope.id), attempt=attempt, error=error)
            route = self._retry_route(subscription, attempt)
        await self._forward(message, route, error, attempt)

    def _retry_route(self, subscription: Subscription, attempt: int) -> tuple[str, int]:
        delays = self.settings.events_retry_delays_s
        delay_s = delays[min(attempt, len(delays)) - 1]
        return Topology.retry_queue(self.queue_name(subscription), delay_s), attempt + 1

    def _park_route(self, subscription: Subscription) -> tuple[str, int]:
        return Topology.parking_queue(self.queue_name(subscription)), 0

    async def _forward(
        self, message: AbstractIncomingMessage, route: tuple[str, int], error: str, attempt: int
    ) -> None:
        """Republishes the message to a retry queue (attempt > 0) or the parking queue, then acks.

        Publish before ack: a crash in between duplicates the message, which the inbox absorbs.
        """
        queue, next_attempt = route
        headers: dict[str, Any] = dict(message.headers or {})
        headers.pop("x-death", None)
        headers[ERROR_HEADER] = error[:MAX_ERROR_LENGTH]
        headers[ATTEMPT_HEADER] = next_attempt or attempt
        if not next_attempt:
            headers[PARKED_AT_HEADER] = datetime.now(UTC).isoformat()
        forwarded = aio_pika.Message(
            message.body,
            headers=headers,
            content_type=message.content_type,
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            message_id=message.message_id or str(uuid.uuid4()),
            type=message.type,
            timestamp=message.timestamp,
        )
        if self._publisher is None:
            raise RuntimeError("the consumer is not started")
        try:
            await asyncio.wait_for(
                self._publisher.default_exchange.publish(forwarded, routing_key=queue),
                self.settings.events_publish_timeout_s,
            )
            await message.ack()
        except Exception as exc:
            log.warning("event_forward_failed", queue=queue, error=str(exc))
            with contextlib.suppress(Exception):
                await message.nack(requeue=True)
