"""POST /api/v1/runs through the gateway and straight to the runs service, on a running stack.

Every request is a new run with its own UUID and Idempotency-Key (bench/runs_upload.lua), so each
one pays for the whole write path: idempotency lock and stored response in Redis, the run and its
segments, the outbox row and its NOTIFY, and the relay publishing the event.
Run by `make bench` (bench/run.py starts the stack).
"""

import os

import httpx

from benchlib import BENCH_DIR, metric, signed_in_headers, write_results, wrk

BASE_URL = os.environ.get("CADENCE_BENCH_BASE_URL", "http://127.0.0.1:8000")
RUNS_DIRECT = os.environ.get("CADENCE_BENCH_RUNS_URL", "http://127.0.0.1:8103")


def main() -> None:
    with httpx.Client(base_url=BASE_URL, timeout=10) as client:
        headers = signed_in_headers(client)
    script = BENCH_DIR / "runs_upload.lua"
    runs = {
        "gateway_upload": wrk(BASE_URL + "/api/v1/runs", headers=headers, script=script),
        "direct_upload": wrk(RUNS_DIRECT + "/api/v1/runs", headers=headers, script=script),
    }
    results = []
    for name, run in runs.items():
        results.append(metric(f"{name}_rps", run["rps"], "req/s"))
        results.append(metric(f"{name}_p50", run["p50_us"] / 1000, "ms"))
        results.append(metric(f"{name}_p99", run["p99_us"] / 1000, "ms"))
    results.append(
        metric(
            "gateway_vs_direct_upload",
            runs["gateway_upload"]["rps"] / runs["direct_upload"]["rps"],
            "ratio",
        )
    )
    write_results(
        "runs_upload",
        results,
        "wrk -t1 -c32 -d10s, every request a new run with one segment, its own UUID and "
        "Idempotency-Key; 1 uvicorn worker per service, relay in process.",
    )


if __name__ == "__main__":
    main()
