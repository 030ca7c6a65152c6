"""The OCR engine as plain functions: a photo's bytes in, a parsed menu or workout sheet out.

CPU-bound and synchronous (0.5-3 s an image on one core): run it in a worker's process pool,
never on the event loop. Every failure is a domain error from ``errors.py``.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from cadence_shared.events import OcrJobCompleted
from ocr_service.errors import NoTextFound
from ocr_service.parsing.menu import parse_menu
from ocr_service.parsing.workout import parse_workout
from ocr_service.reading.images import MAX_PIXELS, open_image
from ocr_service.reading.layout import Line, group_lines
from ocr_service.reading.preprocess import Preprocessing, prepare
from ocr_service.reading.tesseract import (
    Backend,
    Segmentation,
    Word,
    check_language,
    read_words,
)
from ocr_service.results import Menu, WorkoutSheet

Kind = Literal["menu", "workout_sheet"]

SEGMENTATION: dict[Kind, Segmentation] = {
    "menu": Segmentation.sparse,
    "workout_sheet": Segmentation.sparse,
}
"""Chosen by the benchmark (bench/README.md): the lines are rebuilt from the words' boxes here,
so the mode that finds the most words wins; Tesseract's own line order does not matter."""


@dataclass(frozen=True, slots=True)
class Options:
    language: str = "eng"  # Tesseract's: "eng", "deu", "eng+deu"
    steps: Preprocessing = field(default_factory=Preprocessing)
    backend: Backend = "tesserocr"
    segmentation: Segmentation | None = None  # None: SEGMENTATION[kind]
    max_pixels: int = MAX_PIXELS


Stage = Callable[[int, str], None]
"""Told each step as it starts (percent done, the step's name): a job's progress."""


def _quiet(percent: int, stage: str) -> None:
    pass


def read_lines(
    data: bytes, kind: Kind, options: Options = Options(), stage: Stage = _quiet
) -> list[Line]:
    """The photo's lines in reading order; ``NoTextFound`` when there are none."""
    language = check_language(options.language)
    stage(5, "decoding")
    image = open_image(data, max_pixels=options.max_pixels)
    stage(15, "preprocessing")
    page = prepare(image, options.steps)
    psm = options.segmentation or SEGMENTATION[kind]
    images = (page.image, *page.alternatives)
    readings = []
    for index, each in enumerate(images):
        stage(30 + 50 * index // len(images), "reading text")
        readings.append(read_words(each, language=language, psm=psm, backend=options.backend))
    stage(85, "layout")
    words = max(readings, key=_certainty)
    lines = [line for line in group_lines(words) if any(char.isalnum() for char in line.text)]
    if not lines:
        raise NoTextFound()
    return lines


def _certainty(words: list[Word]) -> float:
    """How much Tesseract is sure it read: the confidence summed over the characters of the
    words with letters or digits (more text read, and read surely, both count)."""
    return sum(
        word.confidence * len(word.text)
        for word in words
        if any(char.isalnum() for char in word.text)
    )


def read_menu(data: bytes, options: Options = Options(), stage: Stage = _quiet) -> Menu:
    lines = read_lines(data, "menu", options, stage)
    stage(95, "parsing")
    return parse_menu(lines)


def read_workout_sheet(
    data: bytes, options: Options = Options(), stage: Stage = _quiet
) -> WorkoutSheet:
    lines = read_lines(data, "workout_sheet", options, stage)
    stage(95, "parsing")
    return parse_workout(lines)


def read(
    data: bytes, kind: Kind, options: Options = Options(), stage: Stage = _quiet
) -> Menu | WorkoutSheet:
    if kind == "menu":
        return read_menu(data, options, stage)
    return read_workout_sheet(data, options, stage)


def completed_event(
    *,
    job_id: uuid.UUID,
    user_id: uuid.UUID,
    result: Menu | WorkoutSheet,
    completed_at: datetime,
    target_date: date | None = None,
    meal: str | None = None,
) -> OcrJobCompleted:
    """The ``ocr.job.completed.v1`` event for a result, in the contract's own shapes."""
    if isinstance(result, Menu):
        return OcrJobCompleted(
            job_id=job_id,
            user_id=user_id,
            kind="menu",
            menu=result.to_contract(),
            target_date=target_date,
            meal=meal,
            completed_at=completed_at,
        )
    sheet = result.to_contract()
    return OcrJobCompleted.model_validate(
        {"job_id": job_id, "user_id": user_id, "kind": "workout_sheet", "workout_sheet": sheet}
        | {"target_date": target_date, "completed_at": completed_at}
    )


def failed_event(
    *, job_id: uuid.UUID, user_id: uuid.UUID, kind: Kind, reason: str, completed_at: datetime
) -> OcrJobCompleted:
    """The event for a job that ended ``failed`` (``reason``: a domain error's detail)."""
    return OcrJobCompleted(
        job_id=job_id,
        user_id=user_id,
        kind=kind,
        status="failed",
        error=reason[:500],
        completed_at=completed_at,
    )
