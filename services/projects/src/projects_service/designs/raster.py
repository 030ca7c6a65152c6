"""PNG and JPEG through Pillow: size, DPI, physical size, a 16-bin grayscale histogram and the
share of pixels that burn at the project's threshold.

Decompression bombs: Pillow's ``Image.open`` reads only the header, and the pixel count it
declares is checked against ``Image.MAX_IMAGE_PIXELS`` (89,478,485, Pillow's own limit) before
a byte is decoded: above it the file is refused (Pillow itself only warns below twice the
limit). A truncated file fails while decoding (``LOAD_TRUNCATED_IMAGES`` stays False)."""

import io
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from projects_service.designs.kinds import DesignKind
from projects_service.errors import DesignCorrupt, ImageTooLarge

PILLOW_FORMATS = {DesignKind.png: "PNG", DesignKind.jpeg: "JPEG"}
HISTOGRAM_BINS = 16
# A DPI below this is no DPI: JFIF headers with only an aspect ratio say 1 x 1.
MIN_CREDIBLE_DPI = 10.0
# PNG stores pixels per metre as an integer, so 300 DPI comes back as 299.9994: a tenth of a DPI
# is finer than the format can say, and rounding to it gives the DPI the file was saved with.
DPI_DECIMALS = 1
MM_PER_INCH = 25.4


@dataclass(frozen=True, slots=True)
class RasterFacts:
    width_px: int
    height_px: int
    dpi: tuple[float, float] | None  # the file's own
    histogram: list[float]  # share of pixels per gray band, black first
    gray_levels: list[int]  # the 256-level histogram the bands and burn share come from


def open_image(data: bytes, kind: DesignKind) -> Image.Image:
    """The decoded image; refuses a bomb, a damaged file and bytes of another format."""
    try:
        image = Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[kind]])
    except Image.DecompressionBombError as exc:
        raise ImageTooLarge(str(exc)) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        # The bytes begin as this format (detect_kind judged them): what follows is damaged.
        raise DesignCorrupt(f"The image header cannot be read: {exc}.") from exc
    width, height = image.size
    limit = Image.MAX_IMAGE_PIXELS or 0
    if width * height > limit or width <= 0 or height <= 0:
        image.close()
        raise ImageTooLarge(f"{width} x {height} px is over {limit} pixels.")
    try:
        image.load()
    except (OSError, SyntaxError, ValueError) as exc:
        raise DesignCorrupt(f"The image data is damaged: {exc}.") from exc
    return image


def burn_view(image: Image.Image) -> Image.Image:
    """The image as the laser sees it: gray, transparent areas white (nothing burns there)."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("L")
    return image.convert("L")


def own_dpi(image: Image.Image) -> tuple[float, float] | None:
    dpi = image.info.get("dpi")
    if not isinstance(dpi, tuple) or len(dpi) != 2:
        return None
    x, y = round(float(dpi[0]), DPI_DECIMALS), round(float(dpi[1]), DPI_DECIMALS)
    return (x, y) if min(x, y) >= MIN_CREDIBLE_DPI else None


def raster_facts(image: Image.Image) -> RasterFacts:
    gray = burn_view(image)
    levels = gray.histogram()
    total = sum(levels)
    band = 256 // HISTOGRAM_BINS
    histogram = [sum(levels[i : i + band]) / total for i in range(0, 256, band)]
    return RasterFacts(image.width, image.height, own_dpi(image), histogram, levels)


def burn_share(levels: list[int], threshold: int) -> float:
    """Share of pixels darker than ``threshold`` (0 .. 256): those the laser burns."""
    return sum(levels[:threshold]) / sum(levels)


def physical_mm(width_px: int, height_px: int, dpi: tuple[float, float]) -> tuple[float, float]:
    return width_px / dpi[0] * MM_PER_INCH, height_px / dpi[1] * MM_PER_INCH
