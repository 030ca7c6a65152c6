"""Every service's 100-row list read against the limit anchor's 100-row page, in one run.

The anchor (bench/anchor_app.py: a bare ASGI app answering the tasks page with asyncpg and the
same token check) and every service with a list read are served from their own uvicorn process
(1 worker, access log off), straight (no gateway), on one database of their own with 100 rows of
one user in each list: tasks, fitness's foods, projects, audio samples, OCR jobs, runs, the
tracks catalog and playlists. The lists this branch moved onto ``cadence_shared.fastread``
(projects, audio, OCR jobs, playlists) are also served by the code of ``BEFORE`` (a temporary
worktree), on the same rows. wrk -t1 -c32 -d10s asks each ``?limit=100`` in turn for
``REPETITIONS`` rounds (the order turns round each round), so all meet the same background load;
each ratio (a list / the anchor's page, after / before) is taken per round and its median
reported. Aim (issue 19): every list >= 0.8 of the anchor's page. Rows differ in width from
list to list (a sample carries its analysis, a project its laser settings): the aim holds each
list to what a Python process needs for a page of 100, not to the tasks row.

Rows come in through each service's API where that is a plain POST; samples and OCR jobs (an
upload, a worker, minutes of analysis) are written with SQL as their workers leave them: analysed,
read. Holds ``/tmp/cadence-bench.lock``; needs Postgres, Redis, wrk (not the stack).
Run: ``uv run python bench/reads_bench.py``.
"""

import contextlib
import statistics
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from fitness_bench import food
from tasks_bench import seed as fill_tasks
from tracks_runs_bench import register_body, run_body

from benchlib import (
    BENCH_DIR,
    bench_lock,
    checkout,
    fresh_database,
    load,
    metric,
    psql,
    service_environment,
    uvicorn_server,
    write_results,
    wrk,
)
from cadence_shared.testing.tokens import TestIssuer

DATABASE = "cadence_bench_reads"
DATABASE_URL = f"postgresql+asyncpg://postgres@127.0.0.1:5432/{DATABASE}"
REDIS_URL = "redis://127.0.0.1:6379/12"
BEFORE = "3864015"  # main before projects, audio, OCR jobs and playlists read on fastread
SERVICES = ("tasks", "fitness", "projects", "audio", "ocr", "runs", "tracks")
MOVED = ("projects", "audio", "ocr", "tracks")  # served by BEFORE's code too, for MOVED_READS
MOVED_READS = ("projects", "audio samples", "ocr jobs", "playlists")
ROWS = 100
REPETITIONS = 3
AIM = 0.8
FIRST_PORT = 18310  # ports of their own: a running stack is left alone
# Connections a process keeps (its own default is 10): twelve processes of 10 would pass
# Postgres's max_connections of 100 while other work holds some. The anchor's pool is as large.
POOL_SIZE = "5"


@dataclass(frozen=True)
class ListRead:
    name: str
    service: str
    path: str


READS = [
    ListRead("tasks", "tasks", "/api/v1/tasks"),
    ListRead("fitness foods", "fitness", "/api/v1/foods"),
    ListRead("projects", "projects", "/api/v1/projects"),
    ListRead("audio samples", "audio", "/api/v1/audio"),
    ListRead("ocr jobs", "ocr", "/api/v1/ocr/jobs"),
    ListRead("runs", "runs", "/api/v1/runs"),
    ListRead("tracks", "tracks", "/api/v1/tracks"),
    ListRead("playlists", "tracks", "/api/v1/playlists"),
]
ANCHOR = ListRead("anchor", "anchor", "/api/v1/tasks")
PAGE = f"?limit={ROWS}"


def _post_all(client: httpx.Client, path: str, bodies: list[dict[str, Any]]) -> list[Any]:
    answers = []
    for body in bodies:
        response = client.post(path, json=body)
        response.raise_for_status()
        answers.append(response.json())
    return answers


def fill_over_http(urls: dict[str, str], headers: dict[str, str]) -> None:
    """Foods, projects, runs and playlists (one track each), ``ROWS`` of each, and a catalog of
    500 tracks."""

    def client(service: str) -> httpx.Client:
        return httpx.Client(base_url=urls[service], headers=headers, timeout=30)

    with client("fitness") as fitness, client("projects") as projects, client("runs") as runs:
        foods = [food(f"Oats {n}", "Mill & Co", 380, 13, 60, 7) for n in range(ROWS)]
        _post_all(fitness, "/api/v1/foods", foods)
        laser = {"material": "birch plywood", "thickness_mm": 3.0, "power_percent": 65.5}
        bodies = [
            {"name": f"Coasters {n}", "description": "a set", "laser": laser} for n in range(ROWS)
        ]
        _post_all(projects, "/api/v1/projects", bodies)
        _post_all(runs, "/api/v1/runs", [run_body(n) for n in range(ROWS)])
    with client("tracks") as tracks:
        [catalog] = _post_all(tracks, "/api/v1/tracks/register", [register_body(0)])
        playlists = _post_all(
            tracks, "/api/v1/playlists", [{"name": f"Mix {n}"} for n in range(ROWS)]
        )
        for playlist, track in zip(playlists, catalog["tracks"][:ROWS], strict=True):
            path = f"/api/v1/playlists/{playlist['id']}/tracks"
            _post_all(tracks, path, [{"track_id": track["id"]}])


def fill_with_sql(user: uuid.UUID) -> None:
    """``ROWS`` analysed samples and ``ROWS`` read OCR jobs of ``user``, as their workers leave
    them (16 beats a sample: an 8 s loop at 120 BPM)."""
    psql(
        DATABASE,
        "INSERT INTO audio.audio_item (id, user_id, title, tags, storage_key, sha256, size, "
        "content_type, filename, status, format, codec, duration_s, sample_rate, channels, "
        "bit_depth, bpm, bpm_confidence, beats_s, key, tonic, mode, key_confidence, "
        "loudness_lufs, sample_peak_dbfs, true_peak_dbfs, spectral_centroid_hz, "
        "spectral_rolloff_hz, onsets_per_s, kind, bars, analysed_at, created_at, updated_at) "
        f"SELECT gen_random_uuid(), '{user}', 'Loop ' || n, ARRAY['drums', 'loop'], "
        "'bench/audio/' || n, md5(n::text) || md5(n::text), 1411244, 'audio/wav', "
        "'loop ' || n || '.wav', 'succeeded', 'wav', 'pcm_s16le', 8.0, 44100, 2, 16, "
        "120 + n / 10.0, 0.92, ARRAY(SELECT b * 0.5 FROM generate_series(0, 15) AS b), "
        "'A minor', 'A', 'minor', 0.71, -14.2, -0.3, 0.1, 1500.5, 5200.25, 4.0, 'loop', 4, "
        "now(), now() - n * interval '1 minute', now() FROM generate_series(1, 100) AS n",
    )
    psql(
        DATABASE,
        "WITH photos AS (INSERT INTO ocr.photo (id, user_id, kind, storage_key, filename, "
        "content_type, size_bytes, sha256, language, target_date, meal, created_at) "
        f"SELECT gen_random_uuid(), '{user}', 'menu', 'bench/ocr/' || n, 'menu ' || n || '.jpg', "
        "'image/jpeg', 345678, md5(n::text) || md5(n::text), 'eng', current_date, 'lunch', "
        "now() - n * interval '1 minute' FROM generate_series(1, 100) AS n "
        "RETURNING id, user_id, created_at) "
        "INSERT INTO ocr.job (id, kind, resource, resource_id, user_id, status, input, percent, "
        "stage, attempts, version, run_after, created_at, updated_at, claimed_at, finished_at) "
        "SELECT id, 'read', 'ocr.job', id, user_id, 'succeeded', '{}'::jsonb, 100, 'parsing', 1, 4, "
        "created_at, created_at, created_at + interval '5 seconds', "
        "created_at + interval '1 second', created_at + interval '5 seconds' FROM photos",
    )


def check_pages(targets: dict[str, str], headers: dict[str, str]) -> None:
    """Each list answers a full page (a bench of short pages would measure less), and a moved
    list the same bytes as before (a faster read that wrote other JSON would measure nothing)."""
    bodies = {}
    for label, url in targets.items():
        page = httpx.get(url, headers=headers, timeout=30)
        page.raise_for_status()
        if len(page.json()["items"]) != ROWS:
            raise RuntimeError(f"{label}: {len(page.json()['items'])} rows, not {ROWS}")
        bodies[label] = page.content
    for name in MOVED_READS:
        if bodies[name] != bodies[f"{name} (before)"]:
            raise RuntimeError(f"{name}: other bytes than before")


def measure(targets: dict[str, str], headers: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """``runs[label]``: one wrk report per round, the targets taking turns (the order turns
    round each round)."""
    runs: dict[str, list[dict[str, Any]]] = {label: [] for label in targets}
    order = list(targets)
    for _ in range(REPETITIONS):
        for label in order:
            runs[label].append(wrk(targets[label], headers=headers))
        order.reverse()
    return runs


def _ratio(runs: dict[str, list[dict[str, Any]]], over: str, under: str) -> float:
    """The median of the per-round ratios ``over``/``under``."""
    return statistics.median(
        float(top["rps"]) / float(bottom["rps"])
        for top, bottom in zip(runs[over], runs[under], strict=True)
    )


def _rps(runs: dict[str, list[dict[str, Any]]], label: str) -> float:
    return float(statistics.median(run["rps"] for run in runs[label]))


def results_of(runs: dict[str, list[dict[str, Any]]]) -> tuple[list[dict[str, Any]], str]:
    anchor = _rps(runs, ANCHOR.name)
    results = [metric("anchor_list_100_rps", anchor, "req/s")]
    rows = [
        f"Anchor's page of {ROWS}: {anchor:,.0f} req/s (median).",
        "",
        "| list of 100 | path | req/s | list/anchor | before req/s | before/anchor "
        "| after/before | aim |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for read in READS:
        key = read.name.replace(" ", "_")
        ratio = _ratio(runs, read.name, ANCHOR.name)
        results.append(metric(f"{key}_list_100_rps", _rps(runs, read.name), "req/s"))
        results.append(metric(f"{key}_list_100_vs_anchor", ratio, "ratio", f">= {AIM}"))
        before = f"{read.name} (before)"
        figures = ["", "", ""]
        if before in runs:
            then, gain = _ratio(runs, before, ANCHOR.name), _ratio(runs, read.name, before)
            results.append(metric(f"{key}_before_list_100_vs_anchor", then, "ratio"))
            results.append(metric(f"{key}_list_100_after_vs_before", gain, "ratio"))
            figures = [f"{_rps(runs, before):,.0f}", f"{then:.2f}", f"{gain:.2f}"]
        rows.append(
            f"| {read.name} | `{read.path}` | {_rps(runs, read.name):,.0f} | {ratio:.2f} | "
            f"{' | '.join(figures)} | >= {AIM} |"
        )
    return results, "\n".join(rows)


def _servers(
    stack: contextlib.ExitStack, jwks_url: str, old: Path, storage: Path
) -> dict[str, str]:
    """Every service (and BEFORE's code of those that moved) and the anchor: their URLs."""
    urls: dict[str, str] = {}
    port = FIRST_PORT
    variants = [(service, None) for service in SERVICES] + [(s, old) for s in MOVED]
    for service, source in variants:
        store = storage / f"{service}-{'before' if source else 'after'}"
        store.mkdir()
        env = service_environment(
            service,
            jwks_url,
            DATABASE_URL,
            REDIS_URL,
            source=source,
            storage_local_dir=str(store),
            db_pool_size=POOL_SIZE,
        )
        app = f"{service}_service.main:app"
        server = stack.enter_context(uvicorn_server(app, port, env))
        urls[f"{service} (before)" if source else service] = server.url
        port += 1
    anchor_env = service_environment(
        "tasks", jwks_url, DATABASE_URL, REDIS_URL, db_pool_size=POOL_SIZE
    )
    anchor = uvicorn_server("anchor_app:app", port, anchor_env, app_dir=BENCH_DIR)
    urls[ANCHOR.name] = stack.enter_context(anchor).url
    return urls


def _targets(urls: dict[str, str]) -> dict[str, str]:
    targets = {ANCHOR.name: urls[ANCHOR.name] + ANCHOR.path + PAGE}
    for read in READS:
        targets[read.name] = urls[read.service] + read.path + PAGE
        if read.name in MOVED_READS:
            targets[f"{read.name} (before)"] = urls[f"{read.service} (before)"] + read.path + PAGE
    return targets


def main() -> None:
    issuer = TestIssuer()
    jwks_url = issuer.serve_jwks()
    user = uuid.uuid4()
    headers = {"Authorization": f"Bearer {issuer.mint(user, exp=int(time.time()) + 3600)}"}
    with (
        bench_lock(),
        checkout(BEFORE) as old,
        tempfile.TemporaryDirectory(prefix="cadence-bench-reads-") as storage,
        contextlib.ExitStack() as stack,
    ):
        fresh_database(DATABASE, DATABASE_URL, *SERVICES)
        urls = _servers(stack, jwks_url, old, Path(storage))
        fill_tasks(urls["tasks"], headers)
        fill_over_http(urls, headers)
        fill_with_sql(user)
        targets = _targets(urls)
        check_pages(targets, headers)
        load_before = load()
        runs = measure(targets, headers)
        load_after = load()
    issuer.close()
    results, table = results_of(runs)
    write_results(
        "reads",
        results,
        f"Each service's list read of {ROWS} rows (one user's) against bench/anchor_app.py's "
        f"page of {ROWS} tasks, 1 uvicorn worker each with a pool of 5 connections, straight; before = {BEFORE}'s code of "
        f"the lists this change moved onto fastread, on the same rows. wrk -t1 -c32 -d10s, "
        f"{REPETITIONS} rounds, the {len(targets)} lists in turn (the order turns round each "
        f"round); ratios are medians of per-round ratios (robust to the shared machine's load; "
        f"absolute req/s is not). Load (uptime) before: {load_before}; after: {load_after}.",
        summary=table,
        details={label: [run["rps"] for run in reports] for label, reports in runs.items()},
    )


if __name__ == "__main__":
    main()
