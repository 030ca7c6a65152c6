"""A photo to a clean page for Tesseract: grayscale, even lighting, upright, text at the size
Tesseract reads best, denoised and (by default) thresholded.

Pillow decodes (see ``images.py``); OpenCV does the pixel work on numpy arrays, because every
step here (resizing, a rotation, a 31 px median for the background, connected components, an
adaptive threshold) is one call in C there, where Pillow has no adaptive threshold, no connected
components and a median filter that is two orders of magnitude slower at that size.
"""

import statistics
from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

Gray = NDArray[np.uint8]

TARGET_GLYPH_PX = 26.0
"""The median height of a glyph (a connected component) after scaling: Tesseract's LSTM models
read best with an x-height of about 20 px; a median glyph (lower case with ascenders) is taller."""

MAX_SIDE = 4_000
"""The working image's longer side at most, whatever the text size (bounds the time per image)."""


@dataclass(frozen=True, slots=True)
class Preprocessing:
    """Which steps run. The defaults are the ones the benchmark chose (bench/README.md)."""

    scale: bool = True
    deskew: bool = True
    flatten_light: bool = True
    denoise: bool = True
    # "adaptive": Tesseract reads the thresholded page; "none": the grayscale one; "both": it
    # reads each and the engine keeps the reading it is surer of (see engine.read_lines).
    threshold: Literal["adaptive", "none", "both"] = "both"
    max_skew_deg: float = 5.0


@dataclass(frozen=True, slots=True)
class Page:
    """The page as Tesseract gets it, and what preprocessing found out about it."""

    image: Gray  # the grayscale page, or the thresholded one
    alternatives: tuple[Gray, ...]  # with threshold="both": the grayscale page as well
    scale: float
    skew_deg: float
    glyph_px: float


def prepare(image: Image.Image, steps: Preprocessing = Preprocessing()) -> Page:
    gray = np.asarray(image.convert("L"), dtype=np.uint8)
    if steps.flatten_light:
        gray = flatten_lighting(gray)
    glyph = glyph_height(gray)
    factor = _scale_factor(gray.shape, glyph) if steps.scale else 1.0
    if factor != 1.0:
        interpolation = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
        gray = _resize(gray, factor, interpolation)
    skew = estimate_skew(gray, steps.max_skew_deg) if steps.deskew else 0.0
    if skew:
        gray = rotate(gray, skew)
    if steps.denoise:
        gray = np.asarray(cv2.medianBlur(gray, 3), dtype=np.uint8)
    gray = np.ascontiguousarray(gray)
    if steps.threshold == "none":
        return Page(image=gray, alternatives=(), scale=factor, skew_deg=skew, glyph_px=glyph)
    binary = np.ascontiguousarray(binarize(gray, glyph * factor))
    alternatives = (gray,) if steps.threshold == "both" else ()
    return Page(binary, alternatives, scale=factor, skew_deg=skew, glyph_px=glyph)


def _resize(gray: Gray, factor: float, interpolation: int = cv2.INTER_AREA) -> Gray:
    resized = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=interpolation)
    return np.asarray(resized, dtype=np.uint8)


def flatten_lighting(gray: Gray) -> Gray:
    """Divides by the background (a large median of a small copy): shadows and a lamp's falloff
    become white paper; the ink keeps its contrast."""
    height, width = gray.shape
    small_factor = min(1.0, 400 / max(height, width))
    small = _resize(gray, small_factor)
    background = cv2.medianBlur(cv2.dilate(small, np.ones((5, 5), np.uint8)), 21)
    background = cv2.resize(background, (width, height), interpolation=cv2.INTER_LINEAR)
    flat = cv2.divide(gray, np.maximum(background, 1), scale=255)
    return np.asarray(flat, dtype=np.uint8)


def _otsu_ink(gray: Gray) -> Gray:
    """Ink as 255 on 0 (Otsu's global threshold; the lighting is flat by now)."""
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return np.asarray(ink, dtype=np.uint8)


def glyph_height(gray: Gray) -> float:
    """The median height in px of the glyph-like connected components (0 when there are none)."""
    height, width = gray.shape
    factor: float = min(1.0, 1600 / max(height, width))
    small = gray if factor == 1.0 else _resize(gray, factor)
    count, _, stats, _ = cv2.connectedComponentsWithStats(_otsu_ink(small), connectivity=8)
    heights = stats[1:count, cv2.CC_STAT_HEIGHT]
    widths = stats[1:count, cv2.CC_STAT_WIDTH]
    glyphs = heights[(heights >= 4) & (heights <= small.shape[0] / 4) & (widths <= heights * 4)]
    if glyphs.size < 5:
        return 0.0
    values: list[int] = glyphs.tolist()
    return float(statistics.median(values)) / factor


def _scale_factor(shape: tuple[int, ...], glyph: float) -> float:
    if glyph <= 0:
        return 1.0
    factor = min(4.0, max(0.3, TARGET_GLYPH_PX / glyph))
    factor = min(factor, MAX_SIDE / max(shape))
    return 1.0 if abs(factor - 1) < 0.1 else factor


def estimate_skew(gray: Gray, max_deg: float) -> float:
    """The page's rotation in degrees (counter-clockwise positive), found by rotating a small
    copy of the ink and keeping the angle whose row profile is sharpest (text lines give tall
    narrow peaks only when they are horizontal)."""
    height, width = gray.shape
    factor = min(1.0, 800 / max(height, width))
    ink = _otsu_ink(_resize(gray, factor))
    best = _best_angle(ink, np.arange(-max_deg, max_deg + 0.01, 0.5))
    best = _best_angle(ink, np.arange(best - 0.4, best + 0.41, 0.1))
    return 0.0 if abs(best) < 0.15 else round(best, 2)


def _best_angle(ink: Gray, angles: NDArray[np.float64]) -> float:
    scores = [_profile_sharpness(rotate(ink, float(angle), fill=0)) for angle in angles]
    return float(angles[int(np.argmax(scores))])


def _profile_sharpness(ink: Gray) -> float:
    rows = ink.sum(axis=1, dtype=np.float64)
    return float(np.square(np.diff(rows)).sum())


def rotate(gray: Gray, degrees: float, *, fill: int = 255) -> Gray:
    """Rotated about the centre by ``degrees`` (counter-clockwise), same size, edges ``fill``."""
    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    rotated = cv2.warpAffine(
        gray, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=(fill,)
    )
    return np.asarray(rotated, dtype=np.uint8)


def binarize(gray: Gray, glyph_px: float) -> Gray:
    """Black ink on white: a local (Gaussian-weighted) threshold over a window about two glyphs
    wide, so a smudge or what is left of a shadow does not swallow nearby letters."""
    block = max(15, int(glyph_px * 2) | 1)
    binary = cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, block, 15
    )
    return np.asarray(binary, dtype=np.uint8)
