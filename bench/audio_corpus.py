"""Synthetic corpora for the audio benchmark, made here with fixed random states (no downloads).

- Tempo: click tracks and drum grooves from 60 to 200 BPM in steps of 7, with swing, velocity
  variation, timing jitter (+-4 ms) and white noise at 20 dB SNR. Grooves are whole-bar loops
  (rendered circularly: the tails of the last hits ring into the start, as a DAW exports a loop)
  and tracks cut anywhere.
- Key: chord progressions in all 24 keys, several voicings (close triads, a bass note, open
  voicings and sevenths) and instruments (additive synthesis of harmonics: organ, piano-like
  pluck, pad, electric piano), played as whole-bar loops.
- One-shots: drum hits, decaying chord stabs (some exactly a bar long), bass hits, impacts with
  a noise tail, risers.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

RATE = 44100
Signal = np.ndarray
PITCHES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")


@dataclass
class Item:
    name: str
    audio: Signal  # (frames, 2) float32 at RATE
    bpm: float | None = None
    key: str | None = None  # "A minor"
    kind: str | None = None  # "loop" | "one-shot" | None (a track cut anywhere)
    tags: dict[str, object] = field(default_factory=dict)


def _env(n: int, tau: float, attack: float = 0.001) -> Signal:
    t = np.arange(n) / RATE
    return np.minimum(1.0, t / attack) * np.exp(-t / tau)


def kick(rng: np.random.Generator) -> Signal:
    n = int(0.45 * RATE)
    t = np.arange(n) / RATE
    freq = 45 + 110 * np.exp(-t / 0.04)
    phase = 2 * np.pi * np.cumsum(freq) / RATE
    out: Signal = np.sin(phase) * _env(n, 0.12 + 0.04 * rng.random())
    return out


def snare(rng: np.random.Generator) -> Signal:
    n = int(0.3 * RATE)
    t = np.arange(n) / RATE
    body = 0.5 * np.sin(2 * np.pi * 190 * t) * _env(n, 0.04)
    out: Signal = body + 0.7 * rng.standard_normal(n) * _env(n, 0.07)
    return out


def hat(rng: np.random.Generator) -> Signal:
    n = int(0.12 * RATE)
    noise = np.diff(rng.standard_normal(n + 1))
    out: Signal = 0.35 * noise * _env(n, 0.018 + 0.01 * rng.random())
    return out


def click(accent: bool) -> Signal:
    n = int(0.03 * RATE)
    t = np.arange(n) / RATE
    out: Signal = np.sin(2 * np.pi * (1500 if accent else 1000) * t) * _env(n, 0.006)
    return out


def place(
    length: int, events: list[tuple[float, Signal]], *, circular: bool, rng: np.random.Generator
) -> Signal:
    """Sums (time, sound) events into ``length`` samples; a loop wraps tails into its start."""
    out = np.zeros(length)
    for time, sound in events:
        start = round(time * RATE)
        if start >= length:
            continue
        if circular:
            index = (start + np.arange(len(sound))) % length
            np.add.at(out, index, sound)
        else:
            stop = min(length, start + len(sound))
            out[start:stop] += sound[: stop - start]
    return out


def with_noise(mono: Signal, rng: np.random.Generator, snr_db: float = 20.0) -> Signal:
    rms = math.sqrt(float(np.mean(mono**2)))
    return mono + rng.standard_normal(len(mono)) * rms * 10 ** (-snr_db / 20)


def stereo(mono: Signal, peak: float = 0.8) -> Signal:
    mono = mono / max(1e-9, float(np.max(np.abs(mono)))) * peak
    return np.stack([mono, mono * 0.95], axis=1).astype(np.float32)


# --- tempo ---------------------------------------------------------------------------------------

# 16 steps a bar: which drum plays on which sixteenth.
GROOVES = {
    "four_on_the_floor": {"kick": [0, 4, 8, 12], "snare": [4, 12], "hat": [2, 6, 10, 14]},
    "backbeat": {"kick": [0, 8, 10], "snare": [4, 12], "hat": [0, 2, 4, 6, 8, 10, 12, 14]},
    "broken": {"kick": [0, 6, 10], "snare": [4, 12], "hat": list(range(16))},
}
DRUMS: dict[str, Callable[[np.random.Generator], Signal]] = {
    "kick": kick,
    "snare": snare,
    "hat": hat,
}


def groove_events(
    bpm: float, bars: int, groove: str, swing: float, rng: np.random.Generator
) -> list[tuple[float, Signal]]:
    """Hits of ``bars`` bars; ``swing`` delays the off-beat sixteenths (0 straight, 1/3 triplet)."""
    sixteenth = 60.0 / bpm / 4
    pattern = GROOVES[groove]
    sixteenths = any(step % 2 for steps in pattern.values() for step in steps)
    events = []
    for bar in range(bars):
        for drum, steps in pattern.items():
            for step in steps:
                time = (bar * 16 + step) * sixteenth
                if sixteenths and step % 2 == 1:
                    time += swing * sixteenth
                elif not sixteenths and step % 4 == 2:
                    time += swing * 2 * sixteenth
                time = max(0.0, time + rng.uniform(-0.004, 0.004)) if time > 0 else 0.0
                velocity = rng.uniform(0.6, 1.0) * (0.5 if drum == "hat" else 1.0)
                events.append((time, velocity * DRUMS[drum](rng)))
    return events


def drum_item(bpm: float, groove: str, *, loop: bool, rng: np.random.Generator) -> Item:
    bar_s = 240.0 / bpm
    bars = int(rng.choice([2, 4])) if loop else max(4, math.ceil(14 / bar_s))
    swing = float(rng.choice([0.0, 0.0, 0.15, 0.33]))
    length = round(bars * bar_s * RATE)
    if not loop:
        length = round((bars - rng.uniform(0.2, 0.8)) * bar_s * RATE)
    mono = place(length, groove_events(bpm, bars, groove, swing, rng), circular=loop, rng=rng)
    name = f"drums_{groove}_{bpm:g}_{'loop' if loop else 'track'}"
    tags = {"groove": groove, "swing": swing, "bars": bars}
    return Item(
        name, stereo(with_noise(mono, rng)), bpm=bpm, kind="loop" if loop else None, tags=tags
    )


def click_item(bpm: float, rng: np.random.Generator) -> Item:
    beat = 60.0 / bpm
    seconds = rng.uniform(12, 18)
    offset = rng.uniform(0, beat)
    events = [(offset + k * beat, rng.uniform(0.7, 1.0) * click(k % 4 == 0)) for k in range(400)]
    mono = place(round(seconds * RATE), events, circular=False, rng=rng)
    return Item(f"click_{bpm:g}", stereo(with_noise(mono, rng)), bpm=bpm, tags={"offset": offset})


def tempo_corpus(seed: int = 7) -> list[Item]:
    rng = np.random.default_rng(seed)
    items = []
    for bpm in range(60, 201, 7):
        items.append(click_item(bpm, rng))
        grooves = list(GROOVES)
        rng.shuffle(grooves)
        items.append(drum_item(bpm, grooves[0], loop=True, rng=rng))
        items.append(drum_item(bpm, grooves[1], loop=True, rng=rng))
        items.append(drum_item(bpm, grooves[2], loop=False, rng=rng))
    return items


# --- key -----------------------------------------------------------------------------------------

MAJOR_SCALE = (0, 2, 4, 5, 7, 9, 11)
MINOR_SCALE = (0, 2, 3, 5, 7, 8, 10)
# Scale degrees (0-based) of each chord, a bar each; "V+" is the minor key's major dominant
# (raised 7th). Half the minor loops use only the relative major's notes: i-VI-III-VII (Am F C
# G) and i-VII-VI-VII (Am G F G); their tonic is what opens the loop and what VII leads back to,
# and the relative major's V-I never sounds. i-iv-VII-III (Am Dm G C) is left out: it opens on
# i but closes with a V-I cadence into the relative major, so either key is a fair answer.
PROGRESSIONS: dict[str, list[list[int | str]]] = {
    "major": [[0, 4, 5, 3], [0, 3, 4, 0], [1, 4, 0, 0], [0, 5, 3, 4]],
    "minor": [[0, 3, "V+", 0], [0, 5, 2, 6], [0, 6, 5, 6], [0, 5, 3, "V+"]],
}
# Harmonic amplitudes, decay (s; None = sustained) and attack (s) of each instrument.
INSTRUMENTS: dict[str, tuple[list[float], float | None, float]] = {
    "organ": ([1.0, 0.6, 0.4, 0.25, 0.15, 0.1], None, 0.01),
    "pluck": ([1.0, 0.5, 0.33, 0.25, 0.2, 0.16, 0.14], 0.5, 0.003),
    "pad": ([1.0, 0.5, 0.33, 0.25, 0.2, 0.16, 0.14, 0.12, 0.11, 0.1], None, 0.25),
    "epiano": ([1.0, 0.3, 0.12, 0.05], 0.9, 0.004),
}
VOICINGS = ("close", "bass", "open", "seventh")


def chord_pitches(tonic: int, mode: str, degree: int | str, voicing: str) -> list[int]:
    """MIDI notes of a triad (or seventh) on a scale degree, in a voicing."""
    scale = MAJOR_SCALE if mode == "major" else MINOR_SCALE
    raised = degree == "V+"
    step = 4 if raised else int(degree)
    notes = [scale[(step + k) % 7] + 12 * ((step + k) // 7) for k in (0, 2, 4, 6)]
    if raised:
        notes[1] += 1  # the leading tone
    root = 48 + tonic + (notes[0] if notes[0] < 8 else notes[0] - 12)
    triad = [root + n - notes[0] for n in notes[:3]]
    if voicing == "seventh":
        return [*triad, root + notes[3] - notes[0]]
    if voicing == "bass":
        return [root - 12, *triad]
    if voicing == "open":
        return [triad[0] - 12, triad[2] - 12, triad[1] + 12]
    return triad


def tone(midi: int, seconds: float, instrument: str, rng: np.random.Generator) -> Signal:
    harmonics, decay, attack = INSTRUMENTS[instrument]
    n = round(seconds * RATE)
    t = np.arange(n) / RATE
    f0 = 440.0 * 2 ** ((midi - 69) / 12) * (1 + rng.uniform(-0.001, 0.001))
    out = sum(
        a * np.sin(2 * np.pi * f0 * h * t + rng.uniform(0, 2 * np.pi))
        for h, a in enumerate(harmonics, 1)
        if f0 * h < RATE / 2
    )
    envelope = np.minimum(1.0, t / attack)
    envelope = envelope * (np.exp(-t / decay) if decay else np.minimum(1.0, (seconds - t) / 0.05))
    return np.asarray(out) * envelope


def chord_item(tonic: int, mode: str, variant: int, rng: np.random.Generator) -> Item:
    bpm = float(rng.integers(80, 131))
    instrument = list(INSTRUMENTS)[(tonic + variant) % len(INSTRUMENTS)]
    voicing = VOICINGS[(tonic // 2 + variant) % len(VOICINGS)]
    progression = PROGRESSIONS[mode][(tonic + 2 * variant) % len(PROGRESSIONS[mode])]
    beat = 60.0 / bpm
    strokes = 4 if INSTRUMENTS[instrument][1] else 1  # plucked: a chord on every beat
    events = []
    for bar, degree in enumerate(progression):
        for stroke in range(strokes):
            notes = chord_pitches(tonic, mode, degree, voicing)
            seconds = 4 * beat / strokes + (0.6 if strokes > 1 else 0.0)
            velocity = rng.uniform(0.7, 1.0)
            sound = sum(velocity * tone(note, seconds, instrument, rng) for note in notes)
            events.append(((bar * 4 + stroke * 4 / strokes) * beat, np.asarray(sound)))
    length = round(len(progression) * 4 * beat * RATE)
    mono = place(length, events, circular=True, rng=rng)
    key = f"{PITCHES[tonic]} {mode}"
    tags: dict[str, object] = {
        "instrument": instrument,
        "voicing": voicing,
        "progression": str(progression),
    }
    name = f"chords_{PITCHES[tonic]}_{mode}_{variant}"
    return Item(name, stereo(with_noise(mono, rng, 30.0)), bpm=bpm, key=key, kind="loop", tags=tags)


def key_corpus(seed: int = 11, variants: int = 3) -> list[Item]:
    rng = np.random.default_rng(seed)
    return [
        chord_item(tonic, mode, variant, rng)
        for mode in ("major", "minor")
        for tonic in range(12)
        for variant in range(variants)
    ]


# --- one-shots -----------------------------------------------------------------------------------


def _tail(n: int) -> Signal:
    """A 5 ms fade at the very end, as a sampler trims a one-shot."""
    fade = np.ones(n)
    k = min(n, int(0.005 * RATE))
    fade[n - k :] = np.linspace(1.0, 0.0, k)
    return fade


def one_shot(index: int, rng: np.random.Generator) -> Item:
    kind = ("kick", "snare", "hat", "stab", "bar_stab", "bass", "impact", "riser")[index % 8]
    if kind in ("kick", "snare", "hat"):
        mono = DRUMS[kind](rng)
    elif kind in ("stab", "bar_stab"):
        seconds = (
            240.0 / float(rng.integers(80, 141)) if kind == "bar_stab" else rng.uniform(0.5, 3)
        )
        tonic, instrument = int(rng.integers(0, 12)), str(rng.choice(["pluck", "epiano"]))
        notes = chord_pitches(tonic, str(rng.choice(["major", "minor"])), 0, "close")
        mono = np.asarray(sum(tone(note, seconds, instrument, rng) for note in notes))
        mono = mono * np.exp(-np.arange(len(mono)) / RATE / (seconds / 5))
    elif kind == "bass":
        mono = tone(int(rng.integers(28, 40)), rng.uniform(0.6, 1.5), "pluck", rng)
    elif kind == "impact":
        n = round(rng.uniform(1.5, 4.0) * RATE)
        mono = kick(rng)[:n].copy()
        mono = np.pad(mono, (0, n - len(mono))) + 0.3 * rng.standard_normal(n) * _env(
            n, n / RATE / 6
        )
    else:
        n = round(rng.uniform(1.0, 4.0) * RATE)
        rise = np.linspace(0, 1, n) ** 2
        mono = np.diff(rng.standard_normal(n + 1)) * rise * 0.3
    mono = mono * _tail(len(mono))
    return Item(f"oneshot_{kind}_{index}", stereo(mono), kind="one-shot", tags={"sound": kind})


def one_shot_corpus(seed: int = 13, count: int = 48) -> list[Item]:
    rng = np.random.default_rng(seed)
    return [one_shot(index, rng) for index in range(count)]


def song(seconds: float = 180.0, bpm: float = 124.0, seed: int = 17) -> Signal:
    """A 3-minute stereo piece (drums, chords, bass) for the speed and memory measurement."""
    rng = np.random.default_rng(seed)
    bars = math.ceil(seconds * bpm / 240)
    drums = place(
        round(seconds * RATE),
        groove_events(bpm, bars, "backbeat", 0.1, rng),
        circular=False,
        rng=rng,
    )
    chords = chord_item(9, "minor", 0, rng).audio[:, 0]
    repeats = np.tile(chords, math.ceil(len(drums) / len(chords)))[: len(drums)]
    return stereo(drums / np.max(np.abs(drums)) + 0.6 * repeats / np.max(np.abs(repeats)))
