"""The tasks service through the gateway of the running stack, as a client uses it."""

import json
import subprocess
import time
import uuid
from collections.abc import Callable

import httpx

from harness import Stack, User

PROBLEM = "application/problem+json"


def test_task_lifecycle(api: httpx.Client, new_user: Callable[..., User]) -> None:
    user = new_user()
    created = api.post(
        "/api/v1/tasks",
        json={"title": "Run 5 km", "priority": "high", "due_date": "2026-12-24"},
        headers=user.headers,
    )
    assert created.status_code == 201, created.text
    task = created.json()
    url = f"/api/v1/tasks/{task['id']}"

    assert api.get(url, headers=user.headers).json() == task
    patched = api.patch(url, json={"status": "in_progress"}, headers=user.headers).json()
    assert patched["status"] == "in_progress" and patched["title"] == "Run 5 km"
    replaced = api.put(url, json={"title": "Run 10 km"}, headers=user.headers).json()
    assert (replaced["title"], replaced["priority"], replaced["due_date"]) == (
        "Run 10 km",
        "medium",
        None,
    )

    done = api.patch(f"{url}/complete", headers=user.headers)
    again = api.patch(f"{url}/complete", headers=user.headers)
    assert done.status_code == again.status_code == 200
    assert done.json()["completed_at"] == again.json()["completed_at"] is not None

    listed = api.get("/api/v1/tasks", params={"status": "completed"}, headers=user.headers).json()
    assert [item["id"] for item in listed["items"]] == [task["id"]] and listed["total"] == 1

    assert api.delete(url, headers=user.headers).status_code == 204
    assert api.get(url, headers=user.headers).status_code == 404
    shown = api.get(
        "/api/v1/tasks", params={"include_deleted": "true"}, headers=user.headers
    ).json()
    assert shown["items"][0]["deleted_at"] is not None


def test_pagination_and_sorting(api: httpx.Client, new_user: Callable[..., User]) -> None:
    user = new_user()
    for number in range(7):
        response = api.post("/api/v1/tasks", json={"title": f"task {number}"}, headers=user.headers)
        assert response.status_code == 201
    page = api.get(
        "/api/v1/tasks",
        params={"limit": 3, "offset": 3, "sort": "created_at"},
        headers=user.headers,
    ).json()
    assert page["total"] == 7 and (page["limit"], page["offset"]) == (3, 3)
    assert [item["title"] for item in page["items"]] == ["task 3", "task 4", "task 5"]
    over = api.get("/api/v1/tasks", params={"limit": 1000}, headers=user.headers)
    assert over.status_code == 422 and over.headers["content-type"] == PROBLEM


def test_users_are_isolated(api: httpx.Client, new_user: Callable[..., User]) -> None:
    alice, bob = new_user(), new_user()
    task = api.post("/api/v1/tasks", json={"title": "Alice's"}, headers=alice.headers).json()
    url = f"/api/v1/tasks/{task['id']}"
    for response in (
        api.get(url, headers=bob.headers),
        api.patch(url, json={"title": "mine"}, headers=bob.headers),
        api.put(url, json={"title": "mine"}, headers=bob.headers),
        api.patch(f"{url}/complete", headers=bob.headers),
        api.delete(url, headers=bob.headers),
    ):
        assert response.status_code == 404
        assert response.headers["content-type"] == PROBLEM
    # A client-sent identity header changes nothing: the gateway strips it.
    spoofed = api.get(url, headers={**bob.headers, "X-User-Id": str(alice.id)})
    assert spoofed.status_code == 404
    assert api.get(url, headers=alice.headers).json() == task


def test_bad_input_is_a_problem_and_stores_nothing(
    api: httpx.Client, new_user: Callable[..., User]
) -> None:
    user = new_user()
    for body in (
        {"title": ""},
        {"title": "x" * 201},
        {"title": "ok", "priority": "urgent"},
        {"title": "ok", "status": "done"},
        {"title": ["not", "a", "string"]},
    ):
        response = api.post("/api/v1/tasks", json=body, headers=user.headers)
        assert response.status_code == 422, body
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["errors"]
    not_json = api.post(
        "/api/v1/tasks", content=b"{", headers={**user.headers, "content-type": "application/json"}
    )
    assert not_json.status_code == 422
    assert api.get("/api/v1/tasks/not-a-uuid", headers=user.headers).status_code == 422
    assert api.get("/api/v1/tasks", headers=user.headers).json()["total"] == 0


def test_request_id_reaches_the_service_log(
    stack: Stack, api: httpx.Client, new_user: Callable[..., User]
) -> None:
    user = new_user()
    request_id = f"e2e-{uuid.uuid4().hex}"
    response = api.get("/api/v1/tasks", headers={**user.headers, "X-Request-ID": request_id})
    assert response.headers["x-request-id"] == request_id
    deadline = time.monotonic() + 10
    while True:
        entries = [json.loads(line) for line in stack.log_lines("tasks") if request_id in line]
        if entries:
            break
        assert time.monotonic() < deadline, "the request id never reached the tasks log"
        time.sleep(0.1)
    access = entries[-1]
    assert access["service"] == "tasks" and access["path"] == "/api/v1/tasks"
    assert access["status"] == 200 and access["method"] == "GET"


def _pg_cluster(action: str) -> None:
    version = subprocess.run(
        ["bash", "-c", "ls /etc/postgresql | sort -n | tail -1"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action],
        check=True,
        capture_output=True,
    )


def _wait_for_status(client: httpx.Client, url: str, status: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        try:
            last = client.get(url).status_code
        except httpx.HTTPError:
            last = None
        if last == status:
            return
        time.sleep(0.2)
    raise AssertionError(f"{url} answered {last}, not {status}, for {seconds} s")


def test_postgres_restart_heals_without_restarting_the_service(
    stack: Stack, api: httpx.Client, new_user: Callable[..., User]
) -> None:
    user = new_user()
    task = api.post("/api/v1/tasks", json={"title": "survives"}, headers=user.headers).json()
    tasks_url = stack.service_url("tasks")
    with httpx.Client(base_url=tasks_url, timeout=5) as direct:
        _pg_cluster("stop")
        try:
            _wait_for_status(direct, "/health/ready", 503)
            report = direct.get("/health/ready").json()
            assert report["checks"]["postgres"]["status"] == "down"
            failed = api.get(f"/api/v1/tasks/{task['id']}", headers=user.headers)
            assert failed.status_code >= 500
            assert failed.headers["content-type"] == PROBLEM
        finally:
            _pg_cluster("start")
        _wait_for_status(direct, "/health/ready", 200)
    again = api.get(f"/api/v1/tasks/{task['id']}", headers=user.headers)
    assert again.status_code == 200 and again.json()["title"] == "survives"
