"""Live job progress, as the gateway streams it to a job's owner (``cadence_shared.live`` is the
contract workers publish through).

One ``LiveHub`` per gateway process holds one Redis pub/sub connection for all of its clients: it
subscribes to a user's channel while at least one of that user's streams is open, and hands each
message to every such stream's queue. A stream (``follow``) subscribes first, waits until Redis
confirms, then reads the user's snapshot, so an update published between the client's request
and its subscription is in the snapshot, the queue, or both (the job's ``version`` drops the
older copy). Then it yields each update, a heartbeat when nothing else was sent for
``live_heartbeat_s``, and, every ``live_revocation_check_s``, asks the token verifier again:
a revoked token (logout, password change, revoked session) ends the stream, and so does the
token's own expiry.

Pub/sub keeps nothing for a subscriber that is not connected, so the hub never reconnects behind
its streams' backs: when its Redis connection fails, every open stream ends with a final
``end`` event (reason ``unavailable``) and the client reconnects, getting the snapshot again;
the hub opens a fresh connection for the streams that come after. A stream whose client reads
too slowly to keep up with its queue ends the same way (reason ``lagging``).
"""

import asyncio
import contextlib
import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal
from uuid import UUID

import orjson
import structlog
from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.exceptions import RedisError

from cadence_shared.auth import InvalidToken, Principal, TokenVerifier
from cadence_shared.live import JobUpdate, channel_of, read_snapshot

log = structlog.get_logger("cadence.live")

EndReason = Literal["token_revoked", "token_expired", "unavailable", "lagging"]
END_DETAILS: dict[EndReason, str] = {
    "token_revoked": "The token was revoked: sign in again.",
    "token_expired": "The token expired: reconnect with a fresh one.",
    "unavailable": "Live updates are unavailable for a moment: reconnect shortly.",
    "lagging": "The client read too slowly to keep up: reconnect for the current state.",
}
# How long the hub waits for one message before it looks at its subscriptions again.
POLL_S = 1.0
# How long a stream waits for Redis to confirm its subscription.
SUBSCRIBE_TIMEOUT_S = 5.0
RECONNECT_DELAY_S = 0.5


@dataclass(frozen=True)
class End:
    reason: EndReason

    @property
    def detail(self) -> str:
        return END_DETAILS[self.reason]


@dataclass(eq=False)
class Subscription:
    """One open stream's share of the hub: the updates of ``user_id`` as they arrive."""

    user_id: UUID
    queue: "asyncio.Queue[bytes | End]"


@dataclass
class _Channel:
    subscriptions: set[Subscription] = field(default_factory=set)
    confirmed: asyncio.Event = field(default_factory=asyncio.Event)


class LiveHub:
    """One Redis pub/sub connection shared by every live stream of the process."""

    def __init__(self, redis: Redis, *, queue_size: int = 256) -> None:
        self._redis = redis
        self._queue_size = queue_size
        self._channels: dict[str, _Channel] = {}
        self._pubsub: PubSub | None = None
        self._reader: asyncio.Task[None] | None = None
        self._read_by: PubSub | None = None  # the connection ``_reader`` reads
        self._lock = asyncio.Lock()
        self._background: set[asyncio.Task[None]] = set()

    async def subscribe(self, user_id: UUID) -> Subscription:
        """A subscription to ``user_id``'s updates, once Redis has confirmed the channel.

        Raises ``RedisError`` (or ``TimeoutError``) when Redis does not answer."""
        name = channel_of(user_id)
        subscription = Subscription(user_id, asyncio.Queue(self._queue_size))
        async with self._lock:
            channel = self._channels.setdefault(name, _Channel())
            channel.subscriptions.add(subscription)
            try:
                if len(channel.subscriptions) == 1:
                    channel.confirmed.clear()
                    await self._connected().subscribe(name)
                    self._start_reader()
            except (RedisError, OSError):
                self._discard(name, subscription)
                raise
        try:
            async with asyncio.timeout(SUBSCRIBE_TIMEOUT_S):
                await channel.confirmed.wait()
        except TimeoutError:
            await self.unsubscribe(subscription)
            raise
        return subscription

    async def unsubscribe(self, subscription: Subscription) -> None:
        name = channel_of(subscription.user_id)
        async with self._lock:
            if self._discard(name, subscription) and self._pubsub is not None:
                # On failure the reader sees the connection's loss too, and ends every stream.
                with contextlib.suppress(RedisError, OSError):
                    await self._pubsub.unsubscribe(name)

    def _discard(self, name: str, subscription: Subscription) -> bool:
        """Forgets ``subscription``; True when it was the channel's last one."""
        channel = self._channels.get(name)
        if channel is None or subscription not in channel.subscriptions:
            return False
        channel.subscriptions.discard(subscription)
        if not channel.subscriptions:
            del self._channels[name]
            return True
        return False

    def _connected(self) -> PubSub:
        if self._pubsub is None:
            self._pubsub = self._redis.pubsub()
        return self._pubsub

    def _start_reader(self) -> None:
        """Reads the pub/sub connection once it has one (its first SUBSCRIBE opened it)."""
        if self._pubsub is not None and self._read_by is not self._pubsub:
            self._reader = asyncio.create_task(self._read(self._pubsub), name="live-hub")
            self._read_by = self._pubsub

    async def _read(self, pubsub: PubSub) -> None:
        try:
            while True:
                message = await pubsub.get_message(timeout=POLL_S)
                if message is not None:
                    self._dispatch(message)
        except (RedisError, OSError) as exc:
            log.warning("live_updates_connection_lost", error=str(exc))
            async with self._lock:
                self._fail_all(pubsub)
            await _close(pubsub)

    def _dispatch(self, message: dict[str, Any]) -> None:
        name = message["channel"].decode()
        channel = self._channels.get(name)
        if channel is None:
            return
        if message["type"] == "subscribe":
            channel.confirmed.set()
        elif message["type"] == "message":
            for subscription in list(channel.subscriptions):
                try:
                    subscription.queue.put_nowait(message["data"])
                except asyncio.QueueFull:
                    self._end(subscription, End("lagging"))
                    if self._discard(name, subscription):
                        self._background.add(asyncio.create_task(self._drop(name)))

    async def _drop(self, name: str) -> None:
        """Unsubscribes a channel left without streams, unless one has come back meanwhile."""
        async with self._lock:
            if name not in self._channels and self._pubsub is not None:
                with contextlib.suppress(RedisError, OSError):
                    await self._pubsub.unsubscribe(name)
        self._background = {task for task in self._background if not task.done()}

    def _fail_all(self, pubsub: PubSub) -> None:
        """Ends every stream on ``pubsub``; the next subscription opens a fresh connection."""
        for channel in self._channels.values():
            for subscription in channel.subscriptions:
                self._end(subscription, End("unavailable"))
            channel.confirmed.set()  # a stream still waiting for it finds its end at once
        self._channels.clear()
        if self._pubsub is pubsub:
            self._pubsub = None

    @staticmethod
    def _end(subscription: Subscription, end: End) -> None:
        # The end goes in even when the queue is full: drop the oldest update to make room.
        if subscription.queue.full():
            subscription.queue.get_nowait()
        subscription.queue.put_nowait(end)

    @property
    def subscriber_count(self) -> int:
        return sum(len(channel.subscriptions) for channel in self._channels.values())

    async def aclose(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
        if self._pubsub is not None:
            await _close(self._pubsub)


async def _close(pubsub: PubSub) -> None:
    close: Callable[[], Awaitable[None]] = pubsub.aclose  # redis-py leaves it unannotated
    await close()


@dataclass(frozen=True)
class Snapshot:
    jobs: list[JobUpdate]


@dataclass(frozen=True)
class Heartbeat:
    pass


LiveEvent = Snapshot | JobUpdate | Heartbeat | End


@dataclass(frozen=True)
class LiveTiming:
    heartbeat_s: float = 15.0
    revocation_check_s: float = 5.0


async def follow(
    hub: LiveHub,
    redis: Redis,
    verifier: TokenVerifier,
    token: str,
    principal: Principal,
    timing: LiveTiming,
) -> AsyncGenerator[LiveEvent]:
    """The caller's live events: the snapshot, then updates and heartbeats, until an ``End``.

    Raises ``RedisError`` before the first event when Redis is down."""
    subscription = await hub.subscribe(principal.user_id)
    try:
        snapshot = await read_snapshot(redis, principal.user_id)
        versions = {update.snapshot_field: update.version for update in snapshot}
        yield Snapshot(snapshot)
        async for event in _updates(subscription, verifier, token, principal, timing):
            if isinstance(event, JobUpdate):
                if versions.get(event.snapshot_field, -1) >= event.version:
                    continue  # already sent, in the snapshot or before
                versions[event.snapshot_field] = event.version
            yield event
            if isinstance(event, End):
                return
    finally:
        await hub.unsubscribe(subscription)


async def _updates(
    subscription: Subscription,
    verifier: TokenVerifier,
    token: str,
    principal: Principal,
    timing: LiveTiming,
) -> AsyncIterator[JobUpdate | Heartbeat | End]:
    now = time.monotonic()
    next_check, next_beat = now + timing.revocation_check_s, now + timing.heartbeat_s
    while True:
        now = time.monotonic()
        if now >= next_check:
            end = await _token_check(verifier, token, principal)
            if end is not None:
                yield end
                return
            next_check = now + timing.revocation_check_s
        if now >= next_beat:
            yield Heartbeat()
            next_beat = now + timing.heartbeat_s
        try:
            async with asyncio.timeout(max(0.0, min(next_check, next_beat) - now)):
                item = await subscription.queue.get()
        except TimeoutError:
            continue
        if isinstance(item, End):
            yield item
            return
        yield JobUpdate.model_validate_json(item)
        next_beat = time.monotonic() + timing.heartbeat_s


async def _token_check(verifier: TokenVerifier, token: str, principal: Principal) -> End | None:
    if time.time() >= principal.expires_at:
        return End("token_expired")
    try:
        await verifier.verify(token)
    except InvalidToken:
        return End("token_revoked")
    except RedisError:
        return End("unavailable")
    return None


def job_json(update: JobUpdate) -> dict[str, Any]:
    """``{resource, id, status, percent, stage, error?, version, at}``: ``error`` only when set."""
    body = update.model_dump(mode="json")
    if body["error"] is None:
        del body["error"]
    return body


def event_json(event: LiveEvent) -> bytes:
    """The event as the WebSocket sends it (one JSON text message per event)."""
    if isinstance(event, Snapshot):
        return orjson.dumps({"type": "snapshot", "jobs": [job_json(job) for job in event.jobs]})
    if isinstance(event, JobUpdate):
        return orjson.dumps({"type": "job", "job": job_json(event)})
    if isinstance(event, End):
        return orjson.dumps({"type": "end", "reason": event.reason, "detail": event.detail})
    return b'{"type":"heartbeat"}'
