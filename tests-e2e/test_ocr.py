"""OCR through the gateway of the running stack (the ocr web app and its worker, fitness): a
rendered menu photo followed live over the WebSocket until it succeeded, then drafted in fitness
as foods and a food log until confirmed; a workout sheet's photo drafted as a session; a photo
over the route's body limit refused by the gateway itself."""

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect

from cadence_gateway.policy import LIVE_WEBSOCKET
from cadence_shared.media import MENU, encode, page
from harness import Stack, User, wait_until

JOB_DEADLINE_S = 60.0
SHEET = [("Leg day", ""), ("Back squat 3x8 @ 60kg", ""), ("Deadlift 3 x 5 x 100 kg", "")]


def photo(rows: list[tuple[str, str]]) -> bytes:
    """The rows as a page's photo, a JPEG."""
    return encode(page(rows), "JPEG", quality=88)


def upload(api: httpx.Client, user: User, path: str, data: bytes, **fields: str) -> dict[str, Any]:
    response = api.post(
        f"/api/v1/ocr/{path}",
        files={"file": ("photo.jpg", data, "image/jpeg")},
        data=fields,
        headers=user.headers,
        timeout=30,
    )
    assert response.status_code == 202, response.text
    assert response.headers["location"] == f"/api/v1/ocr/jobs/{response.json()['id']}"
    job: dict[str, Any] = response.json()
    assert job["status"] == "queued"
    return job


async def followed_live(socket: ClientConnection, job_id: str) -> list[dict[str, Any]]:
    """The job's live updates, in order, until it ended."""
    seen: list[dict[str, Any]] = []
    async with asyncio.timeout(JOB_DEADLINE_S):
        while not seen or seen[-1]["status"] in ("queued", "processing"):
            message = json.loads(await socket.recv())
            if message["type"] == "job" and message["job"]["id"] == job_id:
                seen.append(message["job"])
    return seen


async def read_live(stack: Stack, api: httpx.Client, user: User, data: bytes) -> dict[str, Any]:
    url = stack.base_url.replace("http://", "ws://", 1) + LIVE_WEBSOCKET
    async with connect(url, additional_headers=user.headers) as socket:
        snapshot = json.loads(await socket.recv())
        assert snapshot["type"] == "snapshot"
        job = await asyncio.to_thread(
            upload, api, user, "menu", data, date="2026-11-30", meal="lunch"
        )
        updates = await followed_live(socket, job["id"])
    assert updates[-1]["status"] == "succeeded", updates
    assert updates[-1]["resource"] == "ocr.job"
    assert [update["version"] for update in updates] == sorted(u["version"] for u in updates)
    return job


def draft_of(api: httpx.Client, user: User, job_id: str) -> dict[str, Any]:
    def drafted() -> dict[str, Any] | None:
        response = api.get(f"/api/v1/ocr-drafts/{job_id}", headers=user.headers)
        return response.json() if response.status_code == 200 else None

    found: dict[str, Any] = wait_until(drafted, seconds=30, what=f"fitness's draft of {job_id}")
    return found


def test_a_menu_photo_becomes_draft_foods_and_a_draft_food_log_until_confirmed(
    stack: Stack, api: httpx.Client, new_user: Callable[..., User]
) -> None:
    user = new_user()

    job = asyncio.run(read_live(stack, api, user, photo(MENU)))

    read = api.get(f"/api/v1/ocr/jobs/{job['id']}", headers=user.headers).json()
    assert [(i["name"], i["price"], i["kcal"]) for i in read["result"]["items"]] == [
        ("Grilled salmon", 18.5, 520),
        ("Tomato soup", 6.95, 450),
    ]
    draft = draft_of(api, user, job["id"])
    assert (draft["kind"], draft["state"], draft["date"], draft["meal"]) == (
        "menu",
        "pending",
        "2026-11-30",
        "lunch",
    )
    foods = sorted((food["name"], food["kcal"], food["status"]) for food in draft["foods"])
    assert foods == [("Grilled salmon", 520, "draft"), ("Tomato soup", 450, "draft")]
    logs = [(log["meal"], log["status"], log["food"]["name"]) for log in draft["food_logs"]]
    assert sorted(logs) == [("lunch", "draft", "Grilled salmon"), ("lunch", "draft", "Tomato soup")]
    assert all(log["source_job_id"] == job["id"] for log in draft["food_logs"])

    confirmed = api.post(f"/api/v1/ocr-drafts/{job['id']}/confirm", headers=user.headers)

    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["state"] == "confirmed"
    assert {log["status"] for log in confirmed.json()["food_logs"]} == {"confirmed"}
    pending = api.get("/api/v1/ocr-drafts", headers=user.headers).json()
    assert pending["total"] == 0


def test_a_workout_photo_becomes_a_draft_session(
    api: httpx.Client, new_user: Callable[..., User]
) -> None:
    user = new_user()

    job = upload(api, user, "workout", photo(SHEET), date="2026-11-29")

    draft = draft_of(api, user, job["id"])
    assert (draft["kind"], draft["state"], draft["date"]) == (
        "workout_sheet",
        "pending",
        "2026-11-29",
    )
    session = draft["session"]
    assert session["status"] == "draft"
    assert session["source_job_id"] == job["id"]
    sets = [(item["exercise"], item["reps"], item["weight_kg"]) for item in session["sets"]]
    assert sets == [("Back squat", 8, 60.0)] * 3 + [("Deadlift", 5, 100.0)] * 3
    finished = api.get(f"/api/v1/ocr/jobs/{job['id']}", headers=user.headers).json()
    assert finished["status"] == "succeeded"
    assert finished["result"]["title"] == "Leg day"


def test_a_photo_over_the_body_limit_is_the_gateways_413(
    api: httpx.Client, new_user: Callable[..., User]
) -> None:
    user = new_user()
    oversized = b"\xff\xd8\xff\xe0" + bytes(11 * 1024 * 1024)

    response = api.post(
        "/api/v1/ocr/menu",
        files={"file": ("big.jpg", oversized, "image/jpeg")},
        headers=user.headers,
        timeout=30,
    )

    assert response.status_code == 413, response.text
    assert response.json()["code"] == "payload_too_large"
    assert api.get("/api/v1/ocr/jobs", headers=user.headers).json()["total"] == 0
