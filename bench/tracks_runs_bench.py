"""Tracks and runs, in process: bulk register, tempo match on 1,000,000 tracks, run uploads.

Self-contained: a bench database of its own (seeded with generate_series), both apps served
in process (httpx over ASGI, so the figures include routing, validation, auth and JSON, but no
sockets), a test token issuer, Redis db 13 and broker names of their own. The through-gateway run
upload figure needs the stack (`make bench`). Run: `uv run python bench/tracks_runs_bench.py`.
"""

import asyncio
import os
import statistics
import sys
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import text

from benchlib import fresh_database, metric, psql, write_results
from cadence_shared.app import context_of
from cadence_shared.testing import serve_app
from cadence_shared.testing.tokens import TestIssuer
from runs_service.main import build_app as build_runs
from runs_service.settings import Settings as RunsSettings
from tracks_service.main import build_app as build_tracks
from tracks_service.matching.service import match_tracks
from tracks_service.settings import Settings as TracksSettings

DATABASE = "cadence_bench_tracks_runs"
DATABASE_URL = f"postgresql+asyncpg://postgres@127.0.0.1:5432/{DATABASE}"
# Not flushed: idempotency keys are per user and the bench's user is new on every run.
REDIS_URL = "redis://127.0.0.1:6379/13"
CATALOG_SIZE = 1_000_000
REGISTER_CALLS = 20
MATCH_CALLS = 2000
UPLOADS = 1000
UPLOAD_CONCURRENCY = 16
RUNS_PORT = 18103  # a port of its own, so a running stack (8103) is left alone
USER = uuid.uuid4()


def seed_catalog() -> float:
    """1,000,000 tracks, BPM 60-200 in 0.1 steps (so many ties), random confidences."""
    started = time.perf_counter()
    psql(
        DATABASE,
        f"""
        INSERT INTO tracks.track (id, apple_music_id, title, artist, album, duration_ms,
                                  bpm, bpm_confidence, bpm_source)
        SELECT gen_random_uuid(), 'seed-' || i, 'Song ' || i, 'Artist ' || (i % 5000),
               'Album ' || (i % 80000), 150000 + (i % 120000),
               round((60 + random() * 140)::numeric, 1), round(random()::numeric, 2), 'analysis'
        FROM generate_series(1, {CATALOG_SIZE}) AS i;
        ANALYZE tracks.track;
        """,
    )
    return time.perf_counter() - started


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@asynccontextmanager
async def served(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with serve_app(app) as client:
        yield client


def register_body(call: int) -> dict[str, Any]:
    return {
        "tracks": [
            {
                "apple_music_id": f"bench-{call}-{i}",
                "title": f"Bench song {i}",
                "artist": "Bench",
                "album": "Bench album",
                "duration_ms": 200_000,
                "bpm": 120 + i % 60,
                "bpm_confidence": 0.5,
            }
            for i in range(500)
        ]
    }


async def bench_tracks(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, float]:
    register_ms = []
    for call in range(REGISTER_CALLS):
        body = register_body(call % (REGISTER_CALLS // 2))  # the second half are updates
        started = time.perf_counter()
        response = await client.post("/api/v1/tracks/register", json=body, headers=headers)
        register_ms.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    match_ms = []
    cadences = [150 + (i * 37) % 400 / 10 for i in range(MATCH_CALLS)]  # 150.0-189.9 spm
    for cadence in cadences:
        started = time.perf_counter()
        response = await client.get(
            "/api/v1/tracks/match",
            params={"cadence": cadence, "tolerance": 4, "limit": 20},
            headers=headers,
        )
        match_ms.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
        assert len(response.json()["items"]) == 20
    return {
        "register_500_p50_ms": statistics.median(register_ms),
        "register_500_insert_p50_ms": statistics.median(register_ms[: REGISTER_CALLS // 2]),
        "register_500_update_p50_ms": statistics.median(register_ms[REGISTER_CALLS // 2 :]),
        "match_p50_ms": statistics.median(match_ms),
        "match_p99_ms": percentile(match_ms, 0.99),
    }


def run_body(number: int) -> dict[str, Any]:
    start = datetime(2026, 1, 1, 6, 0, tzinfo=UTC) + timedelta(hours=number)
    return {
        "id": str(uuid.uuid4()),
        "started_at": start.isoformat(),
        "ended_at": (start + timedelta(minutes=30)).isoformat(),
        "distance_m": 5000,
        "avg_hr": 150,
        "max_hr": 175,
        "avg_cadence": 170,
        "calories": 350,
        "segments": [
            {
                "apple_music_id": f"bench-0-{i}",
                "started_at": (start + timedelta(minutes=3 * i)).isoformat(),
                "ended_at": (start + timedelta(minutes=3 * i + 3)).isoformat(),
                "avg_hr": 150,
                "avg_cadence": 170,
            }
            for i in range(10)
        ],
    }


async def bench_uploads(client: httpx.AsyncClient, headers: dict[str, str]) -> float:
    """Run uploads per second, each with its own Idempotency-Key, 16 in flight."""
    bodies = [run_body(number) for number in range(UPLOADS)]
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)

    async def worker() -> None:
        while not queue.empty():
            body = queue.get_nowait()
            response = await client.post(
                "/api/v1/runs", json=body, headers={**headers, "Idempotency-Key": body["id"]}
            )
            assert response.status_code == 201, response.text

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(UPLOAD_CONCURRENCY)))
    return UPLOADS / (time.perf_counter() - started)


async def bench_match_service(sessions: Any) -> list[float]:
    """The same matches as plain service calls: no HTTP, auth or JSON, only SQL and the ORM."""
    samples = []
    async with sessions() as session:
        for i in range(MATCH_CALLS):
            started = time.perf_counter()
            await match_tracks(
                session, cadence=150 + (i * 37) % 400 / 10, tolerance=4, limit=20, user_id=USER
            )
            samples.append((time.perf_counter() - started) * 1000)
    return samples


@asynccontextmanager
async def runs_server(common: dict[str, Any]) -> AsyncIterator[httpx.AsyncClient]:
    """The runs service as its own uvicorn process (as in the stack), and a client of it."""
    env = {**os.environ, **{f"RUNS_{name.upper()}": str(value) for name, value in common.items()}}
    server = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "uvicorn", "runs_service.main:app", "--port", str(RUNS_PORT)),
        *("--no-access-log", "--log-level", "warning"),
        env=env,
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{RUNS_PORT}") as client:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if (await client.get("/health/ready")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("the runs service did not become ready")
                await asyncio.sleep(0.2)
            yield client
    finally:
        server.terminate()
        await asyncio.wait_for(server.wait(), 10)


async def explain_match() -> str:
    """The plan of one match query, to show the index range scans (kept in the notes)."""
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(DATABASE_URL)
    async with engine.connect() as conn:
        rows = await conn.execute(
            text(
                "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) "
                "SELECT id FROM tracks.track WHERE bpm >= 85 AND bpm <= 87 "
                "ORDER BY bpm, bpm_confidence DESC NULLS LAST, id LIMIT 20"
            )
        )
        plan = " | ".join(row[0].strip() for row in rows)
    await engine.dispose()
    return plan


@dataclass
class Measured:
    """What the in-process and direct runs measured, with the plan of one match query."""

    tracks: dict[str, float]
    service_ms: list[float]
    uploads_in_process: float
    uploads_direct: float
    plan: str


def service_settings(jwks_url: str) -> dict[str, Any]:
    """The settings both services share for the run (their own broker names, a quiet log)."""
    return {
        "database_url": DATABASE_URL,
        "redis_url": REDIS_URL,
        "jwks_url": jwks_url,
        "amqp_prefix": f"bench-{uuid.uuid4().hex[:8]}",
        "log_level": "WARNING",
    }


async def measure(common: dict[str, Any], headers: dict[str, str]) -> Measured:
    tracks_app = build_tracks(TracksSettings(**common))
    async with served(tracks_app) as tracks:
        tracks_figures = await bench_tracks(tracks, headers)
        service_ms = await bench_match_service(context_of(tracks_app).database.sessions)
    async with served(build_runs(RunsSettings(**common))) as runs:
        uploads_in_process = await bench_uploads(runs, headers)
    async with runs_server(common) as runs:
        uploads_direct = await bench_uploads(runs, headers)
    plan = await explain_match()
    return Measured(tracks_figures, service_ms, uploads_in_process, uploads_direct, plan)


def tracks_runs_results(measured: Measured, seed_s: float) -> list[dict[str, Any]]:
    tracks_figures, service_ms = measured.tracks, measured.service_ms
    return [
        metric(
            "register_500_tracks_p50",
            tracks_figures["register_500_p50_ms"],
            "ms/call",
            "one INSERT ... ON CONFLICT DO UPDATE per call",
        ),
        metric("register_500_new_tracks_p50", tracks_figures["register_500_insert_p50_ms"], "ms"),
        metric("register_500_known_tracks_p50", tracks_figures["register_500_update_p50_ms"], "ms"),
        metric(
            "match_1m_catalog_p50",
            tracks_figures["match_p50_ms"],
            "ms",
            "< 10 ms on 1,000,000 tracks",
        ),
        metric("match_1m_catalog_p99", tracks_figures["match_p99_ms"], "ms", "< 50 ms"),
        metric("match_service_call_p50", statistics.median(service_ms), "ms"),
        metric("match_service_call_p99", percentile(service_ms, 0.99), "ms"),
        metric("run_upload_in_process", measured.uploads_in_process, "req/s"),
        metric("run_upload_direct_uvicorn", measured.uploads_direct, "req/s"),
        metric("catalog_seed", seed_s, "s"),
    ]


def tracks_runs_notes(plan: str) -> str:
    return (
        f"In process (httpx ASGI transport, one event loop, client and server sharing it): "
        f"register = POST /api/v1/tracks/register with 500 tracks, {REGISTER_CALLS} calls "
        f"(half new, half updates of known tracks); match = GET /api/v1/tracks/match tolerance "
        f"4 limit 20, {MATCH_CALLS} sequential calls, cadence 150-190, on {CATALOG_SIZE:,} "
        f"tracks (BPM 60-200 in 0.1 steps); run upload = POST /api/v1/runs with 10 segments and "
        f"an Idempotency-Key, {UPLOADS} runs, {UPLOAD_CONCURRENCY} in flight, outbox relay to "
        f"RabbitMQ running in the service process; in process, then against the service run by "
        f"uvicorn (one worker) on port {RUNS_PORT}. Through-gateway upload req/s: not measured "
        f"here (needs the stack). Plan of one match branch: {plan}"
    )


async def main() -> None:
    fresh_database(DATABASE, DATABASE_URL, "tracks", "runs")
    seed_s = seed_catalog()
    issuer = TestIssuer()
    common = service_settings(issuer.serve_jwks())
    headers = {"Authorization": f"Bearer {issuer.mint(USER)}"}
    try:
        measured = await measure(common, headers)
    finally:
        issuer.close()
    write_results(
        "tracks_runs", tracks_runs_results(measured, seed_s), tracks_runs_notes(measured.plan)
    )


if __name__ == "__main__":
    asyncio.run(main())
