"""A page of OCR jobs is answered straight from the rows (cadence_shared.fastread): byte for byte
what JobSummary writes for the same rows read through the ORM, and the fast lane answers it as
the framework does. One job stays on the ORM (its result is reshaped: see service.py).

The rows are written here (no upload, no worker): a job that succeeded, one that failed and one
running, their wake-up far off so no sweeper or worker of the session touches them."""

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cadence_shared.pagination import Page
from cadence_shared.testing import TestUser, assert_same_json
from cadence_shared.testing.fastlane import assert_fast_lane_answers_alike
from cadence_shared.testing.tokens import TestIssuer
from ocr_service import service
from ocr_service.models import Photo, jobs
from ocr_service.schemas import JobSummary
from ocr_service.views import to_summary

JOBS = "/api/v1/ocr/jobs"
START = dt.datetime(2026, 5, 4, 7, 0, 0, 123457, tzinfo=dt.UTC)
# Text that JSON writers could disagree on: quotes, backslashes, control characters, non-ASCII.
AWKWARD = 'Menü "du jour" \\ \t 東京 🍜'
STATES: list[dict[str, Any]] = [
    {"status": "succeeded", "percent": 100, "claimed_at": START, "finished_at": START},
    {"status": "failed", "error": AWKWARD, "error_code": "unreadable", "finished_at": START},
    {"status": "processing", "percent": 40, "stage": AWKWARD, "claimed_at": START},
]


async def _stored(sessions: async_sessionmaker[AsyncSession], user: TestUser) -> list[str]:
    """Three jobs of ``user``, oldest first: a menu that succeeded, a workout sheet that failed,
    a menu being read."""
    far = START + dt.timedelta(days=3650)
    ids = []
    async with sessions() as session:
        for number, state in enumerate(STATES):
            created = START + dt.timedelta(minutes=number, microseconds=number)
            photo = Photo(
                user_id=user.id,
                kind="workout_sheet" if number == 1 else "menu",
                storage_key=f"test/{uuid.uuid4()}",
                filename=f"{AWKWARD}.png",
                content_type="image/png",
                size_bytes=12_345_678_901,
                sha256=uuid.uuid4().hex * 2,
                language="eng+deu",
                target_date=dt.date(2026, 5, 4) if number != 2 else None,
                meal=AWKWARD if number == 0 else None,
                created_at=created,
            )
            session.add(photo)
            await session.flush()
            job = {"id": photo.id, "resource_id": photo.id, "user_id": user.id, "input": {}}
            job |= {"kind": "read", "resource": "ocr.job", "run_after": START, "wake_at": far}
            job |= {"lease_expires_at": far, "created_at": created, "updated_at": created}
            await session.execute(insert(jobs.table).values(**job, **state))
            ids.append(str(photo.id))
        await session.commit()
    return ids


async def _summaries(
    sessions: async_sessionmaker[AsyncSession], user: TestUser, *ids: str
) -> list[JobSummary]:
    async with sessions() as session:
        return [
            to_summary(await service.get_job(session, user_id=user.id, job_id=uuid.UUID(job_id)))
            for job_id in ids
        ]


async def test_a_page_of_jobs_is_the_bytes_page_of_job_summary_writes_for_the_rows(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    user, other = make_user(), make_user()
    ids = await _stored(sessions, user)
    newest = await _summaries(sessions, user, *ids[::-1])
    listed = await client.get(JOBS, headers=user.headers)
    assert_same_json(listed, Page[JobSummary](items=newest, total=3, limit=20, offset=0))
    menus = await client.get(JOBS, params={"kind": "menu", "limit": 1}, headers=user.headers)
    assert_same_json(menus, Page[JobSummary](items=newest[:1], total=2, limit=1, offset=0))
    failed = await client.get(JOBS, params={"status": "failed"}, headers=user.headers)
    assert_same_json(failed, Page[JobSummary](items=newest[1:2], total=1, limit=20, offset=0))
    past_the_end = await client.get(JOBS, params={"offset": 7}, headers=user.headers)
    assert_same_json(past_the_end, Page[JobSummary](items=[], total=3, limit=20, offset=7))
    assert (await client.get(JOBS, headers=other.headers)).json()["total"] == 0


async def test_the_fast_lane_answers_the_job_list_as_the_framework_does(
    client: httpx.AsyncClient,
    app: FastAPI,
    make_user: Callable[..., TestUser],
    sessions: async_sessionmaker[AsyncSession],
    token_issuer: TestIssuer,
) -> None:
    owner = make_user()
    await _stored(sessions, owner)
    statuses = await assert_fast_lane_answers_alike(
        client, app, {JOBS: JOBS}, owner=owner, issuer=token_issuer
    )
    assert statuses[f"{JOBS} as given, owner token"] == 200
    assert statuses[f"{JOBS} as given, stranger token"] == 200
    assert statuses[f"{JOBS} bad limit, owner token"] == 422
