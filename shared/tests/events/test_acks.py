"""One ack per channel for a batch: the highest delivery tag, ``multiple``; closed channels skipped."""

import aio_pika

from cadence_shared.events.consumer import ack_together


class Channel:
    def __init__(self, *, closed: bool = False) -> None:
        self.closed = closed


class Delivery:
    """The part of an incoming message that acking uses."""

    def __init__(self, channel: Channel, delivery_tag: int) -> None:
        self._channel = channel
        self.delivery_tag = delivery_tag
        self.message_id = f"event-{delivery_tag}"
        self.acks: list[bool] = []

    @property
    def channel(self) -> Channel:
        if self._channel.closed:
            raise aio_pika.exceptions.ChannelInvalidStateError
        return self._channel

    async def ack(self, multiple: bool = False) -> None:
        self.acks.append(multiple)


async def test_a_batch_is_acked_once_per_channel_up_to_its_highest_tag() -> None:
    first, second, gone = Channel(), Channel(), Channel(closed=True)
    batch = [Delivery(first, 3), Delivery(first, 7), Delivery(second, 2), Delivery(first, 5)]
    stale = Delivery(gone, 9)  # delivered before a reconnect: redelivered, never acked here

    await ack_together([*batch, stale])  # type: ignore[list-item]

    assert [message.acks for message in batch] == [[], [True], [True], []]
    assert stale.acks == []


async def test_nothing_to_ack_sends_nothing() -> None:
    await ack_together([])
