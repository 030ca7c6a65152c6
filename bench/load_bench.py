"""Load through the gateway: the locust scenario of bench/locustfile.py (mixed reads and writes
of every service, uploads at a low weight) with ``CADENCE_LOAD_USERS`` simulated users (default
200, spawned 20 a second) for ``CADENCE_LOAD_SECONDS`` (default 300) against the stack `make
bench` started. Writes bench/results/load.json (per route the requests, failures, p50 and p99;
the run's requests, failures and throughput; the failures locust saw, by route and error) and
two charts over the run: bench/results/load_throughput.png (requests/s, failures/s, users) and
bench/results/load_latency.png (p50, p95, p99 of all routes). Run alone:
``CADENCE_BENCH_BASE_URL=http://127.0.0.1:8000 uv run python bench/load_bench.py``, or with the
stack: ``flock /tmp/cadence-e2e.lock uv run python bench/run.py load``.
"""

import os
import tempfile
from pathlib import Path
from typing import Any

from benchlib import RESULTS_DIR, bench_lock, load, metric, write_results
from loadlib import LocustRun, history, latency_chart, number, throughput_chart

USERS = int(os.environ.get("CADENCE_LOAD_USERS", "200"))
SECONDS = int(os.environ.get("CADENCE_LOAD_SECONDS", "300"))
CHARTS = {"throughput": "load_throughput.png", "latency": "load_latency.png"}


def main() -> None:
    base_url = os.environ.get("CADENCE_BENCH_BASE_URL", "http://127.0.0.1:8000")
    with bench_lock(), tempfile.TemporaryDirectory() as directory:
        before = load()
        run = LocustRun(USERS, SECONDS, Path(directory) / "load", {})
        run.start(base_url).wait(timeout=SECONDS + 300)
        after = load()
        rows, failures, points = run.rows("stats"), run.rows("failures"), history(run)
    title = f"{USERS} users for {SECONDS} s through the gateway"
    throughput_chart(points, RESULTS_DIR / CHARTS["throughput"], f"Throughput: {title}")
    latency_chart(points, RESULTS_DIR / CHARTS["latency"], f"Latency: {title}")
    write_results(
        "load",
        _metrics(rows),
        f"locust, {USERS} users (spawned 20 a second) for {SECONDS} s through the gateway "
        f"(bench/locustfile.py); load before {before}, after {after}.",
        summary=_table(rows),
        details={
            "users": USERS,
            "seconds": SECONDS,
            "load": {"before": before, "after": after},
            "routes": {row["Name"]: _route(row) for row in rows},
            "failures": failures,
        },
        charts=list(CHARTS.values()),
    )


def _metrics(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    [total] = [row for row in rows if row["Name"] == "Aggregated"]
    return [
        metric("requests (all routes)", number(total["Request Count"]), "requests"),
        metric("failures (all routes)", number(total["Failure Count"]), "requests", aim="0"),
        metric("requests/s (all routes)", number(total["Requests/s"]), "req/s"),
        metric("p50 (all routes)", number(total["50%"]), "ms"),
        metric("p99 (all routes)", number(total["99%"]), "ms"),
    ]


def _table(rows: list[dict[str, str]]) -> str:
    """Per route: requests, failures, p50 and p99 (markdown)."""
    lines = [
        "| route | requests | failures | p50 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | {row['99%']} |"
        for row in rows
    ]
    return "\n".join(lines)


def _route(row: dict[str, str]) -> dict[str, float]:
    return {
        "requests": number(row["Request Count"]),
        "failures": number(row["Failure Count"]),
        "requests/s": round(number(row["Requests/s"]), 3),
        "p50 ms": number(row["50%"]),
        "p99 ms": number(row["99%"]),
    }


if __name__ == "__main__":
    main()
