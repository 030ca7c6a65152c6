"""The tasks service against the limit anchor (bench/anchor_app.py), in one run.

Both serve the same database (100 tasks of one user) from their own uvicorn process (1 worker,
access log off), straight (no gateway), with the same token verifier and revocation check.
wrk -t1 -c32 -d10s measures ``/health``, one task and a page of 100 on each, interleaved
endpoint by endpoint for ``REPETITIONS`` rounds (which of the two goes first alternates by
round), so both meet the same background load; the ratios service/anchor are taken per round
and their median reported. Absolute req/s on the shared 2 cores is noisy; the ratios are what
this bench is for. Aims (issue 19): one row >= 0.9 of the anchor, 100 rows >= 0.8.

Before measuring, the two answers are compared byte for byte (a faster anchor that wrote other
JSON would measure nothing). Afterwards py-spy records a flame graph of each under the one-row
load: bench/results/tasks_get_one.svg and anchor_get_one.svg.

Holds ``/tmp/cadence-bench.lock``; needs Postgres, Redis, wrk (not the stack).
Run: ``uv run python bench/anchor_bench.py``.
"""

import contextlib
import statistics
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx
from tasks_bench import APP, TASKS, environment, seed

from benchlib import (
    BENCH_DIR,
    RESULTS_DIR,
    Server,
    bench_lock,
    flame_graph,
    fresh_database,
    load,
    metric,
    uvicorn_server,
    write_results,
    wrk,
)
from cadence_shared.testing.tokens import TestIssuer

DATABASE = "cadence_bench_anchor"
DATABASE_URL = f"postgresql+asyncpg://postgres@127.0.0.1:5432/{DATABASE}"
PORTS = {"service": 18197, "anchor": 18198}
REPETITIONS = 3
AIMS = {"get_one": 0.9, "list_100": 0.8}


def same_answers(
    servers: dict[str, Server], paths: dict[str, str], headers: dict[str, str]
) -> None:
    for endpoint, path in paths.items():
        if endpoint == "health":  # the service's says more (its name); not the read measured
            continue
        bodies = {
            variant: httpx.get(server.url + path, headers=headers, timeout=10)
            for variant, server in servers.items()
        }
        if bodies["service"].content != bodies["anchor"].content:
            raise RuntimeError(f"{endpoint}: the anchor answers other bytes: {bodies}")


def measure(
    servers: dict[str, Server], paths: dict[str, str], headers: dict[str, str]
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    runs: dict[str, dict[str, list[dict[str, Any]]]] = {
        variant: {endpoint: [] for endpoint in paths} for variant in servers
    }
    order = list(servers)
    for _ in range(REPETITIONS):
        for endpoint, path in paths.items():
            for variant in order:
                runs[variant][endpoint].append(wrk(servers[variant].url + path, headers=headers))
        order.reverse()
    return runs


def results_of(runs: dict[str, Any]) -> tuple[list[dict[str, Any]], str]:
    results: list[dict[str, Any]] = []
    rows = ["| endpoint | service req/s | anchor req/s | service/anchor | aim |"]
    rows.append("| --- | ---: | ---: | ---: | ---: |")
    for endpoint in runs["service"]:
        rps = {
            variant: statistics.median(run["rps"] for run in runs[variant][endpoint])
            for variant in runs
        }
        ratio = statistics.median(
            service["rps"] / anchor["rps"]
            for service, anchor in zip(
                runs["service"][endpoint], runs["anchor"][endpoint], strict=True
            )
        )
        aim = f">= {AIMS[endpoint]}" if endpoint in AIMS else ""
        for variant in runs:
            results.append(metric(f"{variant}_{endpoint}_rps", rps[variant], "req/s"))
            p50 = statistics.median(run["p50_us"] for run in runs[variant][endpoint]) / 1000
            results.append(metric(f"{variant}_{endpoint}_p50", p50, "ms"))
        results.append(metric(f"{endpoint}_service_vs_anchor", ratio, "ratio", aim or None))
        rows.append(
            f"| {endpoint} | {rps['service']:,.0f} | {rps['anchor']:,.0f} | {ratio:.2f} | {aim} |"
        )
    return results, "\n".join(rows)


def load_of(
    server: Server, paths: dict[str, str], headers: dict[str, str]
) -> Callable[[int], object]:
    """The one-row load on ``server`` for ``seconds`` (what the flame graphs record)."""

    def run(seconds: int) -> object:
        return wrk(server.url + paths["get_one"], headers=headers, seconds=seconds)

    return run


def main() -> None:
    issuer = TestIssuer()
    jwks_url = issuer.serve_jwks()
    headers = {"Authorization": f"Bearer {issuer.mint(uuid.uuid4(), exp=int(time.time()) + 3600)}"}
    env = environment(jwks_url, database_url=DATABASE_URL)
    with bench_lock(), contextlib.ExitStack() as stack:
        fresh_database(DATABASE, DATABASE_URL, "tasks")
        servers = {
            "service": stack.enter_context(uvicorn_server(APP, PORTS["service"], env)),
            "anchor": stack.enter_context(
                uvicorn_server("anchor_app:app", PORTS["anchor"], env, app_dir=BENCH_DIR)
            ),
        }
        first = seed(servers["service"].url, headers)
        paths = {
            "health": "/health",
            "get_one": f"/api/v1/tasks/{first}",
            "list_100": "/api/v1/tasks?limit=100",
        }
        same_answers(servers, paths, headers)
        load_before = load()
        runs = measure(servers, paths, headers)
        load_after = load()
        for variant, server in servers.items():
            name = "tasks" if variant == "service" else variant
            flame_graph(
                server.pid, RESULTS_DIR / f"{name}_get_one.svg", load_of(server, paths, headers)
            )
    issuer.close()
    results, table = results_of(runs)
    write_results(
        "anchor",
        results,
        f"The tasks service against bench/anchor_app.py (a bare ASGI app: asyncpg pool, the same "
        f"token verifier and revocation check, the same JSON bytes), 1 uvicorn worker each, "
        f"straight; wrk -t1 -c32 -d10s, {REPETITIONS} rounds interleaved endpoint by endpoint; "
        f"ratios are medians of per-round ratios (robust to the shared machine's load; absolute "
        f"req/s is not); {TASKS} tasks of one user. Load (uptime) before: {load_before}; after: "
        f"{load_after}. Flame graphs under the one-row load: bench/results/tasks_get_one.svg, "
        f"bench/results/anchor_get_one.svg.",
        summary=table,
        details={
            variant: {endpoint: [run["rps"] for run in rounds] for endpoint, rounds in by.items()}
            for variant, by in runs.items()
        },
    )


if __name__ == "__main__":
    main()
