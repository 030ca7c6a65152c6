"""Tasks through the gateway and straight to the service (wrk -t1 -c32), on a running stack.

Run by `make bench` (bench/run.py starts the stack); needs CADENCE_BENCH_BASE_URL.
"""

import os
import uuid

import httpx

from benchlib import metric, write_results, wrk

BASE_URL = os.environ.get("CADENCE_BENCH_BASE_URL", "http://127.0.0.1:8000")
TASKS_DIRECT = os.environ.get("CADENCE_BENCH_TASKS_URL", "http://127.0.0.1:8105")
PASSWORD = "benchmark password 1"


def signed_in_headers(client: httpx.Client) -> dict[str, str]:
    email = f"bench-{uuid.uuid4().hex[:10]}@example.com"
    client.post(
        "/api/v1/auth/register", json={"email": email, "password": PASSWORD}
    ).raise_for_status()
    login = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    login.raise_for_status()
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


def main() -> None:
    with httpx.Client(base_url=BASE_URL, timeout=10) as client:
        headers = signed_in_headers(client)
        ids = []
        for number in range(100):
            created = client.post(
                "/api/v1/tasks", json={"title": f"task {number}"}, headers=headers
            )
            created.raise_for_status()
            ids.append(created.json()["id"])
    one = f"/api/v1/tasks/{ids[0]}"
    page = "/api/v1/tasks?limit=100"
    runs = {
        "gateway_get_one": wrk(BASE_URL + one, headers=headers),
        "gateway_list_100": wrk(BASE_URL + page, headers=headers),
        "direct_get_one": wrk(TASKS_DIRECT + one, headers=headers),
        "direct_list_100": wrk(TASKS_DIRECT + page, headers=headers),
    }
    results = []
    for name, run in runs.items():
        aim = {
            "gateway_get_one": ">= 1,395 req/s (3x the template's 465 req/s users/me)",
            "gateway_list_100": ">= 474 req/s (3x the template's 158 req/s items list)",
            "direct_get_one": ">= 2,000 req/s",
        }.get(name)
        results.append(metric(f"{name}_rps", run["rps"], "req/s", aim))
        results.append(metric(f"{name}_p50", run["p50_us"] / 1000, "ms"))
        results.append(metric(f"{name}_p99", run["p99_us"] / 1000, "ms"))
        results.append(metric(f"{name}_socket_errors", run["socket_errors"], "count"))
    results.append(
        metric(
            "gateway_vs_direct_get_one",
            runs["gateway_get_one"]["rps"] / runs["direct_get_one"]["rps"],
            "ratio",
        )
    )
    write_results(
        "tasks",
        results,
        "wrk -t1 -c32 -d10s, 1 uvicorn worker per service, nginx gateway with auth_request to the "
        "authorizer; 100 tasks stored for the user; 127.0.0.1 exempt from the per-client rate limit.",
    )


if __name__ == "__main__":
    main()
