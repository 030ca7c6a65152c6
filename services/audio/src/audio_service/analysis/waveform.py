"""Waveform peaks for drawing: the min and max of the mono signal in equal buckets."""

import numpy as np

from audio_service.analysis.decoding import Samples

MAX_POINTS = 4000


def waveform_peaks(signal: Samples, points: int = MAX_POINTS) -> list[tuple[float, float]]:
    """``points`` (at most 4,000, at most one a sample) pairs of (min, max), rounded to 1e-4."""
    points = max(1, min(points, MAX_POINTS, len(signal)))
    edges = np.linspace(0, len(signal), points + 1).astype(np.int64)[:-1]
    lows = np.minimum.reduceat(signal, edges)
    highs = np.maximum.reduceat(signal, edges)
    return [(round(float(lo), 4), round(float(hi), 4)) for lo, hi in zip(lows, highs, strict=True)]
