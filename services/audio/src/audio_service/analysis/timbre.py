"""Spectral shape (centroid, 85 % rolloff) and MFCC means, from one STFT (librosa)."""

from dataclasses import dataclass

import librosa
import numpy as np

from audio_service.analysis.decoding import ANALYSIS_RATE, Samples

N_FFT = 2048
HOP = 512
N_MFCC = 13
ROLL_PERCENT = 0.85
# Frames quieter than this below the loudest frame are left out of the means (a one-shot's
# silent tail would otherwise pull the centroid toward nothing).
QUIET_DB = 60.0


@dataclass(frozen=True)
class Timbre:
    centroid_hz: float
    rolloff_hz: float
    mfcc_means: list[float]


def analyse_timbre(signal: Samples) -> Timbre:
    magnitude = np.abs(librosa.stft(signal, n_fft=N_FFT, hop_length=HOP))
    power = magnitude**2
    loud = _loud_frames(power)
    centroid = librosa.feature.spectral_centroid(S=magnitude, sr=ANALYSIS_RATE)[0]
    rolloff = librosa.feature.spectral_rolloff(
        S=magnitude, sr=ANALYSIS_RATE, roll_percent=ROLL_PERCENT
    )[0]
    mel = librosa.feature.melspectrogram(S=power, sr=ANALYSIS_RATE)
    mfcc = librosa.feature.mfcc(S=librosa.power_to_db(mel), n_mfcc=N_MFCC)
    return Timbre(
        centroid_hz=float(centroid[loud].mean()),
        rolloff_hz=float(rolloff[loud].mean()),
        mfcc_means=[round(float(v), 3) for v in mfcc[:, loud].mean(axis=1)],
    )


def _loud_frames(power: np.ndarray) -> np.ndarray:
    energy = power.sum(axis=0)
    loud: np.ndarray = energy >= energy.max() * 10 ** (-QUIET_DB / 10)
    return loud
