"""The reads answered straight from the rows (cadence_shared.fastread): one project, a page of
projects (the owner's, a search, an admin's ``all``), one design file and a page of them, queued
and processed. Each is byte for byte what its response schema writes for the same rows read
through the ORM; the fast lane answers them as the framework does."""

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from cadence_shared.pagination import Page
from cadence_shared.testing import TestUser, assert_same_json
from cadence_shared.testing.fastlane import assert_fast_lane_answers_alike
from cadence_shared.testing.tokens import TestIssuer
from cadence_shared.worker import RunningWorker
from projects_service import files, service
from projects_service.designs.samples import RECT_SVG
from projects_service.models import DesignFile, Project, jobs
from projects_service.schemas import DesignFilePublic, ProjectPublic
from services.projects.tests.test_files_api import files_of, settled, upload

PROJECTS = "/api/v1/projects"
CreateProject = Callable[..., Awaitable[dict[str, Any]]]
# Text that JSON writers could disagree on: quotes, backslashes, control characters, non-ASCII.
AWKWARD = 'Plaque "walnut" \\ \t é 東京 🪵'


async def _projects(sessions: async_sessionmaker[AsyncSession], *ids: str) -> list[ProjectPublic]:
    async with sessions() as session:
        found = await session.scalars(
            select(Project).where(col(Project.id).in_(map(uuid.UUID, ids)))
        )
        by_id = {str(project.id): service.to_public(project) for project in found}
    return [by_id[project_id] for project_id in ids]


async def _files(sessions: async_sessionmaker[AsyncSession], *ids: str) -> list[DesignFilePublic]:
    """The files as ``files.to_public`` shows them, each with its job's state."""
    shown = []
    async with sessions() as session:
        for file_id in ids:
            file = await session.get_one(DesignFile, uuid.UUID(file_id))
            job = (
                await session.execute(select(jobs.table).where(jobs.table.c.id == file.job_id))
            ).one()
            shown.append(files.to_public(file, files.JobState(job.status, job.percent, job.stage)))
    return shown


async def test_projects_are_the_bytes_project_public_writes_for_the_rows(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    create_project: CreateProject,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    owner, admin = make_user(), make_user(roles=["user", "admin"])
    laser = {"material": AWKWARD, "thickness_mm": 3.175, "power_percent": 37.5, "passes": 2}
    awkward = await create_project(owner, name=AWKWARD, description="a\nb", laser=laser)
    plain = await create_project(owner, name="Coasters")
    for who in (owner, admin):
        one = await client.get(f"{PROJECTS}/{awkward['id']}", headers=who.headers)
        assert_same_json(one, (await _projects(sessions, awkward["id"]))[0])
    newest = await _projects(sessions, plain["id"], awkward["id"])
    listed = await client.get(PROJECTS, headers=owner.headers)
    assert_same_json(listed, Page[ProjectPublic](items=newest, total=2, limit=20, offset=0))
    found = await client.get(PROJECTS, params={"q": "walnut"}, headers=owner.headers)
    assert_same_json(found, Page[ProjectPublic](items=newest[1:], total=1, limit=20, offset=0))
    past_the_end = await client.get(PROJECTS, params={"offset": 5}, headers=owner.headers)
    assert_same_json(past_the_end, Page[ProjectPublic](items=[], total=2, limit=20, offset=5))
    everyone = await client.get(
        PROJECTS, params={"all": "true", "limit": 100}, headers=admin.headers
    )
    assert everyone.status_code == 200
    assert {awkward["id"], plain["id"]} <= {item["id"] for item in everyone.json()["items"]}


async def test_a_queued_file_shows_its_job_and_others_see_404_problems(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    create_project: CreateProject,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    # Before any test starts the session's worker: the file stays queued, its progress the job's.
    owner, other = make_user(), make_user()
    project = await create_project(owner)
    uploaded = await upload(client, owner, project, RECT_SVG, "plate.svg")
    location = uploaded.headers["Location"]
    [queued] = await _files(sessions, uploaded.json()["id"])
    assert queued.progress is not None
    listed = await client.get(files_of(project), headers=owner.headers)
    if listed.json()["items"][0]["status"] == "queued":  # a session worker may have taken it
        assert_same_json(
            listed, Page[DesignFilePublic](items=[queued], total=1, limit=20, offset=0)
        )
    for path, code in (
        (f"{PROJECTS}/{project['id']}", "project_not_found"),
        (files_of(project), "project_not_found"),
        (location, "project_not_found"),
    ):
        refused = await client.get(path, headers=other.headers)
        assert (refused.status_code, refused.json()["code"]) == (404, code), path
    missing = await client.get(f"{files_of(project)}/{uuid.uuid4()}", headers=owner.headers)
    assert (missing.status_code, missing.json()["code"]) == (404, "design_file_not_found")


async def test_design_files_are_the_bytes_design_file_public_writes_for_the_rows(
    client: httpx.AsyncClient,
    worker: RunningWorker,
    make_user: Callable[..., TestUser],
    create_project: CreateProject,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    owner = make_user()
    project = await create_project(owner)
    first = await upload(client, owner, project, RECT_SVG, f"{AWKWARD}.svg")
    assert first.status_code == 202, first.text
    ready = await settled(client, owner, first.headers["Location"])
    assert ready["status"] == "ready" and ready["metadata"] and ready["estimate"]
    one = await client.get(first.headers["Location"], headers=owner.headers)
    assert_same_json(one, (await _files(sessions, ready["id"]))[0])
    second = await upload(client, owner, project, RECT_SVG.replace(b"100", b"90"), "b.svg")
    await settled(client, owner, second.headers["Location"])
    listed = await client.get(files_of(project), headers=owner.headers)
    newest = await _files(sessions, second.json()["id"], ready["id"])
    assert_same_json(listed, Page[DesignFilePublic](items=newest, total=2, limit=20, offset=0))


async def test_the_fast_lane_answers_every_project_read_as_the_framework_does(
    client: httpx.AsyncClient,
    app: FastAPI,
    worker: RunningWorker,
    make_user: Callable[..., TestUser],
    create_project: CreateProject,
    token_issuer: TestIssuer,
) -> None:
    owner = make_user()
    project = await create_project(owner)
    uploaded = await upload(client, owner, project, RECT_SVG, "plate.svg")
    await settled(client, owner, uploaded.headers["Location"])  # the same answer both ways
    paths = {
        PROJECTS: PROJECTS,
        f"{PROJECTS}/{{project_id}}": f"{PROJECTS}/{project['id']}",
        f"{PROJECTS}/{{project_id}}/files": files_of(project),
        f"{PROJECTS}/{{project_id}}/files/{{file_id}}": uploaded.headers["Location"],
    }
    statuses = await assert_fast_lane_answers_alike(
        client, app, paths, owner=owner, issuer=token_issuer
    )
    one = f"{PROJECTS}/{{project_id}}"
    assert statuses[f"{one} as given, owner token"] == 200
    assert statuses[f"{one} as given, stranger token"] == 404
    assert statuses[f"{PROJECTS} bad limit, owner token"] == 422
