"""Demo data for a running suite, through its gateway only: `make seed`.

Signs a demo user up (or in, when it exists) and gives it tasks, catalog tracks and playlists,
runs with segments, a diet plan with a week of food logs and weights, a training program and
workouts, a laser project with processed design files, analysed audio samples and an OCR'd menu
confirmed into the food log; then prints the login.

Running it again changes nothing: every resource the API lets a client name gets an id derived
from a fixed name (uuid5), the others are looked up by their natural key (a playlist's name, an
upload's file name, an OCR job's day and meal) before anything is created, and uploads carry an
``Idempotency-Key``. Jobs (design files, audio analysis, OCR) are awaited with a deadline.

    CADENCE_GATEWAY_URL   the gateway (default http://127.0.0.1:8000)
    CADENCE_DEMO_EMAIL    the demo user's email (default demo@example.com)
    CADENCE_DEMO_PASSWORD its password (default: the one printed at the end)
"""

import os
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from cadence_shared.media import (
    MENU,
    circle_dxf,
    click_track,
    encode,
    half_black_png,
    page,
    rect_svg,
    tone,
)

GATEWAY = os.environ.get("CADENCE_GATEWAY_URL", "http://127.0.0.1:8000").rstrip("/")
EMAIL = os.environ.get("CADENCE_DEMO_EMAIL", "demo@example.com")
PASSWORD = os.environ.get("CADENCE_DEMO_PASSWORD", "cadence demo runner")
NAME = "Demo Runner"
JOB_DEADLINE_S = float(os.environ.get("CADENCE_DEMO_JOB_DEADLINE_S", "180"))
NAMESPACE = uuid.UUID("6f1c1f4e-4d0b-5a53-9a6e-63616465e0c0")
WEEK = [date(2026, 11, 23) + timedelta(days=n) for n in range(7)]  # Monday to Sunday

Json = dict[str, Any]


class SeedError(RuntimeError):
    """The suite answered something the demo data cannot go on from."""


def demo_id(kind: str, key: str) -> str:
    """The same id on every run for the same thing."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


TASKS = [
    ("Book the physio", "high", "2026-12-08", False),
    ("Buy trail shoes", "medium", "2026-12-12", False),
    ("Sign up for the half marathon", "high", "2026-12-01", True),
    ("Plan the long run route", "low", None, False),
    ("Renew the gym card", "medium", "2026-11-30", True),
    ("Export the laser files for the coasters", "low", None, False),
]
TRACKS = [  # (key, title, artist, bpm)
    ("cadence-demo-1", "Stride Line", "The Pacers", 170),
    ("cadence-demo-2", "Harbour Lights", "The Pacers", 172),
    ("cadence-demo-3", "Hill Repeats", "Northbound", 168),
    ("cadence-demo-4", "Half Time", "Northbound", 85),
    ("cadence-demo-5", "Tempo Tuesday", "Kilometre", 175),
    ("cadence-demo-6", "Cool Down", "Kilometre", 120),
]
PLAYLISTS = {"Tempo 170": [0, 1, 2, 3], "Easy Sunday": [3, 5]}
RUNS: list[
    tuple[date, int, int, int, int, list[int]]
] = [  # (day, start hour, minutes, distance m, avg cadence, tracks played)
    (WEEK[0], 7, 31, 5200, 171, [0, 1, 2]),
    (WEEK[2], 18, 46, 8400, 173, [1, 4, 2, 0]),
    (WEEK[6], 9, 72, 12_000, 166, [3, 5, 0, 1]),
]
FOODS: dict[
    str, tuple[float, float, float, float, float]
] = {  # name: (serving g, kcal, protein, carbs, fat)
    "Oats": (100, 380, 13, 60, 7),
    "Banana": (120, 105, 1.3, 27, 0.4),
    "Chicken breast": (150, 248, 46, 0, 5.4),
    "Rice": (150, 195, 4, 42, 0.4),
    "Greek yogurt": (170, 160, 17, 6, 8),
    "Lentil soup": (300, 270, 18, 40, 4),
}
PLAN: dict[str, list[tuple[str, float]]] = {  # meal: [(food, servings)]
    "Breakfast": [("Oats", 1), ("Banana", 1)],
    "Lunch": [("Chicken breast", 1), ("Rice", 1.5)],
    "Dinner": [("Lentil soup", 1), ("Greek yogurt", 1)],
}
PROGRAM_DAYS = {"Push": ["Bench press", "Overhead press"], "Legs": ["Back squat", "Deadlift"]}
WORKOUTS: list[
    tuple[date, str, list[tuple[str, int, float, int]]]
] = [  # (day, name, [(exercise, reps, kg, sets)])
    (WEEK[1], "Push", [("Bench press", 8, 60, 3), ("Overhead press", 8, 37.5, 3)]),
    (WEEK[3], "Legs", [("Back squat", 5, 90, 3), ("Deadlift", 5, 110, 2)]),
    (WEEK[5], "Push", [("Bench press", 6, 65, 3), ("Overhead press", 6, 40, 3)]),
]
DESIGNS = {
    "coaster.svg": (rect_svg(90, 90), "image/svg+xml"),
    "logo.dxf": (circle_dxf(20), "image/vnd.dxf"),
    "photo.png": (half_black_png(), "image/png"),
}
SAMPLES: dict[
    str, tuple[str, Callable[[], bytes], str]
] = {  # title: (file name, bytes builder, tags)
    "Click loop 120": ("click-120.wav", lambda: click_track(120, 8.0), "drums,loop"),
    "A440 tone": ("a440.wav", lambda: tone(440, 3.0), "tone"),
}
MENU_DAY, MENU_MEAL = WEEK[6], "lunch"
MENU_ITEMS = 2  # what the menu lists (cadence_shared.media.MENU)

EXPECTED = {
    "tasks": len(TASKS),
    "completed tasks": sum(1 for *_, done in TASKS if done),
    "tracks": len(TRACKS),
    "playlists": len(PLAYLISTS),
    "playlist entries": sum(len(tracks) for tracks in PLAYLISTS.values()),
    "runs": len(RUNS),
    "run segments": sum(len(run[-1]) for run in RUNS),
    "foods": len(FOODS) + MENU_ITEMS,
    "diet plans": 1,
    "food logs": len(WEEK) * sum(len(items) for items in PLAN.values()) + MENU_ITEMS,
    "weights": len(WEEK),
    "programs": 1,
    "workouts": len(WORKOUTS),
    "projects": 1,
    "design files ready": len(DESIGNS),
    "audio samples analysed": len(SAMPLES),
    "ocr jobs": 1,
    "confirmed ocr drafts": 1,
}
"""What the demo user holds after a run, as `counts` reads it back through the API."""


class Api:
    """The gateway, as the demo user."""

    def __init__(self, client: httpx.Client, token: str) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}

    def call(self, method: str, path: str, *expect: int, **options: Any) -> httpx.Response:
        headers = {**self.headers, **options.pop("headers", {})}
        response = self.client.request(method, path, headers=headers, **options)
        if response.status_code not in (expect or (200, 201)):
            raise SeedError(f"{method} {path}: {response.status_code} {response.text[:300]}")
        return response

    def get(self, path: str, **params: Any) -> Any:
        return self.call("GET", path, params=params).json()

    def post(self, path: str, body: Json, *expect: int) -> Any:
        return self.call("POST", path, *(expect or (200, 201)), json=body).json()

    def ensure(self, collection: str, body: Json) -> Json:
        """The resource of ``body["id"]`` under ``collection``: read, or created when missing."""
        found = self.call("GET", f"{collection}/{body['id']}", 200, 404)
        if found.status_code == 200:
            return dict(found.json())
        created = self.call("POST", collection, 200, 201, 409, json=body)
        if created.status_code == 409:  # created meanwhile by another run
            return dict(self.get(f"{collection}/{body['id']}"))
        return dict(created.json())

    def every(self, path: str, **params: Any) -> list[Json]:
        """Every item of a paginated list."""
        items: list[Json] = []
        while True:
            page = self.get(path, limit=100, offset=len(items), **params)
            items += page["items"]
            if len(items) >= page["total"] or not page["items"]:
                return items


def log_in(client: httpx.Client) -> Api:
    """The gateway as the demo user."""
    login = client.post("/api/v1/auth/login", json={"email": EMAIL, "password": PASSWORD})
    if login.status_code != 200:
        raise SeedError(
            f"login as {EMAIL}: {login.status_code} {login.text[:300]} (an account with this "
            "email and another password exists: set CADENCE_DEMO_EMAIL or CADENCE_DEMO_PASSWORD)"
        )
    return Api(client, str(login.json()["access_token"]))


def sign_up(client: httpx.Client) -> Api:
    """The demo user's account, created when it does not exist yet, logged in."""
    account = {"email": EMAIL, "password": PASSWORD, "name": NAME}
    registered = client.post("/api/v1/auth/register", json=account)
    if registered.status_code not in (201, 409):
        raise SeedError(f"register: {registered.status_code} {registered.text[:300]}")
    return log_in(client)


def wait_for(check: Callable[[], Json | None], what: str) -> Json:
    """Polls ``check`` until it answers something, or fails after JOB_DEADLINE_S."""
    deadline = time.monotonic() + JOB_DEADLINE_S
    while (found := check()) is None:
        if time.monotonic() > deadline:
            raise SeedError(f"not within {JOB_DEADLINE_S:g} s: {what}")
        time.sleep(0.25)
    return found


def finished(api: Api, path: str, done: str, what: str) -> Json:
    """The resource at ``path`` once its job ended in ``done`` (any other end is an error)."""

    def ended() -> Json | None:
        now: Json = api.get(path)
        if now["status"] in ("failed", "cancelled"):
            raise SeedError(f"{what} {now['status']}: {now.get('error')}")
        return now if now["status"] == done else None

    return wait_for(ended, what)


def seed_tasks(api: Api) -> None:
    for title, priority, due, done in TASKS:
        body = {"id": demo_id("task", title), "title": title, "priority": priority}
        task = api.ensure("/api/v1/tasks", {**body, "due_date": due})
        if done and task["completed_at"] is None:
            api.call("PATCH", f"/api/v1/tasks/{task['id']}/complete")


def seed_tracks(api: Api) -> list[Json]:
    """The catalog's demo tracks (registering is keyed by Apple Music id)."""
    tracks = [
        {
            "apple_music_id": key,
            "title": title,
            "artist": artist,
            "duration_ms": 210_000,
            "bpm": bpm,
            "bpm_confidence": 0.8,
        }
        for key, title, artist, bpm in TRACKS
    ]
    registered: list[Json] = api.post("/api/v1/tracks/register", {"tracks": tracks})["tracks"]
    return registered


def seed_playlists(api: Api, tracks: list[Json]) -> None:
    existing = {item["name"]: item for item in api.every("/api/v1/playlists")}
    for name, picks in PLAYLISTS.items():
        playlist = existing.get(name) or api.post("/api/v1/playlists", {"name": name})
        path = f"/api/v1/playlists/{playlist['id']}"
        present = {entry["track"]["id"] for entry in api.get(path)["tracks"]}
        for index in picks:
            if tracks[index]["id"] not in present:
                api.call("POST", f"{path}/tracks", 201, 409, json={"track_id": tracks[index]["id"]})


def seed_runs(api: Api, tracks: list[Json]) -> None:
    for day, hour, minutes, distance, cadence, played in RUNS:
        start = at(day, hour)
        length = minutes / len(played)
        segments = [
            {
                "track_id": tracks[index]["id"],
                "started_at": (start + timedelta(minutes=n * length)).isoformat(),
                "ended_at": (start + timedelta(minutes=(n + 1) * length)).isoformat(),
                "avg_hr": 140 + 3 * n,
                "avg_cadence": cadence + n % 3 - 1,
            }
            for n, index in enumerate(played)
        ]
        run = {
            "id": demo_id("run", day.isoformat()),
            "started_at": start.isoformat(),
            "ended_at": (start + timedelta(minutes=minutes)).isoformat(),
            "distance_m": distance,
            "avg_hr": 148,
            "max_hr": 171,
            "avg_cadence": cadence,
            "calories": round(distance * 0.065),
            "segments": segments,
        }
        api.call("POST", "/api/v1/runs", 200, 201, json=run, headers={"Idempotency-Key": run["id"]})


def seed_nutrition(api: Api) -> None:
    """The foods, a plan for every day of the week, each day of WEEK logged as planned (a little
    more on training days) and a weight each morning."""
    food_ids = {}
    for name, (grams, kcal, protein, carbs, fat) in FOODS.items():
        food: Json = {"id": demo_id("food", name), "name": name, "serving_size": grams}
        food |= {"serving_unit": "g", "kcal": kcal, "protein_g": protein}
        food |= {"carbs_g": carbs, "fat_g": fat}
        food_ids[name] = api.ensure("/api/v1/foods", food)["id"]
    meals = [
        {"name": meal, "items": [{"food_id": food_ids[f], "quantity": q} for f, q in items]}
        for meal, items in PLAN.items()
    ]
    weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    plan: Json = {"id": demo_id("plan", "week"), "name": "Training week", "days_of_week": weekdays}
    api.ensure("/api/v1/diet-plans", {**plan, "meals": meals})
    for number, day in enumerate(WEEK):
        extra = 0.25 if number % 2 == 0 else 0.0
        for meal, items in PLAN.items():
            for eaten, servings in items:
                log: Json = {"id": demo_id("log", f"{day}:{meal}:{eaten}"), "date": day.isoformat()}
                log |= {"meal": meal, "food_id": food_ids[eaten], "kind": "planned"}
                api.post("/api/v1/food-logs", {**log, "quantity": servings + extra})
        weight = {"date": day.isoformat(), "weight_kg": round(72.4 - 0.1 * number, 1)}
        api.post("/api/v1/body-metrics", weight)


def seed_workouts(api: Api) -> None:
    days = [
        {"name": name, "exercises": [{"name": e, "sets": 3, "reps": 8} for e in exercises]}
        for name, exercises in PROGRAM_DAYS.items()
    ]
    split = {"tuesday": "Push", "thursday": "Legs", "saturday": "Push"}
    program: Json = {"id": demo_id("program", "strength"), "name": "Strength, three days"}
    program_id = api.ensure("/api/v1/programs", {**program, "split": split, "days": days})["id"]
    for day, name, exercises in WORKOUTS:
        start = at(day, 18)
        sets = [
            {
                "id": demo_id("set", f"{day}:{exercise}:{number}"),
                "exercise": exercise,
                "reps": reps,
                "weight_kg": kg,
                "updated_at": (start + timedelta(minutes=4 * number)).isoformat(),
            }
            for exercise, reps, kg, count in exercises
            for number in range(count)
        ]
        session: Json = {"id": demo_id("workout", day.isoformat()), "name": name}
        session |= {"program_id": program_id, "started_at": start.isoformat()}
        session |= {"ended_at": (start + timedelta(minutes=55)).isoformat(), "sets": sets}
        headers = {"Idempotency-Key": session["id"]}
        api.call("POST", "/api/v1/workout-sessions", 200, 201, json=session, headers=headers)


def upload(api: Api, path: str, filename: str, data: bytes, kind: str, **fields: str) -> Json:
    """A multipart upload, retry-safe by a key derived from where it goes and its name."""
    key = demo_id("upload", f"{path}:{filename}")
    files = {"file": (filename, data, kind)}
    response = api.call(
        "POST", path, 202, files=files, data=fields, headers={"Idempotency-Key": key}, timeout=60
    )
    return dict(response.json())


def seed_project(api: Api) -> None:
    laser: Json = {"laser_type": "diode", "power_percent": 70, "speed_mm_min": 1200, "passes": 1}
    laser |= {"material": "plywood", "thickness_mm": 3, "air_assist": True}
    project: Json = {"id": demo_id("project", "coasters"), "name": "Coaster set"}
    project |= {"description": "Four plywood coasters with the club logo", "laser": laser}
    project_id = api.ensure("/api/v1/projects", project)["id"]
    files_path = f"/api/v1/projects/{project_id}/files"
    present = {item["filename"]: item for item in api.every(files_path)}
    for filename, (data, kind) in DESIGNS.items():
        file = present.get(filename) or upload(api, files_path, filename, data, kind)
        finished(api, f"{files_path}/{file['id']}", "ready", f"the design file {filename}")


def seed_audio(api: Api) -> None:
    present = {item["title"]: item for item in api.every("/api/v1/audio")}
    for title, (filename, build, tags) in SAMPLES.items():
        item = present.get(title) or upload(
            api, "/api/v1/audio", filename, build(), "audio/wav", title=title, tags=tags
        )
        finished(api, f"/api/v1/audio/{item['id']}", "succeeded", f"the analysis of {title}")


def seed_menu(api: Api) -> None:
    """The menu's photo read by OCR, and fitness's draft of it confirmed into the food log."""
    day = MENU_DAY.isoformat()
    jobs = api.every("/api/v1/ocr/jobs", kind="menu")
    job = next((j for j in jobs if (j["date"], j["meal"]) == (day, MENU_MEAL)), None)
    if job is None:
        photo = encode(page(MENU), "PNG")
        job = upload(
            api, "/api/v1/ocr/menu", "menu.png", photo, "image/png", date=day, meal=MENU_MEAL
        )
    job = finished(api, f"/api/v1/ocr/jobs/{job['id']}", "succeeded", "the menu's OCR")

    def drafted() -> Json | None:
        response = api.call("GET", f"/api/v1/ocr-drafts/{job['id']}", 200, 404)
        return dict(response.json()) if response.status_code == 200 else None

    wait_for(drafted, "fitness's draft of the menu")
    api.call("POST", f"/api/v1/ocr-drafts/{job['id']}/confirm")


def total(api: Api, path: str, **params: Any) -> int:
    return int(api.get(path, limit=1, **params)["total"])


def counts(api: Api) -> dict[str, int]:
    """What the demo user holds, read back through the API (the keys of EXPECTED)."""
    week = {"from": WEEK[0].isoformat(), "to": WEEK[-1].isoformat()}
    runs = api.every("/api/v1/runs")
    projects = api.every("/api/v1/projects")
    files = [f for p in projects for f in api.every(f"/api/v1/projects/{p['id']}/files")]
    playlists = api.every("/api/v1/playlists")
    return {
        "tasks": total(api, "/api/v1/tasks"),
        "completed tasks": total(api, "/api/v1/tasks", status="completed"),
        "tracks": sum(
            api.call("GET", f"/api/v1/tracks/by-apple-id/{key}", 200, 404).status_code == 200
            for key, *_ in TRACKS
        ),
        "playlists": len(playlists),
        "playlist entries": sum(item["track_count"] for item in playlists),
        "runs": len(runs),
        "run segments": sum(len(api.get(f"/api/v1/runs/{r['id']}")["segments"]) for r in runs),
        "foods": total(api, "/api/v1/foods"),
        "diet plans": total(api, "/api/v1/diet-plans"),
        "food logs": total(api, "/api/v1/food-logs", **week),
        "weights": len(api.get("/api/v1/progress/weight", **week)["points"]),
        "programs": total(api, "/api/v1/programs"),
        "workouts": total(api, "/api/v1/workout-sessions"),
        "projects": len(projects),
        "design files ready": sum(1 for f in files if f["status"] == "ready"),
        "audio samples analysed": sum(
            1 for item in api.every("/api/v1/audio") if item["status"] == "succeeded"
        ),
        "ocr jobs": total(api, "/api/v1/ocr/jobs"),
        "confirmed ocr drafts": total(api, "/api/v1/ocr-drafts", state="confirmed"),
    }


def main() -> int:
    started = time.monotonic()
    with httpx.Client(base_url=GATEWAY, timeout=30.0) as client:
        try:
            api = sign_up(client)
            seed_tasks(api)
            tracks = seed_tracks(api)
            seed_playlists(api, tracks)
            seed_runs(api, tracks)
            seed_nutrition(api)
            seed_workouts(api)
            seed_project(api)
            seed_audio(api)
            seed_menu(api)
            held = counts(api)
        except (SeedError, httpx.HTTPError) as error:
            print(f"demo data: {error}", file=sys.stderr)
            return 1
    for what, number in held.items():
        print(f"  {what:<24} {number}")
    print(f"Demo data ready at {GATEWAY} in {time.monotonic() - started:.1f} s.")
    print(f"Log in as {EMAIL} with the password {PASSWORD!r}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
