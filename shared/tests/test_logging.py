"""A traced request's log lines join up: trace and span ids, request id, user id, route."""

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import orjson
import pytest

from cadence_shared.logging import pretty
from cadence_shared.testing.tokens import TestIssuer
from shared.tests import client_log_app
from shared.tests.log_lines_app import REQUEST_ID

REPOSITORY = Path(__file__).resolve().parents[2]


def log_lines(module: str, *args: str, folder: Path | None = None) -> list[dict[str, Any]]:
    """The JSON lines an app module writes when run as a process of its own: logging is
    configured once per process, so a test process's earlier setup cannot hide or swallow them.
    ``folder``: the process's log folder (the local stack's ``CADENCE_LOG_DIR``), whose own file
    then holds every line, all written by the time the process has exited, and stdout none."""
    env = {**os.environ, "CADENCE_LOG_DIR": str(folder or ""), "HONCHO_PROCESS_NAME": "app.1"}
    ran = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=REPOSITORY, capture_output=True, timeout=60, check=True, env=env,
    )  # fmt: skip
    written = ran.stdout if folder is None else (folder / "app.1.log").read_bytes()
    if folder is not None:
        assert b"{" not in ran.stdout, "a line went to stdout too"
        assert all(line.startswith(b"{") for line in written.splitlines()), "only records"
    return [orjson.loads(line) for line in written.splitlines() if line.startswith(b"{")]


@pytest.mark.parametrize("to_file", [False, True], ids=["stdout", "own-file"])
def test_a_requests_log_lines_carry_its_trace_user_and_route(
    redis_url: str, token_issuer: TestIssuer, tmp_path: Path, to_file: bool
) -> None:
    user_id = uuid.uuid4()
    lines = log_lines(
        "shared.tests.log_lines_app",
        redis_url, token_issuer.jwks_url, token_issuer.mint(user_id),
        folder=tmp_path if to_file else None,
    )  # fmt: skip
    [handler] = [line for line in lines if line["event"] == "item_read"]
    [request] = [line for line in lines if line["event"] == "request"]
    assert request["route"] == "/items/{item_id}"
    assert request["path"] == "/items/7"
    assert request["status"] == 200
    for line in (handler, request):
        assert line["user_id"] == str(user_id)
        assert line["service"] == "logtest"
        assert line["request_id"] == REQUEST_ID
        assert re.fullmatch("[0-9a-f]{32}", line["trace_id"]), line
        assert re.fullmatch("[0-9a-f]{16}", line["span_id"]), line
    assert handler["trace_id"] == request["trace_id"]


def test_the_access_line_names_the_client_a_trusted_proxy_forwarded_and_no_forged_one() -> None:
    lines = log_lines("shared.tests.client_log_app")
    clients = {line["path"]: line["client"] for line in lines if line["event"] == "request"}
    assert clients == {
        # Through a proxy of the trusted network: the client its X-Forwarded-For names.
        "/ping/proxied": client_log_app.CLIENT,
        # From a peer outside it: the header is ignored, the peer is the client.
        "/ping/forged": client_log_app.STRANGER[0],
    }


def test_a_json_line_reads_as_a_sentence_and_other_lines_pass_through() -> None:
    record = {
        "event": "request", "level": "info", "service": "tasks", "method": "GET",
        "path": "/api/v1/tasks/1", "route": "/api/v1/tasks/{task_id}", "status": 200,
        "duration_ms": 1.25, "request_id": "r1", "user_id": "u1",
        "trace_id": "0123456789abcdef0123456789abcdef", "span_id": "0123456789abcdef",
        "timestamp": "2026-12-03T10:00:00Z",
    }  # fmt: skip
    line = "10:00:00 tasks.1 | " + orjson.dumps(record).decode()
    assert pretty(line) == (
        "10:00:00 tasks.1 | info tasks request GET /api/v1/tasks/{task_id} 200 1.25ms  "
        "request_id=r1 user_id=u1 trace_id=0123456789ab"
    )
    warning = pretty(
        orjson.dumps({"event": "relay_failed", "level": "warning"}).decode(), colour=True
    )
    assert warning == "\x1b[33mwarning relay_failed\x1b[0m"
    assert pretty("10:00:00 system | tasks.1 started (pid=1)") == (
        "10:00:00 system | tasks.1 started (pid=1)"
    )
    assert pretty("not json {") == "not json {"
