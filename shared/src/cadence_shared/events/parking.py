"""The parking queues: list, replay and drop parked messages (behind ``cadence-events``)."""

import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractConnection, AbstractIncomingMessage

from cadence_shared.events.broker import ATTEMPT_HEADER, ERROR_HEADER, PARKED_AT_HEADER, Topology


@dataclass(frozen=True, slots=True)
class ParkedMessage:
    event_id: str | None
    event_type: str | None
    attempts: int | None
    error: str | None
    parked_at: str | None


def describe(message: AbstractIncomingMessage) -> ParkedMessage:
    headers = message.headers or {}
    attempts = headers.get(ATTEMPT_HEADER)
    error = headers.get(ERROR_HEADER)
    parked_at = headers.get(PARKED_AT_HEADER)
    return ParkedMessage(
        event_id=message.message_id,
        event_type=message.type,
        attempts=int(attempts) if isinstance(attempts, int) else None,
        # A message the broker parked itself (delivery limit) carries no error of ours.
        error=str(error) if error is not None else "delivery limit reached (consumer crashed?)",
        parked_at=str(parked_at) if parked_at is not None else None,
    )


async def _each_parked(
    connection: AbstractConnection,
    queue: str,
    act: Callable[[AbstractChannel, AbstractIncomingMessage], Awaitable[bool]],
) -> int:
    """Gets every parked message of ``queue`` once; ``act`` returns True when it took it (acked).

    Messages not taken stay unacked until the channel closes, which puts them back in place.
    """
    taken = 0
    channel = await connection.channel(publisher_confirms=True)
    try:
        try:
            parking = await channel.get_queue(Topology.parking_queue(queue), ensure=True)
        except aio_pika.exceptions.ChannelNotFoundEntity:
            return 0  # the handler never ran here: nothing can be parked
        while (message := await parking.get(no_ack=False, fail=False)) is not None:
            if await act(channel, message):
                await message.ack()
                taken += 1
    finally:
        with contextlib.suppress(Exception):
            await channel.close()
    return taken


async def list_parked(connection: AbstractConnection, queue: str) -> list[ParkedMessage]:
    found: list[ParkedMessage] = []

    async def look(_: AbstractChannel, message: AbstractIncomingMessage) -> bool:
        found.append(describe(message))
        return False

    await _each_parked(connection, queue, look)
    return found


async def replay_parked(
    connection: AbstractConnection, queue: str, event_ids: set[str] | None = None
) -> int:
    """Sends parked messages (all, or those of ``event_ids``) back to ``queue``, attempts reset."""

    async def replay(channel: AbstractChannel, message: AbstractIncomingMessage) -> bool:
        if event_ids is not None and message.message_id not in event_ids:
            return False
        headers = {
            key: value
            for key, value in (message.headers or {}).items()
            if key not in {ATTEMPT_HEADER, ERROR_HEADER, PARKED_AT_HEADER, "x-death"}
        }
        await channel.default_exchange.publish(
            aio_pika.Message(
                message.body,
                headers=headers,
                content_type=message.content_type,
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                message_id=message.message_id,
                type=message.type,
                timestamp=message.timestamp,
            ),
            routing_key=queue,
        )
        return True

    return await _each_parked(connection, queue, replay)


async def drop_parked(
    connection: AbstractConnection, queue: str, event_ids: set[str] | None = None
) -> int:
    """Discards parked messages: those of ``event_ids``, or all when None."""

    async def drop(_: AbstractChannel, message: AbstractIncomingMessage) -> bool:
        return event_ids is None or message.message_id in event_ids

    return await _each_parked(connection, queue, drop)
