"""Logging at INFO under load in the local stack: GET one task at INFO and at WARNING, one run.

Every process of the local stack writes its JSON log lines to a file of its own, appended to a
list and written by a thread in batches (``cadence_shared.logging.LineFile``); honcho relays only
what a process prints outside its logging. Before, every line went through honcho's pipe (one
Python process relaying the output of all), which at INFO cost GET one task about 45 % of its
throughput. This measures what logging at INFO still costs: the whole stack started
(``deploy/local/stack.py start``, a database of its own, 127.0.0.1 spared the rate limit) at
one level at a time, a new user's task, then per route a warm-up and wrk -t1 -c32 -d10s on GET
one task, straight to the tasks service and through the gateway (nginx, the authorizer's
``/verify``, tasks). The stack's ports are fixed, so two variants cannot
run side by side as ``benchlib.interleaved_rounds`` runs them: they take turns round by round
(restarting the stack), which goes first alternating, and the ratios are medians of per-round
ratios. The aim: INFO >= 0.9 of WARNING, straight and through the gateway. INFO the old way
(``CADENCE_LOG_DIR`` empty: the lines on stdout, through honcho's pipe) is not measured again:
each start of the stack costs minutes on the loaded machine; it was 420 req/s against 775 at
WARNING, GET one task direct (bench/run.py).

Needs the stack's ports to itself: `make bench` (bench/run.py) runs it before starting its own
stack. Holds /tmp/cadence-bench.lock and records the load (uptime) before and after.
Run: ``flock /tmp/cadence-e2e.lock uv run python bench/logs_bench.py``.
"""

import contextlib
import os
import statistics
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

from benchlib import REPO, bench_lock, load, metric, signed_in_task, write_results, wrk
from cadence_gateway.routes import load_route_table

TABLE = load_route_table()
STACK = [sys.executable, str(REPO / "deploy" / "local" / "stack.py")]
DATABASE = "cadence_bench_logs"
GATEWAY = f"http://127.0.0.1:{TABLE.gateway.port}"
DIRECT = f"http://127.0.0.1:{TABLE.services['tasks'].port}"
ROUTES = {"direct": DIRECT, "gateway": GATEWAY}
# The stack's settings per variant, on top of its own (127.0.0.1 spared the rate limit).
VARIANTS = {
    "info": ["--env=CADENCE_LOG_LEVEL=INFO"],
    "warning": ["--env=CADENCE_LOG_LEVEL=WARNING"],
}
REPETITIONS = 3
WARM_UP_S = 3

Rounds = dict[str, dict[str, list[dict[str, Any]]]]


@contextlib.contextmanager
def stack(options: list[str]) -> Iterator[None]:
    command = [*STACK, "start", "--database", DATABASE, "--env=GATEWAY_RATE_LIMIT_EXEMPT=127.0.0.1"]
    # The workers start slowly on a loaded machine (the audio worker's warm-up above all).
    env = {"CADENCE_READY_TIMEOUT_S": "300", **os.environ}
    subprocess.run([*command, *options], check=True, cwd=REPO, env=env)
    try:
        yield
    finally:
        subprocess.run([*STACK, "stop"], check=False, cwd=REPO)


def measure(runs: Rounds, variant: str) -> None:
    """One round of ``variant``: its stack started, each route warmed up, then measured."""
    with stack(VARIANTS[variant]):
        path, headers = signed_in_task(GATEWAY)
        for route, base in ROUTES.items():
            wrk(base + path, headers=headers, seconds=WARM_UP_S)
            runs[variant][route].append(wrk(base + path, headers=headers))


def _median(reports: list[dict[str, Any]]) -> float:
    return float(statistics.median(report["rps"] for report in reports))


def results_of(runs: Rounds) -> tuple[list[dict[str, Any]], str]:
    results: list[dict[str, Any]] = []
    rows = [
        "| route | " + " | ".join(f"{variant} req/s" for variant in runs) + " | info / warning |"
    ]
    rows.append("| --- |" + " ---: |" * (len(runs) + 1))
    for route in ROUTES:
        for variant in runs:
            results.append(metric(f"{variant}_{route}_rps", _median(runs[variant][route]), "req/s"))
        ratios = [
            info["rps"] / warning["rps"]
            for info, warning in zip(runs["info"][route], runs["warning"][route], strict=True)
        ]
        ratio = statistics.median(ratios)
        results.append(metric(f"info_vs_warning_{route}", ratio, "ratio", ">= 0.9"))
        cells = " | ".join(f"{_median(runs[variant][route]):,.0f}" for variant in runs)
        rows.append(f"| GET one task, {route} | {cells} | {ratio:.2f} |")
    return results, "\n".join(rows)


def main() -> None:
    runs: Rounds = {variant: {route: [] for route in ROUTES} for variant in VARIANTS}
    order = list(VARIANTS)
    with bench_lock():
        load_before = load()
        for _ in range(REPETITIONS):
            for variant in order:
                measure(runs, variant)
            order.reverse()
        load_after = load()
    results, table = results_of(runs)
    write_results(
        "logs",
        results,
        f"The whole local stack started at each level in turn (`deploy/local/stack.py start`, "
        f"its own database), {REPETITIONS} rounds, the variants' order alternating; per round "
        f"and route, a {WARM_UP_S} s warm-up then wrk -t1 -c32 -d10s on GET one task of a new "
        f"user, straight to tasks ({DIRECT}) and through the gateway. info: each process writes "
        "its own log file (buffered, off the event loop), as at WARNING. Ratios are medians of "
        "per-round ratios. "
        f"Load (uptime) before: {load_before}; after: {load_after}.",
        summary=table,
        details={
            variant: {route: [run["rps"] for run in rounds] for route, rounds in by.items()}
            for variant, by in runs.items()
        },
    )


if __name__ == "__main__":
    main()
