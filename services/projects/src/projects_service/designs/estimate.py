"""Job times from geometry and the project's settings.

Raster: the head sweeps every line of the image at the burning speed, and each line end costs
``LINE_OVERHEAD_S`` (deceleration, the step to the next line, acceleration: 0.05 s is what a
GRBL diode machine at 1000 mm/s² spends turning round at 1000 to 6000 mm/min):

    lines = ceil(height_mm / line_interval_mm)
    time_s = lines * (width_mm / speed_mm_min * 60 + LINE_OVERHEAD_S) * passes

Vector: the cut runs at the burning speed once per pass; the travel between paths runs at the
machine's rapid speed ``RAPID_MM_MIN`` (GRBL's default max rate on common diode frames):

    time_s = cut_mm / speed_mm_min * 60 * passes + travel_mm / RAPID_MM_MIN * 60

The travel term is one pass's travel between paths, as the issue defines it; a multi-pass job
also moves back to the first path between passes, which this leaves out.
"""

import math
from dataclasses import dataclass

LINE_OVERHEAD_S = 0.05
RAPID_MM_MIN = 6000.0


@dataclass(frozen=True, slots=True)
class RasterEstimate:
    lines: int
    line_s: float
    line_overhead_s: float
    passes: int
    seconds: float


@dataclass(frozen=True, slots=True)
class VectorEstimate:
    cut_s: float
    travel_s: float
    rapid_mm_min: float
    passes: int
    seconds: float


def raster_estimate(
    width_mm: float, height_mm: float, *, line_interval_mm: float, speed_mm_min: float, passes: int
) -> RasterEstimate:
    # The epsilon keeps an exact multiple (50.8 / 0.1) from rounding up to one line more.
    lines = max(1, math.ceil(height_mm / line_interval_mm - 1e-6))
    line_s = width_mm / speed_mm_min * 60
    seconds = lines * (line_s + LINE_OVERHEAD_S) * passes
    return RasterEstimate(lines, line_s, LINE_OVERHEAD_S, passes, seconds)


def vector_estimate(
    cut_mm: float, travel_mm: float, *, speed_mm_min: float, passes: int
) -> VectorEstimate:
    cut_s = cut_mm / speed_mm_min * 60 * passes
    travel_s = travel_mm / RAPID_MM_MIN * 60
    return VectorEstimate(cut_s, travel_s, RAPID_MM_MIN, passes, cut_s + travel_s)
