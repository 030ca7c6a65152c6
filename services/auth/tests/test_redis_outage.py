"""Auth with its Redis hung or gone (a Redis this test starts itself): register, login and an
authenticated call are 503 problems with Retry-After, never 500s, and all work again within
seconds of Redis coming back."""

import time
from collections.abc import AsyncIterator

import httpx
import pytest

from auth_service.main import build_app
from auth_service.settings import Settings
from cadence_shared.testing import serve_app
from cadence_shared.testing.redis_server import RedisServer, redis_server
from cadence_shared.testing.waiting import eventually
from services.auth.tests.conftest import Accounts


@pytest.fixture
async def server() -> AsyncIterator[RedisServer]:
    async with redis_server() as server:
        yield server


@pytest.fixture
async def own_accounts(settings: Settings, server: RedisServer) -> AsyncIterator[Accounts]:
    app = build_app(settings.model_copy(update={"redis_url": server.url}))
    async with serve_app(app) as client:
        yield Accounts(client)


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert int(response.headers["retry-after"]) >= 1


async def calls_while(
    accounts: Accounts, account_email: str, password: str
) -> list[httpx.Response]:
    client = accounts.client
    return [
        await client.post(
            "/api/v1/auth/register",
            json={"email": f"x{time.monotonic_ns()}@example.com", "password": password},
            headers={"X-Forwarded-For": accounts.new_ip()},
        ),
        await client.post(
            "/api/v1/auth/login",
            json={"email": account_email, "password": password},
            headers={"X-Forwarded-For": accounts.new_ip()},
        ),
    ]


@pytest.mark.parametrize("fault", ["paused", "stopped"])
async def test_redis_down_is_503_everywhere_then_recovers(
    own_accounts: Accounts, server: RedisServer, fault: str
) -> None:
    account = await own_accounts.register()
    me = own_accounts.client.get  # the revocation check needs Redis: it fails closed
    if fault == "paused":
        server.pause()
    else:
        server.stop()
    try:
        during = await calls_while(own_accounts, account.email, account.password)
        during.append(await me("/api/v1/auth/me", headers=account.headers))
    finally:
        if fault == "paused":
            server.resume()
        else:
            await server.start()

    for response in during:
        assert_unavailable(response)

    async def recovered() -> bool:
        after = await calls_while(own_accounts, account.email, account.password)
        return [r.status_code for r in after] == [201, 200]

    await eventually(recovered, within_s=5, what="auth working again")
    assert (await me("/api/v1/auth/me", headers=account.headers)).status_code == 200
