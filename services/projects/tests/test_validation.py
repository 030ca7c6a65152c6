"""Bad bodies: 422 with a code that says what is wrong, and nothing stored or changed."""

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from cadence_shared.testing import TestUser

PROJECTS = "/api/v1/projects"
CreateProject = Callable[..., Awaitable[dict[str, Any]]]

BAD_CREATES: list[tuple[dict[str, Any], str, list[Any]]] = [
    ({}, "validation_failed", ["body", "name"]),
    ({"name": "   "}, "validation_failed", ["body", "name"]),
    ({"name": "x" * 201}, "validation_failed", ["body", "name"]),
    ({"name": "a", "extra": 1}, "validation_failed", ["body", "extra"]),
    (
        {"name": "a", "laser": {"laser_type": "plasma"}},
        "validation_failed",
        ["body", "laser", "laser_type"],
    ),
    (
        {"name": "a", "laser": {"power_percent": 0}},
        "validation_failed",
        ["body", "laser", "power_percent"],
    ),
    (
        {"name": "a", "laser": {"power_percent": 101}},
        "validation_failed",
        ["body", "laser", "power_percent"],
    ),
    (
        {"name": "a", "laser": {"speed_mm_min": -5}},
        "validation_failed",
        ["body", "laser", "speed_mm_min"],
    ),
    ({"name": "a", "laser": {"passes": 0}}, "validation_failed", ["body", "laser", "passes"]),
    (
        {"name": "a", "laser": {"raster_dpi": 10}},
        "validation_failed",
        ["body", "laser", "raster_dpi"],
    ),
    (
        {"name": "a", "laser": {"line_interval_mm": 0}},
        "validation_failed",
        ["body", "laser", "line_interval_mm"],
    ),
    (
        {"name": "a", "laser": {"air_assist": "maybe"}},
        "validation_failed",
        ["body", "laser", "air_assist"],
    ),
    ({"name": "a", "laser": {"thickness_mm": 3}}, "project_thickness_without_material", []),
]


@pytest.mark.parametrize(("body", "code", "loc"), BAD_CREATES)
async def test_a_bad_create_is_422_with_its_code_and_stores_nothing(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    body: dict[str, Any],
    code: str,
    loc: list[Any],
) -> None:
    user = make_user()

    response = await client.post(PROJECTS, json=body, headers=user.headers)

    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == code
    if loc:
        assert loc in [error["loc"] for error in problem["errors"]]
    assert (await client.get(PROJECTS, headers=user.headers)).json()["total"] == 0


BAD_PATCHES: list[tuple[dict[str, Any], str]] = [
    ({"name": None}, "null_not_allowed"),
    ({"laser": None}, "null_not_allowed"),
    ({"laser": {"speed_mm_min": None}}, "null_not_allowed"),
    ({"laser": {"passes": 1.5}}, "validation_failed"),
    ({"laser": {"material": None}}, "project_thickness_without_material"),
    ({"owner_id": "00000000-0000-0000-0000-000000000000"}, "validation_failed"),
]


@pytest.mark.parametrize(("body", "code"), BAD_PATCHES)
async def test_a_bad_patch_is_422_and_changes_nothing(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    create_project: CreateProject,
    body: dict[str, Any],
    code: str,
) -> None:
    user = make_user()
    project = await create_project(user, laser={"material": "oak", "thickness_mm": 4})
    url = f"{PROJECTS}/{project['id']}"

    response = await client.patch(url, json=body, headers=user.headers)

    assert response.status_code == 422, response.text
    assert response.json()["code"] == code
    assert (await client.get(url, headers=user.headers)).json() == project


async def test_a_patch_to_a_taken_name_is_409_and_changes_nothing(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], create_project: CreateProject
) -> None:
    user = make_user()
    await create_project(user, name="A")
    second = await create_project(user, name="B")
    url = f"{PROJECTS}/{second['id']}"

    response = await client.patch(url, json={"name": "A"}, headers=user.headers)

    assert response.status_code == 409
    assert response.json()["code"] == "project_name_taken"
    assert (await client.get(url, headers=user.headers)).json() == second
    # Documented (schemathesis found the rename's 409 missing from its responses).
    spec = (await client.get("/openapi.json")).json()
    assert "409" in spec["paths"][f"{PROJECTS}/{{project_id}}"]["patch"]["responses"]


@pytest.mark.parametrize("query", [{"q": "x" * 201}, {"limit": 0}, {"limit": 101}, {"offset": -1}])
async def test_bad_list_parameters_are_422(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], query: dict[str, Any]
) -> None:
    response = await client.get(PROJECTS, params=query, headers=make_user().headers)

    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"
