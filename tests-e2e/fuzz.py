"""schemathesis over one service's published document, through the gateway, as a signed-in user:
no response >= 500, every response conforming to its documented status, content type and schema.

The e2e test (test_fuzz.py) runs a few examples per operation; ``bench/schemathesis_bench.py``
runs the long version. Both call ``fuzz`` so the two runs differ in their budget only.
"""

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
# An account that deletes itself, logs out or changes its password would end the run's token.
SESSION_ENDING = r"^/api/v1/(auth/logout|auth/password|users/me$)"


@dataclass(frozen=True)
class FuzzRun:
    service: str
    returncode: int
    output: str
    report: dict[str, Any]

    @property
    def failures(self) -> list[Any]:
        found: list[Any] = self.report.get("failures", [])
        return found


def fuzz(
    base_url: str,
    service: str,
    token: str,
    report_dir: Path,
    *,
    max_examples: int,
    phases: str = "examples,fuzzing",
    seed: int = 17,
) -> FuzzRun:
    report = report_dir / f"{service}.json"
    command = [
        str(Path(sys.executable).with_name("st")),
        "run",
        f"{base_url}/openapi/{service}.json",
        "--url",
        base_url,
        "-H",
        f"Authorization: Bearer {token}",
        "--checks",
        CHECKS,
        "--phases",
        phases,
        "--max-examples",
        str(max_examples),
        "--seed",
        str(seed),
        "--exclude-path-regex",
        SESSION_ENDING,
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
    # In the report directory: schemathesis keeps a cache (.schemathesis/) where it runs.
    done = subprocess.run(command, capture_output=True, text=True, timeout=3600, cwd=report_dir)
    document = json.loads(report.read_text()) if report.exists() else {}
    return FuzzRun(service, done.returncode, done.stdout + done.stderr, document)
