"""Key and mode: a constant-Q chroma (librosa) against the 24 rotations of a key profile.

The Krumhansl-Schmuckler method: the key whose profile correlates best with the file's mean
chroma. The profiles are Temperley's (Kostka-Payne corpus) unless the benchmark shows
Krumhansl-Kessler's doing better; both are here so the benchmark can compare them.
"""

from dataclasses import dataclass
from typing import Literal

import librosa
import numpy as np

from audio_service.analysis.decoding import ANALYSIS_RATE, Samples

HOP = 2048
PITCHES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
PROFILES: dict[str, tuple[np.ndarray, np.ndarray]] = {
    "krumhansl": (
        np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88]),
        np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17]),
    ),
    "temperley": (
        np.array([0.748, 0.06, 0.488, 0.082, 0.67, 0.46, 0.096, 0.715, 0.104, 0.366, 0.057, 0.4]),
        np.array(
            [0.712, 0.084, 0.474, 0.618, 0.049, 0.46, 0.105, 0.747, 0.404, 0.067, 0.133, 0.33]
        ),
    ),
}
PROFILE = "temperley"
# A lead of this much correlation over the runner-up key counts as certain.
CERTAIN_LEAD = 0.1


@dataclass(frozen=True)
class Key:
    tonic: str  # "A"
    mode: Literal["major", "minor"]
    confidence: float  # 0..1
    tonic_index: int  # 0 = C ... 11 = B

    @property
    def name(self) -> str:
        return f"{self.tonic} {self.mode}"


def mean_chroma(signal: Samples) -> np.ndarray:
    chroma = librosa.feature.chroma_cqt(y=signal, sr=ANALYSIS_RATE, hop_length=HOP)
    profile: np.ndarray = chroma.mean(axis=1)
    return profile


def estimate_key(chroma: np.ndarray, profile: str = PROFILE) -> Key | None:
    """The best of the 24 keys for a 12-bin mean chroma; None when the chroma is flat."""
    if not np.any(chroma > 0) or np.allclose(chroma, chroma[0]):
        return None
    major, minor = PROFILES[profile]
    scores = np.array(
        [
            [np.corrcoef(chroma, np.roll(template, tonic))[0, 1] for tonic in range(12)]
            for template in (major, minor)
        ]
    )
    ranked = np.sort(scores, axis=None)[::-1]
    mode, tonic = np.unravel_index(int(np.argmax(scores)), scores.shape)
    best, runner_up = float(ranked[0]), float(ranked[1])
    confidence = max(0.0, best) * min(1.0, (best - runner_up) / CERTAIN_LEAD)
    return Key(
        tonic=PITCHES[int(tonic)],
        mode="major" if mode == 0 else "minor",
        confidence=round(confidence, 3),
        tonic_index=int(tonic),
    )
