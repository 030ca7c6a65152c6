"""Mail and Apple token revocation survive the process: outbox, auth's own queues, handlers.

Each test runs on a database and broker names of its own (``isolated_settings``), so the
session's app neither relays nor consumes what these tests produce.
"""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import aio_pika
import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from auth_service.main import build_app
from auth_service.settings import Settings
from cadence_shared.app import context_of
from cadence_shared.events.broker import Topology
from cadence_shared.events.parking import list_parked
from cadence_shared.testing import serve_app
from cadence_shared.testing.waiting import eventually

MAIL_EVENT = "auth.mail.requested.v1"
PASSWORD = "correct horse battery"
# The mail servers and Apple of conftest.py (their classes come with the fixtures).
MailBox = Any
FakeApple = Any


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def auth_environment(settings: Settings, **overrides: str) -> dict[str, str]:
    """The environment of an auth process with ``settings`` (nothing inherited from ours)."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("AUTH_", "CADENCE_"))
    }
    return {
        **inherited,
        "AUTH_ENVIRONMENT": "test",
        "AUTH_LOG_LEVEL": "INFO",
        "AUTH_DATABASE_URL": settings.database_url,
        "AUTH_REDIS_URL": settings.redis_url,
        "AUTH_AMQP_URL": settings.amqp_url,
        "AUTH_AMQP_PREFIX": settings.amqp_prefix,
        "AUTH_SIGNING_KEY": settings.signing_key.get_secret_value(),
        "AUTH_SMTP_HOST": "127.0.0.1",
        "AUTH_SMTP_PORT": str(settings.smtp_port),
        "AUTH_EVENTS_RETRY_DELAYS_S": "0.2",
        **overrides,
    }


@contextmanager
def process(command: list[str], environment: dict[str, str], log: Path) -> Iterator[Any]:
    """Runs ``command``; SIGTERM at the end unless the test already killed it."""
    with log.open("wb") as output:
        running = subprocess.Popen(
            command, env=environment, cwd=log.parent, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            yield running
        finally:
            if running.poll() is None:
                running.terminate()
            running.wait(timeout=20)


async def scalar(settings: Settings, statement: str, **values: Any) -> Any:
    engine = create_async_engine(settings.database_url)
    try:
        async with engine.connect() as connection:
            return (await connection.execute(text(statement), values)).scalar()
    finally:
        await engine.dispose()


async def mail_events(settings: Settings, *, published: bool) -> int:
    condition = "IS NOT NULL" if published else "IS NULL"
    count = await scalar(
        settings,
        f"SELECT count(*) FROM auth.event_outbox WHERE type = :type AND published_at {condition}",
        type=MAIL_EVENT,
    )
    return int(count)


async def queued(settings: Settings, handler: str) -> int:
    """Messages waiting in the queue of auth's ``handler``."""
    connection = await aio_pika.connect(settings.amqp_url)
    async with connection:
        channel = await connection.channel()
        name = Topology.from_settings(settings).queue("auth", handler)
        queue = await channel.declare_queue(name, passive=True)
        return int(queue.declaration_result.message_count or 0)


async def applied(settings: Settings, handler: str) -> bool:
    """Whether ``handler`` committed an event (its inbox has it)."""
    count = await scalar(
        settings, "SELECT count(*) FROM auth.event_inbox WHERE handler = :handler", handler=handler
    )
    return int(count) > 0


def fresh_address() -> dict[str, str]:
    """A client address of its own, so no two requests share a rate-limit window."""
    number = uuid.uuid4().int
    return {
        "X-Forwarded-For": f"10.{200 + number % 50}.{number // 50 % 256}.{number // 12800 % 256}"
    }


async def register(client: httpx.AsyncClient) -> str:
    email = f"durable-{uuid.uuid4().hex[:12]}@example.com"
    response = await client.post(
        "/api/v1/auth/register",
        json={"email": email, "password": PASSWORD},
        headers=fresh_address(),
    )
    assert response.status_code == 201, response.text
    return email


async def reset_with_mailed_link(settings: Settings, mailbox: MailBox, email: str) -> None:
    token = await mailbox.link_token(email)
    async with serve_app(build_app(settings)) as client:
        reset = await client.post(
            "/api/v1/auth/password/reset", json={"token": token, "new_password": "brand new pass"}
        )
        assert reset.status_code == 204, reset.text


@pytest.mark.parametrize("relayed", [True, False], ids=["after-relay", "before-relay"])
async def test_a_mail_requested_before_the_process_was_killed_still_arrives_once(
    isolated_settings: Settings, mailbox: MailBox, tmp_path: Path, relayed: bool
) -> None:
    settings = isolated_settings
    # An earlier run of the consumer declared auth's queues (they are durable), as in any
    # deployment that has run once; the user exists.
    app = build_app(settings)
    async with serve_app(app) as client:
        email = await register(client)
        await asyncio.wait_for(context_of(app).events.ready.wait(), 30)
    port = free_port()
    api_environment = auth_environment(
        settings,
        AUTH_EVENTS_CONSUMER_IN_PROCESS="false",
        AUTH_EVENTS_RELAY_IN_PROCESS=str(relayed).lower(),
    )
    uvicorn = [sys.executable, "-m", "uvicorn", "auth_service.main:app", "--port", str(port)]
    with process(uvicorn, api_environment, tmp_path / "api.log") as api:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:

            async def up() -> bool:
                try:
                    return (await http.get("/health")).status_code == 200
                except httpx.TransportError:
                    return False

            await eventually(up, within_s=60, what="the auth process up")
            forgot = await http.post(
                "/api/v1/auth/password/forgot", json={"email": email}, headers=fresh_address()
            )
            assert forgot.status_code == 202

        # Committed (and relayed, in the first case) but not sent: then the process dies.
        async def stored() -> bool:
            return await mail_events(settings, published=relayed) == 1

        await eventually(stored, what="the mail event stored")
        assert await queued(settings, "send-mail") == (1 if relayed else 0)
        assert mailbox.sent_to(email) == []
        api.send_signal(signal.SIGKILL)
        api.wait(timeout=10)
    worker = [str(Path(sys.executable).parent / "cadence-events"), "auth", "worker"]
    with process(worker, auth_environment(settings), tmp_path / "worker.log"):
        await mailbox.wait_for(email, timeout_s=60)
        await eventually(lambda: applied(settings, "send-mail"), what="the mail event in the inbox")

        async def nothing_unsent() -> bool:
            return await mail_events(settings, published=False) == 0

        await eventually(nothing_unsent, what="nothing left unsent")
        assert await queued(settings, "send-mail") == 0
    assert len(mailbox.sent_to(email)) == 1
    await reset_with_mailed_link(settings, mailbox, email)


async def test_a_mail_server_outage_is_retried_until_the_mail_is_delivered(
    isolated_settings: Settings, deferring_mailbox: Any
) -> None:
    flaky = deferring_mailbox
    flaky.defer = 2  # 451 (try again later) to the first two
    settings = isolated_settings.model_copy(update={"smtp_port": flaky.port})
    async with serve_app(build_app(settings)) as client:
        email = await register(client)
        forgot = await client.post(
            "/api/v1/auth/password/forgot", json={"email": email}, headers=fresh_address()
        )
        assert forgot.status_code == 202
        await flaky.wait_for(email, timeout_s=20)
        await eventually(lambda: applied(settings, "send-mail"), what="the mail applied")
    assert flaky.attempts == 3
    assert len(flaky.sent_to(email)) == 1
    await reset_with_mailed_link(settings, flaky, email)


async def parked_messages(settings: Settings, handler: str) -> list[Any]:
    """The parked messages of auth's ``handler``, once there is one."""
    queue = Topology.from_settings(settings).queue("auth", handler)
    connection = await aio_pika.connect(settings.amqp_url)
    async with connection:

        async def parked() -> bool:
            return bool(await list_parked(connection, queue))

        await eventually(parked, what=f"a message parked by {handler}")
        return await list_parked(connection, queue)


async def test_a_recipient_the_mail_server_refuses_for_good_is_parked_at_once(
    isolated_settings: Settings, deferring_mailbox: Any
) -> None:
    refusing = deferring_mailbox
    settings = isolated_settings.model_copy(update={"smtp_port": refusing.port})
    async with serve_app(build_app(settings)) as client:
        email = await register(client)
        refusing.unknown.add(email)
        forgot = await client.post(
            "/api/v1/auth/password/forgot", json={"email": email}, headers=fresh_address()
        )
        assert forgot.status_code == 202
        [message] = await parked_messages(settings, "send-mail")
    assert message.event_type == MAIL_EVENT
    assert message.error is not None and message.error.startswith("mail_rejected:")
    assert "550" in message.error
    assert message.attempts == 1
    assert refusing.sent_to(email) == []


async def delete_apple_account(client: httpx.AsyncClient, apple: FakeApple, code: str) -> None:
    signed_in = await client.post(
        "/api/v1/auth/apple",
        json={
            "identity_token": apple.identity_token(f"apple-{uuid.uuid4().hex}"),
            "authorization_code": code,
        },
        headers=fresh_address(),
    )
    assert signed_in.status_code == 200, signed_in.text
    headers = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}
    assert (await client.delete("/api/v1/users/me", headers=headers)).status_code == 204


def apple_settings(settings: Settings, apple: FakeApple) -> Settings:
    return settings.model_copy(
        update={
            "apple_jwks_url": f"{apple.base_url}/auth/keys",
            "apple_token_url": f"{apple.base_url}/auth/token",
            "apple_revoke_url": f"{apple.base_url}/auth/revoke",
        }
    )


def revocations_of(apple: FakeApple, code: str) -> list[dict[str, str]]:
    return [
        form
        for path, form in apple.calls
        if path == "/auth/revoke" and form["token"] == f"apple-refresh-{code}"
    ]


async def test_apple_refusing_the_revocation_parks_it_at_once_with_its_code(
    isolated_settings: Settings, scripted_apple: FakeApple
) -> None:
    scripted_apple.revoke_answers = [400]
    settings = apple_settings(isolated_settings, scripted_apple)
    code = uuid.uuid4().hex
    async with serve_app(build_app(settings)) as client:
        await delete_apple_account(client, scripted_apple, code)
        [message] = await parked_messages(settings, "revoke-apple-token")
    assert message.event_type == "auth.apple.revocation.requested.v1"
    assert message.error is not None and message.error.startswith("apple_revocation_refused:")
    assert "(400)" in message.error
    assert message.attempts == 1  # parked at once, not retried
    assert len(revocations_of(scripted_apple, code)) == 1


async def test_apple_being_down_is_retried_until_the_token_is_revoked(
    isolated_settings: Settings, scripted_apple: FakeApple
) -> None:
    scripted_apple.revoke_answers = [503, 502]
    settings = apple_settings(isolated_settings, scripted_apple)
    code = uuid.uuid4().hex
    async with serve_app(build_app(settings)) as client:
        await delete_apple_account(client, scripted_apple, code)
        await eventually(
            lambda: applied(settings, "revoke-apple-token"), what="the revocation applied"
        )
    assert len(revocations_of(scripted_apple, code)) == 3
