"""The analysis engine on files written here with soundfile: values, formats, and bad files."""

import uuid
from pathlib import Path

import numpy as np
import pyloudnorm
import pytest
import soundfile

from audio_service.analysis import analyse_file
from audio_service.analysis.features import FEATURE_DIMENSIONS
from audio_service.analysis.summary import completed_event
from audio_service.errors import AudioCorrupt, AudioEmpty, AudioSilent, AudioUnsupported
from cadence_shared.events import AudioAnalysisCompleted

RATE = 44100
A_MINOR = ((57, 60, 64), (50, 53, 57), (52, 56, 59), (57, 60, 64))  # Am, Dm, E, Am
# i-VI-III-VII: only C major's notes, its tonic the chord it opens on and VII leads back to.
AEOLIAN = ((57, 60, 64), (53, 57, 60), (48, 52, 55), (55, 59, 62))  # Am, F, C, G


def click_track(bpm: float, seconds: float, rate: int = RATE) -> np.ndarray:
    """A metronome: a 20 ms 1 kHz blip on every beat, stereo."""
    out = np.zeros(int(seconds * rate))
    blip = np.sin(2 * np.pi * 1000 * np.arange(int(0.02 * rate)) / rate)
    blip *= np.exp(-np.arange(len(blip)) / (0.004 * rate))
    for start in np.arange(0, seconds, 60.0 / bpm):
        index = int(start * rate)
        out[index : index + len(blip)] += blip[: len(out) - index]
    return np.stack([out, out], axis=1) * 0.8


def chords(
    progression: tuple[tuple[int, ...], ...], bpm: float = 100, rate: int = RATE
) -> np.ndarray:
    """One chord a bar, struck on every beat, each note with 5 decaying harmonics; mono."""
    beat = int(60.0 / bpm * rate)
    t = np.arange(beat) / rate
    bars = []
    for notes in progression:
        strike = sum(
            np.sin(2 * np.pi * 440 * 2 ** ((note - 69) / 12) * h * t) / h
            for note in notes
            for h in range(1, 6)
        )
        bars.append(np.tile(np.asarray(strike) * np.exp(-t / 0.4), 4))
    mono: np.ndarray = np.concatenate(bars)
    return mono / float(np.abs(mono).max()) * 0.7


def held_chords(
    progression: tuple[tuple[int, ...], ...], bpm: float, rate: int = RATE
) -> np.ndarray:
    """One chord a bar, held as an organ holds it (no beat to hear); mono."""
    bar = round(240.0 / bpm * rate)
    t = np.arange(bar) / rate
    envelope = np.minimum(1.0, np.minimum(t, t[-1] - t) / 0.01)
    mono = np.concatenate(
        [
            sum(np.sin(2 * np.pi * 440 * 2 ** ((note - 69) / 12) * t) for note in notes) * envelope
            for notes in progression
        ]
    )
    return mono / float(np.abs(mono).max()) * 0.7


def sine_at_lufs(lufs: float, seconds: float = 5.0, rate: int = RATE) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    tone = 0.1 * np.sin(2 * np.pi * 997 * t)
    stereo = np.stack([tone, tone], axis=1)
    meter = pyloudnorm.Meter(rate)
    return np.asarray(
        pyloudnorm.normalize.loudness(stereo, meter.integrated_loudness(stereo), lufs)
    )


FORMATS = [
    ("wav", "WAV", "PCM_16", 16),
    ("wav", "WAV", "PCM_24", 24),
    ("wav", "WAV", "FLOAT", 32),
    ("aiff", "AIFF", "PCM_16", 16),
    ("flac", "FLAC", "PCM_24", 24),
    ("ogg", "OGG", "VORBIS", None),
    ("mp3", "MP3", "MPEG_LAYER_III", None),
]


def write(path: Path, audio: np.ndarray, **options: str) -> Path:
    soundfile.write(path, audio, RATE, **options)
    return path


def test_a_120_bpm_click_is_120_bpm(tmp_path: Path) -> None:
    analysis = analyse_file(write(tmp_path / "click.wav", click_track(120, 12)))
    assert analysis.bpm == pytest.approx(120, abs=1)
    assert analysis.bpm_confidence > 0.5
    intervals = np.diff(analysis.beats_s)
    assert np.median(intervals) == pytest.approx(0.5, abs=0.02)
    assert analysis.onsets_per_s == pytest.approx(2, abs=0.2)


def test_an_a_minor_progression_is_a_minor(tmp_path: Path) -> None:
    analysis = analyse_file(write(tmp_path / "am.flac", chords(A_MINOR * 2)))
    assert analysis.key == "A minor"
    assert (analysis.tonic, analysis.mode) == ("A", "minor")
    assert analysis.key_confidence > 0


def test_a_loop_with_only_the_relative_majors_notes_is_in_the_key_it_opens_on(
    tmp_path: Path,
) -> None:
    analysis = analyse_file(write(tmp_path / "aeolian.wav", chords(AEOLIAN)))
    assert (analysis.kind, analysis.bars) == ("loop", 4)
    assert analysis.key == "A minor"
    assert analysis.key_confidence > 0
    # The same chords from C: C G Am F opens and is in C major.
    rotated = analyse_file(write(tmp_path / "axis.wav", chords(AEOLIAN[2:] + AEOLIAN[:2])))
    assert rotated.key == "C major"


def test_a_loop_of_held_chords_is_a_loop_on_its_chord_changes(tmp_path: Path) -> None:
    analysis = analyse_file(write(tmp_path / "organ.wav", held_chords(A_MINOR, 110)))
    assert (analysis.kind, analysis.bars) == ("loop", 4)
    assert analysis.bpm == pytest.approx(110, abs=0.01)


def test_a_minus_14_lufs_sine_measures_minus_14(tmp_path: Path) -> None:
    analysis = analyse_file(write(tmp_path / "sine.wav", sine_at_lufs(-14.0), subtype="FLOAT"))
    assert analysis.loudness_lufs == pytest.approx(-14.0, abs=0.5)
    peak = 20 * np.log10(np.abs(sine_at_lufs(-14.0)).max())
    assert analysis.sample_peak_dbfs == pytest.approx(peak, abs=0.05)
    assert analysis.true_peak_dbfs >= analysis.sample_peak_dbfs
    assert analysis.spectral_centroid_hz == pytest.approx(997, rel=0.05)


def test_a_whole_bar_loop_is_a_loop_and_a_decaying_hit_a_one_shot(tmp_path: Path) -> None:
    loop = analyse_file(write(tmp_path / "loop.wav", click_track(120, 8)))  # 4 bars
    assert (loop.kind, loop.bars) == ("loop", 4)
    assert loop.bpm == pytest.approx(120, abs=0.01)
    t = np.arange(int(1.5 * RATE)) / RATE
    hit = np.sin(2 * np.pi * 60 * t) * np.exp(-t / 0.1)
    assert analyse_file(write(tmp_path / "hit.wav", hit)).kind == "one-shot"


@pytest.mark.parametrize(("extension", "container", "subtype", "bits"), FORMATS)
def test_each_format_decodes(
    tmp_path: Path, extension: str, container: str, subtype: str, bits: int | None
) -> None:
    audio = click_track(100, 6)
    path = write(tmp_path / f"click.{extension}", audio, format=container, subtype=subtype)
    analysis = analyse_file(path)
    assert analysis.format == extension
    assert (analysis.sample_rate, analysis.channels, analysis.bit_depth) == (RATE, 2, bits)
    assert analysis.duration_s == pytest.approx(6, abs=0.1)  # MP3 adds encoder padding
    assert analysis.bpm == pytest.approx(100, abs=1)
    assert 0 < len(analysis.waveform) <= 4000
    assert len(analysis.features) == FEATURE_DIMENSIONS <= 100


def test_the_bytes_decide_the_format_not_the_name(tmp_path: Path) -> None:
    path = write(tmp_path / "really_flac.mp3", click_track(100, 4), format="FLAC")
    assert analyse_file(path).format == "flac"


def test_a_mono_file_and_its_waveform(tmp_path: Path) -> None:
    audio = click_track(90, 4)[:, 0]
    analysis = analyse_file(write(tmp_path / "mono.wav", audio))
    assert analysis.channels == 1
    lows, highs = zip(*analysis.waveform, strict=True)
    assert max(highs) == pytest.approx(audio.max(), abs=0.05)
    assert min(lows) == pytest.approx(audio.min(), abs=0.05)


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.wav"
    path.write_bytes(b"")
    with pytest.raises(AudioEmpty):
        analyse_file(path)


def test_a_header_without_frames_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AudioEmpty):
        analyse_file(write(tmp_path / "none.wav", np.zeros((0, 2))))


def test_a_silent_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AudioSilent) as raised:
        analyse_file(write(tmp_path / "silence.wav", np.zeros((RATE * 2, 2))))
    assert raised.value.code == "audio_silent"


def test_text_named_wav_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "notes.wav"
    path.write_text("not audio at all, just words " * 100)
    with pytest.raises(AudioUnsupported) as raised:
        analyse_file(path)
    assert raised.value.code == "audio_unsupported_format"


def test_a_format_outside_the_list_is_unsupported(tmp_path: Path) -> None:
    path = write(tmp_path / "click.au", click_track(100, 2), format="AU")
    with pytest.raises(AudioUnsupported, match="not accepted"):
        analyse_file(path)


def test_a_damaged_flac_is_corrupt(tmp_path: Path) -> None:
    path = write(tmp_path / "click.flac", click_track(100, 6), format="FLAC")
    data = bytearray(path.read_bytes())
    rng = np.random.default_rng(3)
    data[200:] = rng.integers(0, 256, len(data) - 200, dtype=np.uint8).tobytes()
    path.write_bytes(bytes(data))
    with pytest.raises(AudioCorrupt) as raised:
        analyse_file(path)
    assert raised.value.code == "audio_corrupt"


def test_an_analysis_and_a_failure_as_the_completed_event(tmp_path: Path) -> None:
    upload_id, user_id = uuid.uuid4(), uuid.uuid4()
    analysis = analyse_file(write(tmp_path / "click.wav", click_track(120, 8)))
    done = completed_event(upload_id=upload_id, user_id=user_id, track_id=None, outcome=analysis)
    assert (done.status, done.bpm, done.kind) == ("succeeded", analysis.bpm, "loop")
    assert AudioAnalysisCompleted.model_validate_json(done.model_dump_json()) == done
    failed = completed_event(
        upload_id=upload_id, user_id=user_id, track_id=None, outcome=AudioSilent()
    )
    assert (failed.status, failed.error_code, failed.bpm) == ("failed", "audio_silent", None)
    assert failed.error == AudioSilent.description
