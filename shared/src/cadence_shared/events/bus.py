"""EventBus: a service's subscriptions, and running its relay and consumer (in process or alone)."""

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from functools import partial
from typing import Any, TypeVar

import structlog
from aio_pika.abc import AbstractRobustConnection
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from cadence_shared.context import DATABASE, EVENTS, Resource, ServiceContext, StartupError
from cadence_shared.events.broker import connect
from cadence_shared.events.consumer import EventConsumer, Subscription
from cadence_shared.events.contracts import Event
from cadence_shared.events.envelope import Envelope
from cadence_shared.events.relay import OutboxRelay
from cadence_shared.events.store import EventStore
from cadence_shared.settings import ServiceSettings

log = structlog.get_logger("cadence.events")

E = TypeVar("E", bound=Event)
TypedHandler = Callable[[AsyncSession, E, Envelope], Awaitable[None]]
# A handler that needs what the process opened (a mailer, an HTTP client, storage): it is given
# the service context first. Registered with ``subscribe_with_context``.
ContextHandler = Callable[[ServiceContext, AsyncSession, E, Envelope], Awaitable[None]]


class BrokerUnavailable(RuntimeError):
    pass


class EventBus:
    """All of a service's subscriptions, in one place (the service's ``events.py``)::

        bus = EventBus(events)  # the EventStore of models.py

        @bus.subscribe("erase-user-data", UserDeleted)
        async def erase_user_data(session: AsyncSession, event: UserDeleted, envelope: Envelope):
            ...  # the effect, in ``session``'s transaction; never commit here

    ``bus.resource`` is a ``create_app`` resource running the relay and the consumer in the
    service process; ``cadence-events <service> worker`` runs them on their own.
    """

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self.subscriptions: list[Subscription] = []
        self._context_handlers: dict[str, ContextHandler[Any]] = {}

    def subscribe(
        self, name: str, *contracts: type[E]
    ) -> Callable[[TypedHandler[E]], TypedHandler[E]]:
        """Registers a handler for ``contracts``; ``name`` names its queue, keep it stable."""
        if not contracts:
            raise ValueError("a subscription needs at least one event type")
        if any(existing.name == name for existing in self.subscriptions):
            raise ValueError(f"a subscription is already named {name!r}")

        def register(handler: TypedHandler[E]) -> TypedHandler[E]:
            self.subscriptions.append(
                Subscription(name, {contract.type: contract for contract in contracts}, handler)
            )
            return handler

        return register

    def subscribe_with_context(
        self, name: str, *contracts: type[E]
    ) -> Callable[[ContextHandler[E]], ContextHandler[E]]:
        """Like ``subscribe``, for a handler that takes the service context first::

        @bus.subscribe_with_context("send-mail", MailRequested)
        async def send_mail(context, session, event, envelope): ...
        """

        def register(handler: ContextHandler[E]) -> ContextHandler[E]:
            async def unbound(session: AsyncSession, event: E, envelope: Envelope) -> None:
                raise StartupError(f"{name!r} needs the service context: run the bus with one")

            self.subscribe(name, *contracts)(unbound)
            self._context_handlers[name] = handler
            return handler

        return register

    def only(self, names: Sequence[str]) -> "EventBus":
        """The same store with only the named subscriptions: what a worker process consumes."""
        unknown = set(names) - {subscription.name for subscription in self.subscriptions}
        if unknown:
            raise StartupError(f"no subscription named {', '.join(sorted(unknown))}")
        subset = EventBus(self.store)
        subset.subscriptions = [s for s in self.subscriptions if s.name in names]
        subset._context_handlers = {
            name: handler for name, handler in self._context_handlers.items() if name in names
        }
        return subset

    def bound_subscriptions(self, context: ServiceContext | None) -> list[Subscription]:
        """The subscriptions, with context handlers given ``context``."""
        if context is None:
            return list(self.subscriptions)
        return [
            Subscription(s.name, s.contracts, partial(self._context_handlers[s.name], context))
            if s.name in self._context_handlers
            else s
            for s in self.subscriptions
        ]

    @asynccontextmanager
    async def running(
        self,
        settings: ServiceSettings,
        engine: AsyncEngine,
        sessions: async_sessionmaker[AsyncSession],
        *,
        relay: bool = True,
        consume: bool = True,
        context: ServiceContext | None = None,
    ) -> AsyncIterator["RunningBus"]:
        """Connects (in the background, so a broker outage never blocks start-up) and runs.
        ``context`` is what handlers registered with ``subscribe_with_context`` receive."""
        running = RunningBus(
            self, settings, engine, sessions, relay=relay, consume=consume, context=context
        )
        task = asyncio.create_task(running.run(), name=f"event-bus-{self.store.source}")
        try:
            yield running
        finally:
            await _cancelled(task)

    @property
    def resource(self) -> Resource:
        """The relay and consumer inside the service process (``create_app(bus=...)`` opens it
        after the database); each can be turned off in settings when a worker command runs it."""
        return Resource(EVENTS, self._open_in_process, needs=(DATABASE,))

    @asynccontextmanager
    async def _open_in_process(self, context: ServiceContext) -> AsyncIterator["RunningBus"]:
        settings = context.settings
        if not isinstance(settings, ServiceSettings):
            raise StartupError(f"{settings.service_name}'s settings lack the event groups")
        database = context.database
        async with self.running(
            settings,
            database.engine,
            database.sessions,
            relay=settings.events_relay_in_process,
            consume=settings.events_consumer_in_process,
            context=context,
        ) as running:
            context.add_health_check("broker", running.broker_check)
            context.add_health_check("outbox", running.outbox_check)
            yield running


class RunningBus:
    """A started bus: its connection, relay and consumer, and their health checks."""

    def __init__(
        self,
        bus: EventBus,
        settings: ServiceSettings,
        engine: AsyncEngine,
        sessions: async_sessionmaker[AsyncSession],
        *,
        relay: bool,
        consume: bool,
        context: ServiceContext | None = None,
    ) -> None:
        self.bus = bus
        self.settings = settings
        self.engine = engine
        self.connections: list[AbstractRobustConnection] = []
        self.relay = OutboxRelay(bus.store, engine, settings) if relay else None
        self.consumer = (
            EventConsumer(bus.store, bus.bound_subscriptions(context), sessions, settings)
            if consume and bus.subscriptions
            else None
        )
        self.reconnects = 0
        self.ready = asyncio.Event()  # set once the consumer's queues are declared and consumed

    async def run(self) -> None:
        # The relay and the consumer each get a connection: when the broker throttles a
        # publishing connection (flow control), the consumer's acks must not wait behind it, and
        # neither shares the other's socket reader and writer.
        roles = [role for role, on in (("consumer", self.consumer), ("relay", self.relay)) if on]
        connections = dict(
            zip(
                roles,
                await asyncio.gather(
                    *(connect(self.settings, name=f"events-{role}") for role in roles)
                ),
                strict=True,
            )
        )
        for connection in connections.values():
            connection.reconnect_callbacks.add(self._reconnected)
        self.connections = list(connections.values())
        try:
            if self.consumer is not None:
                await self.consumer.start(connections["consumer"])
            self.ready.set()
            log.info(
                "event_bus_started", relay=self.relay is not None, consumer=bool(self.consumer)
            )
            if self.relay is not None:
                await self.relay.run(connections["relay"])
            else:
                await asyncio.Event().wait()
        except Exception:
            log.exception("event_bus_failed")
            raise
        finally:
            if self.consumer is not None:
                await self.consumer.stop()
            for connection in self.connections:
                await connection.close()

    @property
    def connection(self) -> AbstractRobustConnection | None:
        """A broker connection of this bus (for operations such as listing parked messages)."""
        return self.connections[0] if self.connections else None

    def _reconnected(self, *_: Any) -> None:
        self.reconnects += 1
        log.info("broker_reconnected", reconnects=self.reconnects)

    async def broker_check(self) -> dict[str, Any]:
        if not self.connections or any(connection.is_closed for connection in self.connections):
            raise BrokerUnavailable("not connected to the broker")
        return {}

    async def outbox_check(self) -> dict[str, Any]:
        async with self.engine.connect() as conn:
            backlog = await self.bus.store.backlog(conn)
        oldest = backlog.oldest_unsent_at
        age_s = (datetime.now(UTC) - oldest).total_seconds() if oldest is not None else 0.0
        return {"unsent": backlog.unsent, "oldest_unsent_age_s": round(max(age_s, 0.0), 3)}

    async def inbox_sizes(self) -> dict[str, int]:
        async with self.engine.connect() as conn:
            return await self.bus.store.inbox_sizes(conn)


async def _cancelled(task: "asyncio.Task[None]", *, ask_every_s: float = 1.0) -> None:
    """Cancels ``task`` and waits for it to end, cancelling again while it has not: a cancel
    that lands in aio-pika or aiormq while a channel is being opened can be swallowed there
    (logged as "Closing channel ... because RPC call ... cancelled"), and waiting for the task
    after one cancel then hung a service's shutdown (seen in CI, under load)."""
    task.cancel()
    while not task.done():
        await asyncio.wait({task}, timeout=ask_every_s)
        if not task.done():
            log.warning("event_bus_cancel_repeated", task=task.get_name())
            task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        task.result()
