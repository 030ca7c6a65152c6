"""RabbitMQ names and connections: every name derives from the settings' prefix."""

import asyncio
import random
from dataclasses import dataclass

import aio_pika
import structlog
from aio_pika.abc import AbstractChannel, AbstractExchange, AbstractRobustConnection

from cadence_shared.settings import ServiceSettings

log = structlog.get_logger("cadence.events")

ATTEMPT_HEADER = "x-cadence-attempt"
ERROR_HEADER = "x-cadence-error"
PARKED_AT_HEADER = "x-cadence-parked-at"
# Deliveries a message may take without being acked or retried (a consumer crashing on it each
# time) before the broker itself dead-letters it to the parking queue.
DELIVERY_LIMIT = 10


@dataclass(frozen=True, slots=True)
class Topology:
    prefix: str
    exchange_name: str

    @classmethod
    def from_settings(cls, settings: ServiceSettings) -> "Topology":
        return cls(prefix=settings.amqp_prefix, exchange_name=settings.amqp_exchange)

    @property
    def exchange(self) -> str:
        return f"{self.prefix}.{self.exchange_name}"

    def queue(self, service: str, handler: str) -> str:
        return f"{self.prefix}.{service}.{handler}"

    @staticmethod
    def retry_queue(queue: str, delay_s: float) -> str:
        return f"{queue}.retry.{round(delay_s * 1000)}ms"

    @staticmethod
    def parking_queue(queue: str) -> str:
        return f"{queue}.parked"


class Backoff:
    """Growing, jittered delays: 0.1 s doubling up to ``maximum_s``; ``reset`` after a success."""

    def __init__(self, maximum_s: float, initial_s: float = 0.1) -> None:
        self.initial_s = initial_s
        self.maximum_s = maximum_s
        self.current_s = initial_s

    def reset(self) -> None:
        self.current_s = self.initial_s

    async def wait(self) -> None:
        delay = min(self.current_s, self.maximum_s)
        self.current_s = min(self.current_s * 2, self.maximum_s)
        await asyncio.sleep(delay * random.uniform(0.8, 1.2))


class _RobustConnection(aio_pika.RobustConnection):
    """aio-pika's robust connection, closed when its first connect is cancelled.

    aio-pika runs the connect in a reconnection task of its own that survives the caller's
    cancellation and, until ``close()``, treats being cancelled as a reason to reconnect. A
    bus stopped while it was still reaching the broker (a short test session, a service shut
    down at once) then left that task behind, and the event loop never finished closing: the
    process hung at exit (seen as the scaffold test's inner pytest never ending under load).
    """

    async def connect(self, timeout: float | int | None = None) -> None:  # noqa: ASYNC109 (aio-pika's signature)
        try:
            await super().connect(timeout)
        except asyncio.CancelledError:
            await asyncio.shield(self.close())
            raise


async def connect(settings: ServiceSettings, *, name: str) -> AbstractRobustConnection:
    """A robust connection (it reconnects and restores its channels, queues and consumers).

    The first connection is retried with back-off, so a service starts while the broker is down.
    """
    backoff = Backoff(settings.events_reconnect_max_s)
    while True:
        try:
            return await aio_pika.connect_robust(
                settings.amqp_url,
                heartbeat=settings.amqp_heartbeat_s,
                reconnect_interval=settings.amqp_reconnect_interval_s,
                client_properties={"connection_name": f"{settings.service_name}-{name}"},
                connection_class=_RobustConnection,
            )
        except (OSError, aio_pika.exceptions.AMQPError) as exc:
            log.warning("broker_connect_failed", error=str(exc), connection=name)
            await backoff.wait()


async def declare_exchange(channel: AbstractChannel, topology: Topology) -> AbstractExchange:
    return await channel.declare_exchange(
        topology.exchange, aio_pika.ExchangeType.TOPIC, durable=True
    )
