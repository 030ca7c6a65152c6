"""Logging at INFO under load: GET one task from a tasks service at INFO and one at WARNING.

Every process of the local stack writes its JSON log lines to a file of its own: a log call
appends its line to a list and a thread writes them in batches (``cadence_shared.logging.LineFile``,
``CADENCE_LOG_DIR``), so honcho relays only what a process prints outside its logging. Before,
every line went through honcho's pipe (one Python process relaying the output of all), which at
INFO cost GET one task about 45 % of its throughput (420 req/s at INFO, 775 at WARNING). This
measures what logging at INFO still costs: two tasks services side by side as their own uvicorn
process (1 worker), configured as the local stack configures it (``TASKS_LOG_DIR``, a file of
its own), one at INFO (an access line per request), one at WARNING (none), on one database of
their own and one task of one user. wrk -t1 -c32 -d10s on GET one task straight to each,
alternating endpoint by endpoint for ``REPETITIONS`` rounds (``benchlib.interleaved_rounds``);
the ratio INFO / WARNING is the median of the per-round ratios. Aim: INFO >= 0.9 of WARNING.

Straight to the service only: through the gateway the same access line is paid by a request
that costs more (nginx, the authorizer's ``/verify``), so its share is smaller there; nginx's
access log and the authorizer write the same at either level.

The machine is shared: the run holds ``/tmp/cadence-bench.lock`` and records the load (uptime)
before and after. Self-contained (Postgres, Redis, wrk; not the stack).
Run: ``uv run python bench/logs_bench.py``.
"""

import contextlib
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from tasks_bench import APP, DATABASE_URL, environment, seed

from benchlib import (
    bench_lock,
    fresh_database,
    interleaved_rounds,
    load,
    metric,
    uvicorn_server,
    write_results,
)
from cadence_shared.testing.tokens import TestIssuer

PORTS = {"info": 18197, "warning": 18198}  # ports of their own: a running stack is left alone
REPETITIONS = 9


def _median(reports: list[dict[str, Any]]) -> float:
    return float(statistics.median(report["rps"] for report in reports))


def results_of(runs: dict[str, Any]) -> tuple[list[dict[str, Any]], str]:
    ratios = [
        info["rps"] / warning["rps"]
        for info, warning in zip(runs["info"]["get_one"], runs["warning"]["get_one"], strict=True)
    ]
    ratio = statistics.median(ratios)
    results = [
        metric(f"{variant}_get_one_rps", _median(runs[variant]["get_one"]), "req/s")
        for variant in runs
    ]
    results.append(metric("info_vs_warning_get_one", ratio, "ratio", ">= 0.9"))
    info, warning = (_median(runs[variant]["get_one"]) for variant in ("info", "warning"))
    table = (
        "| GET one task, straight to tasks | INFO req/s | WARNING req/s | INFO / WARNING |\n"
        "| --- | ---: | ---: | ---: |\n"
        f"| log lines to the process's own file | {info:,.0f} | {warning:,.0f} | {ratio:.2f} |"
    )
    return results, table


def main() -> None:
    issuer = TestIssuer()
    headers = {"Authorization": f"Bearer {issuer.mint(uuid.uuid4(), exp=int(time.time()) + 3600)}"}
    with (
        bench_lock(),
        tempfile.TemporaryDirectory(prefix="cadence-logs-bench-") as logs,
        contextlib.ExitStack() as stack,
    ):
        fresh_database("cadence_bench_tasks", DATABASE_URL, "tasks")
        jwks_url, urls = issuer.serve_jwks(), {}
        for variant, port in PORTS.items():
            env = environment(jwks_url)
            env |= {"TASKS_LOG_LEVEL": variant.upper(), "TASKS_LOG_DIR": str(Path(logs) / variant)}
            urls[variant] = stack.enter_context(uvicorn_server(APP, port, env)).url
        path = f"/api/v1/tasks/{seed(urls['info'], headers)}"
        load_before = load()
        runs = interleaved_rounds(urls, {"get_one": path}, headers, REPETITIONS)
        load_after = load()
        lines = sum(len(path.read_bytes().splitlines()) for path in Path(logs).glob("info/*"))
    issuer.close()
    results, table = results_of(runs)
    write_results(
        "logs",
        results,
        f"Two tasks services side by side (1 uvicorn worker each, log lines to a file of the "
        f"process's own as in the local stack), one at INFO, one at WARNING; wrk -t1 -c32 -d10s "
        f"on GET one task straight to each, {REPETITIONS} rounds alternating the two; the "
        f"INFO one wrote {lines:,} lines. Load (uptime) before: {load_before}; after: "
        f"{load_after}.",
        summary=table,
        details={variant: [run["rps"] for run in by["get_one"]] for variant, by in runs.items()},
    )


if __name__ == "__main__":
    main()
