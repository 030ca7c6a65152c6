"""The BOLA matrix, generated from the documents the stack serves: for every operation with an id
in its path, user B's call on user A's resource answers as for an id nobody holds (404, the same
problem code), and A reads everything back unchanged afterwards.

Each resource has a factory (how A creates one; it returns A's path values). Resources not owned
by one user are listed in SHARED or CALLER_SCOPED with the rule that protects them, and checked
by their own tests here. A new id route in no list fails the coverage test.
"""

import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from test_ocr import SHEET, photo
from test_ocr import upload as ocr_upload
from test_projects import RECT_SVG

from cadence_shared.media import click_track
from harness import Stack, User, wait_until
from specs import Operation, all_operations, served_specs

Values = dict[str, str]
Factory = Callable[[httpx.Client, User], Values]
DAY = "2026-05-04"
SLOW_S = 60.0


def _created(answer: httpx.Response, status: int = 201) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    body: dict[str, Any] = answer.json()
    return body


def task(api: httpx.Client, user: User) -> Values:
    made = _created(api.post("/api/v1/tasks", json={"title": "A's"}, headers=user.headers))
    return {"task_id": made["id"]}


def run(api: httpx.Client, user: User) -> Values:
    body = {
        "id": str(uuid.uuid4()),
        "started_at": "2026-05-04T07:00:00Z",
        "ended_at": "2026-05-04T07:30:00Z",
        "distance_m": 5000,
    }
    return {"run_id": _created(api.post("/api/v1/runs", json=body, headers=user.headers))["id"]}


def playlist(api: httpx.Client, user: User) -> Values:
    track = {
        "apple_music_id": f"bola-{uuid.uuid4().hex[:10]}",
        "title": "T",
        "artist": "A",
        "duration_ms": 200_000,
    }
    registered = _created(
        api.post("/api/v1/tracks/register", json={"tracks": [track]}, headers=user.headers), 200
    )
    made = _created(api.post("/api/v1/playlists", json={"name": "A's"}, headers=user.headers))
    track_id = registered["tracks"][0]["id"]
    added = api.post(
        f"/api/v1/playlists/{made['id']}/tracks", json={"track_id": track_id}, headers=user.headers
    )
    assert added.is_success, added.text
    return {"playlist_id": made["id"], "track_id": track_id}


FOOD = {
    "name": "Oats",
    "serving_size": 100,
    "serving_unit": "g",
    "kcal": 380,
    "protein_g": 13,
    "carbs_g": 60,
    "fat_g": 7,
}


def food(api: httpx.Client, user: User) -> Values:
    return {"food_id": _created(api.post("/api/v1/foods", json=FOOD, headers=user.headers))["id"]}


def diet_plan(api: httpx.Client, user: User) -> Values:
    food_id = food(api, user)["food_id"]
    plan = {
        "name": "Plan",
        "days_of_week": ["monday"],
        "meals": [{"name": "Breakfast", "items": [{"food_id": food_id, "quantity": 1}]}],
    }
    made = _created(api.post("/api/v1/diet-plans", json=plan, headers=user.headers))
    return {"plan_id": made["id"]}


def food_log(api: httpx.Client, user: User) -> Values:
    entry = {"date": DAY, "meal": "Breakfast", "quantity": 1, **food(api, user)}
    made = _created(api.post("/api/v1/food-logs", json=entry, headers=user.headers))
    return {"log_id": made["id"]}


def program(api: httpx.Client, user: User) -> Values:
    made = _created(api.post("/api/v1/programs", json={"name": "A's"}, headers=user.headers))
    return {"program_id": made["id"]}


def workout_session(api: httpx.Client, user: User) -> Values:
    body = {"id": str(uuid.uuid4()), "name": "Legs", "started_at": "2026-05-04T17:00:00Z"}
    made = _created(api.post("/api/v1/workout-sessions", json=body, headers=user.headers))
    return {"session_id": made["id"]}


def body_metrics(api: httpx.Client, user: User) -> Values:
    body = {"date": DAY, "weight_kg": 72.5}
    _created(api.post("/api/v1/body-metrics", json=body, headers=user.headers))
    return {"day": DAY}


def ocr_job(api: httpx.Client, user: User) -> Values:
    """A workout sheet read to the end and drafted in fitness (so nothing changes meanwhile)."""
    job = ocr_upload(api, user, "workout", photo(SHEET))

    def drafted() -> bool:
        answer = api.get(f"/api/v1/ocr-drafts/{job['id']}", headers=user.headers)
        return answer.status_code == 200

    wait_until(drafted, seconds=SLOW_S, what="the workout sheet's draft")
    return {"job_id": job["id"]}


def audio_item(api: httpx.Client, user: User) -> Values:
    files = {"file": ("clicks.wav", click_track(120, seconds=2), "audio/wav")}
    made = _created(api.post("/api/v1/audio", files=files, headers=user.headers), 202)
    _settled(api, user, f"/api/v1/audio/{made['id']}")
    return {"item_id": made["id"]}


def project(api: httpx.Client, user: User) -> Values:
    made = _created(api.post("/api/v1/projects", json={"name": "A's"}, headers=user.headers))
    files = {"file": ("plate.svg", RECT_SVG, "image/svg+xml")}
    url = f"/api/v1/projects/{made['id']}/files"
    uploaded = _created(api.post(url, files=files, headers=user.headers), 202)
    _settled(api, user, f"{url}/{uploaded['id']}")
    return {"project_id": made["id"], "file_id": uploaded["id"]}


def _settled(api: httpx.Client, user: User, url: str) -> None:
    """Waits until the resource's job ended, so that only B could change it from then on."""

    def ended() -> bool:
        status = api.get(url, headers=user.headers).json()["status"]
        return status in ("succeeded", "failed", "ready", "processed")

    wait_until(ended, seconds=SLOW_S, what=f"{url} processed")


# Keyed by the path up to its first parameter: every operation below it is B's to try.
FACTORIES: dict[str, Factory] = {
    "/api/v1/tasks/{task_id}": task,
    "/api/v1/runs/{run_id}": run,
    "/api/v1/playlists/{playlist_id}": playlist,
    "/api/v1/foods/{food_id}": food,
    "/api/v1/diet-plans/{plan_id}": diet_plan,
    "/api/v1/food-logs/{log_id}": food_log,
    "/api/v1/programs/{program_id}": program,
    "/api/v1/workout-sessions/{session_id}": workout_session,
    "/api/v1/body-metrics/{day}": body_metrics,
    "/api/v1/ocr/jobs/{job_id}": ocr_job,
    "/api/v1/ocr-drafts/{job_id}": ocr_job,
    "/api/v1/audio/{item_id}": audio_item,
    "/api/v1/projects/{project_id}": project,
}
SHARED = {
    "/api/v1/tracks/{track_id}": "the catalog: every user reads every track; a registration is "
    "the caller's own claim and what others see is derived so no single account captures it "
    "(tracks' catalog rule); no operation writes a track by its id",
    "/api/v1/tracks/by-apple-id/{apple_music_id}": "the catalog, by Apple Music id (as above)",
}
CALLER_SCOPED = {
    "/api/v1/users/{user_id}": "an admin's operation: 403 to any other role, whatever the id",
    "/api/v1/days/{day}": "the caller's own day: the same day of B is B's, never A's",
}
# What B sends to the write operations: a real change, so a missing check would show.
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("PUT", "/api/v1/tasks/{task_id}"): {"json": {"title": "B's now"}},
    ("PATCH", "/api/v1/tasks/{task_id}"): {"json": {"title": "B's now"}},
    ("PATCH", "/api/v1/playlists/{playlist_id}"): {"json": {"name": "B's now"}},
    ("POST", "/api/v1/playlists/{playlist_id}/tracks"): {"json": {"track_id": "{track_id}"}},
    ("PATCH", "/api/v1/playlists/{playlist_id}/tracks/{track_id}"): {"json": {"position": 0}},
    ("PATCH", "/api/v1/foods/{food_id}"): {"json": {"name": "B's now"}},
    ("PATCH", "/api/v1/diet-plans/{plan_id}"): {"json": {"name": "B's now"}},
    ("PATCH", "/api/v1/food-logs/{log_id}"): {"json": {"quantity": 9}},
    ("PUT", "/api/v1/programs/{program_id}"): {"json": {"name": "B's now"}},
    ("PATCH", "/api/v1/workout-sessions/{session_id}"): {"json": {"name": "B's now"}},
    ("PATCH", "/api/v1/audio/{item_id}"): {"json": {"title": "B's now"}},
    ("PATCH", "/api/v1/projects/{project_id}"): {"json": {"name": "B's now"}},
    ("POST", "/api/v1/projects/{project_id}/files"): {
        "files": {"file": ("b.svg", RECT_SVG, "image/svg+xml")}
    },
}
ORDER = {"GET": 0, "POST": 1, "PUT": 1, "PATCH": 1, "DELETE": 2}


def resource_of(operation: Operation) -> str:
    """The path up to and including its first parameter."""
    head, _, _ = operation.path.partition("}")
    return head + "}"


@pytest.fixture(scope="module")
def with_ids(api: httpx.Client, stack: Stack) -> list[Operation]:
    specs = served_specs(api, sorted(stack.table.services))
    return [op for op in all_operations(specs) if op.path_parameters]


def test_every_id_route_is_in_the_matrix_or_has_a_listed_rule(with_ids: list[Operation]) -> None:
    listed = FACTORIES.keys() | SHARED.keys() | CALLER_SCOPED.keys()
    assert [str(op) for op in with_ids if resource_of(op) not in listed] == []
    assert {resource_of(op) for op in with_ids} >= listed, "a listed resource has no route left"
    writes = [
        op for op in with_ids if resource_of(op) in FACTORIES and op.operation.get("requestBody")
    ]
    assert [str(op) for op in writes if (op.method, op.path) not in BODIES] == []


def _nobodys(values: Values) -> Values:
    """Values of the same kinds that nobody holds."""
    return {name: "2001-01-01" if name == "day" else str(uuid.uuid4()) for name in values}


def _call(api: httpx.Client, user: User, op: Operation, values: Values) -> httpx.Response:
    options = dict(BODIES.get((op.method, op.path), {}))
    if "json" in options:
        options["json"] = {
            key: value.format(**values) if isinstance(value, str) and "{" in value else value
            for key, value in options["json"].items()
        }
    return api.request(op.method, op.url(values), headers=user.headers, **options)


def _reads(api: httpx.Client, user: User, ops: list[Operation], values: Values) -> list[Any]:
    """What A reads of the resource: every GET below it, status and body."""
    answers = []
    for op in ops:
        if op.method == "GET":
            answer = api.get(op.url(values), headers=user.headers)
            is_json = answer.headers.get("content-type", "").endswith("json")
            answers.append(
                (str(op), answer.status_code, answer.json() if is_json else answer.content)
            )
    return answers


def _intrusions(
    api: httpx.Client, intruder: User, ops: list[Operation], values: Values
) -> list[str]:
    """B's calls on A's resource that did not answer exactly as for an id nobody holds."""
    wrong = []
    for op in sorted(ops, key=lambda op: ORDER[op.method]):
        theirs = _call(api, intruder, op, values)
        nobodys = _call(api, intruder, op, _nobodys(values))
        if theirs.status_code != 404 or nobodys.status_code != 404:
            wrong.append(
                f"{op}: {theirs.status_code} (missing id: {nobodys.status_code}) {theirs.text[:100]}"
            )
        elif theirs.json()["code"] != nobodys.json()["code"]:
            wrong.append(f"{op}: code {theirs.json()['code']} vs {nobodys.json()['code']}")
    return wrong


@pytest.mark.parametrize("resource", sorted(FACTORIES))
def test_b_cannot_reach_a_resource_of_a(
    api: httpx.Client, new_user: Callable[..., User], with_ids: list[Operation], resource: str
) -> None:
    owner, intruder = new_user("A"), new_user("B")
    values = FACTORIES[resource](api, owner)
    ops = [op for op in with_ids if resource_of(op) == resource]
    before = _reads(api, owner, ops, values)
    assert all(status == 200 for _, status, _ in before), before

    assert _intrusions(api, intruder, ops, values) == []
    assert _reads(api, owner, ops, values) == before


def test_the_shared_catalog_is_read_by_all_and_written_by_no_id_route(
    api: httpx.Client, new_user: Callable[..., User], with_ids: list[Operation]
) -> None:
    owner, other = new_user("A"), new_user("B")
    values = playlist(api, owner)
    catalog = [op for op in with_ids if resource_of(op) in SHARED]
    assert {op.method for op in catalog} == {"GET"}, "a catalog write by id needs its own rule"
    track = api.get(f"/api/v1/tracks/{values['track_id']}", headers=owner.headers).json()
    for user in (owner, other):
        by_id = api.get(f"/api/v1/tracks/{values['track_id']}", headers=user.headers)
        by_apple = api.get(
            f"/api/v1/tracks/by-apple-id/{track['apple_music_id']}", headers=user.headers
        )
        assert (by_id.json()["id"], by_apple.json()["id"]) == (track["id"], track["id"])


def test_caller_scoped_routes_answer_with_the_callers_own_data(
    api: httpx.Client, new_user: Callable[..., User]
) -> None:
    owner, other = new_user("A"), new_user("B")
    food_log(api, owner)
    mine = api.get(f"/api/v1/days/{DAY}/diet", headers=owner.headers)
    theirs = api.get(f"/api/v1/days/{DAY}/diet", headers=other.headers)
    assert mine.status_code == theirs.status_code == 200
    assert mine.json()["totals"]["kcal"] == 380
    assert theirs.json()["totals"]["kcal"] == 0
    before = api.get("/api/v1/users/me", headers=owner.headers).json()
    patched = api.patch(f"/api/v1/users/{owner.id}", json={"role": "admin"}, headers=other.headers)
    assert patched.status_code == 403, patched.text
    assert api.get("/api/v1/users/me", headers=owner.headers).json() == before
