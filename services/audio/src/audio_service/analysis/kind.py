"""Loop or one-shot.

A loop is a whole number of 4/4 bars at the detected tempo (within ``BAR_TOLERANCE`` of a
bar) that plays on seamlessly from its end into its start: it has an onset after its first
beat, neither its first nor its last beat is more than ``EDGE_DROP_DB`` below its loudest (a
hit decays into silence, a riser swells out of it), and there is no jump between the last
sample and the first. Anything else (a hit, a stab, a riser, a whole song cut anywhere) is a one-shot.
A loop's tempo is then snapped to its bars: a loop cut to the sample says its tempo exactly.
"""

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from audio_service.analysis.decoding import ANALYSIS_RATE, Samples

BEATS_PER_BAR = 4
# In bars, whatever the length: a 2-bar loop may be 2 % off its estimated tempo (few beats to
# measure), a 10-bar file only 0.4 % (so snapping moves a tempo by at most that).
BAR_TOLERANCE = 0.04
EDGE_DROP_DB = 15.0
EDGE_S = 0.05
JUMP_FACTOR = 4.0


@dataclass(frozen=True)
class Kind:
    kind: Literal["loop", "one-shot"]
    bars: int | None
    bpm: float | None  # snapped to the bars for a loop


def classify(signal: Samples, bpm: float | None, onset_times_s: np.ndarray) -> Kind:
    if bpm is None:
        return Kind("one-shot", None, None)
    duration = len(signal) / ANALYSIS_RATE
    bar_s = 60.0 * BEATS_PER_BAR / bpm
    bars = round(duration / bar_s)
    whole = bars >= 1 and abs(duration / bar_s - bars) <= BAR_TOLERANCE
    if not whole:
        return Kind("one-shot", None, bpm)
    beat_s = duration / (bars * BEATS_PER_BAR)
    rhythmic = bool(np.any(onset_times_s > beat_s * 0.9))
    if rhythmic and _plays_on(signal, beat_s) and _no_jump(signal):
        return Kind("loop", bars, bars * BEATS_PER_BAR * 60.0 / duration)
    return Kind("one-shot", None, bpm)


def _level_db(window: Samples) -> float:
    rms = float(np.sqrt(np.mean(np.square(window, dtype=np.float64)))) if len(window) else 0.0
    return 20 * math.log10(max(rms, 1e-9))


def _plays_on(signal: Samples, beat_s: float) -> bool:
    """Neither the first nor the last beat is far below the loudest beat.

    A loop's beats are alike; a hit or a stab decays (its last beat is a quiet tail) and a
    riser swells (its first beat is a quiet lead-in).
    """
    beat = beat_s * ANALYSIS_RATE
    count = max(1, round(len(signal) / beat))
    levels = [_level_db(signal[round(k * beat) : round((k + 1) * beat)]) for k in range(count)]
    loudest = max(levels)
    return min(levels[0], levels[-1]) >= loudest - EDGE_DROP_DB


def _no_jump(signal: Samples) -> bool:
    """The step from the last sample to the first is like the steps around it."""
    edge = int(EDGE_S * ANALYSIS_RATE)
    around = np.concatenate([signal[-edge:], signal[:edge]])
    typical = float(np.percentile(np.abs(np.diff(around)), 99)) + 1e-4
    return abs(float(signal[0]) - float(signal[-1])) <= JUMP_FACTOR * typical
