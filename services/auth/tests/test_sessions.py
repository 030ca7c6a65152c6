"""Refresh rotation and reuse detection, logout, expiry, and forged or foreign tokens."""

import asyncio
import base64
import json
import time
import uuid
from typing import Any

import httpx
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from auth_service.main import build_app
from auth_service.settings import Settings
from cadence_shared.testing import serve_app
from cadence_shared.testing.tokens import TestIssuer


async def me(client: httpx.AsyncClient, token: str) -> int:
    response = await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    return response.status_code


async def refresh(client: httpx.AsyncClient, token: str, ip: str) -> httpx.Response:
    return await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": token}, headers={"X-Forwarded-For": ip}
    )


async def test_refresh_rotates_and_a_reused_token_revokes_the_family(
    client: httpx.AsyncClient, accounts: Any
) -> None:
    account = await accounts.register()
    first = account.refresh_token
    rotated = await refresh(client, first, account.ip)
    assert rotated.status_code == 200
    second = rotated.json()
    assert second["refresh_token"] != first
    newest = await refresh(client, second["refresh_token"], account.ip)
    assert newest.status_code == 200
    newest_pair = newest.json()
    assert await me(client, newest_pair["access_token"]) == 200

    replay = await refresh(client, first, account.ip)
    assert replay.status_code == 401
    # The whole family is gone: the newest refresh token and its access token too.
    assert (await refresh(client, newest_pair["refresh_token"], account.ip)).status_code == 401
    assert await me(client, newest_pair["access_token"]) == 401
    # Other sessions of the user are untouched.
    other = await accounts.log_in(account)
    assert await me(client, other["access_token"]) == 200


async def test_unknown_refresh_token_is_401(client: httpx.AsyncClient, accounts: Any) -> None:
    response = await refresh(client, "not-a-token", accounts.new_ip())
    assert response.status_code == 401


async def test_concurrent_refreshes_with_one_token_exactly_one_succeeds(
    client: httpx.AsyncClient, accounts: Any
) -> None:
    account = await accounts.register()
    results = await asyncio.gather(
        *(refresh(client, account.refresh_token, account.ip) for _ in range(2))
    )
    assert sorted(result.status_code for result in results) == [200, 401]


async def test_logout_revokes_the_access_token_and_the_session(
    client: httpx.AsyncClient, accounts: Any
) -> None:
    account = await accounts.register()
    other_device = await accounts.log_in(account)  # a second session, given by refresh token
    await accounts.log_in(account)
    response = await client.post(
        "/api/v1/auth/logout",
        json={"refresh_token": other_device["refresh_token"]},
        headers=account.headers,
    )
    assert response.status_code == 204
    assert await me(client, account.access_token) == 401
    assert (await refresh(client, account.refresh_token, account.ip)).status_code == 401
    assert (await refresh(client, other_device["refresh_token"], account.ip)).status_code == 401


async def test_logout_without_body(client: httpx.AsyncClient, accounts: Any) -> None:
    account = await accounts.register()
    response = await client.post("/api/v1/auth/logout", headers=account.headers)
    assert response.status_code == 204
    assert await me(client, account.access_token) == 401


async def test_expired_access_and_refresh_tokens_are_refused(settings: Settings) -> None:
    short = settings.model_copy(
        update={"access_token_ttl_s": 2, "refresh_token_ttl_s": 2, "refresh_family_ttl_s": 60}
    )
    async with serve_app(build_app(short)) as client:
        ip = "10.250.0.1"
        email = f"expiring-{uuid.uuid4().hex[:8]}@example.com"
        headers = {"X-Forwarded-For": ip}
        await client.post(
            "/api/v1/auth/register",
            json={"email": email, "password": "long enough"},
            headers=headers,
        )
        pair = (
            await client.post(
                "/api/v1/auth/login",
                json={"email": email, "password": "long enough"},
                headers=headers,
            )
        ).json()
        assert await me(client, pair["access_token"]) == 200
        exp = jwt.decode(pair["access_token"], options={"verify_signature": False})["exp"]
        # Past exp by more than the one-second granularity of JWT times.
        await asyncio.sleep(max(0.0, exp + 1.05 - time.time()))
        assert await me(client, pair["access_token"]) == 401
        assert (await refresh(client, pair["refresh_token"], ip)).status_code == 401


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


async def test_forged_and_foreign_tokens_are_401(
    client: httpx.AsyncClient, accounts: Any, settings: Settings, signing_pem: str
) -> None:
    account = await accounts.register()
    header = jwt.get_unverified_header(account.access_token)
    claims = jwt.decode(account.access_token, options={"verify_signature": False})
    private_key = serialization.load_pem_private_key(signing_pem.encode(), password=None)
    assert isinstance(private_key, rsa.RSAPrivateKey)
    public_pem = private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    head, body, signature = account.access_token.split(".")

    def signed(claims_: dict[str, Any], **headers: Any) -> str:
        return jwt.encode(
            claims_,
            private_key,
            algorithm="RS256",
            headers={**header, **headers},
        )

    forged = {
        "alg none": f"{_b64({**header, 'alg': 'none'})}.{body}.",
        "HS256 with the public key": f"{_b64({**header, 'alg': 'HS256'})}.{body}."
        + base64.urlsafe_b64encode(
            __import__("hmac")
            .new(public_pem, f"{_b64({**header, 'alg': 'HS256'})}.{body}".encode(), "sha256")
            .digest()
        )
        .rstrip(b"=")
        .decode(),
        "tampered payload": f"{head}.{_b64({**claims, 'roles': ['admin']})}.{signature}",
        "wrong kid": signed(claims, kid="not-our-key"),
        "wrong aud": signed({**claims, "aud": "somebody-else"}),
        "wrong iss": signed({**claims, "iss": "https://evil.example"}),
        "not an access token (typ)": signed(claims, typ="JWT"),
        "another issuer's key": TestIssuer().sign(claims, headers={"kid": header["kid"]}),
        "garbage": "not.a.jwt",
    }
    assert await me(client, account.access_token) == 200
    for name, token in forged.items():
        assert await me(client, token) == 401, name


async def test_jwks_publishes_the_signing_key(client: httpx.AsyncClient, accounts: Any) -> None:
    account = await accounts.register()
    response = await client.get("/api/v1/auth/.well-known/jwks.json")
    assert response.status_code == 200
    keys = response.json()["keys"]
    kid = jwt.get_unverified_header(account.access_token)["kid"]
    key = next(key for key in keys if key["kid"] == kid)
    assert key["kty"] == "RSA" and key["alg"] == "RS256" and "d" not in key
    claims = jwt.decode(
        account.access_token, jwt.PyJWK(key).key, algorithms=["RS256"], audience="cadence"
    )
    assert claims["sub"] == str(account.user_id)
