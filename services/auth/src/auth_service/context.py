"""Everything the auth routes and event handlers need besides the database, opened once."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from auth_service.apple import AppleClient
from auth_service.keys import KeyRing
from auth_service.mail import Mailer
from auth_service.passwords import Passwords
from auth_service.revocation import Revocations
from auth_service.sessions import SessionTools
from auth_service.settings import Settings
from auth_service.tokens import AccessTokenIssuer
from cadence_shared.auth import RedisRevocationList, TokenVerifier
from cadence_shared.client_ip import TrustedProxies
from cadence_shared.context import (
    HTTP,
    REDIS,
    TOKENS,
    Key,
    Resource,
    ServiceContext,
    StartupError,
)
from cadence_shared.deps import ContextDep
from cadence_shared.ratelimit import RateLimiter


@dataclass(frozen=True)
class AuthContext:
    settings: Settings
    keys: KeyRing
    passwords: Passwords
    sessions: SessionTools
    revocations: Revocations
    limiter: RateLimiter
    proxies: TrustedProxies
    mailer: Mailer
    apple: AppleClient

    def client_address(self, request: Request) -> str:
        return self.proxies.of(request)

    async def enforce(self, limit: str, request: Request, *accounts: str) -> None:
        """Counts a hit per client address and per account; 429 past either limit."""
        keys = [f"{limit}:ip:{self.client_address(request)}"]
        keys += [f"{limit}:account:{account}" for account in accounts]
        await self.limiter.enforce(self.settings.rate(limit), *keys)


KEYS: Key[KeyRing] = Key("keys")
AUTH: Key[AuthContext] = Key("auth")


@asynccontextmanager
async def _open_keys(context: ServiceContext) -> AsyncIterator[KeyRing]:
    yield KeyRing.from_settings(_settings(context))


@asynccontextmanager
async def _open_tokens(context: ServiceContext) -> AsyncIterator[TokenVerifier]:
    """Bearer tokens are verified against this service's own key ring in-process (no JWKS
    round trip), with the same Redis revocation list the gateway and the other services read."""
    settings = _settings(context)
    yield TokenVerifier(
        context.get(KEYS),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        revocations=RedisRevocationList(context.redis),
    )


@asynccontextmanager
async def _open_auth(context: ServiceContext) -> AsyncIterator[AuthContext]:
    settings = _settings(context)
    keys = context.get(KEYS)
    revocations = Revocations(context.redis, access_token_ttl_s=settings.access_token_ttl_s)
    issuer = AccessTokenIssuer(
        keys,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        ttl_s=settings.access_token_ttl_s,
    )
    yield AuthContext(
        settings=settings,
        keys=keys,
        passwords=Passwords.from_settings(settings),
        sessions=SessionTools(settings, issuer, revocations),
        revocations=revocations,
        limiter=RateLimiter(context.redis, prefix="cadence:auth:ratelimit"),
        proxies=TrustedProxies(settings.trusted_proxies),
        mailer=Mailer(settings),
        apple=AppleClient(settings, context.http),
    )


def _settings(context: ServiceContext) -> Settings:
    if not isinstance(context.settings, Settings):
        raise StartupError("the auth resources need the auth service's settings")
    return context.settings


# Beside the standard resources: the key ring, a token verifier on it (replacing the JWKS one),
# and everything the routes need besides the database.
AUTH_RESOURCES = (
    Resource(KEYS, _open_keys),
    Resource(TOKENS, _open_tokens, needs=(KEYS, REDIS)),
    Resource(AUTH, _open_auth, needs=(KEYS, REDIS, HTTP)),
)


async def get_auth_context(context: ContextDep) -> AuthContext:
    return context.get(AUTH)


AuthDep = Annotated[AuthContext, Depends(get_auth_context)]
