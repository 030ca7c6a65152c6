"""Sign in with Apple: identity-token verification, code exchange and token revocation.

Apple's public keys come from its JWKS URL (cached, refetched for an unknown ``kid``, by the same
``JwksKeys`` the services use for ours). The client secret for Apple's token and revoke endpoints
is a short ES256 JWT signed with the app's Apple key.
"""

import hashlib
import hmac
import time
from dataclasses import dataclass
from typing import Any

import httpx
import jwt
import structlog

from auth_service.errors import AppleRevocationRefused, AppleUnavailable
from auth_service.settings import Settings
from cadence_shared.auth import InvalidToken, JwksKeys

log = structlog.get_logger("auth.apple")

CLIENT_SECRET_TTL_S = 300


class AppleTokenInvalid(Exception):
    pass


@dataclass(frozen=True, slots=True)
class AppleIdentityClaims:
    sub: str
    email: str | None
    email_verified: bool
    audience: str


def _truthy(value: Any) -> bool:
    # Apple sends booleans as JSON booleans or as the strings "true"/"false".
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _pem(value: str) -> str:
    if value.lstrip().startswith("-----BEGIN"):
        return value
    with open(value, encoding="ascii") as file:
        return file.read()


class AppleClient:
    def __init__(self, settings: Settings, http: httpx.AsyncClient) -> None:
        self._settings = settings
        self._http = http
        self._keys = JwksKeys(settings.apple_jwks_url, http, cache_s=24 * 3600.0)

    async def verify_identity_token(
        self, identity_token: str, *, nonce: str | None = None
    ) -> AppleIdentityClaims:
        """Checks signature (RS256, Apple's key by kid), iss, aud, exp, and the nonce if given.

        ``nonce`` is the raw nonce the app generated; the app gave Apple its SHA-256 (hex), which
        is what the token carries.
        """
        settings = self._settings
        if not settings.apple_client_ids:
            raise AppleTokenInvalid("Sign in with Apple is not configured")
        try:
            header = jwt.get_unverified_header(identity_token)
            kid = header.get("kid")
            if not isinstance(kid, str) or header.get("alg") != "RS256":
                raise AppleTokenInvalid("not an Apple identity token")
            key = await self._keys.get(kid)
            claims: dict[str, Any] = jwt.decode(
                identity_token,
                key.key,
                algorithms=["RS256"],
                audience=settings.apple_client_ids,
                issuer=settings.apple_issuer,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except (jwt.PyJWTError, InvalidToken) as exc:
            raise AppleTokenInvalid(str(exc)) from exc
        if nonce is not None:
            expected = hashlib.sha256(nonce.encode()).hexdigest()
            if not hmac.compare_digest(str(claims.get("nonce", "")), expected):
                raise AppleTokenInvalid("nonce does not match")
        email = claims.get("email")
        return AppleIdentityClaims(
            sub=str(claims["sub"]),
            email=email.strip().lower() if isinstance(email, str) else None,
            email_verified=_truthy(claims.get("email_verified")),
            audience=str(claims["aud"]),
        )

    def _client_secret(self, client_id: str) -> str | None:
        settings = self._settings
        if not (settings.apple_team_id and settings.apple_key_id and settings.apple_private_key):
            return None
        now = int(time.time())
        return jwt.encode(
            {
                "iss": settings.apple_team_id,
                "iat": now,
                "exp": now + CLIENT_SECRET_TTL_S,
                "aud": settings.apple_issuer,
                "sub": client_id,
            },
            _pem(settings.apple_private_key.get_secret_value()),
            algorithm="ES256",
            headers={"kid": settings.apple_key_id},
        )

    async def exchange_code(self, code: str, *, client_id: str) -> str | None:
        """Apple's refresh token for an authorization code (kept to revoke it on deletion)."""
        secret = self._client_secret(client_id)
        if secret is None:
            return None
        response = await self._http.post(
            self._settings.apple_token_url,
            data={
                "client_id": client_id,
                "client_secret": secret,
                "code": code,
                "grant_type": "authorization_code",
            },
            timeout=10.0,
        )
        if response.status_code != 200:
            raise AppleTokenInvalid(
                f"Apple refused the authorization code ({response.status_code})"
            )
        refresh_token = response.json().get("refresh_token")
        return refresh_token if isinstance(refresh_token, str) else None

    async def revoke(self, refresh_token: str, *, client_id: str) -> bool:
        """Revokes the user's Apple token, as Apple requires when an account is deleted.

        False when no Apple client key is configured (nothing can be revoked). A 4xx is
        permanent (``AppleRevocationRefused``); a 5xx or a network failure is retried.
        """
        secret = self._client_secret(client_id)
        if secret is None:
            log.warning("apple_revoke_skipped_no_client_key")
            return False
        form = {
            "client_id": client_id,
            "client_secret": secret,
            "token": refresh_token,
            "token_type_hint": "refresh_token",
        }
        try:
            response = await self._http.post(
                self._settings.apple_revoke_url, data=form, timeout=10.0
            )
        except httpx.HTTPError as exc:
            raise AppleUnavailable(f"Apple's revoke endpoint failed: {exc!r}") from exc
        if 400 <= response.status_code < 500:
            raise AppleRevocationRefused(
                f"Apple refused the revocation ({response.status_code}): {response.text[:300]}"
            )
        if response.status_code != 200:
            raise AppleUnavailable(f"Apple's revoke endpoint answered {response.status_code}")
        log.info("apple_token_revoked", client_id=client_id)
        return True
