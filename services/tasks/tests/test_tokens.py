"""Every way a token can be wrong is a 401 problem with WWW-Authenticate, before any data is read."""

import base64
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Callable

import httpx
import jwt
import pytest

from cadence_shared.testing import TestUser
from cadence_shared.testing.tokens import TestIssuer, new_rsa_key


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _hs256_signed_with(secret: bytes, kid: str, claims: dict[str, object]) -> str:
    # The classic key-confusion attack: the RSA public key used as an HMAC secret. pyjwt refuses
    # to build such a token, so it is put together by hand.
    signing_input = f"{_b64({'alg': 'HS256', 'typ': 'at+jwt', 'kid': kid})}.{_b64(claims)}"
    digest = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{base64.urlsafe_b64encode(digest).rstrip(b'=').decode()}"


@pytest.fixture(scope="module")
def bad_tokens(token_issuer: TestIssuer) -> dict[str, str]:
    return _bad_tokens(token_issuer)


def _bad_tokens(issuer: TestIssuer) -> dict[str, str]:
    claims = issuer.claims()
    now = int(time.time())
    other_key = new_rsa_key()
    good = issuer.mint()
    header, _payload, signature = good.split(".")
    tampered_claims = {**claims, "roles": ["admin"]}
    return {
        "expired": issuer.mint(exp=now - 10, iat=now - 1000, nbf=now - 1000),
        "not yet valid": issuer.mint(nbf=now + 600),
        "wrong audience": issuer.mint(aud="someone-else"),
        "wrong issuer": issuer.mint(iss="https://evil.example"),
        "wrongly signed": jwt.encode(
            claims, other_key, algorithm="RS256", headers={"kid": issuer.kid, "typ": "at+jwt"}
        ),
        "unknown kid": jwt.encode(
            claims, other_key, algorithm="RS256", headers={"kid": "nope", "typ": "at+jwt"}
        ),
        "alg none": f"{_b64({'alg': 'none', 'typ': 'at+jwt', 'kid': issuer.kid})}.{_b64(claims)}.",
        "HS256 with the public key": _hs256_signed_with(issuer.public_pem, issuer.kid, claims),
        "tampered payload": f"{header}.{_b64(tampered_claims)}.{signature}",
        "not an access token": issuer.sign(claims, headers={"typ": "JWT"}),
        "missing jti": issuer.mint(jti=None),
        "garbage": "not-a-jwt",
    }


@pytest.mark.parametrize(
    "kind",
    [
        "expired",
        "not yet valid",
        "wrong audience",
        "wrong issuer",
        "wrongly signed",
        "unknown kid",
        "alg none",
        "HS256 with the public key",
        "tampered payload",
        "not an access token",
        "missing jti",
        "garbage",
    ],
)
async def test_bad_token_is_401(
    client: httpx.AsyncClient, bad_tokens: dict[str, str], kind: str
) -> None:
    token = bad_tokens[kind]
    response = await client.get("/api/v1/tasks", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"].startswith("Bearer")


async def test_missing_token_is_401(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/tasks")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


async def test_identity_headers_from_the_client_are_ignored(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser]
) -> None:
    alice, bob = make_user(), make_user()
    created = await client.post("/api/v1/tasks", json={"title": "mine"}, headers=alice.headers)
    spoofed = await client.get(
        f"/api/v1/tasks/{created.json()['id']}",
        headers={**bob.headers, "X-User-Id": str(alice.id)},
    )
    assert spoofed.status_code == 404


async def test_request_id_is_returned_and_generated(client: httpx.AsyncClient) -> None:
    given = await client.get("/health", headers={"X-Request-ID": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    generated = await client.get("/health")
    assert uuid.UUID(generated.headers["x-request-id"])


async def test_readiness_reports_postgres(client: httpx.AsyncClient) -> None:
    response = await client.get("/health/ready")
    assert response.status_code == 200
    assert response.json()["checks"]["postgres"]["status"] == "ok"
