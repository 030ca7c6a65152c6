"""One file in, one ``AudioAnalysis`` out: a plain, synchronous, CPU-bound function.

It is meant for a worker's process pool (never the event loop). ``progress(stage, fraction)``
is called as it goes, for live progress: decoding takes fractions 0..0.4, the rest follows.
"""

import math
from collections.abc import Callable
from pathlib import Path

from audio_service.analysis import kind as kinds
from audio_service.analysis.decoding import BlockSink, Samples, StreamInfo, decode
from audio_service.analysis.features import FEATURE_VERSION, feature_vector
from audio_service.analysis.loudness import Loudness, LoudnessMeter
from audio_service.analysis.rhythm import analyse_rhythm
from audio_service.analysis.schemas import AudioAnalysis
from audio_service.analysis.timbre import analyse_timbre
from audio_service.analysis.tonality import analyse_harmony, estimate_key
from audio_service.analysis.waveform import waveform_peaks
from audio_service.errors import AudioSilent

Progress = Callable[[str, float], None]


def _ignore(stage: str, fraction: float) -> None:
    return None


def analyse_file(path: Path, progress: Progress = _ignore) -> AudioAnalysis:
    """Analyses the file at ``path``; raises AudioEmpty, AudioUnsupported, AudioCorrupt,
    AudioSilent or AudioTooLong when it cannot be."""
    meters: list[LoudnessMeter] = []

    def sinks(info: StreamInfo) -> list[BlockSink]:
        meters.append(LoudnessMeter(info.channels, info.sample_rate))
        return [meters[0].add]

    progress("decoding", 0.0)
    info, signal = decode(path, sinks)
    loudness = meters[0].result()
    if not math.isfinite(loudness.integrated_lufs) or not signal.any():
        raise AudioSilent()
    return analyse_signal(info, signal, loudness, progress)


def analyse_signal(
    info: StreamInfo, signal: Samples, loudness: Loudness, progress: Progress = _ignore
) -> AudioAnalysis:
    progress("rhythm", 0.4)
    rhythm = analyse_rhythm(signal)
    shape = kinds.classify(signal, rhythm)
    progress("key", 0.6)
    key = estimate_key(analyse_harmony(signal), shape.bars)
    progress("timbre", 0.8)
    timbre = analyse_timbre(signal)
    vector = feature_vector(
        bpm=shape.bpm,
        key=key,
        loudness_lufs=loudness.integrated_lufs,
        centroid_hz=timbre.centroid_hz,
        rolloff_hz=timbre.rolloff_hz,
        onsets_per_s=rhythm.onsets_per_s,
        mfcc_means=timbre.mfcc_means,
    )
    progress("done", 1.0)
    return AudioAnalysis(
        format=info.format,
        codec=info.codec,
        duration_s=round(info.duration_s, 4),
        sample_rate=info.sample_rate,
        channels=info.channels,
        bit_depth=info.bit_depth,
        bpm=round(shape.bpm, 2) if shape.bpm is not None else None,
        bpm_confidence=round(rhythm.confidence, 3),
        beats_s=rhythm.beats_s,
        key=key.name if key else None,
        tonic=key.tonic if key else None,
        mode=key.mode if key else None,
        key_confidence=key.confidence if key else 0.0,
        loudness_lufs=round(loudness.integrated_lufs, 2),
        sample_peak_dbfs=round(loudness.sample_peak_dbfs, 2),
        true_peak_dbfs=round(loudness.true_peak_dbfs, 2),
        spectral_centroid_hz=round(timbre.centroid_hz, 1),
        spectral_rolloff_hz=round(timbre.rolloff_hz, 1),
        onsets_per_s=round(rhythm.onsets_per_s, 3),
        kind=shape.kind,
        bars=shape.bars,
        mfcc_means=timbre.mfcc_means,
        features=vector,
        feature_version=FEATURE_VERSION,
        waveform=waveform_peaks(signal),
    )
