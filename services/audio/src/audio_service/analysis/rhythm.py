"""Tempo with a confidence, the beat grid, and onset density (librosa).

The tempo is chosen in ``TEMPO_RANGE`` where the onset envelope's autocorrelation and its
Fourier tempogram (both librosa's) agree (see ``_coarse_tempo``). A lag is 11.6 ms, coarse at
200 BPM (4 % a lag), so the estimate is refined by a straight line through the onsets on its beats, then (in ``kind``) snapped to a whole number of bars when the file is a loop.
"""

from collections.abc import Callable
from dataclasses import dataclass

import librosa
import numpy as np

from audio_service.analysis.decoding import ANALYSIS_RATE, Samples

HOP = 256
TEMPO_RANGE = (60.0, 200.0)
SLOWEST_PULSE = 15.0  # BPM: a chord a bar at 60 BPM
AUTOCORRELATION_S = 8.0
FOURIER_WINDOW = 512  # onset frames: 6 s, so a tempo bin is 10 BPM wide
MAX_BEATS = 4000
N_MELS = 128
SNARE_BAND_HZ = (300.0, 2000.0)  # a snare's crack: above a kick, under most of a hat's noise
BACKBEAT_EVIDENCE = 0.15
ON_BEAT = 0.15  # of a beat


@dataclass(frozen=True)
class Rhythm:
    bpm: float | None  # None when nothing in the file repeats at a tempo in range
    confidence: float
    beats_s: list[float]
    onsets_per_s: float
    onset_envelope: np.ndarray
    onset_times_s: np.ndarray


def onset_envelopes(signal: Samples) -> tuple[np.ndarray, np.ndarray]:
    """The onset envelope of all bands, and of the snare's band (``SNARE_BAND_HZ``)."""
    mel = librosa.power_to_db(
        librosa.feature.melspectrogram(y=signal, sr=ANALYSIS_RATE, hop_length=HOP, n_mels=N_MELS)
    )
    edges = np.searchsorted(librosa.mel_frequencies(N_MELS, fmax=ANALYSIS_RATE / 2), SNARE_BAND_HZ)
    envelope = librosa.onset.onset_strength(S=mel, sr=ANALYSIS_RATE, hop_length=HOP)
    band = librosa.onset.onset_strength(
        S=mel[edges[0] : edges[1]], sr=ANALYSIS_RATE, hop_length=HOP
    )
    return envelope, band


def analyse_rhythm(signal: Samples) -> Rhythm:
    envelope, snare_band = onset_envelopes(signal)
    duration = len(signal) / ANALYSIS_RATE
    onsets = librosa.onset.onset_detect(
        onset_envelope=envelope, sr=ANALYSIS_RATE, hop_length=HOP, units="time"
    )
    coarse, clarity = _coarse_tempo(envelope)
    beats, bpm = np.zeros(0), None
    if coarse is not None:
        coarse = _backbeat_octave(coarse, envelope, snare_band)
        beats = librosa.beat.beat_track(
            onset_envelope=envelope, sr=ANALYSIS_RATE, hop_length=HOP, bpm=coarse, units="time"
        )[1]
        bpm = _refined_tempo(coarse, np.asarray(beats, dtype=float), np.asarray(onsets, float))
    return Rhythm(
        bpm=bpm,
        confidence=clarity,
        beats_s=[round(float(t), 4) for t in beats[:MAX_BEATS]],
        onsets_per_s=len(onsets) / duration if duration > 0 else 0.0,
        onset_envelope=envelope,
        onset_times_s=np.asarray(onsets, dtype=float),
    )


def _coarse_tempo(envelope: np.ndarray) -> tuple[float | None, float]:
    """The tempo in range where the onset envelope's autocorrelation and its Fourier
    tempogram agree, and its clarity (0..1).

    The autocorrelation peaks at the beat's period and at every multiple of it (a kick-snare
    pattern repeats every two beats, so half the tempo often scores higher); the Fourier
    tempogram peaks at the beat's frequency and every multiple of it (eighth-note hats score
    double the tempo). Their product is high only at the tempo both see (Peeters' combination
    of the two). One autocorrelation of the whole envelope (``librosa.autocorrelate``) stands in
    for the mean of librosa's windowed tempogram: the same for a steady tempo, in O(n) memory.
    Clarity is the autocorrelation at the beat's lag relative to lag 0: near 1 for a steady
    click, near 0 for noise or a pad without attacks.
    """
    autocorrelation = _normalised_autocorrelation(envelope)
    window = len(autocorrelation)
    if window < 8 or not autocorrelation.any():
        return None, 0.0
    lags_bpm = librosa.tempo_frequencies(window, hop_length=HOP, sr=ANALYSIS_RATE)
    best = _best_lag(envelope, autocorrelation, lags_bpm, TEMPO_RANGE)
    if best is None:
        # Nothing pulses in range: a pad or an organ loop changes chord once a bar. Its bar (or
        # two) still repeats: take that pulse and count it in beats.
        best = _best_lag(envelope, autocorrelation, lags_bpm, (SLOWEST_PULSE, TEMPO_RANGE[0]))
        if best is None:
            return None, 0.0
        bpm = float(lags_bpm[best])
        while bpm < TEMPO_RANGE[0]:
            bpm *= 2
        return bpm, float(np.clip(autocorrelation[best], 0.0, 1.0))
    return float(lags_bpm[best]), float(np.clip(autocorrelation[best], 0.0, 1.0))


def _best_lag(
    envelope: np.ndarray,
    autocorrelation: np.ndarray,
    lags_bpm: np.ndarray,
    bounds: tuple[float, float],
) -> int | None:
    """The autocorrelation peak within ``bounds`` (BPM) that the Fourier tempogram backs most."""
    low, high = bounds
    candidates = [
        lag
        for lag in range(2, len(autocorrelation) - 1)
        if low <= lags_bpm[lag] <= high
        and autocorrelation[lag] > 0
        and autocorrelation[lag] >= max(autocorrelation[lag - 1], autocorrelation[lag + 1])
    ]
    if not candidates:
        return None
    spectrum = _fourier_strength(envelope, bounds)
    scores = [autocorrelation[lag] * spectrum(lags_bpm[lag]) for lag in candidates]
    return candidates[int(np.argmax(scores))]


def _fourier_strength(
    envelope: np.ndarray, bounds: tuple[float, float]
) -> Callable[[float], float]:
    """The mean Fourier tempogram magnitude, relative to its maximum in range, at any BPM."""
    window = min(FOURIER_WINDOW, 2 * (len(envelope) // 2))
    tempogram = np.abs(
        librosa.feature.fourier_tempogram(
            onset_envelope=envelope, sr=ANALYSIS_RATE, hop_length=HOP, win_length=window
        )
    ).mean(axis=1)
    frequencies = librosa.fourier_tempo_frequencies(
        sr=ANALYSIS_RATE, win_length=window, hop_length=HOP
    )
    in_range = (frequencies >= bounds[0] * 0.9) & (frequencies <= bounds[1] * 1.1)
    peak = float(tempogram[in_range].max()) if in_range.any() else 0.0

    def strength(bpm: float) -> float:
        value = float(np.interp(bpm, frequencies, tempogram))
        return value / peak if peak > 0 else 0.0

    return strength


def _normalised_autocorrelation(envelope: np.ndarray) -> np.ndarray:
    window = min(len(envelope), int(AUTOCORRELATION_S * ANALYSIS_RATE / HOP))
    autocorrelation = librosa.autocorrelate(envelope - envelope.mean(), max_size=window)
    if window == 0 or autocorrelation[0] <= 0:
        return np.zeros(max(window, 1))
    normalised: np.ndarray = np.maximum(autocorrelation / autocorrelation[0], 0.0)
    return normalised


def _backbeat_octave(bpm: float, envelope: np.ndarray, snare_band: np.ndarray) -> float:
    """Half, the same or double ``bpm``: the one whose beats the snare's backbeat marks.

    The onset envelope alone cannot tell a groove at 144 BPM from one at 72 (the same
    onsets); the backbeat can: a snare on beats 2 and 4 repeats every two beats and never one
    beat apart. For each candidate the evidence is the snare band's autocorrelation at two
    beats minus that at one beat; the best candidate wins when its evidence reaches
    ``BACKBEAT_EVIDENCE``, else ``bpm`` stands (a click, a pad, strummed chords).
    """
    pulse = _normalised_autocorrelation(envelope)
    autocorrelation = _normalised_autocorrelation(snare_band)
    lags_s = np.arange(len(autocorrelation)) * HOP / ANALYSIS_RATE
    low, high = TEMPO_RANGE
    best, evidence = bpm, 0.0
    for candidate in (bpm / 2, bpm, bpm * 2):
        beat_s = 60.0 / candidate
        if not low - 1 <= candidate <= high + 1 or 2 * beat_s > lags_s[-1]:
            continue
        two, one = np.interp([2 * beat_s, beat_s], lags_s, autocorrelation)
        beat_pulse = float(np.interp(beat_s, lags_s[: len(pulse)], pulse))
        score = min(float(two - one), beat_pulse)
        if score > evidence:
            best, evidence = candidate, score
    return best if evidence >= BACKBEAT_EVIDENCE else bpm


def _refined_tempo(coarse: float, beats_s: np.ndarray, onsets_s: np.ndarray) -> float:
    """The coarse tempo refined twice: by a line through the tracked beats, then through the
    onsets that fall on that grid's beats.

    Onsets within ``ON_BEAT`` of a beat (of a grid anchored at the first onset) are numbered by
    their beat and fitted; off-beats (eighths, swung sixteenths) fall outside and are left out.
    Each step that strays more than 5 % from the coarse tempo is not taken.
    """
    period = 60.0 / coarse
    if len(beats_s) >= 4:
        period = _within(coarse, float(np.polyfit(np.arange(len(beats_s)), beats_s, 1)[0]))
    for _ in range(3):
        offsets = onsets_s - onsets_s[0] if len(onsets_s) else onsets_s
        beats = np.round(offsets / period)
        on_beat = np.abs(offsets - beats * period) <= ON_BEAT * period
        if len(np.unique(beats[on_beat])) < 4:
            break
        period = _within(coarse, float(np.polyfit(beats[on_beat], offsets[on_beat], 1)[0]), period)
    return 60.0 / period


def _within(coarse: float, period: float, fallback: float | None = None) -> float:
    """``period`` if it is within 5 % of the coarse tempo's, else ``fallback`` (or the coarse)."""
    if period > 0 and abs(60.0 / period - coarse) / coarse <= 0.05:
        return period
    return fallback if fallback is not None else 60.0 / coarse
