import asyncio
import itertools
import json
import socket
import threading
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import asyncpg
import httpx
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy.engine import make_url

from auth_service.keys import generate_pem
from auth_service.main import build_app
from auth_service.settings import Settings
from cadence_shared.testing import migrate, serve_app
from cadence_shared.testing.backends import Backends
from cadence_shared.testing.tokens import TestIssuer

APPLE_CLIENT_ID = "app.cadence.ios"
APPLE_ISSUER = "https://appleid.apple.com"
PASSWORD = "correct horse battery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class MailBox:
    """What a real SMTP server (aiosmtpd) received."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.port = free_port()
        self.defer = 0  # answer "451 try again later" to this many mails first
        self.attempts = 0
        self.unknown: set[str] = set()  # recipients refused for good ("550 no such user")

    # aiosmtpd calls handle_RCPT by that name.
    async def handle_RCPT(  # noqa: N802
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address in self.unknown:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    # aiosmtpd calls handle_DATA by that name.
    async def handle_DATA(  # noqa: N802
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        self.attempts += 1
        if self.attempts <= self.defer:
            return "451 4.3.0 Mail server temporarily unavailable"
        content = envelope.content or b""
        assert isinstance(content, bytes)  # str only when the server decodes data; ours does not
        self.messages.append(message_from_bytes(content))
        return "250 OK"

    async def wait_for(self, to: str, *, timeout_s: float = 5.0) -> Message:
        async with asyncio.timeout(timeout_s):
            while True:
                for message in self.messages:
                    if message["To"] == to:
                        return message
                await asyncio.sleep(0.02)

    def sent_to(self, to: str) -> list[Message]:
        return [message for message in self.messages if message["To"] == to]

    async def link_token(self, to: str) -> str:
        """The token in the link of the latest mail to ``to``."""
        await self.wait_for(to)
        body = self.sent_to(to)[-1].get_payload(decode=True)
        assert isinstance(body, bytes)
        line = next(line for line in body.decode().splitlines() if "?token=" in line)
        return line.split("?token=", 1)[1].strip()


@dataclass
class FakeApple:
    """Apple's JWKS, token and revoke endpoints over real HTTP, recording what they receive."""

    issuer: TestIssuer = field(
        default_factory=lambda: TestIssuer(issuer=APPLE_ISSUER, audience=APPLE_CLIENT_ID)
    )
    calls: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    # Statuses the revoke endpoint answers, in turn; 200 once they run out.
    revoke_answers: list[int] = field(default_factory=list)
    base_url: str = ""
    _server: ThreadingHTTPServer | None = None

    def identity_token(self, sub: str, **overrides: Any) -> str:
        claims = self.issuer.claims(None, sub=sub, jti=None, roles=None, email_verified=None)
        claims.update(overrides)
        claims = {name: value for name, value in claims.items() if value is not None}
        return self.issuer.sign(claims, headers={"typ": "JWT"})

    def start(self) -> None:
        apple = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, status: int, body: dict[str, Any]) -> None:
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self) -> None:
                self._answer(200, apple.issuer.jwks)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                apple.calls.append((self.path, form))
                if self.path == "/auth/token":
                    self._answer(200, {"refresh_token": f"apple-refresh-{form['code']}"})
                elif apple.revoke_answers:
                    self._answer(apple.revoke_answers.pop(0), {"error": "invalid_request"})
                else:
                    self._answer(200, {})

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


def serve_mailbox() -> Iterator[MailBox]:
    box = MailBox()
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    yield box
    controller.stop()


mailbox = pytest.fixture(scope="session", name="mailbox")(serve_mailbox)
# A mail server of the test's own, which the test tells to defer (451) the first mails.
deferring_mailbox = pytest.fixture(name="deferring_mailbox")(serve_mailbox)


@pytest.fixture
def scripted_apple() -> Iterator[FakeApple]:
    """An Apple of the test's own, whose ``revoke_answers`` the test sets."""
    fake = FakeApple()
    fake.start()
    yield fake
    fake.close()


@pytest.fixture(scope="session")
def apple() -> Iterator[FakeApple]:
    fake = FakeApple()
    fake.start()
    yield fake
    fake.close()


@pytest.fixture(scope="session")
def signing_pem() -> str:
    return generate_pem().decode()


@pytest.fixture(scope="session")
def apple_client_key() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@pytest.fixture(scope="session")
def settings(
    database_url: str,
    redis_url: str,
    mailbox: MailBox,
    apple: FakeApple,
    signing_pem: str,
    apple_client_key: str,
    amqp_names: str,
    backends: Backends,
) -> Settings:
    migrate("auth", database_url)
    return Settings(
        database_url=database_url,
        redis_url=redis_url,
        signing_key=signing_pem,
        smtp_host="127.0.0.1",
        smtp_port=mailbox.port,
        apple_client_ids=[APPLE_CLIENT_ID],
        apple_jwks_url=f"{apple.base_url}/auth/keys",
        apple_token_url=f"{apple.base_url}/auth/token",
        apple_revoke_url=f"{apple.base_url}/auth/revoke",
        apple_team_id="TEAM123456",
        apple_key_id="KEY1234567",
        apple_private_key=apple_client_key,
        trusted_proxies=["127.0.0.1"],
        amqp_url=backends.amqp_url,
        amqp_prefix=amqp_names,
        events_retry_delays_s=[0.2, 0.4],  # mail and Apple retries, quickly
    )


@pytest.fixture(scope="session")
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with serve_app(build_app(settings)) as client:
        yield client


_addresses = itertools.count(1)


def new_ip() -> str:
    """A client address of its own, so tests never share a rate-limit window."""
    n = next(_addresses)
    return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"


@dataclass
class Account:
    """A registered user as a client holds it: credentials, tokens, and the address it calls from."""

    email: str
    password: str
    ip: str
    user_id: uuid.UUID | None = None
    access_token: str = ""
    refresh_token: str = ""

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}", "X-Forwarded-For": self.ip}

    @property
    def forwarded(self) -> dict[str, str]:
        return {"X-Forwarded-For": self.ip}


class Accounts:
    """Registers and logs in users through the API."""

    password = PASSWORD

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    new_ip = staticmethod(new_ip)

    async def register(self, *, login: bool = True) -> Account:
        client = self.client
        account = Account(f"user-{uuid.uuid4().hex[:12]}@example.com", PASSWORD, new_ip())
        response = await client.post(
            "/api/v1/auth/register",
            json={"email": account.email, "password": account.password},
            headers=account.forwarded,
        )
        assert response.status_code == 201, response.text
        account.user_id = uuid.UUID(response.json()["id"])
        if login:
            await self.log_in(account)
        return account

    async def log_in(self, account: Account) -> dict[str, Any]:
        response = await self.client.post(
            "/api/v1/auth/login",
            json={"email": account.email, "password": account.password},
            headers=account.forwarded,
        )
        assert response.status_code == 200, response.text
        pair: dict[str, Any] = response.json()
        account.access_token = pair["access_token"]
        account.refresh_token = pair["refresh_token"]
        return pair


@pytest.fixture(scope="session")
def accounts(client: httpx.AsyncClient) -> Accounts:
    return Accounts(client)


@pytest.fixture
async def isolated_settings(settings: Settings, backends: Backends) -> AsyncIterator[Settings]:
    """The session's settings on a database and broker names of this test's own, so apps and
    processes started by the test share no outbox and no queue with the session's app."""
    name = f"cadence_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(backends.postgres_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        url = make_url(settings.database_url).set(database=name).render_as_string(False)
        migrate("auth", url)
        yield settings.model_copy(
            update={"database_url": url, "amqp_prefix": f"{settings.amqp_prefix}-{name[-6:]}"}
        )
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
