"""PNG previews, 512 px on the long side, drawn with Pillow for every kind.

Vectors are drawn from the same millimetre paths the G-code follows (Pillow's ImageDraw), not
by a second SVG renderer: the preview shows exactly what will be cut, DXF and SVG alike, and no
other parser (cairosvg, resvg) reads the untrusted file. Rasters are shown as the laser sees
them (gray, transparency as white)."""

import io

from PIL import Image, ImageDraw

from projects_service.designs.geometry import Paths, bounds
from projects_service.designs.raster import burn_view

PREVIEW_PX = 512
MARGIN_PX = 8


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def fitted(width: float, height: float, long_side: int) -> tuple[int, int, float]:
    """The size that fits ``long_side`` and the scale from the original to it."""
    scale = long_side / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale)), scale


def raster_preview(image: Image.Image) -> bytes:
    gray = burn_view(image)
    width, height, _ = fitted(gray.width, gray.height, PREVIEW_PX)
    return png_bytes(gray.resize((width, height), Image.Resampling.LANCZOS))


def vector_preview(paths: Paths) -> bytes:
    box = bounds(paths)
    inner = PREVIEW_PX - 2 * MARGIN_PX
    width, height, scale = fitted(max(box.width, 1e-6), max(box.height, 1e-6), inner)
    canvas = Image.new("L", (width + 2 * MARGIN_PX, height + 2 * MARGIN_PX), 255)
    draw = ImageDraw.Draw(canvas)
    for path in paths:
        pixels = [
            (MARGIN_PX + (x - box.min_x) * scale, MARGIN_PX + (box.max_y - y) * scale)
            for x, y in path
        ]
        draw.line(pixels, fill=0, width=2, joint="curve")
    return png_bytes(canvas)
