"""A locust scenario through the gateway: mixed reads and writes of every service (auth, tasks,
tracks, runs, fitness, projects, audio, ocr), as runners using the app would (list, create, read
back, change), uploads included at a low weight (small inputs made by cadence_shared.media: a
2-second click track, a menu photo, a rectangle's SVG). Each simulated user is on one of
``ACCOUNTS`` accounts signed up once, each from a loopback address of its own, at the start
(auth limits sign-ups and logins per client address, so 200 users cannot each sign up from one);
the accounts log in again every ``RENEW_S`` seconds, before their access tokens expire, so a
soak outlives them. ``CADENCE_LOAD_TASKS_PER_S`` set: each user runs that many tasks a second
(a steady rate, the soak's); unset, a user waits 0.5-2 s between tasks.

Short run (the figures in bench/README.md come from ``bench/load_bench.py`` and
``bench/soak_bench.py``)::

    uv run locust -f bench/locustfile.py --headless -u 50 -r 10 -t 60s --host http://127.0.0.1:8000
"""

import itertools
import os
import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import gevent
import httpx
from locust import HttpUser, between, constant_throughput, events, task

from cadence_shared.media import MENU, click_track, encode, page, rect_svg

ACCOUNTS = 8
PASSWORD = "load test password 1"
RENEW_S = 600  # access tokens live 15 minutes (auth's default)
TASKS_PER_S = os.environ.get("CADENCE_LOAD_TASKS_PER_S")
WAV = click_track(120, seconds=2)
PHOTO = encode(page(MENU), "JPEG", quality=88)
SVG = rect_svg()
FOOD: dict[str, object] = {"name": "Oats", "serving_size": 100, "serving_unit": "g", "kcal": 380}
FOOD.update(protein_g=13, carbs_g=60, fat_g=7)
_tokens: list[str] = []


def _log_in(host: str, index: int, account: dict[str, str], *, register: bool) -> str:
    """The account's access token, asked for from its own loopback address."""
    address = f"127.0.{200 + index // 250}.{1 + index % 250}"
    transport = httpx.HTTPTransport(local_address=address)
    with httpx.Client(base_url=host, transport=transport, timeout=60) as client:
        if register:
            client.post("/api/v1/auth/register", json=account).raise_for_status()
        login = client.post("/api/v1/auth/login", json=account)
        login.raise_for_status()
        token: str = login.json()["access_token"]
        return token


def _sign_up(environment: Any, **_: Any) -> None:
    host = environment.host or "http://127.0.0.1:8000"
    accounts = [
        {"email": f"load-{uuid.uuid4().hex[:10]}@example.com", "password": PASSWORD}
        for _ in range(ACCOUNTS)
    ]
    _tokens[:] = [_log_in(host, i, account, register=True) for i, account in enumerate(accounts)]
    gevent.spawn(_renew, host, accounts)


def _renew(host: str, accounts: list[dict[str, str]]) -> None:
    while True:
        gevent.sleep(RENEW_S)
        for index, account in enumerate(accounts):
            _tokens[index] = _log_in(host, index, account, register=False)


events.test_start.add_listener(_sign_up)  # type: ignore[no-untyped-call]
_next_account = itertools.count()


class _Bearer:
    """requests' auth hook: the account's current token on every request."""

    def __init__(self, account: int) -> None:
        self.account = account

    def __call__(self, request: Any) -> Any:
        request.headers["Authorization"] = f"Bearer {_tokens[self.account]}"
        return request


def _day(back: int = 30) -> str:
    return str((datetime.now(UTC) - timedelta(days=random.randint(0, back))).date())


class Runner(HttpUser):
    wait_time = constant_throughput(float(TASKS_PER_S)) if TASKS_PER_S else between(0.5, 2.0)

    def on_start(self) -> None:
        self.client.auth = _Bearer(next(_next_account) % ACCOUNTS)
        food = self.client.post("/api/v1/foods", json=FOOD, name="POST /foods")
        self.food_id = food.json()["id"] if food.status_code == 201 else None
        # A user's project names are unique, and simulated users share accounts.
        plate = {"name": f"Plate {uuid.uuid4().hex[:8]}"}
        project = self.client.post("/api/v1/projects", json=plate, name="POST /projects")
        self.project_id = project.json()["id"] if project.status_code == 201 else None

    @task(12)
    def list_tasks(self) -> None:
        self.client.get("/api/v1/tasks?limit=20", name="GET /tasks")

    @task(6)
    def create_and_read_task(self) -> None:
        made = self.client.post("/api/v1/tasks", json={"title": "load"}, name="POST /tasks")
        if made.status_code == 201:
            task_id = made.json()["id"]
            self.client.get(f"/api/v1/tasks/{task_id}", name="GET /tasks/{id}")
            self.client.patch(
                f"/api/v1/tasks/{task_id}", json={"priority": "high"}, name="PATCH /tasks/{id}"
            )

    @task(8)
    def match_tracks(self) -> None:
        cadence = random.randint(150, 185)
        self.client.get(f"/api/v1/tracks/match?cadence={cadence}", name="GET /tracks/match")

    @task(4)
    def playlists(self) -> None:
        self.client.get("/api/v1/playlists", name="GET /playlists")

    @task(1)
    def create_playlist(self) -> None:
        self.client.post("/api/v1/playlists", json={"name": "Tempo"}, name="POST /playlists")

    @task(6)
    def runs(self) -> None:
        self.client.get("/api/v1/runs?limit=20", name="GET /runs")

    @task(2)
    def upload_run(self) -> None:
        start = datetime.now(UTC) - timedelta(hours=random.randint(2, 500))
        run = {
            "id": str(uuid.uuid4()),
            "started_at": start.isoformat(),
            "ended_at": (start + timedelta(minutes=30)).isoformat(),
            "distance_m": 5000,
        }
        self.client.post("/api/v1/runs", json=run, name="POST /runs")

    @task(4)
    def fitness(self) -> None:
        self.client.get("/api/v1/foods", name="GET /foods")
        self.client.get(f"/api/v1/days/{_day()}/diet", name="GET /days/{day}/diet")

    @task(2)
    def log_food(self) -> None:
        if self.food_id is not None:
            entry = {"date": _day(), "meal": "Breakfast", "quantity": 1, "food_id": self.food_id}
            self.client.post("/api/v1/food-logs", json=entry, name="POST /food-logs")

    @task(1)
    def weigh_in(self) -> None:
        metric = {"date": _day(), "weight_kg": round(random.uniform(60, 80), 1)}
        self.client.post("/api/v1/body-metrics", json=metric, name="POST /body-metrics")

    @task(2)
    def projects(self) -> None:
        self.client.get("/api/v1/projects", name="GET /projects")

    @task(2)
    def uploads(self) -> None:
        self.client.get("/api/v1/audio", name="GET /audio")
        self.client.get("/api/v1/ocr/jobs", name="GET /ocr/jobs")

    @task(4)
    def me(self) -> None:
        self.client.get("/api/v1/users/me", name="GET /users/me")

    @task(1)
    def rename_me(self) -> None:
        self.client.patch("/api/v1/users/me", json={"name": "Runner"}, name="PATCH /users/me")

    @task(1)
    def upload(self) -> None:
        """One of the three uploads, read back once (its job runs on in a worker)."""
        kind = random.choice((self._audio, self._photo, self._design))
        kind()

    def _audio(self) -> None:
        files = {"file": ("clicks.wav", WAV, "audio/wav")}
        made = self.client.post("/api/v1/audio", files=files, name="POST /audio")
        if made.status_code == 202:
            self.client.get(f"/api/v1/audio/{made.json()['id']}", name="GET /audio/{id}")

    def _photo(self) -> None:
        files = {"file": ("menu.jpg", PHOTO, "image/jpeg")}
        made = self.client.post("/api/v1/ocr/menu", files=files, name="POST /ocr/menu")
        if made.status_code == 202:
            self.client.get(f"/api/v1/ocr/jobs/{made.json()['id']}", name="GET /ocr/jobs/{id}")

    def _design(self) -> None:
        if self.project_id is None:
            return
        url = f"/api/v1/projects/{self.project_id}/files"
        files = {"file": ("plate.svg", SVG, "image/svg+xml")}
        made = self.client.post(url, files=files, name="POST /projects/{id}/files")
        if made.status_code == 202:
            self.client.get(f"{url}/{made.json()['id']}", name="GET /projects/{id}/files/{id}")
