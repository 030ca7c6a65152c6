"""Registration, login, profile, passwords, email verification and deletion, over HTTP."""

import uuid
from typing import Any

import httpx
import jwt
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from auth_service.settings import Settings

PASSWORD = "correct horse battery"


async def outbox_events(settings: Settings, subject: uuid.UUID) -> list[str]:
    engine = create_async_engine(settings.database_url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                text(
                    "SELECT type FROM auth.event_outbox "
                    "WHERE envelope->>'subject' = :subject ORDER BY seq"
                ),
                {"subject": str(subject)},
            )
            return [row[0] for row in rows]
    finally:
        await engine.dispose()


async def test_register_returns_the_user_without_hash_and_emits_the_event(
    client: httpx.AsyncClient, accounts: Any, settings: Settings
) -> None:
    email = f"  New.User-{uuid.uuid4().hex[:8]}@Example.COM "
    response = await client.post(
        "/api/v1/auth/register",
        json={"email": email, "password": PASSWORD, "name": "Ada"},
        headers={"X-Forwarded-For": accounts.new_ip()},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["email"] == email.strip().lower()
    assert body["name"] == "Ada"
    assert body["role"] == "user"
    assert body["email_verified"] is False
    assert body["units"] == {"weight": "kg", "height": "cm", "energy": "kcal"}
    assert "password_hash" not in body and "$argon2" not in response.text
    assert await outbox_events(settings, uuid.UUID(body["id"])) == ["auth.user.registered.v1"]


async def test_second_registration_with_the_same_email_is_409(
    client: httpx.AsyncClient, accounts: Any
) -> None:
    account = await accounts.register(login=False)
    response = await client.post(
        "/api/v1/auth/register",
        json={"email": account.email.upper(), "password": "another password"},
        headers={"X-Forwarded-For": accounts.new_ip()},
    )
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"


async def test_register_refuses_bad_input(client: httpx.AsyncClient, accounts: Any) -> None:
    for body in (
        {"email": "not-an-email", "password": PASSWORD},
        {"email": "short@example.com", "password": "1234567"},
        {"email": "long@example.com", "password": "x" * 129},
        {"email": "extra@example.com", "password": PASSWORD, "role": "admin"},
    ):
        response = await client.post(
            "/api/v1/auth/register", json=body, headers={"X-Forwarded-For": accounts.new_ip()}
        )
        assert response.status_code == 422, body


async def test_login_gives_a_token_pair_with_the_agreed_claims(
    client: httpx.AsyncClient, accounts: Any, settings: Settings
) -> None:
    account = await accounts.register(login=False)
    pair = await accounts.log_in(account)
    assert pair["token_type"] == "bearer"
    assert pair["expires_in"] == settings.access_token_ttl_s
    header = jwt.get_unverified_header(pair["access_token"])
    assert header["typ"] == "at+jwt" and header["alg"] == "RS256" and header["kid"]
    claims = jwt.decode(pair["access_token"], options={"verify_signature": False})
    assert claims["sub"] == str(account.user_id)
    assert claims["iss"] == "cadence-auth" and claims["aud"] == "cadence"
    assert claims["roles"] == ["user"] and claims["email_verified"] is False
    assert claims["exp"] - claims["iat"] == settings.access_token_ttl_s
    assert {"jti", "nbf", "sid"} <= claims.keys()


async def test_oauth2_token_form_logs_in(client: httpx.AsyncClient, accounts: Any) -> None:
    account = await accounts.register(login=False)
    response = await client.post(
        "/api/v1/auth/token",
        data={"username": account.email, "password": account.password},
        headers=account.forwarded,
    )
    assert response.status_code == 200
    me = await client.get(
        "/api/v1/auth/me", headers={"Authorization": f"Bearer {response.json()['access_token']}"}
    )
    assert me.json()["email"] == account.email


async def test_login_does_not_reveal_whether_the_account_exists(
    client: httpx.AsyncClient, accounts: Any
) -> None:
    account = await accounts.register(login=False)
    wrong_password = await client.post(
        "/api/v1/auth/login",
        json={"email": account.email, "password": "wrong password"},
        headers={"X-Forwarded-For": accounts.new_ip()},
    )
    unknown = await client.post(
        "/api/v1/auth/login",
        json={"email": f"nobody-{uuid.uuid4().hex}@example.com", "password": "wrong password"},
        headers={"X-Forwarded-For": accounts.new_ip()},
    )
    assert wrong_password.status_code == unknown.status_code == 401
    assert wrong_password.json()["detail"] == unknown.json()["detail"]


async def test_me_and_alias_and_profile_update(client: httpx.AsyncClient, accounts: Any) -> None:
    account = await accounts.register()
    me = await client.get("/api/v1/users/me", headers=account.headers)
    alias = await client.get("/api/v1/auth/me", headers=account.headers)
    assert me.status_code == alias.status_code == 200
    assert me.json() == alias.json()
    assert me.json()["has_password"] is True and me.json()["apple_linked"] is False
    patched = await client.patch(
        "/api/v1/users/me",
        json={"name": "Grace", "weight_unit": "lb", "height_unit": "in", "energy_unit": "kj"},
        headers=account.headers,
    )
    assert patched.status_code == 200
    assert patched.json()["name"] == "Grace"
    assert patched.json()["units"] == {"weight": "lb", "height": "in", "energy": "kj"}
    bad = await client.patch(
        "/api/v1/users/me", json={"weight_unit": "stone"}, headers=account.headers
    )
    assert bad.status_code == 422
    null = await client.patch(
        "/api/v1/users/me", json={"weight_unit": None}, headers=account.headers
    )
    assert null.status_code == 422
    again = await client.get("/api/v1/users/me", headers=account.headers)
    assert again.json()["units"] == {"weight": "lb", "height": "in", "energy": "kj"}


async def test_me_needs_a_token(client: httpx.AsyncClient, accounts: Any) -> None:
    response = await client.get("/api/v1/users/me")
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")


async def test_password_change_keeps_this_session_and_revokes_the_others(
    client: httpx.AsyncClient,
    accounts: Any,
) -> None:
    account = await accounts.register()
    other_access = account.access_token
    other_refresh = account.refresh_token
    await accounts.log_in(account)  # this device's session
    wrong = await client.post(
        "/api/v1/auth/password/change",
        json={"current_password": "wrong password", "new_password": "a new password"},
        headers=account.headers,
    )
    assert wrong.status_code == 403
    changed = await client.post(
        "/api/v1/auth/password/change",
        json={"current_password": PASSWORD, "new_password": "a new password"},
        headers=account.headers,
    )
    assert changed.status_code == 204
    assert (await client.get("/api/v1/users/me", headers=account.headers)).status_code == 200
    other = await client.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {other_access}"}
    )
    assert other.status_code == 401
    refreshed = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": other_refresh}, headers=account.forwarded
    )
    assert refreshed.status_code == 401
    account.password = "a new password"
    await accounts.log_in(account)


async def test_forgot_and_reset_password_works_once_and_revokes_all_sessions(
    client: httpx.AsyncClient, accounts: Any, mailbox: Any
) -> None:
    account = await accounts.register()
    forgot = await client.post(
        "/api/v1/auth/password/forgot", json={"email": account.email}, headers=account.forwarded
    )
    assert forgot.status_code == 202
    token = await mailbox.link_token(account.email)
    reset = await client.post(
        "/api/v1/auth/password/reset", json={"token": token, "new_password": "reset password!"}
    )
    assert reset.status_code == 204
    again = await client.post(
        "/api/v1/auth/password/reset", json={"token": token, "new_password": "another one!!"}
    )
    assert again.status_code == 400
    assert (await client.get("/api/v1/users/me", headers=account.headers)).status_code == 401
    refreshed = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": account.refresh_token}
    )
    assert refreshed.status_code == 401
    account.password = "reset password!"
    await accounts.log_in(account)
    assert (await client.get("/api/v1/users/me", headers=account.headers)).status_code == 200


async def test_forgot_does_not_reveal_whether_the_account_exists(
    client: httpx.AsyncClient, accounts: Any, mailbox: Any
) -> None:
    unknown = f"nobody-{uuid.uuid4().hex}@example.com"
    response = await client.post(
        "/api/v1/auth/password/forgot",
        json={"email": unknown},
        headers={"X-Forwarded-For": accounts.new_ip()},
    )
    account = await accounts.register(login=False)
    known = await client.post(
        "/api/v1/auth/password/forgot", json={"email": account.email}, headers=account.forwarded
    )
    assert response.status_code == known.status_code == 202
    assert response.json() == known.json()
    await mailbox.wait_for(account.email)
    assert mailbox.sent_to(unknown) == []


async def test_email_verification_sets_the_claim_and_works_once(
    client: httpx.AsyncClient, accounts: Any, mailbox: Any
) -> None:
    account = await accounts.register()
    requested = await client.post("/api/v1/auth/email/verify/request", headers=account.headers)
    assert requested.status_code == 202
    token = await mailbox.link_token(account.email)
    assert (
        await client.post("/api/v1/auth/email/verify", json={"token": token})
    ).status_code == 204
    assert (
        await client.post("/api/v1/auth/email/verify", json={"token": token})
    ).status_code == 400
    refreshed = await client.post(
        "/api/v1/auth/refresh",
        json={"refresh_token": account.refresh_token},
        headers=account.forwarded,
    )
    claims = jwt.decode(refreshed.json()["access_token"], options={"verify_signature": False})
    assert claims["email_verified"] is True


async def test_a_reset_token_is_not_a_verification_token(
    client: httpx.AsyncClient, accounts: Any, mailbox: Any
) -> None:
    account = await accounts.register()
    await client.post(
        "/api/v1/auth/password/forgot", json={"email": account.email}, headers=account.forwarded
    )
    token = await mailbox.link_token(account.email)
    assert (
        await client.post("/api/v1/auth/email/verify", json={"token": token})
    ).status_code == 400
    as_bearer = await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    assert as_bearer.status_code == 401


async def test_delete_account_needs_the_password_emits_the_event_and_kills_tokens(
    client: httpx.AsyncClient, accounts: Any, settings: Settings
) -> None:
    account = await accounts.register()
    wrong = await client.request(
        "DELETE", "/api/v1/users/me", json={"password": "wrong password"}, headers=account.headers
    )
    assert wrong.status_code == 403
    missing = await client.request("DELETE", "/api/v1/users/me", headers=account.headers)
    assert missing.status_code == 403
    deleted = await client.request(
        "DELETE", "/api/v1/users/me", json={"password": PASSWORD}, headers=account.headers
    )
    assert deleted.status_code == 204
    assert account.user_id is not None
    assert await outbox_events(settings, account.user_id) == [
        "auth.user.registered.v1",
        "auth.user.deleted.v1",
    ]
    assert (await client.get("/api/v1/users/me", headers=account.headers)).status_code == 401
    refreshed = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": account.refresh_token}
    )
    assert refreshed.status_code == 401
    login = await client.post(
        "/api/v1/auth/login",
        json={"email": account.email, "password": PASSWORD},
        headers={"X-Forwarded-For": accounts.new_ip()},
    )
    assert login.status_code == 401


async def test_a_nul_character_is_a_422_problem_and_nothing_is_stored(
    client: httpx.AsyncClient, accounts: Any, settings: Settings
) -> None:
    # Postgres text cannot hold NUL: refused while parsing, never a 500 from the database.
    email = f"nul-{uuid.uuid4().hex[:8]}@example.com"
    ip = {"X-Forwarded-For": accounts.new_ip()}
    for body in (
        {"email": email, "password": PASSWORD, "name": "Ada\x00"},
        {"email": email, "password": PASSWORD + "\x00"},
    ):
        response = await client.post("/api/v1/auth/register", json=body, headers=ip)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
    engine = create_async_engine(settings.database_url)
    try:
        async with engine.connect() as connection:
            stored = await connection.scalar(
                text("SELECT count(*) FROM auth.user WHERE email = :email"), {"email": email}
            )
    finally:
        await engine.dispose()
    assert stored == 0
    account = await accounts.register()
    renamed = await client.patch("/api/v1/users/me", json={"name": "\x00"}, headers=account.headers)
    assert renamed.status_code == 422
    me = await client.get("/api/v1/users/me", headers=account.headers)
    assert me.json()["name"] is None
