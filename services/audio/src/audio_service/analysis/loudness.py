"""Integrated loudness (ITU-R BS.1770-4 / EBU R128) and sample and true peaks, block by block.

libebur128 (through pyebur128) keeps only its gating histogram and filter state, so a long
file is measured without holding it. pyloudnorm, the other implementation, needs the whole
signal as one array (a 3-minute stereo file is 127 MB of float64) and has no true peak: the
benchmark checks the two agree on the same signals.
"""

import math
from dataclasses import dataclass

import numpy as np
import pyebur128

from audio_service.analysis.decoding import Samples

# BS.1770 gates in 400 ms blocks: a shorter file (a hi-hat hit) is measured as if silence
# followed it up to one block, so it has a loudness at all.
GATE_BLOCK_S = 0.4
_MODES = (
    pyebur128.MeasurementMode.MODE_I
    | pyebur128.MeasurementMode.MODE_SAMPLE_PEAK
    | pyebur128.MeasurementMode.MODE_TRUE_PEAK
)


@dataclass(frozen=True)
class Loudness:
    integrated_lufs: float  # -inf when every block is below the absolute gate (-70 LUFS)
    sample_peak_dbfs: float
    true_peak_dbfs: float


class LoudnessMeter:
    def __init__(self, channels: int, sample_rate: int) -> None:
        self._channels = channels
        self._sample_rate = sample_rate
        self._frames = 0
        self._state = pyebur128.R128State(channels, sample_rate, _MODES)

    def add(self, block: Samples) -> None:
        self._state.add_frames(np.ascontiguousarray(block).ravel(), len(block))
        self._frames += len(block)

    def result(self) -> Loudness:
        missing = math.ceil(GATE_BLOCK_S * self._sample_rate) - self._frames
        if missing > 0:
            self.add(np.zeros((missing, self._channels), np.float32))
        channels = range(self._channels)
        sample_peak = max(pyebur128.get_sample_peak(self._state, c) for c in channels)
        true_peak = max(pyebur128.get_true_peak(self._state, c) for c in channels)
        return Loudness(
            integrated_lufs=float(pyebur128.get_loudness_global(self._state)),
            sample_peak_dbfs=_dbfs(sample_peak),
            true_peak_dbfs=_dbfs(max(true_peak, sample_peak)),
        )


def _dbfs(linear: float) -> float:
    return 20 * math.log10(linear) if linear > 0 else -math.inf
