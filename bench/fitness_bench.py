"""Fitness reads on a running stack (`make bench` starts it): the day view and the monthly volume
of a user with two years of history, and food search on a 10,000-food catalog.

History: 730 days of food logs (three planned meals and a snack a day), a diet plan for every
weekday, four workout sessions a week (15 sets each) and two runs a week uploaded to the runs
service, whose runs.run.completed.v1 events bring the cardio into fitness. Loaded through the
fitness and runs APIs (straight to the services' ports, 8 requests at a time). Each read is
measured through the gateway with wrk, at 1 connection (latency alone) and at 8; the day view
and search requests pick a random day and a random search term on every request.
"""

import asyncio
import datetime as dt
import os
import random
import subprocess
import tempfile
import time
import uuid
from collections.abc import Awaitable, Iterable
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from tasks_bench import signed_in_headers

from benchlib import BENCH_DIR, metric, write_results, wrk

BASE_URL = os.environ.get("CADENCE_BENCH_BASE_URL", "http://127.0.0.1:8000")
FITNESS_DIRECT = os.environ.get("CADENCE_BENCH_FITNESS_URL", "http://127.0.0.1:8104")
RUNS_DIRECT = os.environ.get("CADENCE_BENCH_RUNS_URL", "http://127.0.0.1:8103")
# The stack's database (bench/run.py starts it on cadence_bench).
DATABASE_URL = os.environ.get(
    "CADENCE_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/cadence_bench"
)
FIRST_DAY = dt.date(2024, 6, 1)
DAYS = 730
CATALOG_SIZE = 10_000
TRAINING_WEEKDAYS = (0, 1, 3, 5)  # Monday, Tuesday, Thursday, Saturday
RUN_WEEKDAYS = (2, 6)
EXERCISES = ("Back squat", "Bench press", "Deadlift")
MEALS = ("Breakfast", "Lunch", "Dinner")
WORDS = [
    "chicken",
    "beef",
    "pork",
    "salmon",
    "tuna",
    "rice",
    "pasta",
    "bread",
    "oats",
    "yogurt",
    "cheese",
    "apple",
    "banana",
    "berry",
    "almond",
    "peanut",
    "lentil",
    "bean",
    "tofu",
    "egg",
    "potato",
    "tomato",
    "carrot",
    "spinach",
    "broccoli",
    "mushroom",
    "quinoa",
    "corn",
    "honey",
    "chocolate",
    "coffee",
    "milk",
    "butter",
    "olive",
    "avocado",
    "mango",
    "orange",
    "lemon",
]
BRANDS = ("Farm", "Mill", "Dairy Co", "Green Valley", "Ocean", "Bakery", None)
CONCURRENCY = 8


async def in_batches(calls: Iterable[Awaitable[httpx.Response]]) -> None:
    """Runs the calls ``CONCURRENCY`` at a time; any non-2xx answer fails the benchmark."""
    pending = list(calls)
    for start in range(0, len(pending), CONCURRENCY):
        for response in await asyncio.gather(*pending[start : start + CONCURRENCY]):
            response.raise_for_status()


def food(
    name: str, brand: str | None, kcal: float, protein: float, carbs: float, fat: float
) -> dict[str, Any]:
    return {
        "name": name,
        "brand": brand,
        "serving_size": 100,
        "serving_unit": "g",
        "kcal": kcal,
        "protein_g": protein,
        "carbs_g": carbs,
        "fat_g": fat,
    }


WEEK = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


async def create_plan(client: httpx.AsyncClient, headers: dict[str, str]) -> list[str]:
    """Four foods and a plan for every weekday; returns the foods' ids."""
    foods = []
    for name, values in [
        ("Oats", (380, 13, 60, 7)),
        ("Chicken breast", (165, 31, 0, 4)),
        ("Rice", (130, 3, 28, 0.3)),
        ("Protein bar", (200, 20, 22, 7)),
    ]:
        created = await client.post(
            "/api/v1/foods", json=food(name, None, *values), headers=headers
        )
        created.raise_for_status()
        foods.append(created.json()["id"])
    oats, chicken, rice, _ = foods

    def item(food_id: str, quantity: float) -> dict[str, Any]:
        return {"food_id": food_id, "quantity": quantity}

    plan = {
        "name": "Maintenance",
        "days_of_week": WEEK,
        "meals": [
            {"name": "Breakfast", "time": "07:30", "items": [item(oats, 1)]},
            {"name": "Lunch", "items": [item(chicken, 2), item(rice, 2)]},
            {"name": "Dinner", "items": [item(chicken, 1.5), item(rice, 1.5)]},
        ],
    }
    (await client.post("/api/v1/diet-plans", json=plan, headers=headers)).raise_for_status()
    return foods


def day_entries(day: dt.date, foods: list[str], rng: random.Random) -> list[dict[str, Any]]:
    """Three to five planned entries of the day, and a snack."""
    oats, chicken, rice, bar = foods
    planned = [
        (MEALS[0], oats),
        (MEALS[1], chicken),
        (MEALS[1], rice),
        (MEALS[2], chicken),
        (MEALS[2], rice),
    ]
    logged = [
        {
            "date": day.isoformat(),
            "meal": meal,
            "food_id": food_id,
            "quantity": round(rng.uniform(0.8, 2.2), 2),
            "kind": "planned",
        }
        for meal, food_id in planned[: 3 + day.toordinal() % 3]
    ]
    return [*logged, {"date": day.isoformat(), "meal": "Snack", "food_id": bar, "quantity": 1}]


async def load_nutrition(client: httpx.AsyncClient, headers: dict[str, str]) -> None:
    foods = await create_plan(client, headers)
    rng = random.Random(1)
    days = [FIRST_DAY + dt.timedelta(days=offset) for offset in range(DAYS)]
    await in_batches(
        client.post("/api/v1/food-logs", json=entry, headers=headers)
        for day in days
        for entry in day_entries(day, foods, rng)
    )


def session_body(day: dt.date, rng: random.Random) -> dict[str, Any]:
    started = dt.datetime.combine(day, dt.time(17, 30), tzinfo=dt.UTC)
    sets = [
        {
            "id": str(uuid.uuid4()),
            "exercise": exercise,
            "reps": rng.randint(3, 10),
            "weight_kg": rng.randint(40, 160),
            "updated_at": started.isoformat(),
        }
        for exercise in EXERCISES
        for _ in range(5)
    ]
    return {
        "id": str(uuid.uuid4()),
        "name": "Strength",
        "started_at": started.isoformat(),
        "ended_at": (started + dt.timedelta(minutes=70)).isoformat(),
        "sets": sets,
    }


def run_body(day: dt.date) -> dict[str, Any]:
    started = dt.datetime.combine(day, dt.time(6, 45), tzinfo=dt.UTC)
    return {
        "id": str(uuid.uuid4()),
        "started_at": started.isoformat(),
        "ended_at": (started + dt.timedelta(minutes=40)).isoformat(),
        "distance_m": 8000,
    }


async def load_training(headers: dict[str, str]) -> int:
    """Sessions to fitness and runs to the runs service; returns the number of runs."""
    rng = random.Random(2)
    days = [FIRST_DAY + dt.timedelta(days=offset) for offset in range(DAYS)]
    async with httpx.AsyncClient(base_url=FITNESS_DIRECT, timeout=30) as fitness:
        await in_batches(
            fitness.post("/api/v1/workout-sessions", json=session_body(day, rng), headers=headers)
            for day in days
            if day.weekday() in TRAINING_WEEKDAYS
        )
    runs = [run_body(day) for day in days if day.weekday() in RUN_WEEKDAYS]
    async with httpx.AsyncClient(base_url=RUNS_DIRECT, timeout=30) as runs_api:
        await in_batches(runs_api.post("/api/v1/runs", json=run, headers=headers) for run in runs)
    return len(runs)


async def load_catalog(headers: dict[str, str]) -> list[str]:
    """10,000 foods named from two or three words; returns the search terms to measure with."""
    rng = random.Random(3)
    names = [
        " ".join(rng.sample(WORDS, rng.randint(2, 3))).capitalize() + f" {n}"
        for n in range(CATALOG_SIZE)
    ]
    async with httpx.AsyncClient(base_url=FITNESS_DIRECT, timeout=30) as client:
        await in_batches(
            client.post(
                "/api/v1/foods",
                json=food(name, rng.choice(BRANDS), rng.randint(20, 600), 5, 20, 5),
                headers=headers,
            )
            for name in names
        )
    return [*WORDS, "chick", "ocean", "green val", "bread 12", "almond butter"]


async def wait_for_cardio(headers: dict[str, str], runs: int, last_day: dt.date) -> None:
    """The runs reach fitness as events; waits until every one counts in the volume."""
    params = {"from": FIRST_DAY.isoformat(), "to": last_day.isoformat(), "group": "month"}
    deadline = time.monotonic() + 120
    async with httpx.AsyncClient(base_url=FITNESS_DIRECT, timeout=30) as client:
        while True:
            response = await client.get("/api/v1/progress/volume", params=params, headers=headers)
            response.raise_for_status()
            if sum(period["runs"] for period in response.json()["periods"]) == runs:
                return
            if time.monotonic() > deadline:
                raise RuntimeError("the runs' events did not all reach fitness within 120 s")
            await asyncio.sleep(0.5)


async def analyze() -> None:
    """Statistics for the loaded tables, as autovacuum gathers them after a load in any
    deployment. The development Postgres runs with autovacuum off, and without statistics the
    planner guessed 8 foods for the user and read all 10,000 through the user index instead of
    the trigram indexes (EXPLAIN ANALYZE: 17-30 ms a search, against 0.4-3 ms once analysed)."""
    connection = await asyncpg.connect(DATABASE_URL)
    try:
        tables = await connection.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'fitness' ORDER BY tablename"
        )
        for table in tables:
            await connection.execute(f'ANALYZE fitness."{table["tablename"]}"')
    finally:
        await connection.close()


def random_paths_script(paths: list[str]) -> Path:
    """A wrk script that requests a random one of ``paths`` each time, with the JSON reporter."""
    listed = ",\n".join(f'  "{path}"' for path in paths)
    reporter = (BENCH_DIR / "wrk_json.lua").read_text()
    script = (
        "math.randomseed(os.time())\n"
        f"local paths = {{\n{listed}\n}}\n"
        'request = function() return wrk.format("GET", paths[math.random(#paths)]) end\n'
        f"{reporter}"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    return Path(handle.name)


def measure(
    name: str, url: str, headers: dict[str, str], script: Path | None
) -> list[dict[str, Any]]:
    results = []
    for connections in (1, 8):
        options: dict[str, Any] = {"headers": headers, "connections": connections}
        if script is not None:
            options["script"] = script
        run = wrk(BASE_URL + url, **options)
        results += [
            metric(f"{name}_c{connections}_p50", run["p50_us"] / 1000, "ms"),
            metric(f"{name}_c{connections}_p99", run["p99_us"] / 1000, "ms"),
            metric(f"{name}_c{connections}_rps", run["rps"], "req/s"),
        ]
    return results


async def load() -> tuple[dict[str, str], dict[str, str], list[str], dict[str, float]]:
    with httpx.Client(base_url=BASE_URL, timeout=10) as client:
        history_user, catalog_user = signed_in_headers(client), signed_in_headers(client)
    timings = {}
    started = time.monotonic()
    async with httpx.AsyncClient(base_url=FITNESS_DIRECT, timeout=30) as client:
        await load_nutrition(client, history_user)
    runs = await load_training(history_user)
    timings["history_load"] = time.monotonic() - started
    started = time.monotonic()
    terms = await load_catalog(catalog_user)
    timings["catalog_load"] = time.monotonic() - started
    await wait_for_cardio(history_user, runs, FIRST_DAY + dt.timedelta(days=DAYS - 1))
    await analyze()
    return history_user, catalog_user, terms, timings


def uptime() -> str:
    """``uptime``'s line: the machine's load, shared with other agents' runs on these 2 cores."""
    return subprocess.run(["uptime"], capture_output=True, text=True, check=True).stdout.strip()


def load_metrics(moment: str) -> list[dict[str, Any]]:
    one, five, _ = os.getloadavg()
    return [
        metric(f"machine_load_1m_{moment}", one, "load avg (2 cores)"),
        metric(f"machine_load_5m_{moment}", five, "load avg (2 cores)"),
    ]


def main() -> None:
    loads = load_metrics("at_start")
    history_user, catalog_user, terms, timings = asyncio.run(load())
    loads += load_metrics("before_reads")
    load_lines = [uptime()]
    last_day = FIRST_DAY + dt.timedelta(days=DAYS - 1)
    day_views = random_paths_script(
        [f"/api/v1/days/{FIRST_DAY + dt.timedelta(days=offset)}/diet" for offset in range(DAYS)]
    )
    searches = random_paths_script(
        [f"/api/v1/foods?q={term.replace(' ', '%20')}" for term in terms]
    )
    volume = f"/api/v1/progress/volume?from={FIRST_DAY}&to={last_day}&group=month&tz=Europe/Paris"
    try:
        results = [
            metric("history_load", timings["history_load"], "s"),
            metric("catalog_load", timings["catalog_load"], "s"),
            *measure("day_view", "/", history_user, day_views),
            *measure("monthly_volume_2y", volume, history_user, None),
            *measure("food_search_10k", "/", catalog_user, searches),
        ]
    finally:
        day_views.unlink()
        searches.unlink()
    results += [*loads, *load_metrics("after_reads")]
    load_lines.append(uptime())
    write_results(
        "fitness",
        results,
        f"Through the gateway, wrk -t1 -d10s at 1 and 8 connections; 1 uvicorn worker per service. "
        f"History user: {DAYS} days of food logs (4-6 a day), a plan for every weekday, 4 sessions "
        f"a week of 15 sets, 2 runs a week (cardio by event). Day view: a random day of the two "
        f"years per request. Monthly volume: the whole two years (25 months) in Europe/Paris. "
        f"Search: a random term of {len(terms)} (one word, a prefix or two words) per request on "
        f"a {CATALOG_SIZE}-food catalog (pg_trgm GIN indexes), by relevance, the first page of "
        f"20. The fitness tables are ANALYZEd after the load (autovacuum is off here). The 2 "
        f"cores are shared with other agents' test runs: machine_load_* are the load "
        f"averages at the start, before and after the reads; uptime before the reads: "
        f"{load_lines[0]!r}; after: {load_lines[1]!r}.",
    )


if __name__ == "__main__":
    main()
