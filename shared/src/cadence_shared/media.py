"""Media of known content made in code, for the tests and the demo data: pages of text a reader
can read (Pillow, DejaVu Sans from fonts-dejavu-core), WAV recordings of a known tempo or pitch
(the standard library's ``wave``), and laser design files of known geometry (SVG, DXF, PNG).

Pillow is a dependency of the services that take images, not of this library: import this
module only where it is installed (the workspace, ocr, projects)."""

from __future__ import annotations

import io
import math
import wave
from array import array

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
RATE = 22_050
MENU = [
    ("Harbour Kitchen", ""),
    ("Grilled salmon", "$18.50"),
    ("  520 kcal \u00b7 P 40g C 10g F 30g", ""),
    ("Tomato soup", "$6.95"),
    ("  450 kcal \u00b7 P 35g C 20g F 18g", ""),
]
"""A menu of two dishes, each with its price and nutrients: read as Grilled salmon (18.50,
520 kcal) and Tomato soup (6.95, 450 kcal)."""


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
    """The image's bytes in ``image_format`` (PNG, JPEG, WEBP ...)."""
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def _wav(samples: array[float], rate: int) -> bytes:
    pcm = array("h", (round(max(-1.0, min(1.0, value)) * 32767) for value in samples))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())
    return buffer.getvalue()


def click_track(bpm: float, seconds: float = 12.0, rate: int = RATE) -> bytes:
    """A mono 16-bit WAV of short clicks (a 64-sample Hann window at 0.8) at ``bpm``."""
    signal = array("d", bytes(8 * int(seconds * rate)))
    width = 64
    click = [0.8 * (0.5 - 0.5 * math.cos(2 * math.pi * n / (width - 1))) for n in range(width)]
    step = rate * 60 / bpm
    beat = 0
    while (start := int(beat * step)) < len(signal) - width:
        for offset, value in enumerate(click):
            signal[start + offset] += value
        beat += 1
    return _wav(signal, rate)


def tone(frequency: float, seconds: float = 3.0, rate: int = RATE, level: float = 0.3) -> bytes:
    """A mono 16-bit WAV of a sine at ``frequency`` Hz, faded in and out over 10 ms."""
    count = int(seconds * rate)
    fade = int(0.01 * rate)
    signal = array(
        "d",
        (
            level
            * min(1.0, n / fade, (count - n) / fade)
            * math.sin(2 * math.pi * frequency * n / rate)
            for n in range(count)
        ),
    )
    return _wav(signal, rate)


def rect_svg(width_mm: float = 100, height_mm: float = 50) -> bytes:
    """An SVG of one rectangle outline, ``width_mm`` x ``height_mm`` (its cut length is the
    perimeter)."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'width="{width_mm:g}mm" height="{height_mm:g}mm" viewBox="0 0 {width_mm:g} {height_mm:g}">'
        f'<rect x="0" y="0" width="{width_mm:g}" height="{height_mm:g}" fill="none" '
        'stroke="black"/></svg>'
    ).encode()


def circle_dxf(radius_mm: float = 20) -> bytes:
    """An ASCII DXF in millimetres ($INSUNITS 4) of one circle centred on the origin."""
    codes = ["0", "SECTION", "2", "HEADER", "9", "$INSUNITS", "70", "4", "0", "ENDSEC"]
    codes += ["0", "SECTION", "2", "ENTITIES", "0", "CIRCLE", "8", "0"]
    codes += ["10", "0.0", "20", "0.0", "30", "0.0", "40", f"{radius_mm:g}"]
    codes += ["0", "ENDSEC", "0", "EOF"]
    return ("\n".join(codes) + "\n").encode()


def half_black_png(width: int = 400, height: int = 200, dpi: int = 254) -> bytes:
    """A greyscale PNG, its left half black and its right half white, at ``dpi``."""
    image = Image.new("L", (width, height), 255)
    image.paste(0, (0, 0, width // 2, height))
    return encode(image, "PNG", dpi=(dpi, dpi))
