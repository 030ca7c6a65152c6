"""Load through the gateway: the locust scenario of bench/locustfile.py (mixed reads and writes
of every service) with ``CADENCE_LOAD_USERS`` simulated users (default 200, spawned 20 a second)
for ``CADENCE_LOAD_SECONDS`` (default 300) against the stack `make bench` started. Writes
bench/results/load.json: per route the requests, failures, p50 and p99, and the whole run's
throughput. Run alone: ``CADENCE_BENCH_BASE_URL=http://127.0.0.1:8000 uv run python
bench/load_bench.py``.
"""

import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchlib import BENCH_DIR, bench_lock, load, metric, write_results

USERS = int(os.environ.get("CADENCE_LOAD_USERS", "200"))
SECONDS = int(os.environ.get("CADENCE_LOAD_SECONDS", "300"))


def _locust(base_url: str, csv_prefix: Path) -> None:
    command = [
        str(Path(sys.executable).with_name("locust")),
        "-f",
        str(BENCH_DIR / "locustfile.py"),
        "--headless",
        "--users",
        str(USERS),
        "--spawn-rate",
        "20",
        "--run-time",
        f"{SECONDS}s",
        "--host",
        base_url,
        "--csv",
        str(csv_prefix),
        "--only-summary",
    ]
    subprocess.run(command, check=False, timeout=SECONDS + 300)


def _rows(csv_prefix: Path) -> list[dict[str, Any]]:
    with Path(f"{csv_prefix}_stats.csv").open() as file:
        return list(csv.DictReader(file))


def main() -> None:
    base_url = os.environ.get("CADENCE_BENCH_BASE_URL", "http://127.0.0.1:8000")
    with bench_lock(), tempfile.TemporaryDirectory() as directory:
        before = load()
        prefix = Path(directory) / "load"
        _locust(base_url, prefix)
        rows = _rows(prefix)
        after = load()
    routes = [row for row in rows if row["Name"] != "Aggregated"]
    [total] = [row for row in rows if row["Name"] == "Aggregated"]
    results = [
        metric("requests/s (all routes)", float(total["Requests/s"]), "req/s"),
        metric("failures (all routes)", float(total["Failure Count"]), "requests", aim="0"),
        *(
            metric(f"{row['Name']} p{q}", float(row[f"{q}%"]), "ms")
            for row in routes
            for q in (50, 99)
        ),
    ]
    details = {
        row["Name"]: {k: row[k] for k in ("Request Count", "Failure Count", "Requests/s")}
        for row in rows
    }
    write_results(
        "load",
        results,
        f"locust, {USERS} users for {SECONDS} s through the gateway (bench/locustfile.py); "
        f"load before {before}, after {after}.",
        details=details,
    )


if __name__ == "__main__":
    main()
