"""The operator commands against the real database."""

import io
import uuid
from typing import Any

import httpx
import jwt
import pytest
from typer.testing import CliRunner

from auth_service import cli
from auth_service.settings import Settings
from cadence_shared.cli import app
from cadence_shared.testing import in_thread


async def test_create_admin_then_log_in_as_admin(
    client: httpx.AsyncClient, accounts: Any, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    email = f"admin-{uuid.uuid4().hex[:8]}@example.com"
    monkeypatch.setenv("AUTH_DATABASE_URL", settings.database_url)
    monkeypatch.setattr("sys.stdin", io.StringIO("admin password 1\n"))
    in_thread(lambda: cli.main(["create-admin", "--email", email, "--password-stdin"]))
    response = await client.post(
        "/api/v1/auth/login",
        json={"email": email, "password": "admin password 1"},
        headers={"X-Forwarded-For": accounts.new_ip()},
    )
    assert response.status_code == 200
    claims = jwt.decode(response.json()["access_token"], options={"verify_signature": False})
    assert claims["roles"] == ["admin"] and claims["email_verified"] is True

    user = await accounts.register()
    in_thread(lambda: cli.main(["create-admin", "--email", user.email, "--keep-password"]))
    promoted = await accounts.log_in(user)
    claims = jwt.decode(promoted["access_token"], options={"verify_signature": False})
    assert claims["roles"] == ["admin"]


def test_the_cadence_command_has_auths_own_commands() -> None:
    """`cadence auth ...`: auth's entry point (cadence.commands), which cadence_shared.cli gathers
    (here, where auth is installed: shared's own environment has no service)."""
    result = CliRunner().invoke(app, ["auth", "--help"])
    assert result.exit_code == 0
    assert "create-admin" in result.output
