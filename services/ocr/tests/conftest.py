"""The service's fixtures, and small images of known text for the engine tests: drawn with
Pillow (DejaVu Sans, fonts-dejavu-core) and encoded in memory."""

import io
import struct
import zlib
from collections.abc import Callable

import pytest
from PIL import Image, ImageDraw, ImageFont

from cadence_shared.testing.service import service_fixtures
from ocr_service.main import build_app
from ocr_service.settings import Settings

settings, app, client, sessions, engine = service_fixtures("ocr", Settings, build_app)


FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def page(rows: list[tuple[str, str]], *, size: int = 28, width: int = 760) -> Image.Image:
    """Each row's left text at the margin and its right text right-aligned, like a menu."""
    font = ImageFont.truetype(FONT, size)
    height = int(len(rows) * size * 1.7) + 2 * size
    image = Image.new("RGB", (width, height), (250, 248, 242))
    draw = ImageDraw.Draw(image)
    for index, (left, right) in enumerate(rows):
        y = size + int((index + 1) * size * 1.7)
        draw.text((size, y), left, font=font, fill=(30, 30, 30), anchor="ls")
        if right:
            draw.text((width - size, y), right, font=font, fill=(30, 30, 30), anchor="rs")
    return image


def encode(image: Image.Image, image_format: str = "PNG", **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A valid PNG signature and header claiming ``width`` x ``height`` px, with almost no
    pixels behind it: what a decompression bomb looks like before it is decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


Page = Callable[..., Image.Image]
Encode = Callable[..., bytes]


@pytest.fixture
def draw_page() -> Page:
    return page


@pytest.fixture
def encode_image() -> Encode:
    return encode


@pytest.fixture(name="png_header_only")
def png_header_only_fixture() -> Callable[[int, int], bytes]:
    return png_header_only
