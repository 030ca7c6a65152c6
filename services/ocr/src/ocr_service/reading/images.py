"""Bytes to a Pillow image, or a domain error that says what is wrong with the file.

Pillow decodes (PNG, JPEG, WebP, TIFF, BMP, GIF; HEIC and HEIF through pillow-heif, which
carries its own libheif) and applies the EXIF orientation a phone camera
writes instead of rotating the pixels. The pixel budget is checked from the header, before any
pixel is decoded: a 20,000 x 20,000 px PNG of a few hundred KiB would otherwise take 400 MB of
memory (Pillow itself only warns above 89 MP and refuses above 179 MP).
"""

import io
import warnings

import pillow_heif
from PIL import Image, ImageOps, UnidentifiedImageError

from ocr_service.errors import ImageEmpty, ImageTooLarge, ImageTruncated, NotAnImage

MAX_PIXELS = 50_000_000
"""A 50 MP phone photo is the largest accepted; anything above it is refused unread."""

pillow_heif.register_heif_opener()  # what an iPhone camera writes by default

FORMATS = ("PNG", "JPEG", "WEBP", "TIFF", "BMP", "GIF", "HEIF")


def open_image(data: bytes, *, max_pixels: int = MAX_PIXELS) -> Image.Image:
    """The decoded image, upright (EXIF orientation applied), in RGB or L mode."""
    if not data:
        raise ImageEmpty()
    with warnings.catch_warnings():
        # Pillow's own limit warns first, then raises: both mean "too many pixels" here.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageTooLarge() from None
        except UnidentifiedImageError:
            raise NotAnImage() from None
        except (OSError, SyntaxError, ValueError):
            raise ImageTruncated() from None
        width, height = image.size
        if width * height > max_pixels:
            raise ImageTooLarge(f"The image is {width} x {height} px; at most {max_pixels:,} px.")
        return _decode(image)


def _decode(image: Image.Image) -> Image.Image:
    try:
        image.load()
        upright = ImageOps.exif_transpose(image) or image
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageTooLarge() from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ImageTruncated() from None
    if upright.mode not in ("RGB", "L"):
        upright = _flatten(upright)
    return upright


def _flatten(image: Image.Image) -> Image.Image:
    """RGB, with any transparency composited on white (a screenshot's alpha is paper here)."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("RGB")
    return image.convert("RGB")
