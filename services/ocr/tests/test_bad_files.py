"""Files that are not photos fail with a domain error whose code says why."""

from collections.abc import Callable

import pytest
from PIL import Image

from ocr_service import engine
from ocr_service.errors import ImageEmpty, ImageTooLarge, ImageTruncated, NotAnImage


@pytest.fixture
def png(draw_page: Callable[..., Image.Image], encode_image: Callable[..., bytes]) -> bytes:
    return encode_image(draw_page([("Tomato soup", "$6.95")]))


@pytest.fixture
def jpeg(draw_page: Callable[..., Image.Image], encode_image: Callable[..., bytes]) -> bytes:
    return encode_image(draw_page([("Tomato soup", "$6.95")]), "JPEG")


def test_zero_bytes() -> None:
    with pytest.raises(ImageEmpty) as raised:
        engine.read_menu(b"")
    assert raised.value.code == "ocr_image_empty"


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n" + b"x" * 200, b"just some text", b"\x00" * 512],
    ids=["pdf", "text", "nul"],
)
def test_not_an_image(data: bytes) -> None:
    with pytest.raises(NotAnImage) as raised:
        engine.read_workout_sheet(data)
    assert raised.value.code == "ocr_not_an_image"


def test_truncated_png_and_jpeg(png: bytes, jpeg: bytes) -> None:
    for data in (png[: len(png) // 2], jpeg[:200], jpeg[: len(jpeg) // 2]):
        with pytest.raises(ImageTruncated) as raised:
            engine.read_menu(data)
        assert raised.value.code == "ocr_image_truncated"


def test_a_corrupt_png_body(png: bytes) -> None:
    with pytest.raises(ImageTruncated):
        engine.read_menu(png[:60] + bytes(200) + png[260:])


@pytest.mark.parametrize(("width", "height"), [(20_000, 20_000), (8_000, 7_000)])
def test_a_decompression_bomb_is_refused_before_decoding(
    png_header_only: Callable[[int, int], bytes], width: int, height: int
) -> None:
    data = png_header_only(width, height)
    assert len(data) < 200  # a 400 MP claim in a few bytes
    with pytest.raises(ImageTooLarge) as raised:
        engine.read_menu(data)
    assert raised.value.code == "ocr_image_too_large"
    # Pillow's own limit stays on: above twice it, Pillow refuses by itself.
    assert Image.MAX_IMAGE_PIXELS is not None
