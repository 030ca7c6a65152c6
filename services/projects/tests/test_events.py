"""auth.user.deleted.v1 through the real broker erases the user's projects, and only theirs."""

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cadence_shared.app import context_of
from cadence_shared.events import UserDeleted
from cadence_shared.testing import TestUser
from cadence_shared.testing.waiting import eventually
from projects_service.models import events

CreateProject = Callable[..., Awaitable[dict[str, Any]]]
COUNT = "SELECT count(*) FROM projects.project WHERE user_id = :user"


async def test_deleting_a_user_erases_their_projects_once(
    app: FastAPI,
    client: httpx.AsyncClient,
    sessions: async_sessionmaker[AsyncSession],
    make_user: Callable[..., TestUser],
    create_project: CreateProject,
    count_rows: Callable[..., Awaitable[int]],
) -> None:
    await asyncio.wait_for(context_of(app).events.ready.wait(), 10)
    leaving, staying = make_user(), make_user()
    for name in ("One", "Two"):
        await create_project(leaving, name=name)
    kept = await create_project(staying)

    event = UserDeleted(user_id=leaving.id, deleted_at="2026-12-01T10:00:00Z")
    async with sessions() as session:
        envelope = await events.publish(session, event)
        await session.commit()

    async def handled() -> bool:
        inbox = "SELECT count(*) FROM projects.event_inbox WHERE event_id = :event"
        return await count_rows(inbox, event=envelope.id) == 1

    await eventually(handled, what="the erasure of the user's projects")
    assert await count_rows(COUNT, user=leaving.id) == 0
    assert await count_rows(COUNT, user=staying.id) == 1
    fetched = await client.get(f"/api/v1/projects/{kept['id']}", headers=staying.headers)
    assert fetched.status_code == 200
    assert uuid.UUID(fetched.json()["id"]) == uuid.UUID(kept["id"])
