"""schemathesis, the long run: every service's published document in the four variants of
``tests-e2e/fuzz.py`` (through the gateway of the stack `make bench` started,
``CADENCE_BENCH_BASE_URL``, and straight to each service's own port; with a real token, a new
account per service, and without one), with the examples, coverage and fuzzing phases and
``EXAMPLES`` examples per operation. Checks: no response >= 500, status code, content type and
body as documented; without a token, every protected operation a 401 problem. The e2e test
(tests-e2e/test_fuzz.py) runs the same ``fuzz`` with 3 examples.

Writes bench/results/schemathesis.json: per variant the test cases generated and the failures
found, per service and variant the details. Run: ``CADENCE_BENCH_BASE_URL=http://127.0.0.1:8000
uv run python bench/schemathesis_bench.py`` (or as part of `make bench`).
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
from fuzz import VARIANTS, FuzzRun, fuzz

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


def _runs(base_url: str, reports: Path) -> dict[str, dict[str, Any]]:
    """Every service in every variant: ``details[variant][service]``."""
    table = load_route_table()
    details: dict[str, dict[str, Any]] = {str(variant): {} for variant in VARIANTS}
    for index, service in enumerate(sorted(table.services)):
        token = _signed_in(base_url, f"127.0.3.{index + 1}")
        for variant in VARIANTS:
            started = time.monotonic()
            run = fuzz(
                base_url,
                table,
                service,
                variant,
                token,
                reports,
                max_examples=EXAMPLES,
                phases=PHASES,
            )
            seconds = round(time.monotonic() - started, 1)
            details[str(variant)][service] = {**_counts(run), "seconds": seconds}
    return details


def _metrics(details: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    results = []
    for variant, services in details.items():
        cases = sum(counts["test_cases"] for counts in services.values())
        failing = sum(counts["with_failures"] for counts in services.values())
        seconds = sum(counts["seconds"] for counts in services.values())
        results.append(metric(f"{variant}: test cases", cases, "requests"))
        results.append(metric(f"{variant}: cases failing", failing, "requests", aim="0"))
        results.append(metric(f"{variant}: duration", round(seconds, 1), "s"))
    for service in sorted(next(iter(details.values()))):
        failing = sum(services[service]["with_failures"] for services in details.values())
        results.append(
            metric(f"{service}: cases failing, all variants", failing, "requests", aim="0")
        )
    return results


def main() -> None:
    base_url = os.environ.get("CADENCE_BENCH_BASE_URL", "http://127.0.0.1:8000")
    with bench_lock(), tempfile.TemporaryDirectory() as reports:
        before = load()
        details = _runs(base_url, Path(reports))
        after = load()
    write_results(
        "schemathesis",
        _metrics(details),
        f"{EXAMPLES} examples per operation, phases {PHASES}, every service through the gateway "
        "and straight to its port, with a real token and without (then every protected "
        f"operation must be a 401 problem); load before {before}, after {after}.",
        details=details,
    )
    if any(c["exit_code"] for services in details.values() for c in services.values()):
        sys.exit("schemathesis found failures: see bench/results/schemathesis.json")


if __name__ == "__main__":
    main()
