"""Files that are not readable photos: refused at the upload (nothing stored) when their bytes
say so, otherwise the job ends ``failed`` with a reason its user can read, and the worker goes
on serving."""

from collections.abc import Callable

import pytest
from PIL import Image

from cadence_shared.testing import TestUser
from services.ocr.tests.conftest import JOBS, Ocr

Page = Callable[..., Image.Image]
Encode = Callable[..., bytes]


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n" + b"x" * 200, b"just some text, not a photo", b"GIF89a" + b"\x00" * 100],
    ids=["pdf", "text", "gif"],
)
async def test_a_file_that_is_not_a_photo_is_415_and_stores_nothing(
    ocr: Ocr, make_user: Callable[..., TestUser], data: bytes
) -> None:
    user = make_user()

    response = await ocr.upload(user, data, filename="menu.png")

    assert response.status_code == 415, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "unsupported_file_type"
    assert await ocr.objects_of(user) == []
    assert (await ocr.client.get(JOBS, headers=user.headers)).json()["total"] == 0


async def test_an_empty_file_is_422_and_stores_nothing(
    ocr: Ocr, make_user: Callable[..., TestUser]
) -> None:
    user = make_user()

    response = await ocr.upload(user, b"")

    assert response.status_code == 422
    assert response.json()["code"] == "upload_empty"
    assert await ocr.objects_of(user) == []


async def test_a_photo_over_10_mib_is_413(ocr: Ocr, make_user: Callable[..., TestUser]) -> None:
    user = make_user()
    png_signature = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"

    response = await ocr.upload(user, png_signature + bytes(10 * 1024 * 1024))

    assert response.status_code == 413
    assert response.json()["code"] == "upload_too_large"
    assert await ocr.objects_of(user) == []


async def test_broken_photos_fail_with_a_reason_and_the_worker_keeps_serving(
    ocr: Ocr,
    make_user: Callable[..., TestUser],
    draw_page: Page,
    encode_image: Encode,
    png_header_only: Callable[[int, int], bytes],
) -> None:
    user = make_user()
    png = encode_image(draw_page([("Tomato soup", "$6.95")]))
    jpeg = encode_image(draw_page([("Tomato soup", "$6.95")]), "JPEG")
    cases = {
        "ocr_image_truncated": [png[: len(png) // 2], jpeg[:300]],
        "ocr_image_too_large": [png_header_only(20_000, 20_000)],
        "ocr_no_text_found": [encode_image(Image.new("RGB", (640, 480), (250, 250, 250)))],
    }

    for code, photos in cases.items():
        for photo in photos:
            job = await ocr.read(user, photo)
            assert (job["status"], job["error_code"]) == ("failed", code), job
            assert job["error"] and len(job["error"]) > 10
            assert job["result"] is None and job["lines"] is None
            if code == "ocr_image_too_large":
                assert "pixels" in job["error"]  # refused from its header, never decoded

    after = await ocr.read(user, png)
    assert after["status"] == "succeeded"
    assert [item["name"] for item in after["result"]["items"]] == ["Tomato soup"]
