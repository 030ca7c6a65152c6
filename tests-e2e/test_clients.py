"""The generated Python client (clients/python, `make clients`) against the running stack, through
the gateway: register, log in, create and read a task, a run and a playlist, a 404 and a 422 as
typed problems carrying their code, refresh, log out."""

import os
import subprocess
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from cadence_client import AuthenticatedClient, Client
from cadence_client.api.auth import auth_login, auth_logout, auth_refresh, auth_register
from cadence_client.api.playlists import playlists_create_playlist, playlists_get_playlist
from cadence_client.api.runs import runs_get_run, runs_upload_run
from cadence_client.api.tasks import tasks_create_task, tasks_get_task
from cadence_client.models import (
    LoginRequest,
    LogoutRequest,
    PlaylistCreate,
    Problem,
    RefreshRequest,
    RegisterRequest,
    RunCreate,
    TaskCreate,
    TaskPriority,
    TokenPair,
    UserPublic,
)

from cadence_shared.testing import missing_tool
from harness import Stack, next_client_address

REPO = Path(__file__).resolve().parents[1]
PASSWORD = "client-smoke-passw0rd"


def _anonymous(stack: Stack, address: str) -> Client:
    transport = httpx.HTTPTransport(local_address=address)
    return Client(base_url=stack.base_url, httpx_args={"transport": transport}, timeout=None)


def _signed_in(stack: Stack, address: str, token: str) -> AuthenticatedClient:
    transport = httpx.HTTPTransport(local_address=address)
    return AuthenticatedClient(
        base_url=stack.base_url, token=token, httpx_args={"transport": transport}
    )


def _sign_up(stack: Stack, address: str) -> TokenPair:
    anonymous = _anonymous(stack, address)
    email = f"client-{uuid.uuid4().hex[:12]}@example.com"
    user = auth_register.sync(
        client=anonymous, body=RegisterRequest(email=email, password=PASSWORD)
    )
    assert isinstance(user, UserPublic) and user.email == email
    again = auth_register.sync(
        client=anonymous, body=RegisterRequest(email=email, password=PASSWORD)
    )
    assert isinstance(again, Problem) and (again.status, again.code) == (409, "email_taken")
    tokens = auth_login.sync(client=anonymous, body=LoginRequest(email=email, password=PASSWORD))
    assert isinstance(tokens, TokenPair) and tokens.access_token and tokens.refresh_token
    return tokens


def test_the_python_client_runs_the_client_flow(stack: Stack) -> None:
    address = next_client_address()
    tokens = _sign_up(stack, address)
    api = _signed_in(stack, address, tokens.access_token)

    task = tasks_create_task.sync(
        client=api, body=TaskCreate(title="Buy running shoes", priority=TaskPriority.HIGH)
    )
    assert not isinstance(task, Problem) and task is not None
    read = tasks_get_task.sync(client=api, task_id=task.id)
    assert read == task and read.title == "Buy running shoes"

    started = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    run_id = uuid.uuid4()
    body = RunCreate(
        id=run_id, started_at=started, ended_at=started + timedelta(minutes=30), distance_m=5000.0
    )
    uploaded = runs_upload_run.sync(client=api, body=body)
    assert not isinstance(uploaded, Problem) and uploaded is not None and uploaded.id == run_id
    run = runs_get_run.sync(client=api, run_id=run_id)
    assert not isinstance(run, Problem) and run is not None and run.distance_m == 5000.0

    playlist = playlists_create_playlist.sync(client=api, body=PlaylistCreate(name="Tempo 170"))
    assert not isinstance(playlist, Problem) and playlist is not None
    shown = playlists_get_playlist.sync(client=api, playlist_id=playlist.id)
    assert not isinstance(shown, Problem) and shown is not None and shown.name == "Tempo 170"

    missing = tasks_get_task.sync_detailed(client=api, task_id=uuid.uuid4())
    assert missing.status_code == 404 and isinstance(missing.parsed, Problem)
    assert missing.parsed.code == "task_not_found"
    assert missing.parsed.type_ == "/problems/task_not_found"

    invalid = tasks_create_task.sync_detailed(client=api, body=TaskCreate(title=""))
    assert invalid.status_code == 422 and isinstance(invalid.parsed, Problem)
    assert invalid.parsed.code == "validation_failed"
    assert invalid.parsed.errors and invalid.parsed.errors[0].loc[-1] == "title"

    anonymous = _anonymous(stack, address)
    renewed = auth_refresh.sync(
        client=anonymous, body=RefreshRequest(refresh_token=tokens.refresh_token)
    )
    assert isinstance(renewed, TokenPair) and renewed.refresh_token != tokens.refresh_token
    api = _signed_in(stack, address, renewed.access_token)
    out = auth_logout.sync_detailed(
        client=api, body=LogoutRequest(refresh_token=renewed.refresh_token)
    )
    assert out.status_code == 204
    after = tasks_get_task.sync_detailed(client=api, task_id=task.id)
    assert after.status_code == 401 and isinstance(after.parsed, Problem)
    assert after.parsed.code in {"unauthorized", "token_revoked"}


def test_the_typescript_client_runs_the_client_flow(stack: Stack) -> None:
    """clients/typescript/test/smoke.test.ts, compiled by tsc and run by `node --test`."""
    package = REPO / "clients" / "typescript"
    tsc = package / "node_modules" / ".bin" / "tsc"
    if not tsc.exists():
        missing_tool(f"{tsc} is missing: deploy/local/bootstrap.sh --test installs it")
    subprocess.run([str(tsc)], cwd=package, check=True, timeout=120)
    result = subprocess.run(
        ["node", "--test", "dist/test/"],
        cwd=package,
        env={**os.environ, "CADENCE_E2E_BASE_URL": stack.base_url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# pass 1" in result.stdout and "# fail 0" in result.stdout, result.stdout
