"""The gateway's cost: an authenticated one-row GET through the gateway vs straight to the service.

Run by `make bench` (bench/run.py starts the stack with 127.0.0.1 exempt from the per-client rate
limit); needs CADENCE_BENCH_BASE_URL. Also measures the authorizer's /verify inside the process
(cached token, real Redis revocation lookup) and over HTTP, since every request pays for it.
"""

import asyncio
import os
import statistics
import time
from typing import Any

from starlette.types import Message

from benchlib import metric, signed_in_task, write_results, wrk
from cadence_gateway.authorizer import build_app
from cadence_gateway.routes import load_route_table
from cadence_gateway.settings import Settings

BASE_URL = os.environ.get("CADENCE_BENCH_BASE_URL", "http://127.0.0.1:8000")
TABLE = load_route_table()
TASKS_DIRECT = f"http://127.0.0.1:{TABLE.services['tasks'].port}"
AUTHORIZER_URL = f"http://127.0.0.1:{TABLE.gateway.authorizer_port}"
IN_PROCESS_CALLS = 5000
WARM_UP_CALLS = 500


async def verify_in_process(authorization: str) -> list[float]:
    """Seconds per /verify call on the ASGI app itself (no HTTP), after a warm-up."""
    app = build_app(Settings(), TABLE)
    startup: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    started = asyncio.Event()

    async def lifespan_send(message: Message) -> None:
        started.set()

    lifespan = asyncio.create_task(app({"type": "lifespan"}, startup.get, lifespan_send))
    await startup.put({"type": "lifespan.startup"})
    await started.wait()
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/verify",
        "headers": [(b"authorization", authorization.encode()), (b"x-request-id", b"bench")],
    }
    statuses: list[int] = []

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    timings = []
    for _ in range(WARM_UP_CALLS + IN_PROCESS_CALLS):
        began = time.perf_counter()
        await app(scope, receive, send)
        timings.append(time.perf_counter() - began)
    await startup.put({"type": "lifespan.shutdown"})
    await lifespan
    if set(statuses) != {200}:
        raise RuntimeError(f"/verify answered {set(statuses)} in process")
    return timings[WARM_UP_CALLS:]


NOTES = (
    "GET /api/v1/tasks/{id} (one row, bearer token) with wrk -t1 -d10s at -c1 and -c32, through "
    "nginx (auth_request to the authorizer on granian, keepalive upstreams) vs straight to the "
    "tasks service (1 uvicorn worker); 127.0.0.1 exempt from the per-client rate limit. The "
    "in-process figure calls the authorizer's ASGI app directly: a cached token plus one Redis "
    "MGET for the revocation list. Choice of server for the authorizer, measured on this "
    "machine with wrk -c32 on /verify: granian ~3.6-4.5k req/s vs uvicorn ~1.7-2.2k (runs "
    "alternated, same load)."
)


def wrk_runs(one: str, headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    return {
        "gateway_c1": wrk(BASE_URL + one, headers=headers, connections=1),
        "direct_c1": wrk(TASKS_DIRECT + one, headers=headers, connections=1),
        "gateway_c32": wrk(BASE_URL + one, headers=headers, connections=32),
        "direct_c32": wrk(TASKS_DIRECT + one, headers=headers, connections=32),
        "authorizer_verify_c32": wrk(AUTHORIZER_URL + "/verify", headers=headers, connections=32),
    }


def gateway_results(
    runs: dict[str, dict[str, Any]], in_process: list[float]
) -> list[dict[str, Any]]:
    results = []
    for name, run in runs.items():
        results.append(metric(f"{name}_rps", run["rps"], "req/s"))
        results.append(metric(f"{name}_p50", run["p50_us"] / 1000, "ms"))
        results.append(metric(f"{name}_p99", run["p99_us"] / 1000, "ms"))
    results.append(
        metric(
            "gateway_added_p50_c1",
            (runs["gateway_c1"]["p50_us"] - runs["direct_c1"]["p50_us"]) / 1000,
            "ms",
            "< 1 ms at concurrency 1",
        )
    )
    results.append(
        metric(
            "gateway_vs_direct_rps_c32",
            runs["gateway_c32"]["rps"] / runs["direct_c32"]["rps"],
            "ratio",
            ">= 0.70 at concurrency 32",
        )
    )
    results.append(
        metric(
            "authorizer_verify_in_process_p50",
            statistics.median(in_process) * 1000,
            "ms",
            "< 0.3 ms for a cached token",
        )
    )
    results.append(
        metric(
            "authorizer_verify_in_process_p99",
            statistics.quantiles(in_process, n=100)[98] * 1000,
            "ms",
        )
    )
    return results


def main() -> None:
    one, headers = signed_in_task(BASE_URL)
    runs = wrk_runs(one, headers)
    in_process = asyncio.run(verify_in_process(headers["Authorization"]))
    write_results("gateway", gateway_results(runs, in_process), NOTES)


if __name__ == "__main__":
    main()
