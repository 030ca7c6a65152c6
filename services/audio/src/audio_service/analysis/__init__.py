"""The audio analysis engine: plain functions, by domain (decoding, loudness, rhythm, tonality,
timbre, kind, waveform, features), and ``analyse_file`` that runs them all on one file."""

from audio_service.analysis.engine import analyse_file
from audio_service.analysis.schemas import AudioAnalysis

__all__ = ["AudioAnalysis", "analyse_file"]
