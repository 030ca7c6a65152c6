"""A traced request's log lines join up: trace and span ids, request id, user id, route."""

import re
import subprocess
import sys
import uuid
from pathlib import Path

import orjson

from cadence_shared.logging import pretty
from cadence_shared.testing.tokens import TestIssuer
from shared.tests.log_lines_app import REQUEST_ID

REPOSITORY = Path(__file__).resolve().parents[2]


def test_a_requests_log_lines_carry_its_trace_user_and_route(
    redis_url: str, token_issuer: TestIssuer
) -> None:
    user_id = uuid.uuid4()
    # A process of its own: logging is configured once per process, to its stdout.
    ran = subprocess.run(
        [
            sys.executable, "-m", "shared.tests.log_lines_app",
            redis_url, token_issuer.jwks_url, token_issuer.mint(user_id),
        ],
        cwd=REPOSITORY, capture_output=True, timeout=60, check=True,
    )  # fmt: skip
    lines = [orjson.loads(line) for line in ran.stdout.splitlines() if line.startswith(b"{")]
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
