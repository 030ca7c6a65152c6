"""What an analysis finds: stored by the service, summarised in ``audio.analysis.completed.v1``."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from audio_service.analysis.decoding import AudioFormat


class AudioAnalysis(BaseModel):
    """The whole result of analysing one file."""

    model_config = ConfigDict(frozen=True)

    format: AudioFormat = Field(description="judged by the bytes")
    codec: str = Field(description="libsndfile's subtype: PCM_16, FLOAT, VORBIS, MPEG_LAYER_III")
    duration_s: float
    sample_rate: int
    channels: int
    bit_depth: int | None = Field(description="bits per sample; none for lossy codecs")
    bpm: float | None = Field(description="60..200; none when nothing repeats at a tempo")
    bpm_confidence: float = Field(ge=0, le=1, description="pulse clarity of the onset envelope")
    beats_s: list[float] = Field(description="the beat grid: each beat's time in seconds")
    key: str | None = Field(description='"A minor"; none when nothing is tonal')
    tonic: str | None
    mode: Literal["major", "minor"] | None
    key_confidence: float = Field(ge=0, le=1)
    loudness_lufs: float = Field(description="integrated, ITU-R BS.1770-4")
    sample_peak_dbfs: float
    true_peak_dbfs: float = Field(description="4x oversampled (BS.1770 annex 2)")
    spectral_centroid_hz: float
    spectral_rolloff_hz: float = Field(description="85 % of the spectral energy lies below")
    onsets_per_s: float
    kind: Literal["loop", "one-shot"]
    bars: int | None = Field(description="a loop's length in 4/4 bars")
    mfcc_means: list[float] = Field(description="MFCC 0-12, means over the audible frames")
    features: list[float] = Field(description="the similarity vector (see features.py)")
    feature_version: int
    waveform: list[tuple[float, float]] = Field(description="(min, max) per bucket, <= 4,000")
