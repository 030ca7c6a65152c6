"""Tasks before and after, in one run: the tasks service of ``BEFORE`` against this checkout's.

Both run side by side as their own uvicorn process (1 worker, access log off, WARNING), on the
same database of their own and the same 100 tasks of one user, straight to the service (no
gateway). ``BEFORE`` is checked out into a temporary git worktree and served from there: its
``shared/`` and ``services/tasks`` come first on ``PYTHONPATH``, the third-party packages are this
checkout's. wrk -t1 -c32 -d10s measures ``/health``, one task and a page of 100, alternating the
two services endpoint by endpoint for ``REPETITIONS`` rounds; the table holds the medians, and the
ratio of each service's one-task rate to its own ``/health`` in the same round.

The benchmark machine is shared: the run holds ``/tmp/cadence-bench.lock`` and records the load
(``uptime``) before and after. Self-contained (needs Postgres, Redis, wrk and git; not the stack).
Run: ``uv run python bench/tasks_bench.py``.
"""

import contextlib
import statistics
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from benchlib import (
    bench_lock,
    checkout,
    fresh_database,
    interleaved_rounds,
    load,
    metric,
    service_environment,
    signed_in_headers,
    uvicorn_server,
    write_results,
)
from cadence_shared.testing.tokens import TestIssuer

BEFORE = "c0f7fab"  # main before the tasks service became the plain exemplar
APP = "tasks_service.main:app"
DATABASE = "cadence_bench_tasks"
DATABASE_URL = f"postgresql+asyncpg://postgres@127.0.0.1:5432/{DATABASE}"
REDIS_URL = "redis://127.0.0.1:6379/12"
PORTS = {"before": 18195, "after": 18196}  # ports of their own: a running stack is left alone
REPETITIONS = 3
# Where a one-task GET spends the worker's CPU (py-spy record, 200 Hz, wrk -c32, 2 shared cores;
# 2026-12-02, before the fast lane), kept with the results: what the lane (cadence_shared.fastlane)
# was built against.
PROFILE = (
    "Profile of GET one task (py-spy): uvicorn, Starlette and FastAPI (middleware, routing, "
    "dependency solving, response) ~55 % of the worker's CPU; token check ~5 % and the Redis "
    "revocation lookup ~5 %; asyncpg's execute ~10 %; statement build and cache key ~4 % (gone "
    "for GET one: fastread.Prepared). A plain `def` dependency (get_context) ran in the thread "
    "pool on every request, ~20 % of the CPU: the shared dependencies are `async def` now. "
    "/health pays the framework alone (~7,000 req/s then). That profile predates the fast lane "
    "(cadence_shared.fastlane: plain GET routes answered without FastAPI's routing and "
    "dependency solving), which took GET one from about 1,200 req/s to the figure above."
)
TASKS = 100

__all__ = ["signed_in_headers"]  # fitness_bench.py imports it from here (benchlib has it)


def environment(
    jwks_url: str, source: Path | None = None, database_url: str = DATABASE_URL
) -> dict[str, str]:
    """The tasks service's settings for a bench (``source``: a checkout's code to run instead)."""
    return service_environment("tasks", jwks_url, database_url, REDIS_URL, source=source)


def seed(base_url: str, headers: dict[str, str]) -> str:
    """``TASKS`` tasks of the user; the id of the first."""
    with httpx.Client(base_url=base_url, headers=headers, timeout=10) as client:
        ids = []
        for number in range(TASKS):
            body = {"title": f"task {number}", "description": "to do", "priority": "high"}
            created = client.post("/api/v1/tasks", json=body)
            created.raise_for_status()
            ids.append(created.json()["id"])
    return str(ids[0])


def _median(reports: list[dict[str, Any]], field: str) -> float:
    return float(statistics.median(report[field] for report in reports))


def results_of(runs: dict[str, Any]) -> tuple[list[dict[str, Any]], str]:
    """The metrics (medians) and the markdown table of the README."""
    results: list[dict[str, Any]] = []
    rows = ["| endpoint | before req/s | after req/s | after/before | after p50 / p99 ms |"]
    rows.append("| --- | ---: | ---: | ---: | ---: |")
    for endpoint in runs["after"]:
        rps = {variant: _median(runs[variant][endpoint], "rps") for variant in runs}
        for variant in runs:
            reports = runs[variant][endpoint]
            aim = ">= 2,000 req/s" if endpoint == "get_one" and variant == "after" else None
            results.append(metric(f"{variant}_{endpoint}_rps", rps[variant], "req/s", aim))
            results.append(
                metric(f"{variant}_{endpoint}_p50", _median(reports, "p50_us") / 1000, "ms")
            )
            results.append(
                metric(f"{variant}_{endpoint}_p99", _median(reports, "p99_us") / 1000, "ms")
            )
        after = runs["after"][endpoint]
        rows.append(
            f"| {endpoint} | {rps['before']:,.0f} | {rps['after']:,.0f} | "
            f"{rps['after'] / rps['before']:.2f} | "
            f"{_median(after, 'p50_us') / 1000:.1f} / {_median(after, 'p99_us') / 1000:.1f} |"
        )
    for variant in runs:
        ratios = [
            one["rps"] / health["rps"]
            for one, health in zip(runs[variant]["get_one"], runs[variant]["health"], strict=True)
        ]
        results.append(metric(f"{variant}_get_one_vs_health", statistics.median(ratios), "ratio"))
    return results, "\n".join(rows)


def main() -> None:
    issuer = TestIssuer()
    jwks_url = issuer.serve_jwks()
    user = uuid.uuid4()
    headers = {"Authorization": f"Bearer {issuer.mint(user, exp=int(time.time()) + 3600)}"}
    with bench_lock(), checkout(BEFORE) as old, contextlib.ExitStack() as stack:
        fresh_database(DATABASE, DATABASE_URL, "tasks")
        urls = {
            variant: stack.enter_context(
                uvicorn_server(APP, PORTS[variant], environment(jwks_url, source))
            ).url
            for variant, source in (("before", old), ("after", None))
        }
        first = seed(urls["after"], headers)
        paths = {
            "health": "/health",
            "get_one": f"/api/v1/tasks/{first}",
            "list_100": "/api/v1/tasks?limit=100",
        }
        load_before = load()
        runs = interleaved_rounds(urls, paths, headers, REPETITIONS)
        load_after = load()
    issuer.close()
    results, table = results_of(runs)
    write_results(
        "tasks",
        results,
        f"Before = {BEFORE} (main before the tasks service became the plain exemplar), after = "
        f"this checkout; wrk -t1 -c32 -d10s straight to each service (1 uvicorn worker), "
        f"medians of {REPETITIONS} rounds alternating the two; {TASKS} tasks of one user. "
        f"Load (uptime) before: {load_before}; after: {load_after}. {PROFILE}",
        summary=table,
        details={
            variant: {endpoint: [run["rps"] for run in rounds] for endpoint, rounds in by.items()}
            for variant, by in runs.items()
        },
    )


if __name__ == "__main__":
    main()
