"""Everything the auth routes need besides the database, opened once at start-up."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated

import httpx
from fastapi import Depends, FastAPI, Request
from redis.asyncio import Redis

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


@asynccontextmanager
async def auth_context(app: FastAPI) -> AsyncIterator[None]:
    """Opened after ``redis``: keys, token issuing, in-process verification, limits, mail, Apple.

    Bearer tokens are verified against this service's own key ring in-process, with the same
    Redis revocation list the gateway and the other services read.
    """
    settings: Settings = app.state.settings
    redis: Redis = app.state.redis
    keys = KeyRing.from_settings(settings)
    revocations = Revocations(redis, access_token_ttl_s=settings.access_token_ttl_s)
    issuer = AccessTokenIssuer(
        keys,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        ttl_s=settings.access_token_ttl_s,
    )
    app.state.token_verifier = TokenVerifier(
        keys,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        revocations=RedisRevocationList(redis),
    )
    async with httpx.AsyncClient() as http:
        app.state.auth = AuthContext(
            settings=settings,
            keys=keys,
            passwords=Passwords.from_settings(settings),
            sessions=SessionTools(settings, issuer, revocations),
            revocations=revocations,
            limiter=RateLimiter(redis, prefix="cadence:auth:ratelimit"),
            proxies=TrustedProxies(settings.trusted_proxies),
            mailer=Mailer(settings),
            apple=AppleClient(settings, http),
        )
        yield


def get_auth_context(request: Request) -> AuthContext:
    context: AuthContext = request.app.state.auth
    return context


AuthDep = Annotated[AuthContext, Depends(get_auth_context)]
