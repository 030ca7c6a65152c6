"""The similarity vector: every group scaled to about the same reach, for Euclidean KNN.

Sized for Postgres ``cube`` (at most 100 dimensions; this is ``FEATURE_DIMENSIONS``). Groups:
tempo (log scale over 60..200 BPM), key on the circle of fifths (a minor key sits on its
relative major, so A minor is beside C major and E minor), weighted by the key's confidence,
and the mode; loudness; spectral centroid and rolloff (log scale, 100 Hz..11 kHz); onset
density; MFCC 1-12 means (squashed by tanh; MFCC 0 is loudness again and is left out).
A change to this layout is a new ``FEATURE_VERSION``: stored vectors are recomputed.
"""

import math

import numpy as np

from audio_service.analysis.tonality import Key

FEATURE_VERSION = 1
FEATURE_DIMENSIONS = 20
_LOW_BPM, _HIGH_BPM = 60.0, 200.0
_MFCC_SCALE = 50.0


def _unit(value: float) -> float:
    return float(min(1.0, max(0.0, value)))


def _log_unit(value: float, low: float, high: float) -> float:
    return _unit(math.log(max(value, low) / low) / math.log(high / low))


def _key_dimensions(key: Key | None) -> list[float]:
    if key is None:
        return [0.0, 0.0, 0.5]
    relative_major = key.tonic_index if key.mode == "major" else (key.tonic_index + 3) % 12
    angle = 2 * math.pi * ((relative_major * 7) % 12) / 12
    weight = 0.5 * key.confidence
    return [weight * math.cos(angle), weight * math.sin(angle), 0.25 * (key.mode == "major")]


def feature_vector(
    *,
    bpm: float | None,
    key: Key | None,
    loudness_lufs: float,
    centroid_hz: float,
    rolloff_hz: float,
    onsets_per_s: float,
    mfcc_means: list[float],
) -> list[float]:
    mfcc = np.tanh(np.asarray(mfcc_means[1:13], dtype=float) / _MFCC_SCALE) / math.sqrt(3)
    vector = [
        _log_unit(bpm, _LOW_BPM, _HIGH_BPM) if bpm else 0.0,
        *_key_dimensions(key),
        _unit((loudness_lufs + 40.0) / 40.0),
        _log_unit(centroid_hz, 100.0, 11_000.0),
        _log_unit(rolloff_hz, 100.0, 11_000.0),
        _unit(onsets_per_s / 10.0),
        *(float(v) for v in mfcc),
    ]
    assert len(vector) == FEATURE_DIMENSIONS
    return [round(v, 5) for v in vector]
