"""Access-token verification against the auth service's JWKS, and the FastAPI dependencies."""

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any, Protocol

import httpx
import jwt
import structlog
from cachetools import TLRUCache
from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from redis.asyncio import Redis

from cadence_shared.metrics import JWKS_FETCHES, TOKEN_CACHE
from cadence_shared.openapi import answers
from cadence_shared.problems import Problem

ACCESS_TOKEN_TYPE = "at+jwt"
# Asymmetric only: the algorithm comes from the key we hold, never from the token header.
ALLOWED_ALGORITHMS = frozenset({"RS256", "EdDSA"})
REQUIRED_CLAIMS = ["exp", "iat", "nbf", "iss", "aud", "sub", "jti"]
_CACHE_HIT = TOKEN_CACHE.labels("hit")
_CACHE_MISS = TOKEN_CACHE.labels("miss")


class InvalidToken(Exception):
    """The token is missing, malformed, wrongly signed, expired, revoked or of the wrong kind."""


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: taken from a verified access token."""

    user_id: uuid.UUID
    roles: frozenset[str]
    email_verified: bool
    token_id: str
    session_id: str | None
    issued_at: int
    expires_at: int

    def has_role(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)


class RevocationList(Protocol):
    async def is_revoked(self, principal: Principal) -> bool: ...


REVOCATION_PREFIX = "cadence:auth:revoked"


def revoked_token_key(token_id: str) -> str:
    """Set (with a TTL up to the token's exp) when one access token is revoked (logout)."""
    return f"{REVOCATION_PREFIX}:jti:{token_id}"


def revoked_session_key(session_id: str) -> str:
    """Set when a whole session (a refresh-token family, claim ``sid``) is revoked."""
    return f"{REVOCATION_PREFIX}:sid:{session_id}"


def revoked_before_key(user_id: uuid.UUID) -> str:
    """Unix time: every token of the user issued at or before it is revoked (password change)."""
    return f"{REVOCATION_PREFIX}:user:{user_id}"


class RedisRevocationList:
    """The auth service's revocations as kept in Redis: one MGET per check."""

    def __init__(self, redis: "Redis") -> None:
        self._redis = redis

    async def is_revoked(self, principal: Principal) -> bool:
        keys = [revoked_token_key(principal.token_id), revoked_before_key(principal.user_id)]
        if principal.session_id is not None:
            keys.append(revoked_session_key(principal.session_id))
        token, before, *session = await self._redis.mget(keys)
        if token is not None or any(value is not None for value in session):
            return True
        return before is not None and principal.issued_at <= int(before)


# How long a service reuses a revocation answer: a token revoked (logout, a session ended, a
# password changed) is refused by every service at most this long after auth writes the
# revocation to Redis. The gateway's authorizer and the auth service ask Redis every time.
REVOCATION_CACHE_S = 0.25


def _answer_expiry(_token_id: str, answer: tuple[bool, float], _now: float) -> float:
    return answer[1]


class RecentRevocations:
    """A revocation list whose answers are reused for ``ttl_s`` (one Redis MGET a token per
    ``ttl_s`` instead of one a request).

    The bound: a revocation written at time R is seen by every lookup that starts after R; an
    answer is kept until ``ttl_s`` after its lookup *started*, so an answer taken before R is gone
    by R + ``ttl_s``, and from then on the token is refused.
    """

    def __init__(
        self,
        inner: RevocationList,
        *,
        ttl_s: float = REVOCATION_CACHE_S,
        size: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._inner = inner
        self._ttl_s = ttl_s
        self._clock = clock
        self._answers: TLRUCache[str, tuple[bool, float]] = TLRUCache(
            maxsize=size, ttu=_answer_expiry, timer=clock
        )

    async def is_revoked(self, principal: Principal) -> bool:
        kept = self._answers.get(principal.token_id)
        if kept is not None:
            return kept[0]
        asked = self._clock()
        revoked = await self._inner.is_revoked(principal)
        self._answers[principal.token_id] = (revoked, asked + self._ttl_s)
        return revoked


class SigningKeys(Protocol):
    """Where a verifier finds the public key for a ``kid`` (a JWKS over HTTP, or keys in hand)."""

    async def get(self, kid: str) -> jwt.PyJWK: ...


class JwksKeys:
    """The auth service's public keys by ``kid``: cached, refetched when an unknown kid appears.

    Refetches for unknown kids are spaced by ``min_refetch_s`` so a flood of made-up kids cannot
    turn into a flood of requests to the auth service.
    """

    def __init__(
        self,
        url: str,
        http: httpx.AsyncClient,
        *,
        cache_s: float = 300.0,
        min_refetch_s: float = 5.0,
    ) -> None:
        self._url = url
        self._http = http
        self._cache_s = cache_s
        self._min_refetch_s = min_refetch_s
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at = float("-inf")
        self._lock = asyncio.Lock()

    async def get(self, kid: str) -> jwt.PyJWK:
        now = time.monotonic()
        key = self._keys.get(kid)
        if key is not None and now - self._fetched_at < self._cache_s:
            return key
        async with self._lock:
            key = self._keys.get(kid)
            fresh = time.monotonic() - self._fetched_at
            if (key is None and fresh >= self._min_refetch_s) or fresh >= self._cache_s:
                await self._refresh()
                key = self._keys.get(kid)
        if key is None:
            raise InvalidToken("unknown signing key")
        return key

    async def _refresh(self) -> None:
        try:
            response = await self._http.get(self._url, timeout=5.0)
            response.raise_for_status()
            payload = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            JWKS_FETCHES.labels("failed").inc()
            if self._keys:
                # Keep verifying with the keys we have while the auth service is unreachable.
                self._fetched_at = time.monotonic()
                return
            raise InvalidToken("signing keys unavailable") from exc
        keys: dict[str, jwt.PyJWK] = {}
        for jwk in payload.get("keys", []):
            try:
                key = jwt.PyJWK(jwk)
            except jwt.PyJWTError:
                continue
            if jwk.get("kid") and key.algorithm_name in ALLOWED_ALGORITHMS:
                keys[jwk["kid"]] = key
        self._keys = keys
        self._fetched_at = time.monotonic()
        JWKS_FETCHES.labels("ok").inc()


def _cache_expiry(_token: str, principal: "Principal", now: float) -> float:
    # Cached verifications expire with the token itself (TLRUCache's timer is time.time).
    return float(principal.expires_at)


class TokenVerifier:
    """Verifies access tokens; a token verified once is remembered until its own ``exp``.

    The cache is keyed by the whole token, so a repeat request costs a lookup instead of a
    signature check; revocation is asked on every call (of ``revocations``, which may keep its
    answers for a bounded time: ``RecentRevocations``), so it always wins over the cache.
    """

    def __init__(
        self,
        keys: SigningKeys,
        *,
        issuer: str,
        audience: str,
        revocations: RevocationList | None = None,
        cache_size: int = 10_000,
        leeway_s: float = 0,
    ) -> None:
        self._keys = keys
        self._issuer = issuer
        self._audience = audience
        self._revocations = revocations
        self._leeway_s = leeway_s
        self._verified: TLRUCache[str, Principal] = TLRUCache(
            maxsize=cache_size, ttu=_cache_expiry, timer=time.time
        )

    async def verify(self, token: str) -> Principal:
        principal = self._verified.get(token)
        if principal is None:
            _CACHE_MISS.inc()
            principal = await self._verify_signature(token)
            self._verified[token] = principal
        else:
            _CACHE_HIT.inc()
        if self._revocations is not None and await self._revocations.is_revoked(principal):
            raise InvalidToken("token revoked")
        return principal

    async def _verify_signature(self, token: str) -> Principal:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise InvalidToken("malformed token") from exc
        if header.get("typ") != ACCESS_TOKEN_TYPE:
            raise InvalidToken("not an access token")
        kid = header.get("kid")
        if not isinstance(kid, str):
            raise InvalidToken("token has no key id")
        key = await self._keys.get(kid)
        algorithm = key.algorithm_name
        if header.get("alg") != algorithm:
            raise InvalidToken("algorithm does not match the key")
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key.key,
                algorithms=[algorithm],
                audience=self._audience,
                issuer=self._issuer,
                leeway=self._leeway_s,
                options={"require": REQUIRED_CLAIMS},
            )
            return Principal(
                user_id=uuid.UUID(claims["sub"]),
                roles=frozenset(claims.get("roles", ())),
                email_verified=bool(claims.get("email_verified", False)),
                token_id=str(claims["jti"]),
                session_id=str(claims["sid"]) if "sid" in claims else None,
                issued_at=int(claims["iat"]),
                expires_at=int(claims["exp"]),
            )
        except (jwt.PyJWTError, ValueError, TypeError) as exc:
            raise InvalidToken(str(exc)) from exc


def unauthorized(detail: str) -> Problem:
    return Problem(401, detail, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


# Declared for the OpenAPI docs (the Authorize button logs in through the auth service).
bearer_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, as ``bearer_scheme`` reads it."""
    scheme, _, token = (authorization or "").partition(" ")
    if not authorization or scheme.lower() != "bearer":
        return None
    return token.strip()


async def principal_from_token(verifier: TokenVerifier, token: str | None) -> Principal:
    """The caller of ``token`` (401 problem when it is missing or not valid), bound to the
    request's log lines. ``current_principal`` and the fast lane (``cadence_shared.fastlane``)
    both check tokens here."""
    if not token:
        raise Problem(401, "Missing bearer token.", headers={"WWW-Authenticate": "Bearer"})
    try:
        principal = await verifier.verify(token)
    except InvalidToken as exc:
        raise unauthorized(f"Invalid token: {exc}") from exc
    structlog.contextvars.bind_contextvars(user_id=principal.user_id)  # on the request's lines
    return principal


async def current_principal(
    request: Request, token: Annotated[str | None, Depends(bearer_scheme)]
) -> Principal:
    # The context's token verifier (cadence_shared.context), opened in every service.
    return await principal_from_token(request.app.state.context.tokens, token)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_roles(*roles: str) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that lets through only callers holding one of ``roles`` (else 403)."""

    @answers(403)
    async def check(principal: CurrentPrincipal) -> Principal:
        if not principal.has_role(*roles):
            raise Problem(403, f"This needs one of the roles: {', '.join(sorted(roles))}.")
        return principal

    return check
