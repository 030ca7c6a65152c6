"""A locust scenario through the gateway: mixed reads and writes of every service, as runners
using the app would (list, create, read back, change), each simulated user on one of
``ACCOUNTS`` accounts signed up once, from a loopback address of its own, at the start (auth
limits sign-ups and logins per client address, so 200 users cannot each sign up from one).

Short run (the figures in bench/README.md come from ``bench/load_bench.py``)::

    uv run locust -f bench/locustfile.py --headless -u 50 -r 10 -t 60s --host http://127.0.0.1:8000
"""

import itertools
import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from locust import HttpUser, between, events, task

ACCOUNTS = 8
PASSWORD = "load test password 1"
_tokens: list[str] = []


def _sign_up(environment: Any, **_: Any) -> None:
    """Accounts signed up and in, each from its own loopback address."""
    host = environment.host or "http://127.0.0.1:8000"
    for index in range(ACCOUNTS):
        address = f"127.0.{200 + index // 250}.{1 + index % 250}"
        transport = httpx.HTTPTransport(local_address=address)
        with httpx.Client(base_url=host, transport=transport, timeout=30) as client:
            account = {"email": f"load-{uuid.uuid4().hex[:10]}@example.com", "password": PASSWORD}
            client.post("/api/v1/auth/register", json=account).raise_for_status()
            login = client.post("/api/v1/auth/login", json=account)
            login.raise_for_status()
            _tokens.append(login.json()["access_token"])


events.test_start.add_listener(_sign_up)  # type: ignore[no-untyped-call]
_next_account = itertools.count()


class Runner(HttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        token = _tokens[next(_next_account) % len(_tokens)]
        self.client.headers["Authorization"] = f"Bearer {token}"
        self.task_ids: list[str] = []

    @task(6)
    def list_tasks(self) -> None:
        self.client.get("/api/v1/tasks?limit=20", name="GET /tasks")

    @task(3)
    def create_and_read_task(self) -> None:
        made = self.client.post("/api/v1/tasks", json={"title": "load"}, name="POST /tasks")
        if made.status_code == 201:
            task_id = made.json()["id"]
            self.client.get(f"/api/v1/tasks/{task_id}", name="GET /tasks/{id}")
            self.client.patch(
                f"/api/v1/tasks/{task_id}", json={"priority": "high"}, name="PATCH /tasks/{id}"
            )

    @task(4)
    def match_tracks(self) -> None:
        cadence = random.randint(150, 185)
        self.client.get(f"/api/v1/tracks/match?cadence={cadence}", name="GET /tracks/match")

    @task(2)
    def playlists(self) -> None:
        self.client.get("/api/v1/playlists", name="GET /playlists")

    @task(3)
    def runs(self) -> None:
        self.client.get("/api/v1/runs?limit=20", name="GET /runs")

    @task(1)
    def upload_run(self) -> None:
        start = datetime.now(UTC) - timedelta(hours=random.randint(2, 500))
        run = {
            "id": str(uuid.uuid4()),
            "started_at": start.isoformat(),
            "ended_at": (start + timedelta(minutes=30)).isoformat(),
            "distance_m": 5000,
        }
        self.client.post("/api/v1/runs", json=run, name="POST /runs")

    @task(2)
    def fitness(self) -> None:
        self.client.get("/api/v1/foods", name="GET /foods")
        day = (datetime.now(UTC) - timedelta(days=random.randint(0, 30))).date()
        self.client.get(f"/api/v1/days/{day}/diet", name="GET /days/{day}/diet")

    @task(1)
    def projects(self) -> None:
        self.client.get("/api/v1/projects", name="GET /projects")

    @task(1)
    def uploads(self) -> None:
        self.client.get("/api/v1/audio", name="GET /audio")
        self.client.get("/api/v1/ocr/jobs", name="GET /ocr/jobs")

    @task(2)
    def me(self) -> None:
        self.client.get("/api/v1/users/me", name="GET /users/me")
