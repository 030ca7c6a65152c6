"""Idempotency keys against a real Redis: replay, reuse with another body, in-flight, failures."""

import asyncio
import hashlib
import uuid
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from cadence_shared.idempotency import IdempotencyKeys, StoredResponse, fingerprint, forget_user
from cadence_shared.problems import Problem


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()


class CountingHandler:
    """A handler that answers 201 with a counter, optionally waiting for a gate first."""

    def __init__(self, gate: asyncio.Event | None = None) -> None:
        self.calls = 0
        self.gate = gate
        self.started = asyncio.Event()

    async def __call__(self) -> StoredResponse:
        self.calls += 1
        self.started.set()
        if self.gate is not None:
            await self.gate.wait()
        return StoredResponse(201, {"call": self.calls}, {"Location": "/things/1"})


def keys(redis: Redis, user_id: uuid.UUID, key: str | None) -> IdempotencyKeys:
    return IdempotencyKeys(redis, user_id, key)


async def test_same_key_same_body_replays_the_first_response(redis: Redis) -> None:
    user, key, handler = uuid.uuid4(), uuid.uuid4().hex, CountingHandler()
    body = fingerprint({"a": 1, "b": [1, 2]})

    _, first_replayed = await keys(redis, user, key).run(
        scope="t", request_fingerprint=body, produce=handler
    )
    second, second_replayed = await keys(redis, user, key).run(
        scope="t", request_fingerprint=fingerprint({"b": [1, 2], "a": 1}), produce=handler
    )

    assert handler.calls == 1
    assert (first_replayed, second_replayed) == (False, True)
    assert second == StoredResponse(201, {"call": 1}, {"Location": "/things/1"})
    rendered = second.to_response(replayed=True)
    assert rendered.status_code == 201
    assert rendered.headers["Idempotent-Replayed"] == "true"


async def test_same_key_different_body_is_422_and_runs_nothing(redis: Redis) -> None:
    user, key, handler = uuid.uuid4(), uuid.uuid4().hex, CountingHandler()
    await keys(redis, user, key).run(
        scope="t", request_fingerprint=fingerprint({"a": 1}), produce=handler
    )

    with pytest.raises(Problem) as raised:
        await keys(redis, user, key).run(
            scope="t", request_fingerprint=fingerprint({"a": 2}), produce=handler
        )

    assert raised.value.status == 422
    assert handler.calls == 1


async def test_key_in_flight_is_409_with_retry_after(redis: Redis) -> None:
    user, key = uuid.uuid4(), uuid.uuid4().hex
    gate = asyncio.Event()
    slow = CountingHandler(gate)
    body = fingerprint({"a": 1})
    first = asyncio.create_task(
        keys(redis, user, key).run(scope="t", request_fingerprint=body, produce=slow)
    )
    await asyncio.wait_for(slow.started.wait(), 5)

    other = CountingHandler()
    with pytest.raises(Problem) as raised:
        await keys(redis, user, key).run(scope="t", request_fingerprint=body, produce=other)
    gate.set()
    response, replayed = await first

    assert raised.value.status == 409
    assert raised.value.headers == {"Retry-After": "1"}
    assert other.calls == 0
    assert (response.body, replayed) == ({"call": 1}, False)
    # Once the first finished, the same request is a replay, not a conflict.
    again, replayed_again = await keys(redis, user, key).run(
        scope="t", request_fingerprint=body, produce=other
    )
    assert (again.body, replayed_again, other.calls) == ({"call": 1}, True, 0)


async def test_failure_stores_nothing_and_frees_the_key(redis: Redis) -> None:
    user, key = uuid.uuid4(), uuid.uuid4().hex
    body = fingerprint({"a": 1})

    async def failing() -> StoredResponse:
        raise Problem(422, "bad")

    with pytest.raises(Problem):
        await keys(redis, user, key).run(scope="t", request_fingerprint=body, produce=failing)
    handler = CountingHandler()
    response, replayed = await keys(redis, user, key).run(
        scope="t", request_fingerprint=body, produce=handler
    )

    assert (response.status, replayed, handler.calls) == (201, False, 1)


async def test_error_responses_are_not_stored(redis: Redis) -> None:
    user, key = uuid.uuid4(), uuid.uuid4().hex
    body = fingerprint({"a": 1})
    calls = 0

    async def conflict() -> StoredResponse:
        nonlocal calls
        calls += 1
        return StoredResponse(409, {"detail": "busy"})

    for _ in range(2):
        response, replayed = await keys(redis, user, key).run(
            scope="t", request_fingerprint=body, produce=conflict
        )
        assert (response.status, replayed) == (409, False)
    assert calls == 2


async def test_keys_are_per_user_and_per_scope(redis: Redis) -> None:
    key, handler = uuid.uuid4().hex, CountingHandler()
    body = fingerprint({"a": 1})

    await keys(redis, uuid.uuid4(), key).run(scope="t", request_fingerprint=body, produce=handler)
    _, other_user_replayed = await keys(redis, uuid.uuid4(), key).run(
        scope="t", request_fingerprint=fingerprint({"a": 2}), produce=handler
    )

    assert other_user_replayed is False
    assert handler.calls == 2


async def test_forget_user_deletes_their_stored_responses_only(redis: Redis) -> None:
    leaving, staying, key = uuid.uuid4(), uuid.uuid4(), uuid.uuid4().hex
    body = fingerprint({"a": 1})
    for user in (leaving, staying):
        for scope in ("t", "u", "kept"):
            await keys(redis, user, key).run(
                scope=scope, request_fingerprint=body, produce=CountingHandler()
            )

    assert await forget_user(redis, leaving, scopes=("t", "u")) == 2
    assert await forget_user(redis, leaving, scopes=("t", "u")) == 0

    async def replayed(user: uuid.UUID, scope: str) -> bool:
        handler = CountingHandler()
        _, was_replayed = await keys(redis, user, key).run(
            scope=scope, request_fingerprint=body, produce=handler
        )
        return was_replayed

    assert [await replayed(leaving, scope) for scope in ("t", "u", "kept")] == [
        False,
        False,
        True,
    ]
    assert [await replayed(staying, scope) for scope in ("t", "u")] == [True, True]


async def test_without_a_key_the_handler_always_runs(redis: Redis) -> None:
    handler = CountingHandler()
    for _ in range(2):
        await keys(redis, uuid.uuid4(), None).run(
            scope="t", request_fingerprint="x", produce=handler
        )
    assert handler.calls == 2


async def test_concurrent_duplicates_run_the_handler_once(redis: Redis) -> None:
    user, key = uuid.uuid4(), uuid.uuid4().hex
    body = fingerprint({"a": 1})
    handler = CountingHandler()

    results = await asyncio.gather(
        *(
            keys(redis, user, key).run(scope="t", request_fingerprint=body, produce=handler)
            for _ in range(10)
        ),
        return_exceptions=True,
    )

    assert handler.calls == 1
    for result in results:
        # Each duplicate either got the (possibly replayed) answer or was told it is in flight.
        if isinstance(result, Problem):
            assert result.status == 409
        else:
            assert not isinstance(result, BaseException)
            assert result[0].body == {"call": 1}


@pytest.mark.parametrize("bad", ["", "x" * 256, "tab\there"])
def test_malformed_keys_are_400(bad: str) -> None:
    with pytest.raises(Problem) as raised:
        IdempotencyKeys(Redis(), uuid.uuid4(), bad)
    assert raised.value.status == 400


class StreamedBody:
    """A body whose fingerprint is known only once it has been read (a multipart upload)."""

    def __init__(self, content: bytes, gate: asyncio.Event | None = None) -> None:
        self.content, self.gate = content, gate
        self.produced = self.hashed = 0
        self.started = asyncio.Event()

    async def produce(self) -> tuple[StoredResponse, str]:
        self.produced += 1
        self.started.set()
        if self.gate is not None:
            await self.gate.wait()
        return StoredResponse(202, {"stored": self.produced}), await self.fingerprint()

    async def fingerprint(self) -> str:
        self.hashed += 1
        return hashlib.sha256(self.content).hexdigest()


async def test_a_streamed_body_is_replayed_by_its_bytes(redis: Redis) -> None:
    user, key = uuid.uuid4(), uuid.uuid4().hex
    first, same, other = StreamedBody(b"abc"), StreamedBody(b"abc"), StreamedBody(b"abd")

    answer, replayed = await keys(redis, user, key).run_streamed(
        scope="u", produce=first.produce, fingerprint_body=first.fingerprint
    )
    again, replayed_again = await keys(redis, user, key).run_streamed(
        scope="u", produce=same.produce, fingerprint_body=same.fingerprint
    )
    with pytest.raises(Problem) as reused:
        await keys(redis, user, key).run_streamed(
            scope="u", produce=other.produce, fingerprint_body=other.fingerprint
        )

    assert (answer, replayed) == (StoredResponse(202, {"stored": 1}), False)
    assert (again, replayed_again) == (answer, True)
    assert (same.produced, same.hashed) == (0, 1)  # read through a hash only
    assert (reused.value.status, reused.value.code) == (422, "idempotency_key_reused")
    assert other.produced == 0


async def test_a_long_streamed_body_keeps_its_lock_past_the_lock_ttl(redis: Redis) -> None:
    user, key = uuid.uuid4(), uuid.uuid4().hex
    gate = asyncio.Event()
    slow = StreamedBody(b"big", gate)
    short_lock = IdempotencyKeys(redis, user, key, lock_ttl_s=0.3)
    first = asyncio.create_task(
        short_lock.run_streamed(scope="u", produce=slow.produce, fingerprint_body=slow.fingerprint)
    )
    await asyncio.wait_for(slow.started.wait(), 5)
    lock = short_lock._names("u", key)[1]
    retry = StreamedBody(b"big")
    # Over three lock lifetimes the lock stays held (renewed), so a retry is 409 all along; the
    # pause between looks is the observation's pace, not a wait for something to happen.
    deadline = asyncio.get_running_loop().time() + 0.9
    while asyncio.get_running_loop().time() < deadline:
        assert await redis.exists(lock) == 1
        with pytest.raises(Problem) as busy:
            await IdempotencyKeys(redis, user, key, lock_ttl_s=0.3).run_streamed(
                scope="u", produce=retry.produce, fingerprint_body=retry.fingerprint
            )
        assert busy.value.status == 409
        await asyncio.sleep(0.1)
    gate.set()

    assert (await first)[0] == StoredResponse(202, {"stored": 1})
    assert await redis.exists(lock) == 0
