"""Access tokens (RFC 9068 JWTs) signed with the current key of the key ring."""

import time
import uuid
from dataclasses import dataclass

import jwt

from auth_service.keys import ALGORITHM, KeyRing
from auth_service.models import User
from cadence_shared.auth import ACCESS_TOKEN_TYPE


@dataclass(frozen=True, slots=True)
class IssuedAccessToken:
    token: str
    expires_in: int


class AccessTokenIssuer:
    def __init__(self, keys: KeyRing, *, issuer: str, audience: str, ttl_s: int) -> None:
        self._keys = keys
        self._issuer = issuer
        self._audience = audience
        self._ttl_s = ttl_s

    def issue(self, user: User, *, session_id: uuid.UUID) -> IssuedAccessToken:
        now = int(time.time())
        claims = {
            "iss": self._issuer,
            "aud": self._audience,
            "sub": str(user.id),
            "iat": now,
            "nbf": now,
            "exp": now + self._ttl_s,
            "jti": uuid.uuid4().hex,
            "sid": str(session_id),
            "roles": [user.role.value],
            "email_verified": user.email_verified,
        }
        key = self._keys.current
        token = jwt.encode(
            claims,
            key.private_key,
            algorithm=ALGORITHM,
            headers={"kid": key.kid, "typ": ACCESS_TOKEN_TYPE},
        )
        return IssuedAccessToken(token, self._ttl_s)
