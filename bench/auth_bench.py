"""Auth service benchmark: login latency and throughput, refresh throughput, token verification.

Runs the real app in-process (httpx ASGI transport, no network) against the local Postgres and
Redis, in a database of its own that is dropped afterwards. Writes bench/results/auth.json.

    uv run python bench/auth_bench.py
"""

import asyncio
import json
import os
import platform
import statistics
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from auth_service.keys import KeyRing, generate_pem
from auth_service.main import build_app
from auth_service.settings import Settings
from cadence_shared.auth import TokenVerifier
from cadence_shared.testing import migrate, serve_app

ADMIN_URL = os.environ.get(
    "CADENCE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("CADENCE_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
USERS = 40
SEQUENTIAL_LOGINS = 30
CONCURRENT_LOGINS = 80
CONCURRENCY = 8
REFRESHES = 400
VERIFICATIONS = 5000
PASSWORD = "benchmark password"


async def _admin(statement: str) -> None:
    connection = await asyncpg.connect(ADMIN_URL)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def _bounded(concurrency: int, jobs: list[Any]) -> list[Any]:
    gate = asyncio.Semaphore(concurrency)

    async def run(job: Any) -> Any:
        async with gate:
            return await job

    return await asyncio.gather(*(run(job) for job in jobs))


async def _login(client: httpx.AsyncClient, email: str) -> dict[str, Any]:
    response = await client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    response.raise_for_status()
    pair: dict[str, Any] = response.json()
    return pair


async def _register_users(client: httpx.AsyncClient) -> list[str]:
    emails = [f"bench-{n}-{uuid.uuid4().hex[:6]}@example.com" for n in range(USERS)]
    for email in emails:
        response = await client.post(
            "/api/v1/auth/register", json={"email": email, "password": PASSWORD}
        )
        response.raise_for_status()
    return emails


async def _measure_login_latency(client: httpx.AsyncClient, emails: list[str]) -> dict[str, Any]:
    latencies = []
    for n in range(SEQUENTIAL_LOGINS):
        started = time.perf_counter()
        await _login(client, emails[n % USERS])
        latencies.append(time.perf_counter() - started)
    return {
        "metric": "login_latency_p50",
        "value": round(statistics.median(latencies) * 1000, 1),
        "unit": "ms",
        "aim": "dominated by one argon2id verify",
    }


async def _measure_concurrent_logins(
    client: httpx.AsyncClient, emails: list[str]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The login rate, and the token pairs those logins issued (the later steps use them)."""
    started = time.perf_counter()
    pairs = await _bounded(
        CONCURRENCY, [_login(client, emails[n % USERS]) for n in range(CONCURRENT_LOGINS)]
    )
    elapsed = time.perf_counter() - started
    result = {
        "metric": "logins_per_second",
        "value": round(CONCURRENT_LOGINS / elapsed, 1),
        "unit": "req/s",
        "aim": f"{CONCURRENCY} concurrent clients, hashing in the thread pool",
    }
    return result, pairs


async def _refresh_chain(client: httpx.AsyncClient, token: str, count: int) -> None:
    for _ in range(count):
        response = await client.post("/api/v1/auth/refresh", json={"refresh_token": token})
        response.raise_for_status()
        token = response.json()["refresh_token"]


async def _measure_refreshes(client: httpx.AsyncClient, tokens: list[str]) -> dict[str, Any]:
    per_chain = REFRESHES // CONCURRENCY
    started = time.perf_counter()
    await asyncio.gather(
        *(_refresh_chain(client, tokens[n], per_chain) for n in range(CONCURRENCY))
    )
    elapsed = time.perf_counter() - started
    return {
        "metric": "refreshes_per_second",
        "value": round(per_chain * CONCURRENCY / elapsed, 1),
        "unit": "req/s",
        "aim": f"{CONCURRENCY} concurrent sessions, each rotating its own token",
    }


async def _measure_get_me(client: httpx.AsyncClient, access: str) -> dict[str, Any]:
    started = time.perf_counter()
    for _ in range(200):
        (
            await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {access}"})
        ).raise_for_status()
    return {
        "metric": "authenticated_get_me_per_second",
        "value": round(200 / (time.perf_counter() - started), 1),
        "unit": "req/s",
        "aim": "bearer check (cached signature + Redis revocation MGET) and one SELECT",
    }


async def _measure_verifications(
    settings: Settings, pairs: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    keys = KeyRing.from_settings(settings)
    distinct = [pair["access_token"] for pair in pairs]
    verifier = TokenVerifier(keys, issuer=settings.jwt_issuer, audience=settings.jwt_audience)
    started = time.perf_counter()
    for n in range(VERIFICATIONS):
        await verifier._verify_signature(distinct[n % len(distinct)])
    signature_s = (time.perf_counter() - started) / VERIFICATIONS
    signature = {
        "metric": "token_verifications_per_second_signature",
        "value": round(1 / signature_s),
        "unit": "ops/s",
        "aim": f"RS256-2048 verify + claim checks, in-process: {signature_s * 1e6:.0f} µs each",
    }
    started = time.perf_counter()
    for n in range(VERIFICATIONS):
        await verifier.verify(distinct[n % len(distinct)])
    cached_s = (time.perf_counter() - started) / VERIFICATIONS
    cached = {
        "metric": "token_verifications_per_second_cached",
        "value": round(1 / cached_s),
        "unit": "ops/s",
        "aim": "a token seen before (TokenVerifier cache), without the Redis revocation check",
    }
    return [signature, cached]


async def measure(settings: Settings) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    async with serve_app(build_app(settings)) as client:
        emails = await _register_users(client)
        results.append(await _measure_login_latency(client, emails))
        logins, pairs = await _measure_concurrent_logins(client, emails)
        results.append(logins)
        results.append(await _measure_refreshes(client, [pair["refresh_token"] for pair in pairs]))
        results.append(await _measure_get_me(client, pairs[0]["access_token"]))
    results.extend(await _measure_verifications(settings, pairs))
    return results


async def main() -> None:
    load_before = round(os.getloadavg()[0], 2)
    name = f"cadence_bench_{uuid.uuid4().hex[:8]}"
    await _admin(f'CREATE DATABASE "{name}"')
    database_url = ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    database_url = f"{database_url}/{name}"
    try:
        await asyncio.to_thread(migrate, "auth", database_url)
        settings = Settings(
            database_url=database_url,
            redis_url=REDIS_URL,
            signing_key=generate_pem().decode(),
            rate_limit_login="100000/minute",
            rate_limit_register="100000/minute",
            rate_limit_refresh="100000/minute",
            log_level="WARNING",
            events_relay_in_process=False,
        )
        results = await measure(settings)
    finally:
        await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    report = {
        "name": "auth",
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            # Other processes share the machine: a load well above the core count slows all this.
            "load_average_1m_before": load_before,
        },
        "results": results,
        "notes": (
            f"argon2id m={settings.argon2_memory_kib} KiB, t={settings.argon2_time_cost}, "
            f"p={settings.argon2_parallelism} (OWASP floor). In-process ASGI (no network, no "
            f"gateway), local Postgres and Redis; rate limits raised for the run. Logins: "
            f"{SEQUENTIAL_LOGINS} sequential for the median, {CONCURRENT_LOGINS} at concurrency "
            f"{CONCURRENCY} for the rate. Refresh: {REFRESHES} rotations. Verification: "
            f"{VERIFICATIONS} calls over {CONCURRENT_LOGINS} distinct tokens."
        ),
    }
    out = Path(__file__).parent / "results" / "auth.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
