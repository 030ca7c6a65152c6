"""schemathesis over one service's published document, in one of four variants: through the
gateway or straight to the service's own port (its own ``/openapi.json``), with a real token or
without one. Every variant: no response >= 500, every response conforming to its documented
status, content type and schema; without a token, every protected operation answers 401
problem+json (``fuzz_checks.py``).

The e2e test (test_fuzz.py) runs a few examples per operation; ``bench/schemathesis_bench.py``
runs the long version. Both call ``fuzz`` so the two runs differ in their budget only.
"""

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cadence_gateway.routes import RouteTable

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
UNSIGNED_CHECKS = f"{CHECKS},protected_operation_answers_401"
UNSIGNED_HOOKS = Path(__file__).resolve().with_name("fuzz_checks.py")
# An account that deletes itself, logs out or changes its password would end the run's token.
SESSION_ENDING = r"^/api/v1/(auth/logout|auth/password|users/me$)"


@dataclass(frozen=True)
class Variant:
    """Where a run sends its requests (``gateway`` or ``direct``) and whether it has a token."""

    route: str
    signed_in: bool

    def __str__(self) -> str:
        return f"{self.route}, {'token' if self.signed_in else 'no token'}"

    @property
    def slug(self) -> str:
        return f"{self.route}-{'token' if self.signed_in else 'anonymous'}"

    def urls(self, gateway_url: str, table: RouteTable, service: str) -> tuple[str, str]:
        """The document to read and the base URL to send the requests to."""
        if self.route == "gateway":
            return f"{gateway_url}/openapi/{service}.json", gateway_url
        direct = f"http://127.0.0.1:{table.services[service].port}"
        return f"{direct}/openapi.json", direct


VARIANTS = [Variant(route, signed) for route in ("gateway", "direct") for signed in (True, False)]


@dataclass(frozen=True)
class FuzzRun:
    service: str
    variant: Variant
    returncode: int
    output: str
    report: dict[str, Any]

    @property
    def failures(self) -> list[Any]:
        found: list[Any] = self.report.get("failures", [])
        return found


def _command(
    spec_url: str, base_url: str, token: str | None, report: Path, options: list[str]
) -> list[str]:
    if token is None:
        who = ["--checks", UNSIGNED_CHECKS]
    else:
        auth = ["-H", f"Authorization: Bearer {token}"]
        who = [*auth, "--checks", CHECKS, "--exclude-path-regex", SESSION_ENDING]
    return [
        str(Path(sys.executable).with_name("st")),
        "run",
        spec_url,
        "--url",
        base_url,
        *who,
        *options,
        "--request-timeout",
        "30",
        "--workers",
        "2",
        "--report",
        "json",
        "--report-json-path",
        str(report),
        "--no-color",
    ]


def fuzz(
    gateway_url: str,
    table: RouteTable,
    service: str,
    variant: Variant,
    token: str | None,
    report_dir: Path,
    *,
    max_examples: int,
    phases: str = "examples,fuzzing",
    seed: int = 17,
) -> FuzzRun:
    """One schemathesis run; ``token`` is used by the signed-in variants only."""
    spec_url, base_url = variant.urls(gateway_url, table, service)
    report = report_dir / f"{service}-{variant.slug}.json"
    options = ["--phases", phases, "--max-examples", str(max_examples), "--seed", str(seed)]
    command = _command(spec_url, base_url, token if variant.signed_in else None, report, options)
    env = {**os.environ, "SCHEMATHESIS_HOOKS": str(UNSIGNED_HOOKS)}
    # In the report directory: schemathesis keeps a cache (.schemathesis/) where it runs.
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=3600, cwd=report_dir, env=env
    )
    document = json.loads(report.read_text()) if report.exists() else {}
    return FuzzRun(service, variant, done.returncode, done.stdout + done.stderr, document)
