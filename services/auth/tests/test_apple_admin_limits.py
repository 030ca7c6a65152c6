"""Sign in with Apple, admin routes, deactivation, rate limits and the trusted client address."""

import asyncio
import hashlib
import time
import uuid
from typing import Any

import httpx
import jwt
from sqlalchemy import update
from sqlalchemy.ext.asyncio import create_async_engine

from auth_service.main import build_app
from auth_service.models import Role, User
from auth_service.settings import Settings
from cadence_shared.testing import serve_app
from cadence_shared.testing.tokens import TestIssuer
from cadence_shared.testing.waiting import eventually

APPLE_CLIENT_ID = "app.cadence.ios"


async def sign_in(client: httpx.AsyncClient, ip: str, **body: Any) -> httpx.Response:
    return await client.post("/api/v1/auth/apple", json=body, headers={"X-Forwarded-For": ip})


async def test_apple_sign_in_creates_then_finds_the_user(
    client: httpx.AsyncClient, accounts: Any, apple: Any
) -> None:
    sub = f"apple-{uuid.uuid4().hex}"
    email = f"{uuid.uuid4().hex[:10]}@privaterelay.appleid.com"
    token = apple.identity_token(sub, email=email, email_verified="true")
    first = await sign_in(client, accounts.new_ip(), identity_token=token, name="Tim")
    assert first.status_code == 200, first.text
    me = await client.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {first.json()['access_token']}"}
    )
    assert me.json()["email"] == email and me.json()["apple_linked"] is True
    assert me.json()["has_password"] is False and me.json()["email_verified"] is True
    again = await sign_in(client, accounts.new_ip(), identity_token=apple.identity_token(sub))
    claims = jwt.decode(again.json()["access_token"], options={"verify_signature": False})
    assert claims["sub"] == me.json()["id"]


async def test_apple_links_an_existing_account_by_verified_email(
    client: httpx.AsyncClient, accounts: Any, apple: Any
) -> None:
    account = await accounts.register(login=False)
    token = apple.identity_token(
        f"apple-{uuid.uuid4().hex}", email=account.email, email_verified=True
    )
    response = await sign_in(client, accounts.new_ip(), identity_token=token)
    claims = jwt.decode(response.json()["access_token"], options={"verify_signature": False})
    assert claims["sub"] == str(account.user_id)


async def test_apple_nonce_is_checked(client: httpx.AsyncClient, accounts: Any, apple: Any) -> None:
    sub = f"apple-{uuid.uuid4().hex}"
    token = apple.identity_token(sub, nonce=hashlib.sha256(b"raw-nonce").hexdigest())
    good = await sign_in(client, accounts.new_ip(), identity_token=token, nonce="raw-nonce")
    bad = await sign_in(client, accounts.new_ip(), identity_token=token, nonce="other-nonce")
    assert (good.status_code, bad.status_code) == (200, 401)


async def test_bad_apple_tokens_are_401(
    client: httpx.AsyncClient, accounts: Any, apple: Any
) -> None:
    sub = f"apple-{uuid.uuid4().hex}"
    now = int(time.time())
    stranger = TestIssuer(issuer="https://appleid.apple.com", audience=APPLE_CLIENT_ID)
    stranger.kid = apple.issuer.kid  # same kid, different key: the signature must fail
    bad = {
        "wrong aud": apple.identity_token(sub, aud="com.someone.else"),
        "wrong iss": apple.identity_token(sub, iss="https://evil.example"),
        "expired": apple.identity_token(sub, iat=now - 7200, nbf=now - 7200, exp=now - 3600),
        "wrong key": stranger.sign(stranger.claims(None, sub=sub), headers={"typ": "JWT"}),
        "garbage": "a.b.c",
    }
    for name, token in bad.items():
        response = await sign_in(client, accounts.new_ip(), identity_token=token)
        assert response.status_code == 401, name


async def test_deleting_an_apple_account_revokes_its_apple_token(
    client: httpx.AsyncClient, accounts: Any, apple: Any
) -> None:
    sub = f"apple-{uuid.uuid4().hex}"
    code = uuid.uuid4().hex
    response = await sign_in(
        client, accounts.new_ip(), identity_token=apple.identity_token(sub), authorization_code=code
    )
    assert response.status_code == 200
    token_calls = [
        form for path, form in apple.calls if path == "/auth/token" and form["code"] == code
    ]
    assert len(token_calls) == 1 and token_calls[0]["client_id"] == APPLE_CLIENT_ID
    secret = jwt.decode(token_calls[0]["client_secret"], options={"verify_signature": False})
    assert secret["iss"] == "TEAM123456" and secret["sub"] == APPLE_CLIENT_ID
    headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
    deleted = await client.request("DELETE", "/api/v1/users/me", headers=headers)
    assert deleted.status_code == 204

    def revokes() -> list[dict[str, str]]:
        return [form for path, form in apple.calls if path == "/auth/revoke"]

    # The revocation is an event sent after the commit: wait for the handler.
    await eventually(
        lambda: any(form.get("token") == f"apple-refresh-{code}" for form in revokes()),
        what="Apple's revoke endpoint called",
    )
    revocation = next(form for form in revokes() if form["token"] == f"apple-refresh-{code}")
    assert {
        "token": f"apple-refresh-{code}",
        "token_type_hint": "refresh_token",
    }.items() <= revocation.items()
    assert (await client.get("/api/v1/users/me", headers=headers)).status_code == 401


async def test_passwordless_deletion_needs_a_recent_login(settings: Settings, apple: Any) -> None:
    strict = settings.model_copy(update={"recent_login_s": 1})
    async with serve_app(build_app(strict)) as client:
        response = await sign_in(
            client, "10.251.0.1", identity_token=apple.identity_token(f"apple-{uuid.uuid4().hex}")
        )
        headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
        issued = jwt.decode(response.json()["access_token"], options={"verify_signature": False})
        await asyncio.sleep(max(0.0, issued["iat"] + 2.05 - time.time()))
        refused = await client.request("DELETE", "/api/v1/users/me", headers=headers)
        assert refused.status_code == 403


async def make_admin(settings: Settings, user_id: uuid.UUID) -> None:
    engine = create_async_engine(settings.database_url)
    async with engine.begin() as connection:
        await connection.execute(update(User).where(User.id == user_id).values(role=Role.admin))  # type: ignore[arg-type]
    await engine.dispose()


async def test_admin_routes(client: httpx.AsyncClient, accounts: Any, settings: Settings) -> None:
    admin = await accounts.register()
    user = await accounts.register()
    refused = await client.get("/api/v1/users", headers=user.headers)
    assert refused.status_code == 403
    assert (
        await client.patch(
            f"/api/v1/users/{admin.user_id}", json={"role": "user"}, headers=user.headers
        )
    ).status_code == 403
    await make_admin(settings, admin.user_id)
    await accounts.log_in(admin)  # a token with the admin role
    listed = await client.get(
        "/api/v1/users", params={"q": user.email.upper()}, headers=admin.headers
    )
    assert listed.status_code == 200
    assert listed.json()["total"] == 1 and listed.json()["items"][0]["id"] == str(user.user_id)
    page = await client.get("/api/v1/users", params={"limit": 1}, headers=admin.headers)
    assert len(page.json()["items"]) == 1 and page.json()["total"] >= 2

    guest = await client.patch(
        f"/api/v1/users/{user.user_id}", json={"role": "guest"}, headers=admin.headers
    )
    assert guest.json()["role"] == "guest"
    deactivated = await client.patch(
        f"/api/v1/users/{user.user_id}", json={"is_active": False}, headers=admin.headers
    )
    assert deactivated.status_code == 200 and deactivated.json()["is_active"] is False
    # Signed out everywhere, and kept out.
    assert (await client.get("/api/v1/users/me", headers=user.headers)).status_code == 401
    refreshed = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": user.refresh_token}
    )
    assert refreshed.status_code == 401
    login = await client.post(
        "/api/v1/auth/login",
        json={"email": user.email, "password": user.password},
        headers=user.forwarded,
    )
    assert login.status_code == 403
    missing = await client.patch(
        f"/api/v1/users/{uuid.uuid4()}", json={"role": "user"}, headers=admin.headers
    )
    assert missing.status_code == 404
    selfdemote = await client.patch(
        f"/api/v1/users/{admin.user_id}", json={"role": "user"}, headers=admin.headers
    )
    assert selfdemote.status_code == 409


async def test_deactivated_user_cannot_refresh(
    client: httpx.AsyncClient, accounts: Any, settings: Settings
) -> None:
    user = await accounts.register()
    engine = create_async_engine(settings.database_url)
    async with engine.begin() as connection:
        await connection.execute(
            update(User).where(User.id == user.user_id).values(is_active=False)
        )
    await engine.dispose()
    refreshed = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": user.refresh_token}
    )
    assert refreshed.status_code == 403


async def test_login_rate_limit_per_client_address_with_retry_after(
    client: httpx.AsyncClient, accounts: Any
) -> None:
    ip = accounts.new_ip()
    statuses = []
    for n in range(11):
        response = await client.post(
            "/api/v1/auth/login",
            json={
                "email": f"nobody-{n}-{uuid.uuid4().hex[:6]}@example.com",
                "password": "whatever1",
            },
            headers={"X-Forwarded-For": ip},
        )
        statuses.append(response.status_code)
    assert statuses == [401] * 10 + [429]
    assert 1 <= int(response.headers["retry-after"]) <= 60
    # Another client behind the same gateway is not affected.
    other = await client.post(
        "/api/v1/auth/login",
        json={"email": "nobody@example.com", "password": "whatever1"},
        headers={"X-Forwarded-For": accounts.new_ip()},
    )
    assert other.status_code == 401


async def test_login_rate_limit_per_account_across_addresses(
    client: httpx.AsyncClient, accounts: Any
) -> None:
    account = await accounts.register(login=False)
    statuses = []
    for _ in range(11):
        response = await client.post(
            "/api/v1/auth/login",
            json={"email": account.email, "password": "wrong password"},
            headers={"X-Forwarded-For": accounts.new_ip()},
        )
        statuses.append(response.status_code)
    assert statuses == [401] * 10 + [429]


async def test_register_rate_limit(client: httpx.AsyncClient, accounts: Any) -> None:
    ip = accounts.new_ip()
    statuses = [
        (
            await client.post(
                "/api/v1/auth/register",
                json={"email": f"r-{uuid.uuid4().hex[:10]}@example.com", "password": "long enough"},
                headers={"X-Forwarded-For": ip},
            )
        ).status_code
        for _ in range(6)
    ]
    assert statuses == [201] * 5 + [429]


async def test_forwarded_for_is_ignored_from_an_untrusted_peer(settings: Settings) -> None:
    # Nobody trusted: the peer address (the test client's) is the client, whatever it claims.
    untrusting = settings.model_copy(update={"trusted_proxies": [], "rate_limit_forgot": "2/hour"})
    async with serve_app(build_app(untrusting)) as client:
        await client.post("/api/v1/auth/password/forgot", json={"email": "a@example.com"})  # warm
        statuses = [
            (
                await client.post(
                    "/api/v1/auth/password/forgot",
                    json={"email": f"f-{n}@example.com"},
                    headers={"X-Forwarded-For": f"192.0.2.{n}"},
                )
            ).status_code
            for n in range(2)
        ]
    assert statuses == [202, 429]
