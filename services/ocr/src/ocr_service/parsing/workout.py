"""Lines of a workout sheet to exercises. The notations read (``x`` may be the multiplication sign,
``@`` may be ``at``, the weight and its unit are optional: no weight is body weight)::

    Back squat 3x8 @ 60kg          3 sets of 8 at 60 kg
    Deadlift 3 x 5 x 100 kg        sets x reps x weight
    Front squat 5/5/5 100kg        one set per number
    Bench press - 4 sets of 10, 50 kg
    A1. Pull-up 3x8                A1/A2: a superset (A)
    Note: slow on the way down     a note on the exercise above

What follows the sets on the line ("rest 90 s") is the exercise's note. The first line that is no
exercise, before any exercise, is the sheet's title; other such lines are kept as unparsed.
"""

import re
from dataclasses import dataclass

from ocr_service.parsing.text import (
    clean_name,
    has_name,
    normalise,
    number,
    span_confidence,
)
from ocr_service.reading.layout import Line
from ocr_service.results import LB_IN_KG, Exercise, ReadLine, UnparsedLine, WorkoutSet, WorkoutSheet

# The weight: "@", "at", "x", "," or "e" (a small @ misread) before it; "62. 5" is 62.5. Units as
# OCR reads them: kg as hg, k or g (no workout is weighed in grams), lb as Ib, 1b, b, Ip or fb.
_UNIT = r"kgs?|kilos?|hg|k|g|pounds?|[lIi1|f]?bs?|[lI1]p"
_WEIGHT = (
    rf"(?:\s*(?:[,@xe]|at)\s*|\s+)(?P<weight>\d{{1,4}}(?:[.,]\s?\d{{1,2}})?)\s?"
    rf"(?P<unit>{_UNIT})(?![a-z])"
)
SCHEMES = (
    re.compile(rf"(?<![\d.])(?P<sets>\d{{1,2}})\s?x\s?(?P<reps>\d{{1,3}})(?:{_WEIGHT})?", re.I),
    re.compile(
        rf"(?<![\d.])(?P<sets>\d{{1,2}})\s?sets?\s?(?:of|x)\s?(?P<reps>\d{{1,3}})(?:\s?reps?)?"
        rf"(?:{_WEIGHT})?",
        re.I,
    ),
    re.compile(rf"(?<![\w.])(?P<list>\d{{1,3}}(?:\s?/\s?\d{{1,3}})+)(?:{_WEIGHT})?", re.I),
)
# "A1." (OCR: "Al.", "A1,"): the first exercise of superset A.
SUPERSET = re.compile(r"^\s*(?P<group>[A-Z])(?P<order>[\dlIi|!]{1,2})\s?[.,):-]?\s+")
NOTE = re.compile(r"^\s*(?:notes?|nb|tip)\s?[:.-]\s?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Scheme:
    reps: list[int]
    weight: float | None
    unit: str | None
    start: int
    end: int
    spans: dict[str, tuple[int, int]]


def find_scheme(text: str) -> _Scheme | None:
    """The sets on the line, from the notation that starts first (ties: the longest)."""
    found = [match for pattern in SCHEMES if (match := pattern.search(text))]
    if not found:
        return None
    match = min(found, key=lambda match: (match.start(), -match.end()))
    groups = match.groupdict()
    if groups.get("list"):
        reps = [int(part) for part in re.split(r"\s?/\s?", groups["list"])]
        spans = {"reps": match.span("list"), "sets": match.span("list")}
    else:
        reps = [int(groups["reps"])] * int(groups["sets"])
        spans = {"reps": match.span("reps"), "sets": match.span("sets")}
    weight = unit = None
    if groups.get("weight"):
        weight = number(groups["weight"].replace(" ", ""))
        unit = "kg" if groups["unit"].lower()[0] in "khg" else "lb"
        spans |= {"weight": match.span("weight"), "unit": match.span("unit")}
    return _Scheme(reps, weight, unit, match.start(), match.end(), spans)


def parse_exercise(line: Line) -> Exercise | None:
    """The exercise on the line, or None when the line holds no sets."""
    text = normalise(line.text)
    scheme = find_scheme(text)
    if scheme is None:
        return None
    head = text[: scheme.start]
    superset = SUPERSET.match(head)
    name_start = superset.end() if superset else 0
    name = clean_name(head[name_start:])
    if not has_name(name):
        return None
    notes = clean_name(text[scheme.end :]) or None
    weight_kg = scheme.weight
    if scheme.weight is not None and scheme.unit == "lb":
        weight_kg = round(scheme.weight * LB_IN_KG, 2)
    spans = scheme.spans | {"name": (name_start, scheme.start)}
    confidence = {key: round(span_confidence(line, [span]), 3) for key, span in spans.items()}
    return Exercise(
        name=name,
        sets=[WorkoutSet(reps=reps, weight_kg=weight_kg) for reps in scheme.reps],
        weight=scheme.weight,
        unit="lb" if scheme.unit == "lb" else ("kg" if scheme.unit else None),
        superset=superset.group("group") if superset else None,
        notes=notes,
        confidence=min(confidence.values()),
        field_confidence=confidence,
        source=line.text,
    )


def parse_workout(lines: list[Line]) -> WorkoutSheet:
    exercises: list[Exercise] = []
    unparsed: list[UnparsedLine] = []
    title: str | None = None
    for line in lines:
        exercise = parse_exercise(line)
        note = NOTE.match(line.text)
        if exercise is not None:
            exercises.append(exercise)
        elif note and exercises:
            exercises[-1] = _with_note(exercises[-1], line.text[note.end() :])
        elif title is None and not exercises and has_name(line.text):
            title = clean_name(line.text)
        else:
            unparsed.append(UnparsedLine(text=line.text, confidence=line.confidence))
    read = [
        ReadLine(text=line.text, confidence=line.confidence, column=line.column) for line in lines
    ]
    return WorkoutSheet(title=title, exercises=exercises, unparsed=unparsed, lines=read)


def _with_note(exercise: Exercise, note: str) -> Exercise:
    notes = "; ".join(part for part in (exercise.notes, clean_name(note)) if part)
    return exercise.model_copy(update={"notes": notes or None})
