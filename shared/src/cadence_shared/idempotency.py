"""Idempotent writes for offline clients (IETF draft "The Idempotency-Key HTTP Header Field").

A client that may retry a write (a phone uploading a run after being offline) sends
``Idempotency-Key: <unique value>``. Per user and key this module guarantees:

- the first request runs; its successful (2xx) response is stored in Redis for ``ttl_s``;
- a retry with the same key and the same body gets the stored response back, with the header
  ``Idempotent-Replayed: true``, and the handler does not run again;
- the same key with a different body is a 422 (the key was reused for another request);
- a retry while the first request is still running is a 409 with Retry-After.

A failed request (an exception, a 4xx problem) stores nothing: the client may fix it and retry
with the same key. The body's fingerprint is the route's canonical JSON, not the raw bytes, so
whitespace and key order do not matter.

Streamed bodies (multipart uploads, ``run_streamed``): the fingerprint is only known once the
body has been read, so the first request computes it on the way (the upload's sha256 and fields,
``cadence_shared.uploads``) and stores it with the response; a retry that finds a stored response
reads its body through a hash only (nothing stored, nothing held) and is replayed if the
fingerprints match, 422 if not; one that finds the key in flight is 409 before a byte is read.
The in-flight lock is renewed while the body streams, so a long upload keeps it.

Use in a route::

    @router.post("")
    async def create_thing(data: ThingIn, idempotency: IdempotencyDep, ...) -> Response:
        async def create() -> StoredResponse:
            thing = await service.create(...)
            return StoredResponse(201, ThingOut.model_validate(thing).model_dump(mode="json"))

        return await idempotency.respond(scope="things", fingerprint_of=data, produce=create)

``IdempotencyDep`` needs the ``redis`` resource and a verified principal (keys are per user).
"""

import asyncio
import contextlib
import hashlib
import json
import secrets
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from redis.asyncio import Redis

from cadence_shared.auth import CurrentPrincipal
from cadence_shared.deps import RedisDep
from cadence_shared.openapi import answers
from cadence_shared.problems import Problem

IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
KEY_PREFIX = "cadence:idempotency"
DEFAULT_TTL_S = 24 * 3600
# Longer than any request should take; if the holder dies, the key frees itself after this.
DEFAULT_LOCK_TTL_S = 30.0

# One round trip to start: the stored response if there is one, else the lock if it is free.
_ACQUIRE = """
local stored = redis.call('get', KEYS[1])
if stored then return {'stored', stored} end
if redis.call('set', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return {'acquired', ''} end
return {'busy', ''}
"""
# One round trip to finish: store the response (if any), then free the lock if it is still ours
# (it may have expired and been taken by a retry).
_COMPLETE = """
if ARGV[2] ~= '' then redis.call('set', KEYS[1], ARGV[2], 'EX', ARGV[3]) end
if redis.call('get', KEYS[2]) == ARGV[1] then redis.call('del', KEYS[2]) end
return 1
"""

# Extends the lock while its holder still owns it (a long upload outlives one lock TTL).
_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0
"""


@dataclass(frozen=True, slots=True)
class StoredResponse:
    """What a handler answered: replayed verbatim for a retry with the same key."""

    status: int
    body: Any
    headers: dict[str, str] | None = None

    def to_json(self, fingerprint: str) -> str:
        return json.dumps(
            {
                "fingerprint": fingerprint,
                "status": self.status,
                "body": self.body,
                "headers": self.headers or {},
            }
        )

    def to_response(self, *, replayed: bool = False) -> JSONResponse:
        headers = dict(self.headers or {})
        if replayed:
            headers[REPLAYED_HEADER] = "true"
        return JSONResponse(self.body, status_code=self.status, headers=headers)


def fingerprint(payload: BaseModel | Any) -> str:
    """A stable digest of a request body: canonical JSON, sorted keys."""
    data = payload.model_dump(mode="json") if isinstance(payload, BaseModel) else payload
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def validate_key(key: str) -> str:
    if not 0 < len(key) <= MAX_KEY_LENGTH or not key.isprintable():
        raise Problem(
            400,
            f"{IDEMPOTENCY_HEADER} must be 1 to {MAX_KEY_LENGTH} printable characters.",
            code="idempotency_key_invalid",
        )
    return key


class IdempotencyKeys:
    """The stored responses and in-flight locks of one user's idempotency keys, in Redis."""

    def __init__(
        self,
        redis: Redis,
        user_id: uuid.UUID,
        key: str | None,
        *,
        ttl_s: int = DEFAULT_TTL_S,
        lock_ttl_s: float = DEFAULT_LOCK_TTL_S,
    ) -> None:
        self._redis = redis
        self._user_id = user_id
        self.key = validate_key(key) if key is not None else None
        self._ttl_s = ttl_s
        self._lock_ttl_ms = int(lock_ttl_s * 1000)

    def _names(self, scope: str, key: str) -> tuple[str, str]:
        # The key is hashed so any client-chosen string makes a safe, bounded Redis key.
        digest = hashlib.sha256(key.encode()).hexdigest()
        # A hash tag ({...}) keeps both keys in one slot, as the scripts need on a Redis Cluster.
        base = f"{KEY_PREFIX}:{{{scope}:{self._user_id}:{digest}}}"
        return f"{base}:response", f"{base}:lock"

    @staticmethod
    def _replay(raw: bytes, request_fingerprint: str) -> StoredResponse:
        stored = json.loads(raw)
        if stored["fingerprint"] != request_fingerprint:
            raise Problem(
                422,
                f"This {IDEMPOTENCY_HEADER} was already used for a different request body.",
                title="Idempotency key reused",
                code="idempotency_key_reused",
            )
        return StoredResponse(stored["status"], stored["body"], stored["headers"] or None)

    async def _acquire(self, scope: str, key: str) -> tuple[tuple[str, str], str, bytes, bytes]:
        names = self._names(scope, key)
        token = secrets.token_hex(16)
        outcome, stored = await self._redis.eval(_ACQUIRE, 2, *names, token, self._lock_ttl_ms)
        if outcome == b"busy":
            raise Problem(
                409,
                f"A request with this {IDEMPOTENCY_HEADER} is still being processed.",
                code="idempotency_key_in_flight",
                headers={"Retry-After": "1"},
            )
        return names, token, outcome, stored

    async def _complete(
        self, names: tuple[str, str], token: str, response: StoredResponse | None, body_print: str
    ) -> None:
        to_store = ""
        if response is not None and 200 <= response.status < 300:
            to_store = response.to_json(body_print)
        await self._redis.eval(_COMPLETE, 2, *names, token, to_store, self._ttl_s)

    async def run(
        self,
        *,
        scope: str,
        request_fingerprint: str,
        produce: Callable[[], Awaitable[StoredResponse]],
    ) -> tuple[StoredResponse, bool]:
        """Runs ``produce`` once per key; returns the response and whether it was a replay.

        Without a key the handler simply runs. ``scope`` separates routes (e.g. "runs").
        """
        if self.key is None:
            return await produce(), False
        names, token, outcome, stored = await self._acquire(scope, self.key)
        if outcome == b"stored":
            return self._replay(stored, request_fingerprint), True
        response: StoredResponse | None = None
        try:
            response = await produce()
            return response, False
        finally:
            await self._complete(names, token, response, request_fingerprint)

    async def run_streamed(
        self,
        *,
        scope: str,
        produce: Callable[[], Awaitable[tuple[StoredResponse, str]]],
        fingerprint_body: Callable[[], Awaitable[str]],
    ) -> tuple[StoredResponse, bool]:
        """``run`` for a body whose fingerprint is known only once it has been read.

        ``produce`` reads the body, acts, and returns the response with the body's fingerprint;
        ``fingerprint_body`` only reads it and returns the fingerprint (for a retry that finds a
        stored response).
        """
        if self.key is None:
            return (await produce())[0], False
        names, token, outcome, stored = await self._acquire(scope, self.key)
        if outcome == b"stored":
            return self._replay(stored, await fingerprint_body()), True
        response: StoredResponse | None = None
        body_print = ""
        try:
            async with self._renewed(names[1], token):
                response, body_print = await produce()
            return response, False
        finally:
            await self._complete(names, token, response, body_print)

    @contextlib.asynccontextmanager
    async def _renewed(self, lock: str, token: str) -> AsyncIterator[None]:
        # Stopped by an event, never cancelled: a Redis command cancelled mid-flight leaves its
        # pooled connection to be torn down, and the next command may wait on it.
        done = asyncio.Event()

        async def renew() -> None:
            while not done.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(done.wait(), self._lock_ttl_ms / 3000)
                if not done.is_set():
                    await self._redis.eval(_RENEW, 1, lock, token, self._lock_ttl_ms)

        renewing = asyncio.create_task(renew())
        try:
            yield
        finally:
            done.set()
            with contextlib.suppress(Exception):
                await renewing

    async def respond(
        self,
        *,
        scope: str,
        fingerprint_of: BaseModel | Any,
        produce: Callable[[], Awaitable[StoredResponse]],
    ) -> JSONResponse:
        """:meth:`run`, rendered as the HTTP response (a replay carries Idempotent-Replayed)."""
        response, replayed = await self.run(
            scope=scope, request_fingerprint=fingerprint(fingerprint_of), produce=produce
        )
        return response.to_response(replayed=replayed)


async def forget_user(redis: Redis, user_id: uuid.UUID, *, scopes: Iterable[str]) -> int:
    """Deletes the stored responses and locks of ``user_id`` under ``scopes``, for an erased
    account: a stored response holds the user's data until its TTL. Returns the keys deleted.

    A SCAN of the keyspace per scope: fine for a rare event such as an account deletion, not for
    a request path."""
    deleted = 0
    for scope in scopes:
        pattern = f"{KEY_PREFIX}:{{{scope}:{user_id}:*"
        async for name in redis.scan_iter(match=pattern, count=1000):
            deleted += int(await redis.delete(name))
    return deleted


@answers(400, 409, 422)  # a malformed key, one still in flight, one reused for another body
async def idempotency_keys(
    redis: RedisDep,
    principal: CurrentPrincipal,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias=IDEMPOTENCY_HEADER,
            description="A unique value per logical request; a retry with it is answered once.",
        ),
    ] = None,
) -> IdempotencyKeys:
    return IdempotencyKeys(redis, principal.user_id, idempotency_key)


IdempotencyDep = Annotated[IdempotencyKeys, Depends(idempotency_keys)]
