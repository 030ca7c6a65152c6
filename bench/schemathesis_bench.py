"""schemathesis, the long run: every service's published document through the gateway of the
stack `make bench` started (``CADENCE_BENCH_BASE_URL``), as a signed-in user (a new account per
service), with the examples, coverage and fuzzing phases and ``EXAMPLES`` examples per operation.
Checks: no response >= 500, status code, content type and body as documented. The e2e test
(tests-e2e/test_fuzz.py) runs the same ``fuzz`` with 3 examples.

Writes bench/results/schemathesis.json: per service the operations tested, the test cases
generated and the failures found. Run: ``CADENCE_BENCH_BASE_URL=http://127.0.0.1:8000 uv run
python bench/schemathesis_bench.py`` (or as part of `make bench`).
"""

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from benchlib import REPO, bench_lock, load, metric, signed_in_headers, write_results
from cadence_gateway.routes import load_route_table

sys.path.insert(0, str(REPO / "tests-e2e"))
from fuzz import FuzzRun, fuzz

EXAMPLES = int(os.environ.get("CADENCE_FUZZ_EXAMPLES", "50"))
PHASES = "examples,coverage,fuzzing"


def _counts(run: FuzzRun) -> dict[str, Any]:
    """What schemathesis's JSON report says of the run: operations, cases, failures."""
    report = run.report
    return {
        "exit_code": run.returncode,
        "operations_tested": report.get("operations", {}).get("tested", 0),
        "test_cases": report.get("test_cases", {}).get("generated", 0),
        "with_failures": report.get("test_cases", {}).get("with_failures", 0),
        "failures": report.get("failures", [])[:50],
        "errors": report.get("errors", [])[:20],
        # The report names failure kinds only; the CLI's output shows each case and its curl.
        "output_tail": run.output[-8000:] if run.returncode else "",
    }


def _signed_in(base_url: str, address: str) -> str:
    """A new account's access token, signed up from ``address`` (auth limits sign-ups per
    client address)."""
    transport = httpx.HTTPTransport(local_address=address)
    with httpx.Client(base_url=base_url, transport=transport, timeout=30) as client:
        return signed_in_headers(client)["Authorization"].removeprefix("Bearer ")


def main() -> None:
    base_url = os.environ.get("CADENCE_BENCH_BASE_URL", "http://127.0.0.1:8000")
    services = sorted(load_route_table().services)
    results, details = [], {}
    with (
        bench_lock(),
        tempfile.TemporaryDirectory() as reports,
    ):
        before = load()
        for index, service in enumerate(services):
            token = _signed_in(base_url, f"127.0.3.{index + 1}")
            started = time.monotonic()
            run = fuzz(
                base_url, service, token, Path(reports), max_examples=EXAMPLES, phases=PHASES
            )
            details[service] = {**_counts(run), "seconds": round(time.monotonic() - started, 1)}
            counts = details[service]
            results.append(metric(f"{service}: test cases", counts["test_cases"], "requests"))
            results.append(
                metric(f"{service}: cases failing", counts["with_failures"], "requests", aim="0")
            )
        after = load()
    write_results(
        "schemathesis",
        results,
        f"{EXAMPLES} examples per operation, phases {PHASES}, through the gateway with a real "
        f"token; load before {before}, after {after}.",
        details=details,
    )
    if any(detail["exit_code"] for detail in details.values()):
        sys.exit("schemathesis found failures: see bench/results/schemathesis.json")


if __name__ == "__main__":
    main()
