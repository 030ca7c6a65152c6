"""Loop or one-shot.

A loop is a whole number of 4/4 bars (within ``BAR_TOLERANCE`` of a bar) that plays on
seamlessly from its end into its start: it has an onset after its first beat, neither its first
nor its last beat is more than ``EDGE_DROP_DB`` below its loudest (a hit decays into silence, a
riser swells out of it), and there is no jump between the last sample and the first. Anything
else (a hit, a stab, a riser, a whole song cut anywhere) is a one-shot.

The bars are counted at the detected tempo, or, when that does not fill whole bars (or fills
an unusual number of them, see ``_bars``), on the loop's own grid: its strong onsets (a chord change, a stroke) fall evenly, from the start, on a
period that divides the duration, so the grid goes on across the seam. A pad or an organ that
changes chord once a bar has no beat to detect (its tempo is a guess), yet such a grid. The
period is then counted as 1, 2, 4 or 8 beats, whichever gives whole bars at a tempo in range
nearest the detected one. A loop's tempo is then snapped to its bars: a loop cut to the sample
says its tempo exactly.
"""

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from audio_service.analysis.decoding import ANALYSIS_RATE, Samples
from audio_service.analysis.rhythm import HOP, TEMPO_RANGE, Rhythm

BEATS_PER_BAR = 4
# In bars, whatever the length: a 2-bar loop may be 2 % off its estimated tempo (few beats to
# measure), a 10-bar file only 0.4 % (so snapping moves a tempo by at most that).
BAR_TOLERANCE = 0.04
EDGE_DROP_DB = 15.0
EDGE_S = 0.05
JUMP_FACTOR = 4.0
# A strong onset: at least this share of the strongest onset's strength.
STRONG_ONSET = 0.5
# How far (in periods) a strong onset may sit off the loop's grid.
OFF_GRID = 0.08
BEATS_PER_PERIOD = (1, 2, 4, 8)
USUAL_TEMPO = 120.0  # BPM: the beats of a grid are counted nearest it when no tempo was detected


@dataclass(frozen=True)
class Kind:
    kind: Literal["loop", "one-shot"]
    bars: int | None
    bpm: float | None  # snapped to the bars for a loop


def classify(signal: Samples, rhythm: Rhythm) -> Kind:
    duration = len(signal) / ANALYSIS_RATE
    bars = _bars(duration, rhythm)
    if bars is None:
        return Kind("one-shot", None, rhythm.bpm)
    beat_s = duration / (bars * BEATS_PER_BAR)
    rhythmic = bool(np.any(rhythm.onset_times_s > beat_s * 0.9))
    if rhythmic and _plays_on(signal, beat_s) and _no_jump(signal):
        return Kind("loop", bars, bars * BEATS_PER_BAR * 60.0 / duration)
    return Kind("one-shot", None, rhythm.bpm)


def _bars(duration: float, rhythm: Rhythm) -> int | None:
    """Whole bars at the detected tempo, else on the onsets' grid.

    Loops are most often 1, 2, 4, 8 or 16 bars long: when the detected tempo fills another
    number (3 bars: a pad's tempo read at 3/4 of the truth) and the grid one of those, the
    grid's count is taken.
    """
    at_tempo = _whole_bars(duration, rhythm.bpm)
    if at_tempo is not None and _power_of_two(at_tempo):
        return at_tempo
    on_grid = _grid_bars(duration, rhythm)
    if on_grid is not None and (at_tempo is None or _power_of_two(on_grid)):
        return on_grid
    return at_tempo


def _power_of_two(count: int) -> bool:
    return count & (count - 1) == 0


def _whole_bars(duration: float, bpm: float | None) -> int | None:
    """The number of bars at ``bpm`` when the duration is a whole number of them."""
    if bpm is None:
        return None
    exact = duration * bpm / (60.0 * BEATS_PER_BAR)
    bars = round(exact)
    return bars if bars >= 1 and abs(exact - bars) <= BAR_TOLERANCE else None


def _grid_bars(duration: float, rhythm: Rhythm) -> int | None:
    """The number of bars on the loop's own grid of strong onsets, if it has one."""
    frames = np.minimum(
        np.round(rhythm.onset_times_s * ANALYSIS_RATE / HOP).astype(int),
        len(rhythm.onset_envelope) - 1,
    )
    if len(frames) < 2:
        return None
    strength = rhythm.onset_envelope[frames]
    strong = rhythm.onset_times_s[strength >= STRONG_ONSET * float(strength.max())]
    if len(strong) < 2:
        return None
    # The shortest gap between strong onsets is one period (a chord may be held over two).
    periods = round(duration / float(np.min(np.diff(strong))))
    if periods < 2:
        return None
    period = duration / periods
    residuals = strong / period - np.round(strong / period)
    phase = float(np.median(residuals))  # the onset detector's lag, the same for every onset
    if abs(phase) > OFF_GRID or np.any(np.abs(residuals - phase) > OFF_GRID):
        return None
    detected = rhythm.bpm or USUAL_TEMPO
    candidates = [
        (abs(math.log(60.0 * beats / period / detected)), periods * beats // BEATS_PER_BAR)
        for beats in BEATS_PER_PERIOD
        if periods * beats % BEATS_PER_BAR == 0
        and TEMPO_RANGE[0] <= 60.0 * beats / period <= TEMPO_RANGE[1]
    ]
    return min(candidates)[1] if candidates else None


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
