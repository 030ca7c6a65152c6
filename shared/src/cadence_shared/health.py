"""Liveness (touches nothing) and readiness (checks every backend the service uses)."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from cadence_shared.problems import problem_response

HealthCheck = Callable[[], Awaitable[dict[str, Any] | None]]
CHECK_TIMEOUT_S = 2.0

# Hidden from the published documents: probes call them on the service itself, and the gateway
# documents its own health paths on its docs page.
router = APIRouter(tags=["health"], include_in_schema=False)


async def _run(check: HealthCheck) -> dict[str, Any]:
    try:
        details = await asyncio.wait_for(check(), CHECK_TIMEOUT_S)
    except TimeoutError:
        return {"status": "down", "error": f"no answer within {CHECK_TIMEOUT_S} s"}
    except Exception as exc:
        return {"status": "down", "error": f"{type(exc).__name__}: {exc}"[:300]}
    return {"status": "ok", **(details or {})}


async def readiness_report(checks: dict[str, HealthCheck]) -> dict[str, dict[str, Any]]:
    results = await asyncio.gather(*(_run(check) for check in checks.values()))
    return dict(zip(checks, results, strict=True))


@router.get("/health", summary="Liveness: the process answers")
async def liveness() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/health/ready", summary="Readiness: every backend this service uses answers")
async def readiness(request: Request) -> Response:
    report = await readiness_report(request.app.state.context.health_checks)
    if all(result["status"] == "ok" for result in report.values()):
        return JSONResponse({"status": "ok", "checks": report})
    return problem_response(503, "A backend this service needs is unavailable.", checks=report)
