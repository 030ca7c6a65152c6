"""Photos of known content through the API and a real worker: upload, job, parsed result, the
event fitness drafts from, the photo served back; listing, filters, idempotent retries."""

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import text

from cadence_shared.events import OcrJobCompleted
from cadence_shared.testing import TestUser
from services.ocr.tests.conftest import JOBS, Ocr

MENU = [
    ("Harbour Kitchen", ""),
    ("Grilled salmon", "$18.50"),
    ("  520 kcal \u00b7 P 40g C 10g F 30g", ""),
    ("Tomato soup", "$6.95"),
    ("  450 kcal \u00b7 P 35g C 20g F 18g", ""),
]
SHEET = [
    ("Leg day", ""),
    ("Back squat 3x8 @ 60kg", ""),
    ("Deadlift 3 x 5 x 100 kg", ""),
    ("Front squat 5/5/5 100kg", ""),
    ("Bench press \u2014 4 sets of 10, 50 kg", ""),
    ("Curl 3x12 @ 25 lb", ""),
]
Page = Callable[..., Image.Image]
Encode = Callable[..., bytes]


async def completed_event(ocr: Ocr, job_id: str) -> OcrJobCompleted:
    async with ocr.engine.connect() as conn:
        envelope = (
            await conn.execute(
                text(
                    "SELECT envelope FROM ocr.event_outbox "
                    "WHERE type = 'ocr.job.completed.v1' AND envelope->>'subject' = :job"
                ),
                {"job": job_id},
            )
        ).scalar_one()
    return OcrJobCompleted.model_validate(envelope["data"])


async def test_a_menu_photo_becomes_a_parsed_job_and_the_event_fitness_drafts_from(
    ocr: Ocr, make_user: Callable[..., TestUser], draw_page: Page, encode_image: Encode
) -> None:
    user = make_user()
    photo = encode_image(draw_page(MENU), "JPEG", quality=85)

    accepted = await ocr.upload(
        user, photo, fields={"date": "2026-11-30", "meal": "dinner"}, filename="menu.jpg"
    )

    assert accepted.status_code == 202, accepted.text
    queued = accepted.json()
    assert queued["status"] == "queued"
    assert accepted.headers["location"] == f"{JOBS}/{queued['id']}"
    assert (queued["kind"], queued["date"], queued["meal"]) == ("menu", "2026-11-30", "dinner")
    assert queued["image"]["content_type"] == "image/jpeg"
    assert queued["image"]["size_bytes"] == len(photo)
    job = await ocr.finished(user, queued["id"])
    assert job["status"] == "succeeded", job
    items = job["result"]["items"]
    assert [(i["name"], i["price"], i["currency"]) for i in items] == [
        ("Grilled salmon", 18.5, "USD"),
        ("Tomato soup", 6.95, "USD"),
    ]
    macros = [(i["kcal"], i["protein_g"], i["carbs_g"], i["fat_g"]) for i in items]
    assert macros == [(520, 40, 10, 30), (450, 35, 20, 18)]
    assert [line["text"] for line in job["result"]["unparsed"]] == ["Harbour Kitchen"]
    assert job["text"].splitlines()[0] == "Harbour Kitchen"
    assert all(0 < line["confidence"] <= 1 for line in job["lines"])
    assert (job["percent"], job["stage"]) == (100, None)
    timing = job["timing"]
    assert 0 < timing["work_s"] <= timing["total_s"]
    assert timing["queued_s"] >= 0

    event = await completed_event(ocr, job["id"])
    assert (event.job_id, event.user_id, event.kind) == (uuid.UUID(job["id"]), user.id, "menu")
    assert (str(event.target_date), event.meal, event.status) == (
        "2026-11-30",
        "dinner",
        "succeeded",
    )
    assert event.menu is not None
    assert [(i.name, i.kcal, i.protein_g) for i in event.menu.items] == [
        ("Grilled salmon", 520, 40),
        ("Tomato soup", 450, 35),
    ]
    requested = await ocr.count(
        "SELECT count(*) FROM ocr.event_outbox WHERE type = 'ocr.job.requested.v1' "
        "AND envelope->>'subject' = :job",
        job=job["id"],
    )
    assert requested == 1


async def test_a_workout_sheet_reads_every_notation(
    ocr: Ocr, make_user: Callable[..., TestUser], draw_page: Page, encode_image: Encode
) -> None:
    user = make_user()

    job = await ocr.read(
        user, encode_image(draw_page(SHEET)), kind="workout", fields={"language": "eng"}
    )

    assert job["status"] == "succeeded", job
    sheet = job["result"]
    assert sheet["title"] == "Leg day"
    read = [
        (
            e["name"],
            [s["reps"] for s in e["sets"]],
            e["weight"],
            e["unit"],
            e["sets"][0]["weight_kg"],
        )
        for e in sheet["exercises"]
    ]
    assert read == [
        ("Back squat", [8] * 3, 60.0, "kg", 60.0),
        ("Deadlift", [5] * 3, 100.0, "kg", 100.0),
        ("Front squat", [5] * 3, 100.0, "kg", 100.0),
        ("Bench press", [10] * 4, 50.0, "kg", 50.0),
        ("Curl", [12] * 3, 25.0, "lb", pytest.approx(11.34, abs=0.01)),
    ]
    event = await completed_event(ocr, job["id"])
    assert event.kind == "workout_sheet" and event.workout_sheet is not None
    assert [e.name for e in event.workout_sheet.exercises][:2] == ["Back squat", "Deadlift"]


async def test_the_photo_is_served_back_with_ranges(
    ocr: Ocr, make_user: Callable[..., TestUser], draw_page: Page, encode_image: Encode
) -> None:
    user = make_user()
    photo = encode_image(draw_page([("Tomato soup", "$6.95")]), "WEBP", quality=90)
    accepted = await ocr.upload(user, photo, filename="soup.webp")
    assert accepted.status_code == 202, accepted.text
    url = accepted.json()["image"]["url"]

    whole = await ocr.client.get(url, headers=user.headers)
    part = await ocr.client.get(url, headers={**user.headers, "Range": "bytes=0-99"})

    assert whole.status_code == 200
    assert whole.content == photo
    assert whole.headers["content-type"] == "image/webp"
    assert part.status_code == 206
    assert part.content == photo[:100]
    assert part.headers["content-range"] == f"bytes 0-99/{len(photo)}"
    await ocr.finished(user, accepted.json()["id"])


async def test_heic_is_taken(
    ocr: Ocr, make_user: Callable[..., TestUser], draw_page: Page, encode_image: Encode
) -> None:
    user = make_user()

    job = await ocr.read(
        user, encode_image(draw_page([("Tomato soup", "$6.95")]), "HEIF", quality=90)
    )

    assert job["image"]["content_type"] == "image/heic"
    assert job["status"] == "succeeded", job
    assert [(i["name"], i["price"]) for i in job["result"]["items"]] == [("Tomato soup", 6.95)]


async def test_listing_pages_and_filters_by_kind_and_status(
    ocr: Ocr,
    make_user: Callable[..., TestUser],
    draw_page: Page,
    encode_image: Encode,
    png_header_only: Callable[[int, int], bytes],
) -> None:
    user = make_user()
    menu = await ocr.read(user, encode_image(draw_page([("Tomato soup", "$6.95")])))
    sheet = await ocr.read(user, encode_image(draw_page(SHEET[1:3])), kind="workout")
    bomb = await ocr.read(user, png_header_only(20_000, 20_000))
    assert [menu["status"], sheet["status"], bomb["status"]] == ["succeeded"] * 2 + ["failed"]

    async def listed(**params: Any) -> dict[str, Any]:
        response = await ocr.client.get(JOBS, params=params, headers=user.headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    everything = await listed()
    assert everything["total"] == 3
    assert [job["id"] for job in everything["items"]] == [bomb["id"], sheet["id"], menu["id"]]
    assert [j["id"] for j in (await listed(kind="menu"))["items"]] == [bomb["id"], menu["id"]]
    assert [j["id"] for j in (await listed(kind="workout_sheet"))["items"]] == [sheet["id"]]
    failed = await listed(status="failed")
    assert [(j["id"], j["error_code"]) for j in failed["items"]] == [
        (bomb["id"], "ocr_image_too_large")
    ]
    second = await listed(limit=1, offset=1)
    assert (second["total"], [j["id"] for j in second["items"]]) == (3, [sheet["id"]])
    bad = await ocr.client.get(JOBS, params={"status": "done"}, headers=user.headers)
    assert bad.status_code == 422


async def test_a_retry_with_the_same_idempotency_key_makes_one_job(
    ocr: Ocr, make_user: Callable[..., TestUser], draw_page: Page, encode_image: Encode
) -> None:
    user = make_user()
    photo = encode_image(draw_page([("Tomato soup", "$6.95")]))
    key = {"Idempotency-Key": f"menu-{uuid.uuid4()}"}

    first = await ocr.upload(user, photo, headers=key)
    again = await ocr.upload(user, photo, headers=key)
    other = await ocr.upload(user, photo + b"\x00", headers=key)

    assert first.status_code == again.status_code == 202
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert len(await ocr.objects_of(user)) == 1
    await ocr.finished(user, first.json()["id"])


async def test_a_language_not_installed_is_422_and_stores_nothing(
    ocr: Ocr, make_user: Callable[..., TestUser], draw_page: Page, encode_image: Encode
) -> None:
    user = make_user()
    photo = encode_image(draw_page([("Tomato soup", "$6.95")]))

    missing = await ocr.upload(user, photo, fields={"language": "xyz"})
    malformed = await ocr.upload(user, photo, fields={"language": "../etc"})
    bad_date = await ocr.upload(user, photo, fields={"date": "yesterday"})

    assert missing.status_code == 422
    assert missing.json()["code"] == "ocr_language_unavailable"
    assert malformed.json()["code"] == bad_date.json()["code"] == "validation_failed"
    assert await ocr.objects_of(user) == []
    assert (await ocr.client.get(JOBS, headers=user.headers)).json()["total"] == 0
