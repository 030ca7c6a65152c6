"""The projects service through the gateway of the running stack: a workspace created with its
laser settings, found with q=, changed, hidden from another user, bad settings refused, and the
projects erased with their owner's account (auth.user.deleted.v1); a design file uploaded,
followed on the live WebSocket until its worker processed it, its preview and G-code downloaded;
a file over 25 MiB refused by the gateway with nothing stored."""

import asyncio
import io
import math
import re
import uuid
from collections.abc import Callable

import asyncpg
import httpx
from PIL import Image

from cadence_shared.media import rect_svg
from harness import Stack, User, follow_until_done, wait_until

PROJECTS = "/api/v1/projects"
RECT_SVG = rect_svg(100, 50)
STORAGE = "storage/projects"  # under the stack's .run: the local backend's directory


def project_rows(stack: Stack, user_id: uuid.UUID) -> int:
    async def count() -> int:
        connection = await asyncpg.connect(stack.database_url)
        try:
            rows: int = await connection.fetchval(
                "SELECT count(*) FROM projects.project WHERE user_id = $1", user_id
            )
            return rows
        finally:
            await connection.close()

    return asyncio.run(count())


def test_a_project_through_the_gateway_from_creation_to_account_deletion(
    stack: Stack, api: httpx.Client, new_user: Callable[..., User]
) -> None:
    user, other = new_user(), new_user()
    laser = {
        "laser_type": "co2",
        "power_percent": 60,
        "speed_mm_min": 900,
        "passes": 2,
        "material": "acrylic",
        "thickness_mm": 3,
        "air_assist": True,
    }
    created = api.post(
        PROJECTS,
        json={"name": "Lamp base", "description": "edge-lit", "laser": laser},
        headers=user.headers,
    )
    assert created.status_code == 201, created.text
    project = created.json()
    url = f"{PROJECTS}/{project['id']}"
    assert project["owner_id"] == str(user.id)
    assert {name: project["laser"][name] for name in laser} == laser

    found = api.get(PROJECTS, params={"q": "EDGE"}, headers=user.headers).json()
    assert [item["id"] for item in found["items"]] == [project["id"]]
    patched = api.patch(url, json={"laser": {"passes": 3}}, headers=user.headers)
    assert patched.status_code == 200, patched.text
    assert patched.json()["laser"]["passes"] == 3

    hidden = api.get(url, headers=other.headers)
    assert hidden.status_code == 404
    assert hidden.json()["code"] == "project_not_found"
    assert api.delete(url, headers=other.headers).status_code == 404
    bad = api.post(PROJECTS, json={"name": "x", "laser": {"passes": 0}}, headers=user.headers)
    assert bad.status_code == 422
    assert bad.json()["code"] == "validation_failed"
    assert api.get(url, headers=user.headers).json() == patched.json()

    deleted = api.request(
        "DELETE", "/api/v1/users/me", json={"password": user.password}, headers=user.headers
    )
    assert deleted.status_code == 204, deleted.text
    wait_until(lambda: project_rows(stack, user.id) == 0, what="the user's projects erased")
    assert api.get(PROJECTS, headers=user.headers).status_code == 401


def test_without_a_token_the_gateway_refuses(api: httpx.Client) -> None:
    response = api.get(PROJECTS)

    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def design_files(stack: Stack, user_id: uuid.UUID) -> int:
    async def count() -> int:
        connection = await asyncpg.connect(stack.database_url)
        try:
            rows: int = await connection.fetchval(
                "SELECT count(*) FROM projects.design_file WHERE user_id = $1", user_id
            )
            return rows
        finally:
            await connection.close()

    return asyncio.run(count())


def g1_length(gcode: str) -> tuple[float, float, float]:
    """Burning length and the largest X and Y of the G1 moves."""
    x = y = cut = top_x = top_y = 0.0
    for line in gcode.splitlines():
        if not line.startswith(("G0 ", "G1 ")):
            continue
        words = dict(re.findall(r"([XY])([-\d.]+)", line))
        nx, ny = float(words.get("X", x)), float(words.get("Y", y))
        if line.startswith("G1"):
            cut += math.dist((x, y), (nx, ny))
            top_x, top_y = max(top_x, nx), max(top_y, ny)
        x, y = nx, ny
    return cut, top_x, top_y


def test_a_design_file_is_processed_and_followed_live_through_the_gateway(
    stack: Stack, api: httpx.Client, new_user: Callable[..., User]
) -> None:
    user = new_user()
    created = api.post(
        PROJECTS, json={"name": "Plate", "laser": {"speed_mm_min": 1200}}, headers=user.headers
    )
    assert created.status_code == 201, created.text
    files_url = f"{PROJECTS}/{created.json()['id']}/files"
    location = ""

    def upload() -> str:
        nonlocal location
        files = {"file": ("plate.svg", RECT_SVG, "image/svg+xml")}
        response = api.post(files_url, files=files, headers=user.headers)
        assert response.status_code == 202, response.text
        assert response.json()["status"] == "queued"
        location = response.headers["Location"]
        return str(response.json()["id"])

    updates = asyncio.run(follow_until_done(stack, user, upload))
    assert updates[-1]["status"] == "succeeded", updates
    assert updates[-1]["percent"] == 100
    assert {update["resource"] for update in updates} == {"projects.file"}

    file = api.get(location, headers=user.headers).json()
    assert (file["status"], file["metadata"]["cut_length_mm"]) == ("ready", 300.0)
    assert file["estimate"]["seconds"] == 15.0  # 300 mm at 1200 mm/min
    preview = api.get(f"{location}/preview", headers=user.headers)
    assert (preview.status_code, preview.headers["content-type"]) == (200, "image/png")
    with Image.open(io.BytesIO(preview.content)) as image:
        assert max(image.size) == 512
    gcode = api.get(f"{location}/gcode", headers=user.headers)
    assert gcode.status_code == 200
    assert "M4 S0" in gcode.text
    cut, top_x, top_y = g1_length(gcode.text)
    assert (round(cut, 3), round(top_x, 3), round(top_y, 3)) == (300.0, 100.0, 50.0)


def test_a_file_over_25_mib_is_refused_at_the_gateway_and_nothing_is_stored(
    stack: Stack, api: httpx.Client, new_user: Callable[..., User]
) -> None:
    user = new_user()
    created = api.post(PROJECTS, json={"name": "Big"}, headers=user.headers)
    files_url = f"{PROJECTS}/{created.json()['id']}/files"
    big = b"\x89PNG\r\n\x1a\n" + bytes(25 * 1024 * 1024)
    response = api.post(
        files_url, files={"file": ("big.png", big, "image/png")}, headers=user.headers
    )
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert design_files(stack, user.id) == 0
    stored = stack.log_file.parents[1] / STORAGE / str(user.id)
    assert not stored.exists() or not any(stored.iterdir())
