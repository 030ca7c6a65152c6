"""The health of every process of the local stack at a glance (`make status`), from the route
table: the gateway, the authorizer, the live process, each service's readiness and each
worker's. Exits 1 when any is not ready."""

import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx

from cadence_gateway.routes import RouteTable, load_route_table

TIMEOUT_S = 3.0


@dataclass(frozen=True)
class Process:
    name: str
    url: str


def processes(table: RouteTable) -> list[Process]:
    gateway = table.gateway
    found = [
        Process("gateway (nginx)", f"http://127.0.0.1:{gateway.port}/health"),
        Process("authorizer", f"http://127.0.0.1:{gateway.authorizer_port}/health"),
        Process("live", f"http://127.0.0.1:{gateway.live_port}/health"),
    ]
    for name, service in table.services.items():
        found.append(Process(name, f"http://127.0.0.1:{service.port}/health/ready"))
        for worker_name, worker in service.workers.items():
            url = f"http://127.0.0.1:{worker.health_port}/health/ready"
            found.append(Process(f"{name}-{worker_name}", url))
    return found


def probe(process: Process) -> tuple[bool, str]:
    """Whether the process is ready, and a word on why not (the failing checks, if it says)."""
    try:
        answer = httpx.get(process.url, timeout=TIMEOUT_S)
    except httpx.HTTPError as exc:
        return False, f"not answering ({type(exc).__name__})"
    if answer.status_code == 200:
        return True, f"{answer.elapsed.total_seconds() * 1000:.0f} ms"
    try:
        checks = answer.json().get("checks", {})
        failing = [name for name, check in checks.items() if check.get("status") != "ok"]
    except (ValueError, AttributeError):
        failing = []
    return False, f"{answer.status_code}" + (f": {', '.join(failing)}" if failing else "")


def main() -> None:
    found = processes(load_route_table())
    with ThreadPoolExecutor(max_workers=len(found)) as pool:
        results = list(pool.map(probe, found))
    width = max(len(process.name) for process in found)
    for process, (ready, note) in zip(found, results, strict=True):
        mark = "ready" if ready else "DOWN "
        print(f"{process.name:<{width}}  {mark}  {process.url:<42}  {note}")
    if not all(ready for ready, _ in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
