"""Whose X-Forwarded-For auth believes: only the configured proxies' (by default the local
gateway's own address, 127.0.0.2). A direct caller on loopback used to pick its own rate-limit
bucket by sending the header."""

import secrets

import httpx
import pytest

from auth_service.main import build_app
from auth_service.settings import Settings
from cadence_shared.settings import LOCAL_GATEWAY_ADDRESS, HttpSettings
from cadence_shared.testing import serve_app

GATEWAY = (LOCAL_GATEWAY_ADDRESS, 40000)


def loopback_caller() -> tuple[str, int]:
    """A direct caller on loopback, at an address of this test's own (127.0.0.1 is shared by
    every test of the session, so its rate-limit window may already be full)."""
    a, b, c = secrets.token_bytes(3)
    return f"127.{a}.{b}.{max(c, 3)}", 40000


def shipped(settings: Settings) -> Settings:
    """The test settings with the shipped trusted proxies and a tight forgot-password limit."""
    default = HttpSettings.model_fields["trusted_proxies"].get_default(call_default_factory=True)
    return settings.model_copy(update={"trusted_proxies": default, "rate_limit_forgot": "2/hour"})


async def forgot_from_claimed_addresses(client: httpx.AsyncClient, tag: str) -> list[int]:
    """Three requests, each claiming another client address (fresh ones: the limit is 2 per
    hour per address)."""
    base = secrets.randbelow(60) * 4
    return [
        (
            await client.post(
                "/api/v1/auth/password/forgot",
                json={"email": f"{tag}-{n}@example.com"},
                headers={"X-Forwarded-For": f"198.51.100.{base + n}"},
            )
        ).status_code
        for n in (1, 2, 3)
    ]


def test_only_the_gateway_is_trusted_by_default() -> None:
    assert HttpSettings().trusted_proxies == [LOCAL_GATEWAY_ADDRESS]


@pytest.mark.parametrize("where", ["loopback", "elsewhere"])
async def test_a_forged_header_from_an_untrusted_peer_is_ignored(
    settings: Settings, where: str
) -> None:
    peer = loopback_caller() if where == "loopback" else (f"10.9.{secrets.randbelow(250)}.7", 1)
    async with serve_app(build_app(shipped(settings)), peer=peer) as client:
        statuses = await forgot_from_claimed_addresses(client, f"forged-{peer[0]}")

    # One bucket (the peer's), whatever the header claims.
    assert statuses == [202, 202, 429]


async def test_the_trusted_gateway_names_the_client(settings: Settings) -> None:
    async with serve_app(build_app(shipped(settings)), peer=GATEWAY) as client:
        statuses = await forgot_from_claimed_addresses(client, "through-gateway")

    # A bucket per client the gateway names.
    assert statuses == [202, 202, 202]
