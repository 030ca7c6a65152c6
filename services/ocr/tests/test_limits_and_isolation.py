"""The per-user job rate limit, another user's ids (404 on every id route), deleting a job (its
photo gone from storage), and erasing a deleted user."""

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from fastapi import FastAPI
from PIL import Image
from redis.asyncio import Redis

from cadence_shared.app import context_of
from cadence_shared.events import UserDeleted
from cadence_shared.testing import TestUser
from cadence_shared.testing.waiting import eventually
from ocr_service.models import events
from services.ocr.tests.conftest import JOBS, Ocr

Page = Callable[..., Image.Image]
Encode = Callable[..., bytes]
PHOTOS = "SELECT count(*) FROM ocr.photo WHERE user_id = :user"
JOB_ROWS = "SELECT count(*) FROM ocr.job WHERE user_id = :user"


def blank(encode_image: Encode) -> bytes:
    """A small photo the worker is quick with (it fails: no text)."""
    return encode_image(Image.new("RGB", (64, 48), (255, 255, 255)))


async def test_the_eleventh_job_in_an_hour_is_429_and_stores_nothing(
    ocr: Ocr, make_user: Callable[..., TestUser], encode_image: Encode
) -> None:
    user, other = make_user(), make_user()
    photo = blank(encode_image)
    for _ in range(10):
        assert (await ocr.upload(user, photo)).status_code == 202

    refused = await ocr.upload(user, photo)

    assert refused.status_code == 429, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "ocr_jobs_rate_limited"
    assert 3500 <= int(refused.headers["retry-after"]) <= 3600
    assert await ocr.count(PHOTOS, user=user.id) == 10
    assert len(await ocr.objects_of(user)) == 10
    assert (await ocr.upload(other, photo)).status_code == 202  # per user


async def test_another_users_job_is_404_on_every_id_route(
    ocr: Ocr, make_user: Callable[..., TestUser], draw_page: Page, encode_image: Encode
) -> None:
    owner, other = make_user(), make_user()
    job = await ocr.read(owner, encode_image(draw_page([("Tomato soup", "$6.95")])))
    url = f"{JOBS}/{job['id']}"

    for response in (
        await ocr.client.get(url, headers=other.headers),
        await ocr.client.get(f"{url}/image", headers=other.headers),
        await ocr.client.delete(url, headers=other.headers),
        await ocr.client.get(f"{JOBS}/{uuid.uuid4()}", headers=owner.headers),
    ):
        assert response.status_code == 404, response.text
        assert response.json()["code"] == "ocr_job_not_found"
    assert (await ocr.client.get(JOBS, headers=other.headers)).json()["total"] == 0
    assert (await ocr.client.get(url, headers=owner.headers)).status_code == 200
    assert (await ocr.client.get(f"{url}/image", headers=owner.headers)).status_code == 200
    assert len(await ocr.objects_of(owner)) == 1


async def test_deleting_a_job_removes_its_rows_and_its_photo(
    ocr: Ocr, make_user: Callable[..., TestUser], draw_page: Page, encode_image: Encode
) -> None:
    user = make_user()
    job = await ocr.read(user, encode_image(draw_page([("Tomato soup", "$6.95")])))
    (key,) = await ocr.objects_of(user)

    deleted = await ocr.client.delete(f"{JOBS}/{job['id']}", headers=user.headers)

    assert deleted.status_code == 204
    assert not await ocr.storage.exists(key)
    assert await ocr.count(PHOTOS, user=user.id) == await ocr.count(JOB_ROWS, user=user.id) == 0
    gone = await ocr.client.get(f"{JOBS}/{job['id']}", headers=user.headers)
    assert gone.status_code == 404
    again = await ocr.client.delete(f"{JOBS}/{job['id']}", headers=user.headers)
    assert again.status_code == 404


async def test_deleting_a_queued_job_cancels_it(
    ocr: Ocr, make_user: Callable[..., TestUser], draw_page: Page, encode_image: Encode
) -> None:
    user = make_user()
    accepted = await ocr.upload(user, encode_image(draw_page([("Tomato soup", "$6.95")] * 12)))
    job_id = accepted.json()["id"]

    deleted = await ocr.client.delete(f"{JOBS}/{job_id}", headers=user.headers)

    assert deleted.status_code == 204
    assert await ocr.objects_of(user) == []
    assert await ocr.count(JOB_ROWS, user=user.id) == 0
    # Whatever the worker was doing with it, it records nothing for a job that is gone.
    later = await ocr.client.get(JOBS, headers=user.headers)
    assert later.json()["total"] == 0


async def test_a_deleted_user_is_erased_rows_files_and_idempotent_answers(
    ocr: Ocr,
    app: FastAPI,
    redis_url: str,
    make_user: Callable[..., TestUser],
    draw_page: Page,
    encode_image: Encode,
) -> None:
    await asyncio.wait_for(context_of(app).events.ready.wait(), 10)
    leaving, staying = make_user(), make_user()
    photo = encode_image(draw_page([("Tomato soup", "$6.95")]))
    key = {"Idempotency-Key": f"erase-{uuid.uuid4()}"}
    first = await ocr.read(leaving, photo, headers=key)
    await ocr.read(leaving, blank(encode_image), kind="workout")
    kept = await ocr.read(staying, photo)
    redis = Redis.from_url(redis_url)
    pattern = f"*{{ocr-menu:{leaving.id}:*"
    assert [name async for name in redis.scan_iter(match=pattern)] != []

    async with ocr.engine.connect() as conn:
        await events.publish(conn, UserDeleted(user_id=leaving.id, deleted_at=datetime.now(UTC)))
        await conn.commit()

    async def erased() -> bool:
        return await ocr.count(PHOTOS, user=leaving.id) == 0 and not await ocr.objects_of(leaving)

    await eventually(erased, within_s=20, what="the deleted user's photos and rows erased")
    assert await ocr.count(JOB_ROWS, user=leaving.id) == 0
    await eventually(
        lambda: _none_left(redis, pattern), within_s=10, what="the idempotent answers forgotten"
    )
    await redis.aclose()
    gone = await ocr.client.get(f"{JOBS}/{first['id']}", headers=leaving.headers)
    assert gone.status_code == 404
    assert (
        await ocr.client.get(f"{JOBS}/{kept['id']}", headers=staying.headers)
    ).status_code == 200
    assert len(await ocr.objects_of(staying)) == 1


async def _none_left(redis: Redis, pattern: str) -> bool:
    return [name async for name in redis.scan_iter(match=pattern)] == []
