"""The files API with the worker running: uploads of known geometry processed for real, their
metadata and estimates against hand-computed values (0.5 %), previews, G-code parsed back,
hostile files failed while the worker keeps serving, reprocessing, isolation, deletion, erasure."""

import hashlib
import io
import math
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cadence_shared.app import context_of
from cadence_shared.events import UserDeleted
from cadence_shared.live import read_snapshot
from cadence_shared.storage import Storage, new_key, owner_prefix
from cadence_shared.testing import TestUser
from cadence_shared.testing.waiting import eventually
from cadence_shared.time import utc_now
from cadence_shared.worker import RunningWorker
from projects_service.designs.estimate import LINE_OVERHEAD_S
from projects_service.designs.samples import (
    BILLION_LAUGHS,
    RECT_SVG,
    XXE,
    dxf,
    half_black_png,
    noisy_jpeg,
    png_bomb,
    svg,
)
from projects_service.models import DesignFile, FileStatus, events
from projects_service.settings import DESIGN_MAX_BYTES
from services.projects.tests.test_designs import close, replay

PROJECTS = "/api/v1/projects"
CreateProject = Callable[..., Awaitable[dict[str, Any]]]
CountRows = Callable[..., Awaitable[int]]
CIRCLE_DXF = dxf(("add_circle", ((0, 0), 20)))
MALFORMED_DXF = (
    b"0\nSECTION\n2\nENTITIES\n0\nLINE\n8\n0\n10\nnot-a-number\n20\n0\n0\nENDSEC\n0\nEOF\n"
)


def files_of(project: dict[str, Any]) -> str:
    return f"{PROJECTS}/{project['id']}/files"


async def upload(
    client: httpx.AsyncClient,
    user: TestUser,
    project: dict[str, Any],
    data: bytes,
    name: str,
    **headers: str,
) -> httpx.Response:
    return await client.post(
        files_of(project),
        files={"file": (name, data, "application/octet-stream")},
        headers={**user.headers, **headers},
    )


async def settled(client: httpx.AsyncClient, user: TestUser, location: str) -> dict[str, Any]:
    """The file once its processing ended (ready or failed)."""
    latest: dict[str, Any] = {}

    async def done() -> bool:
        nonlocal latest
        response = await client.get(location, headers=user.headers)
        assert response.status_code == 200, response.text
        latest = response.json()
        return latest["status"] in ("ready", "failed")

    await eventually(done, within_s=40, what=f"{location} processed")
    return latest


async def processed(
    client: httpx.AsyncClient, user: TestUser, project: dict[str, Any], data: bytes, name: str
) -> tuple[str, dict[str, Any]]:
    response = await upload(client, user, project, data, name)
    assert response.status_code == 202, response.text
    assert response.json()["status"] == "queued"
    location = response.headers["Location"]
    return location, await settled(client, user, location)


async def stored_keys(storage: Storage, user: TestUser) -> list[str]:
    return [listed.key async for listed in storage.list_objects(owner_prefix(user.id))]


async def test_a_100_by_50_mm_rectangle_svg_is_processed_previewed_and_cut(
    client: httpx.AsyncClient,
    worker: RunningWorker,
    make_user: Callable[..., TestUser],
    create_project: CreateProject,
) -> None:
    user = make_user()
    laser = {"speed_mm_min": 1200, "passes": 2, "power_percent": 75, "grbl_max_s": 1000}
    project = await create_project(user, laser=laser)

    response = await upload(client, user, project, RECT_SVG, "plate.svg")
    assert response.status_code == 202, response.text
    queued = response.json()
    assert (queued["status"], queued["kind"], queued["filename"]) == ("queued", "svg", "plate.svg")
    assert queued["sha256"] == hashlib.sha256(RECT_SVG).hexdigest()
    assert response.headers["Location"] == f"{files_of(project)}/{queued['id']}"
    done = await settled(client, user, response.headers["Location"])

    assert (done["status"], done["error"], done["has_preview"]) == ("ready", None, True)
    meta, estimate = done["metadata"], done["estimate"]
    assert (meta["width_mm"], meta["height_mm"]) == (close(100), close(50))
    assert (meta["path_count"], meta["cut_length_mm"]) == (1, close(300))
    # 300 mm at 1200 mm/min, twice: 30 s; one path, so no travel.
    assert estimate["seconds"] == close(300 / 1200 * 60 * 2)

    preview = await client.get(f"{response.headers['Location']}/preview", headers=user.headers)
    assert (preview.status_code, preview.headers["content-type"]) == (200, "image/png")
    with Image.open(io.BytesIO(preview.content)) as image:
        assert max(image.size) == 512
        assert image.format == "PNG"

    gcode = await client.get(f"{response.headers['Location']}/gcode", headers=user.headers)
    assert gcode.status_code == 200
    assert gcode.headers["content-type"].startswith("text/x-gcode")
    assert 'filename="plate.gcode"' in gcode.headers["content-disposition"]
    run = replay(gcode.text.splitlines())
    assert run.passes == 2 and run.powers == {750} and run.feeds == {1200.0}
    assert run.cut_mm == close(meta["cut_length_mm"] * 2)
    assert (run.min_x, run.min_y, run.max_x, run.max_y) == (
        close(0),
        close(0),
        close(100),
        close(50),
    )


async def test_a_dxf_circle_of_radius_20_mm(
    client: httpx.AsyncClient,
    worker: RunningWorker,
    make_user: Callable[..., TestUser],
    create_project: CreateProject,
) -> None:
    user = make_user()
    project = await create_project(user, laser={"speed_mm_min": 1000, "passes": 1})
    location, done = await processed(client, user, project, CIRCLE_DXF, "ring.dxf")

    assert (done["status"], done["kind"]) == ("ready", "dxf")
    circumference = 2 * math.pi * 20
    assert done["metadata"]["cut_length_mm"] == close(circumference)
    assert (done["metadata"]["width_mm"], done["metadata"]["height_mm"]) == (close(40), close(40))
    assert done["estimate"]["seconds"] == close(circumference / 1000 * 60)
    gcode = await client.get(f"{location}/gcode", headers=user.headers)
    run = replay(gcode.text.splitlines())
    assert run.cut_mm == close(circumference)
    assert (run.max_x, run.max_y) == (close(40), close(40))


async def test_a_300_dpi_png_of_known_size(
    client: httpx.AsyncClient,
    worker: RunningWorker,
    make_user: Callable[..., TestUser],
    create_project: CreateProject,
) -> None:
    user = make_user()
    laser = {"speed_mm_min": 1000, "passes": 1, "line_interval_mm": 0.1, "threshold": 128}
    project = await create_project(user, laser=laser)
    png = half_black_png(1200, 600, dpi=300)
    location, done = await processed(client, user, project, png, "logo.png")

    meta = done["metadata"]
    assert (done["status"], done["kind"]) == ("ready", "png")
    assert (meta["width_px"], meta["height_px"], meta["dpi_source"]) == (1200, 600, "file")
    assert (meta["width_mm"], meta["height_mm"]) == (close(101.6), close(50.8))
    assert meta["burn_share"] == close(0.5)
    # 508 lines of 101.6 mm at 1000 mm/min (6.096 s) plus the per-line overhead each.
    assert done["estimate"]["lines"] == 508
    assert done["estimate"]["seconds"] == close(508 * (6.096 + LINE_OVERHEAD_S))

    preview = await client.get(f"{location}/preview", headers=user.headers)
    with Image.open(io.BytesIO(preview.content)) as image:
        assert image.size == (512, 256)
    gcode = await client.get(f"{location}/gcode", headers=user.headers)
    assert (gcode.status_code, gcode.json()["code"]) == (422, "design_not_vector")

    content = await client.get(f"{location}/content", headers=user.headers)
    assert content.content == png
    assert content.headers["etag"] == f'"{hashlib.sha256(png).hexdigest()}"'
    part = await client.get(f"{location}/content", headers={**user.headers, "Range": "bytes=0-7"})
    assert (part.status_code, part.content) == (206, png[:8])
    assert part.headers["content-range"] == f"bytes 0-7/{len(png)}"


HOSTILE = [
    ("XXE", XXE, "xxe.svg", "design_svg_external_entity"),
    ("billion laughs", BILLION_LAUGHS, "lol.svg", "design_svg_entity_expansion"),
    ("script", svg("<script>alert(1)</script><rect width='9' height='9'/>"), "s.svg", None),
    ("PNG bomb", png_bomb(), "bomb.png", "design_image_too_large"),
    ("truncated JPEG", noisy_jpeg()[:3000], "cut.jpg", "design_corrupt"),
    ("malformed DXF", MALFORMED_DXF, "bad.dxf", "design_dxf_malformed"),
    ("PNG named .svg", half_black_png(), "logo.svg", "design_type_mismatch"),
]


@pytest.mark.parametrize(("what", "data", "name", "code"), HOSTILE, ids=[h[0] for h in HOSTILE])
async def test_a_hostile_file_ends_failed_and_the_worker_keeps_serving(
    client: httpx.AsyncClient,
    worker: RunningWorker,
    make_user: Callable[..., TestUser],
    create_project: CreateProject,
    what: str,
    data: bytes,
    name: str,
    code: str | None,
) -> None:
    user = make_user()
    project = await create_project(user)
    location, failed = await processed(client, user, project, data, name)

    assert failed["status"] == "failed", what
    assert failed["error_code"] == (code or "design_svg_script")
    assert failed["error"] and failed["metadata"] is None and not failed["has_preview"]
    preview = await client.get(f"{location}/preview", headers=user.headers)
    assert (preview.status_code, preview.json()["code"]) == (409, "design_file_failed")

    _, after = await processed(client, user, project, RECT_SVG, "after.svg")
    assert after["status"] == "ready"


async def test_bytes_of_no_design_type_are_refused_at_upload_and_nothing_is_stored(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    create_project: CreateProject,
    storage: Storage,
) -> None:
    user = make_user()
    project = await create_project(user)
    text = await upload(client, user, project, b"just some notes\n" * 20, "notes.svg")
    assert (text.status_code, text.json()["code"]) == (415, "design_type_unsupported")
    pdf = await upload(client, user, project, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a.svg")
    assert (pdf.status_code, pdf.json()["code"]) == (415, "unsupported_file_type")
    too_big = await upload(client, user, project, b"\x89PNG" + b"\0" * DESIGN_MAX_BYTES, "x.png")
    assert (too_big.status_code, too_big.json()["code"]) == (413, "upload_too_large")
    listed = await client.get(files_of(project), headers=user.headers)
    assert listed.json()["items"] == []
    assert await stored_keys(storage, user) == []


async def test_preview_and_gcode_wait_for_ready(
    client: httpx.AsyncClient,
    sessions: async_sessionmaker[AsyncSession],
    make_user: Callable[..., TestUser],
    create_project: CreateProject,
) -> None:
    user = make_user()
    project = await create_project(user)
    now = utc_now()
    file = DesignFile(
        project_id=uuid.UUID(project["id"]),
        user_id=user.id,
        filename="plate.svg",
        storage_key=new_key(user.id),
        size_bytes=1,
        sha256="0" * 64,
        content_type="image/svg+xml",
        kind="svg",
        status=FileStatus.queued,
        created_at=now,
        updated_at=now,
    )
    async with sessions() as session:
        session.add(file)
        await session.commit()
    location = f"{files_of(project)}/{file.id}"
    for route in ("preview", "gcode"):
        response = await client.get(f"{location}/{route}", headers=user.headers)
        assert (response.status_code, response.json()["code"]) == (409, "design_file_not_ready")
    read = await client.get(location, headers=user.headers)
    assert (read.json()["status"], read.json()["progress"]) == ("queued", None)


async def test_reprocessing_after_a_settings_change_changes_the_estimate(
    client: httpx.AsyncClient,
    worker: RunningWorker,
    make_user: Callable[..., TestUser],
    create_project: CreateProject,
) -> None:
    user = make_user()
    project = await create_project(user, laser={"speed_mm_min": 1200, "passes": 1})
    location, first = await processed(client, user, project, RECT_SVG, "plate.svg")
    assert first["estimate"]["seconds"] == close(15)

    patched = await client.patch(
        f"{PROJECTS}/{project['id']}",
        json={"laser": {"speed_mm_min": 600, "passes": 3}},
        headers=user.headers,
    )
    assert patched.status_code == 200
    again = await client.post(f"{location}/reprocess", headers=user.headers)
    assert (again.status_code, again.json()["status"]) == (202, "queued")
    assert again.json()["progress"]["percent"] == 0
    done = await settled(client, user, location)
    # 300 mm at 600 mm/min, three times: 90 s.
    assert (done["status"], done["estimate"]["seconds"]) == ("ready", close(90))


async def test_every_file_route_is_404_to_others_and_admins_only_read(
    client: httpx.AsyncClient,
    worker: RunningWorker,
    make_user: Callable[..., TestUser],
    create_project: CreateProject,
) -> None:
    owner, other = make_user(), make_user()
    admin, guest = make_user(roles=["user", "admin"]), make_user(roles=["guest"])
    project = await create_project(owner)
    elsewhere = await create_project(owner, name="Elsewhere")
    location, _ = await processed(client, owner, project, RECT_SVG, "plate.svg")
    file_id = location.rsplit("/", 1)[1]
    misplaced = f"{files_of(elsewhere)}/{file_id}"
    reads = ["", "/content", "/preview", "/gcode"]
    cases = ((other, location, "project_not_found"), (owner, misplaced, "design_file_not_found"))
    for who, base, code in cases:
        for route in reads:
            response = await client.get(f"{base}{route}", headers=who.headers)
            assert (response.status_code, response.json()["code"]) == (404, code)
        for method, route in (("DELETE", ""), ("POST", "/reprocess")):
            response = await client.request(method, f"{base}{route}", headers=who.headers)
            assert response.status_code == 404
    listed = await client.get(files_of(project), headers=other.headers)
    assert (listed.status_code, listed.json()["code"]) == (404, "project_not_found")
    refused = await upload(client, other, project, RECT_SVG, "mine.svg")
    assert (refused.status_code, refused.json()["code"]) == (404, "project_not_found")
    as_guest = await upload(client, guest, project, RECT_SVG, "mine.svg")
    assert (as_guest.status_code, as_guest.json()["code"]) == (403, "project_guest_forbidden")

    for route in reads:
        response = await client.get(f"{location}{route}", headers=admin.headers)
        assert response.status_code == 200, route
    deleted = await client.delete(location, headers=admin.headers)
    assert deleted.status_code == 404
    assert (await client.get(location, headers=owner.headers)).status_code == 200


async def test_deleting_files_and_projects_deletes_their_stored_objects(
    client: httpx.AsyncClient,
    worker: RunningWorker,
    make_user: Callable[..., TestUser],
    create_project: CreateProject,
    storage: Storage,
    count_rows: CountRows,
) -> None:
    user = make_user()
    project = await create_project(user)
    first, _ = await processed(client, user, project, RECT_SVG, "one.svg")
    await processed(client, user, project, CIRCLE_DXF, "two.dxf")
    assert len(await stored_keys(storage, user)) == 4  # two originals, two previews

    assert (await client.delete(first, headers=user.headers)).status_code == 204
    assert (await client.get(first, headers=user.headers)).status_code == 404
    assert len(await stored_keys(storage, user)) == 2

    gone = await client.delete(f"{PROJECTS}/{project['id']}", headers=user.headers)
    assert gone.status_code == 204
    assert await stored_keys(storage, user) == []
    rows = "SELECT count(*) FROM projects.design_file WHERE user_id = :user"
    assert await count_rows(rows, user=user.id) == 0


async def test_progress_reaches_the_live_snapshot(
    app: FastAPI,
    client: httpx.AsyncClient,
    worker: RunningWorker,
    make_user: Callable[..., TestUser],
    create_project: CreateProject,
) -> None:
    user = make_user()
    project = await create_project(user)
    _, done = await processed(client, user, project, RECT_SVG, "plate.svg")
    redis = context_of(app).redis

    async def succeeded_live() -> bool:
        updates = await read_snapshot(redis, user.id)
        return any(update.status == "succeeded" for update in updates)

    await eventually(succeeded_live, what="the job's success in the live snapshot")
    [update] = await read_snapshot(redis, user.id)
    assert (update.resource, str(update.id), update.percent) == ("projects.file", done["id"], 100)


async def test_erasing_a_user_erases_files_jobs_objects_and_idempotency_keys(
    app: FastAPI,
    client: httpx.AsyncClient,
    worker: RunningWorker,
    sessions: async_sessionmaker[AsyncSession],
    make_user: Callable[..., TestUser],
    create_project: CreateProject,
    storage: Storage,
    count_rows: CountRows,
) -> None:
    context = context_of(app)
    await eventually(context.events.ready.is_set, what="the app's consumer")
    leaving, staying = make_user(), make_user()
    project = await create_project(leaving)
    response = await upload(
        client, leaving, project, RECT_SVG, "a.svg", **{"Idempotency-Key": "k1"}
    )
    await settled(client, leaving, response.headers["Location"])
    kept, _ = await processed(client, staying, await create_project(staying), RECT_SVG, "b.svg")
    pattern = f"cadence:idempotency:{{project-files:{leaving.id}:*"
    assert [key async for key in context.redis.scan_iter(match=pattern)]

    event = UserDeleted(user_id=leaving.id, deleted_at="2026-12-01T10:00:00Z")
    async with sessions() as session:
        envelope = await events.publish(session, event)
        await session.commit()

    async def handled() -> bool:
        inbox = "SELECT count(*) FROM projects.event_inbox WHERE event_id = :event"
        return await count_rows(inbox, event=envelope.id) == 1

    await eventually(handled, what="the erasure of the user's data")
    for table in ("project", "design_file", "job"):
        sql = f"SELECT count(*) FROM projects.{table} WHERE user_id = :user"
        assert await count_rows(sql, user=leaving.id) == 0, table
        assert await count_rows(sql, user=staying.id) == 1, table
    assert await stored_keys(storage, leaving) == []
    assert len(await stored_keys(storage, staying)) == 2
    assert [key async for key in context.redis.scan_iter(match=pattern)] == []
    assert (await client.get(kept, headers=staying.headers)).status_code == 200
