"""Projects: create with defaults or every laser setting, read, list with q=, patch, delete."""

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cadence_shared.testing import TestUser
from projects_service import service
from projects_service.designs import ProcessingSettings

PROJECTS = "/api/v1/projects"
CreateProject = Callable[..., Awaitable[dict[str, Any]]]
FULL_LASER: dict[str, Any] = {
    "laser_type": "co2",
    "power_percent": 65,
    "max_power_w": 40,
    "grbl_max_s": 255,
    "speed_mm_min": 1200,
    "passes": 3,
    "material": "birch plywood",
    "thickness_mm": 3,
    "raster_dpi": 300,
    "line_interval_mm": 0.08,
    "threshold": 100,
    "air_assist": True,
}


async def test_a_project_with_a_name_only_gets_the_default_settings(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser]
) -> None:
    user = make_user()

    created = await client.post(PROJECTS, json={"name": "  Sign  "}, headers=user.headers)

    assert created.status_code == 201, created.text
    project = created.json()
    assert created.headers["location"] == f"{PROJECTS}/{project['id']}"
    assert project["name"] == "Sign"
    assert project["owner_id"] == str(user.id)
    assert project["description"] is None
    assert project["laser"] == {
        "laser_type": "diode",
        "power_percent": 80.0,
        "max_power_w": 10.0,
        "grbl_max_s": 1000,
        "speed_mm_min": 1000.0,
        "passes": 1,
        "material": None,
        "thickness_mm": None,
        "raster_dpi": 254,
        "line_interval_mm": 0.1,
        "threshold": 128,
        "air_assist": False,
    }
    fetched = await client.get(f"{PROJECTS}/{project['id']}", headers=user.headers)
    assert fetched.status_code == 200
    assert fetched.json() == project


async def test_every_laser_setting_is_kept(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], create_project: CreateProject
) -> None:
    user = make_user()
    client_id = str(uuid.uuid4())

    project = await create_project(user, id=client_id, description="Round, 90 mm", laser=FULL_LASER)

    assert project["id"] == client_id
    assert project["description"] == "Round, 90 mm"
    assert project["laser"] == FULL_LASER
    again = await client.post(
        PROJECTS, json={"id": client_id, "name": "Other"}, headers=user.headers
    )
    assert again.status_code == 409
    assert again.json()["code"] == "project_id_taken"


async def test_the_same_idempotency_key_replays_the_first_answer(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    count_rows: Callable[..., Awaitable[int]],
) -> None:
    user = make_user()
    headers = {**user.headers, "Idempotency-Key": uuid.uuid4().hex}

    first = await client.post(PROJECTS, json={"name": "Offline"}, headers=headers)
    again = await client.post(PROJECTS, json={"name": "Offline"}, headers=headers)
    reused = await client.post(PROJECTS, json={"name": "Other"}, headers=headers)

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert again.headers["location"] == first.headers["location"]
    assert reused.status_code == 422
    assert reused.json()["title"] == "Idempotency key reused"
    owned = "SELECT count(*) FROM projects.project WHERE user_id = :user"
    assert await count_rows(owned, user=user.id) == 1


async def test_a_name_is_unique_per_user_only(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], create_project: CreateProject
) -> None:
    alice, bob = make_user(), make_user()
    await create_project(alice, name="Box")

    clash = await client.post(PROJECTS, json={"name": "Box"}, headers=alice.headers)

    assert clash.status_code == 409
    assert clash.json()["code"] == "project_name_taken"
    await create_project(bob, name="Box")


async def test_the_list_pages_and_searches_name_and_description(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], create_project: CreateProject
) -> None:
    user = make_user()
    for index in range(5):
        await create_project(user, name=f"Coaster {index}")
    await create_project(user, name="Lamp", description="acrylic 100% edge-lit")
    await create_project(make_user(), name="Coaster of someone else")

    first = (await client.get(PROJECTS, params={"limit": 4}, headers=user.headers)).json()
    second = (
        await client.get(PROJECTS, params={"limit": 4, "offset": 4}, headers=user.headers)
    ).json()
    coasters = (await client.get(PROJECTS, params={"q": "coast"}, headers=user.headers)).json()
    percent = (await client.get(PROJECTS, params={"q": "100%"}, headers=user.headers)).json()
    no_match = (await client.get(PROJECTS, params={"q": "0_"}, headers=user.headers)).json()

    assert (first["total"], len(first["items"]), len(second["items"])) == (6, 4, 2)
    assert first["items"][0]["name"] == "Lamp"  # last changed first
    names = {item["name"] for item in first["items"] + second["items"]}
    assert names == {f"Coaster {index}" for index in range(5)} | {"Lamp"}
    assert coasters["total"] == 5
    assert [item["name"] for item in percent["items"]] == ["Lamp"]
    assert no_match["total"] == 0


async def test_patch_changes_only_what_is_given(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], create_project: CreateProject
) -> None:
    user = make_user()
    project = await create_project(user, description="old", laser=FULL_LASER)
    url = f"{PROJECTS}/{project['id']}"

    patched = await client.patch(
        url,
        json={
            "description": None,
            "laser": {"power_percent": 30, "material": None, "thickness_mm": None},
        },
        headers=user.headers,
    )

    assert patched.status_code == 200, patched.text
    body = patched.json()
    assert body["description"] is None
    assert body["name"] == project["name"]
    expected = {**FULL_LASER, "power_percent": 30.0, "material": None, "thickness_mm": None}
    assert body["laser"] == expected
    assert body["updated_at"] > project["updated_at"]
    assert (await client.get(url, headers=user.headers)).json() == body


async def test_delete_removes_the_project(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], create_project: CreateProject
) -> None:
    user = make_user()
    project = await create_project(user)
    url = f"{PROJECTS}/{project['id']}"

    assert (await client.delete(url, headers=user.headers)).status_code == 204

    gone = await client.get(url, headers=user.headers)
    assert gone.status_code == 404
    assert gone.json()["code"] == "project_not_found"
    assert (await client.delete(url, headers=user.headers)).status_code == 404


async def test_no_token_is_401(client: httpx.AsyncClient) -> None:
    assert (await client.get(PROJECTS)).status_code == 401
    assert (await client.post(PROJECTS, json={"name": "x"})).status_code == 401


async def test_the_engine_reads_the_projects_settings(
    make_user: Callable[..., TestUser],
    create_project: CreateProject,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    owner = make_user()
    created = await create_project(owner, laser=FULL_LASER)

    async with sessions() as session:
        project = await service.get_own_project(
            session, user_id=owner.id, project_id=uuid.UUID(created["id"])
        )
        settings = service.processing_settings(project)

    assert settings == ProcessingSettings(
        speed_mm_min=1200,
        passes=3,
        power_percent=65,
        grbl_max_s=255,
        raster_dpi=300,
        line_interval_mm=0.08,
        threshold=100,
    )
