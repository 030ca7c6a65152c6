"""Key and mode: a constant-Q chroma (librosa) against the 24 rotations of a key profile, then
the tonic between a key and its relative from the loop's opening and closing bars.

The Krumhansl-Schmuckler method: the key whose profile correlates best with the file's mean
chroma. The profiles are Temperley's (Kostka-Payne corpus) unless the benchmark shows
Krumhansl-Kessler's doing better; both are here so the benchmark can compare them.

A key and its relative (C major, A minor) share their seven notes, so the mean chroma of an
aeolian loop (Am-F-C-G) tells them apart only by how long each triad sounds. The tonic is
what a phrase starts and ends on, and a loop's phrase is the loop: when the file is a loop,
the chord of its first bar and of its last bar (each the best of the 24 triads for that bar's
chroma, its root helped by the bar's lowest note) vote between the two. A tie (a loop that
opens on one tonic and cadences on the other, Am-Dm-G-C) leaves the profile's choice.
"""

from dataclasses import dataclass
from typing import Literal

import librosa
import numpy as np

from audio_service.analysis.decoding import ANALYSIS_RATE, Samples

HOP = 2048
BINS_PER_OCTAVE = 36
OCTAVES = 7  # from C1, as librosa's chroma_cqt
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
# The lowest note of a bar: the lowest constant-Q peak at least this share of the bar's highest.
BASS_PEAK_SHARE = 0.2
# What a triad's root in the bass adds to its match (a cosine, 0..1) with the bar's chroma:
# enough to tell Am7 (A C E G) from C, too little to turn F/A into A minor.
ROOT_IN_BASS = 0.1
MINOR_THIRD, MAJOR_THIRD, FIFTH = 3, 4, 7


@dataclass(frozen=True)
class Key:
    tonic: str  # "A"
    mode: Literal["major", "minor"]
    confidence: float  # 0..1
    tonic_index: int  # 0 = C ... 11 = B

    @property
    def name(self) -> str:
        return f"{self.tonic} {self.mode}"


@dataclass(frozen=True)
class Harmony:
    """A file's constant-Q magnitudes and the chroma folded from them (frames of ``HOP``)."""

    spectrum: np.ndarray  # (OCTAVES * BINS_PER_OCTAVE, frames), from C1
    chroma: np.ndarray  # (12, frames), each frame scaled to a maximum of 1
    duration_s: float

    def mean_chroma(self) -> np.ndarray:
        profile: np.ndarray = self.chroma.mean(axis=1)
        return profile

    def bar(self, start_s: float, stop_s: float) -> tuple[np.ndarray, int | None]:
        """The mean chroma of a span and the pitch class of its lowest note (None: silence)."""
        frames = librosa.time_to_frames([start_s, stop_s], sr=ANALYSIS_RATE, hop_length=HOP)
        first = int(np.clip(frames[0], 0, self.chroma.shape[1] - 1))
        last = max(first + 1, int(frames[1]))
        spectrum = self.spectrum[:, first:last].mean(axis=1)
        return self.chroma[:, first:last].mean(axis=1), _lowest_pitch_class(spectrum)


def analyse_harmony(signal: Samples) -> Harmony:
    spectrum = np.abs(
        librosa.cqt(
            signal,
            sr=ANALYSIS_RATE,
            hop_length=HOP,
            n_bins=OCTAVES * BINS_PER_OCTAVE,
            bins_per_octave=BINS_PER_OCTAVE,
            tuning=None,
        )
    )
    chroma = librosa.feature.chroma_cqt(
        C=spectrum, sr=ANALYSIS_RATE, hop_length=HOP, bins_per_octave=BINS_PER_OCTAVE
    )
    return Harmony(spectrum=spectrum, chroma=chroma, duration_s=len(signal) / ANALYSIS_RATE)


def _lowest_pitch_class(spectrum: np.ndarray) -> int | None:
    if not np.any(spectrum > 0):
        return None
    strong = spectrum >= BASS_PEAK_SHARE * float(spectrum.max())
    peaks = strong[1:-1] & (spectrum[1:-1] >= spectrum[:-2]) & (spectrum[1:-1] >= spectrum[2:])
    lowest = int(np.argmax(peaks)) + 1 if peaks.any() else int(np.argmax(spectrum))
    semitone = round(lowest * 12 / BINS_PER_OCTAVE)
    return semitone % 12


def triad(root: int, mode: Literal["major", "minor"]) -> np.ndarray:
    template = np.zeros(12)
    template[[root, (root + (MAJOR_THIRD if mode == "major" else MINOR_THIRD)) % 12]] = 1
    template[(root + FIFTH) % 12] = 1
    return template


def chord_of(chroma: np.ndarray, bass: int | None) -> tuple[int, Literal["major", "minor"]]:
    """The best of the 24 major and minor triads for a bar: (root, mode)."""
    norm = float(np.linalg.norm(chroma))
    modes: tuple[Literal["major", "minor"], ...] = ("major", "minor")
    best: tuple[int, Literal["major", "minor"]] = (0, "major")
    best_score = -1.0
    for mode in modes:
        for root in range(12):
            template = triad(root, mode)
            score = float(chroma @ template) / (norm * np.sqrt(3)) if norm > 0 else 0.0
            score += ROOT_IN_BASS if bass == root else 0.0
            if score > best_score:
                best, best_score = (root, mode), score
    return best


def key_scores(chroma: np.ndarray, profile: str = PROFILE) -> np.ndarray:
    """Correlation of a 12-bin chroma with each key: (2, 12), major then minor, by tonic."""
    major, minor = PROFILES[profile]
    return np.array(
        [
            [np.corrcoef(chroma, np.roll(template, tonic))[0, 1] for tonic in range(12)]
            for template in (major, minor)
        ]
    )


def estimate_key(harmony: Harmony, bars: int | None = None, profile: str = PROFILE) -> Key | None:
    """The best of the 24 keys; None when the chroma is flat.

    ``bars`` is the number of bars when the file is a loop (its first bar starts at 0): then
    its opening and closing chords choose between the profile's key and its relative, and the
    confidence is the lead over the other 22 keys.
    """
    chroma = harmony.mean_chroma()
    if not np.any(chroma > 0) or np.allclose(chroma, chroma[0]):
        return None
    scores = key_scores(chroma, profile)
    mode, tonic = (int(index) for index in np.unravel_index(int(np.argmax(scores)), scores.shape))
    profile_key = (mode, tonic)
    relative = (1, (tonic + 9) % 12) if mode == 0 else (0, (tonic + 3) % 12)
    rivals = scores.copy()
    rivals[profile_key] = -np.inf
    if bars is not None:
        votes = _tonic_votes(harmony, bars, [profile_key, relative])
        if votes[0] != votes[1]:
            rivals[relative] = -np.inf  # decided: the lead is the pair's over the other keys
        if votes[1] > votes[0]:
            mode, tonic = relative
    best = float(scores[profile_key])
    confidence = max(0.0, best) * float(np.clip((best - rivals.max()) / CERTAIN_LEAD, 0.0, 1.0))
    return Key(
        tonic=PITCHES[tonic],
        mode="major" if mode == 0 else "minor",
        confidence=round(confidence, 3),
        tonic_index=tonic,
    )


def _tonic_votes(harmony: Harmony, bars: int, keys: list[tuple[int, int]]) -> list[int]:
    """How many of the loop's opening and closing bars sound each key's tonic triad."""
    bar_s = harmony.duration_s / bars
    votes = [0] * len(keys)
    for bar in sorted({0, bars - 1}):
        chord = chord_of(*harmony.bar(bar * bar_s, (bar + 1) * bar_s))
        for index, (mode, tonic) in enumerate(keys):
            votes[index] += chord == (tonic, "major" if mode == 0 else "minor")
    return votes
