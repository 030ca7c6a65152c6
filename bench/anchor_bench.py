"""The tasks service against the limit anchor (bench/anchor_app.py), in one run.

Three variants serve the same database (100 tasks of one user), each from its own uvicorn
process (1 worker, access log off), straight (no gateway), with the same token verifier and
revocation check: the service of this checkout, the service of ``BEFORE`` (the commit before the
last change measured, from a temporary worktree) and the anchor. wrk -t1 -c32 -d10s measures
``/health``, one task and a page of 100 on each, interleaved endpoint by endpoint for
``REPETITIONS`` rounds (the order turns round each round), so all meet the same background load;
the ratios (service/anchor, before/anchor, service/before) are taken per round and their median
reported. Absolute req/s on the shared 2 cores is noisy; the ratios are what
this bench is for. Aims (issue 19): one row >= 0.9 of the anchor, 100 rows >= 0.8.

Before measuring, the answers are compared byte for byte (a faster anchor that wrote other
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
    Runs,
    Server,
    bench_lock,
    checkout,
    flame_graph,
    fresh_database,
    interleaved_rounds,
    load,
    metric,
    uvicorn_server,
    write_results,
    wrk,
)
from cadence_shared.testing.tokens import TestIssuer

DATABASE = "cadence_bench_anchor"
DATABASE_URL = f"postgresql+asyncpg://postgres@127.0.0.1:5432/{DATABASE}"
PORTS = {"before": 18199, "service": 18197, "anchor": 18198}
BEFORE = "7a07872"  # the fast lane, before revocation answers were reused (RecentRevocations)
REPETITIONS = 5
AIMS = {"get_one": 0.9, "list_100": 0.8}


def same_answers(
    servers: dict[str, Server], paths: dict[str, str], headers: dict[str, str]
) -> None:
    for endpoint, path in paths.items():
        if endpoint == "health":  # the service's says more (its name); not the read measured
            continue
        bodies = {
            variant: httpx.get(server.url + path, headers=headers, timeout=10).content
            for variant, server in servers.items()
        }
        if len(set(bodies.values())) != 1:
            raise RuntimeError(f"{endpoint}: the variants answer other bytes: {bodies}")


def _ratio(runs: Runs, endpoint: str, over: str, under: str) -> float:
    """The median of the per-round ratios ``over``/``under`` (robust to the machine's load)."""
    return statistics.median(
        float(top["rps"]) / float(bottom["rps"])
        for top, bottom in zip(runs[over][endpoint], runs[under][endpoint], strict=True)
    )


def results_of(runs: Runs) -> tuple[list[dict[str, Any]], str]:
    results: list[dict[str, Any]] = []
    rows = [
        "| endpoint | before req/s | service req/s | anchor req/s | before/anchor "
        "| service/anchor | service/before | aim |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for endpoint in runs["service"]:
        rps = {
            variant: statistics.median(run["rps"] for run in runs[variant][endpoint])
            for variant in runs
        }
        ratios = {
            pair: _ratio(runs, endpoint, *pair)
            for pair in (("before", "anchor"), ("service", "anchor"), ("service", "before"))
        }
        aim = f">= {AIMS[endpoint]}" if endpoint in AIMS else ""
        for variant in runs:
            results.append(metric(f"{variant}_{endpoint}_rps", rps[variant], "req/s"))
            p50 = statistics.median(run["p50_us"] for run in runs[variant][endpoint]) / 1000
            results.append(metric(f"{variant}_{endpoint}_p50", p50, "ms"))
        for (over, under), ratio in ratios.items():
            wanted = aim if (over, under) == ("service", "anchor") else ""
            results.append(metric(f"{endpoint}_{over}_vs_{under}", ratio, "ratio", wanted or None))
        figures = " | ".join(f"{ratio:.2f}" for ratio in ratios.values())
        rows.append(
            f"| {endpoint} | {rps['before']:,.0f} | {rps['service']:,.0f} | "
            f"{rps['anchor']:,.0f} | {figures} | {aim} |"
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
    with bench_lock(), checkout(BEFORE) as old, contextlib.ExitStack() as stack:
        fresh_database(DATABASE, DATABASE_URL, "tasks")
        before_env = environment(jwks_url, old, database_url=DATABASE_URL)
        servers = {
            "before": stack.enter_context(uvicorn_server(APP, PORTS["before"], before_env)),
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
        urls = {variant: server.url for variant, server in servers.items()}
        runs = interleaved_rounds(urls, paths, headers, REPETITIONS)
        load_after = load()
        for variant, name in (("service", "tasks"), ("anchor", "anchor")):
            server = servers[variant]
            flame_graph(
                server.pid, RESULTS_DIR / f"{name}_get_one.svg", load_of(server, paths, headers)
            )
    issuer.close()
    results, table = results_of(runs)
    write_results(
        "anchor",
        results,
        f"The tasks service of this checkout (service) and of {BEFORE} (before) against "
        f"bench/anchor_app.py (a bare ASGI app: asyncpg pool, the same "
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
