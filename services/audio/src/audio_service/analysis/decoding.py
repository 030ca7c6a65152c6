"""Decoding with libsndfile (soundfile), one block at a time.

A file is read in blocks of ``BLOCK_SECONDS``; each block goes to the loudness meter at its own
rate and channels, and is mixed to mono and resampled (soxr, streaming) to ``ANALYSIS_RATE``, the
one signal the rest of the analysis reads. So the float samples held beyond that mono signal
are one block per channel, whatever the file's length (a 3-minute 44.1 kHz stereo file keeps
2 x 2 s of stereo floats and 3 min of 22.05 kHz mono: 16 MB).

libsndfile judges the format by the bytes, never by the name: a FLAC called ``.mp3`` is read as
FLAC. The soundfile wheel carries libsndfile 1.2.2 (WAV, AIFF, FLAC, OGG Vorbis/Opus, MP3 via
mpg123); Debian 12's libsndfile1 1.2.0 decodes the same set (it links libmpg123 and libmp3lame).
"""

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt
import soundfile
import soxr

from audio_service.errors import AudioCorrupt, AudioEmpty, AudioTooLong, AudioUnsupported

ANALYSIS_RATE = 22050
BLOCK_SECONDS = 2
MAX_DURATION_S = 15 * 60
# libsndfile's major formats that the service accepts (its WAV family included).
AudioFormat = Literal["wav", "aiff", "flac", "ogg", "mp3"]
ACCEPTED_FORMATS: dict[str, AudioFormat] = {
    "WAV": "wav",
    "WAVEX": "wav",
    "RF64": "wav",
    "W64": "wav",
    "AIFF": "aiff",
    "FLAC": "flac",
    "OGG": "ogg",
    "MP3": "mp3",
}
# Bits per sample of the PCM subtypes; lossy codecs (Vorbis, Opus, MP3) have none.
BIT_DEPTHS = {
    "PCM_S8": 8,
    "PCM_U8": 8,
    "PCM_16": 16,
    "PCM_24": 24,
    "PCM_32": 32,
    "FLOAT": 32,
    "DOUBLE": 64,
    "ALAC_16": 16,
    "ALAC_24": 24,
}

Samples = npt.NDArray[np.float32]
BlockSink = Callable[[Samples], None]


@dataclass(frozen=True)
class StreamInfo:
    """What the container says: format, codec, rate, channels, length."""

    format: AudioFormat
    codec: str
    sample_rate: int
    channels: int
    frames: int
    bit_depth: int | None

    @property
    def duration_s(self) -> float:
        return self.frames / self.sample_rate


def open_audio(path: Path) -> soundfile.SoundFile:
    """The file opened for reading, or the domain error that says why it cannot be."""
    if os.path.getsize(path) == 0:
        raise AudioEmpty("The file is empty (0 bytes).")
    try:
        sound = soundfile.SoundFile(path)
    except soundfile.LibsndfileError as error:
        raise _open_error(error) from None
    if sound.format not in ACCEPTED_FORMATS:
        sound.close()
        raise AudioUnsupported(f"{sound.format_info} files are not accepted.")
    return sound


def _open_error(error: soundfile.LibsndfileError) -> AudioUnsupported | AudioCorrupt:
    message = error.error_string
    if "not recognised" in message or "unknown format" in message.lower():
        return AudioUnsupported()
    return AudioCorrupt(f"The file cannot be decoded: {message}")


def stream_info(sound: soundfile.SoundFile) -> StreamInfo:
    info = StreamInfo(
        format=ACCEPTED_FORMATS[sound.format],
        codec=sound.subtype,
        sample_rate=sound.samplerate,
        channels=sound.channels,
        frames=sound.frames,
        bit_depth=BIT_DEPTHS.get(sound.subtype),
    )
    if info.frames <= 0 or info.sample_rate <= 0 or info.channels <= 0:
        raise AudioEmpty("The file holds no audio frames.")
    if info.duration_s > MAX_DURATION_S:
        raise AudioTooLong(f"The file lasts {info.duration_s / 60:.1f} minutes.")
    return info


def blocks(sound: soundfile.SoundFile) -> Iterator[Samples]:
    """(frames, channels) float32 blocks of the whole file; a decoding failure is AudioCorrupt."""
    size = BLOCK_SECONDS * sound.samplerate
    try:
        while True:
            block = sound.read(size, dtype="float32", always_2d=True)
            if len(block) == 0:
                return
            if not np.all(np.isfinite(block)):
                raise AudioCorrupt("The file decodes to invalid sample values (NaN or infinite).")
            yield block
    except soundfile.LibsndfileError as error:
        raise AudioCorrupt(f"The file cannot be decoded: {error.error_string}") from None


class MonoResampler:
    """Mixes blocks to mono and resamples them, streaming, to ``ANALYSIS_RATE``."""

    def __init__(self, sample_rate: int) -> None:
        self._stream = (
            None
            if sample_rate == ANALYSIS_RATE
            else soxr.ResampleStream(sample_rate, ANALYSIS_RATE, 1, dtype="float32")
        )
        self._parts: list[Samples] = []

    def add(self, block: Samples) -> None:
        mono = block.mean(axis=1, dtype=np.float32)
        self._parts.append(mono if self._stream is None else self._stream.resample_chunk(mono))

    def signal(self) -> Samples:
        if self._stream is not None:
            self._parts.append(self._stream.resample_chunk(np.zeros(0, np.float32), last=True))
        mono = np.concatenate(self._parts) if self._parts else np.zeros(0, np.float32)
        self._parts = []
        return mono.astype(np.float32, copy=False)


def decode(
    path: Path, sinks: Callable[[StreamInfo], list[BlockSink]]
) -> tuple[StreamInfo, Samples]:
    """Reads ``path`` once: every block goes to each of ``sinks(info)`` and to the mono signal."""
    with open_audio(path) as sound:
        info = stream_info(sound)
        resampler = MonoResampler(info.sample_rate)
        consumers = [*sinks(info), resampler.add]
        read = 0
        for block in blocks(sound):
            read += len(block)
            for consume in consumers:
                consume(block)
    if read == 0:
        raise AudioEmpty("The file holds no audio frames.")
    return StreamInfo(**{**info.__dict__, "frames": read}), resampler.signal()
