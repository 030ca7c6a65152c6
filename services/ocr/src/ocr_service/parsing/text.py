"""Helpers both parsers use: OCR's usual look-alikes undone, numbers read, fields' confidence."""

import re

from ocr_service.reading.layout import Line

# One character for one, so offsets in the normalised text are offsets in the line as read.
_LOOKALIKES = str.maketrans(
    {"\u00d7": "x", "\u2014": "-", "\u2013": "-", "\u2212": "-", "\u00a9": "@", "\u00ae": "@"}
)
"""x for the multiplication sign; hyphens for the dashes and minus; @ for the (c) and (R) signs
Tesseract reads a small @ as."""
# S for 5 between the slashes of a rep list (5/5/S/5), before "x 6" or "sets"; ' for / (6/6'6).
_REP_S = re.compile(r"(?<=\d/)S|S(?=/\d)|\bS(?=\s?x\s?\d|\s?sets?\b)|(?<=\d)'(?=\d)")
# "!" for "l" at the end of or inside a word ("bow!", "Ga!ette").
_BANG_L = re.compile(r"(?<=[a-z])!(?=[a-z]|\s|$)")
# A run of digits and their look-alikes (O for 0; l, I and | for 1; S for 5) that is not inside a word.
_NUMBER_RUN = re.compile(r"(?<![^\W\d_])[0-9OoIl|S]+")
_DIGIT_OF = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1", "S": "5"})

NUMBER = r"\d{1,4}(?:[.,]\d{1,2})?"
SEPARATORS = " \t-.,:;·•|/*_~=+"


def normalise(text: str) -> str:
    text = _REP_S.sub(
        lambda match: "/" if match.group() == "'" else "5", text.translate(_LOOKALIKES)
    )
    text = _BANG_L.sub("l", text)
    return _NUMBER_RUN.sub(_as_digits, text)


def _as_digits(match: re.Match[str]) -> str:
    """``1O0`` is 100; ``100l`` before ``b`` keeps its ``l`` (``100lb``); ``Il`` is no number."""
    run = match.group()
    if not any(char.isdigit() for char in run):
        return run
    end = len(run)
    following = match.string[match.end() : match.end() + 1]
    if following in ("b", "B"):
        while end and not run[end - 1].isdigit():
            end -= 1
    return run[:end].translate(_DIGIT_OF) + run[end:]


def number(text: str) -> float:
    """``12,50`` or ``12.50`` as 12.5."""
    return float(text.replace(",", "."))


def clean_name(text: str) -> str:
    """A name without the separators, dot leaders and spaces around it."""
    text = re.sub(r"\s*[.·…_]{2,}\s*", " ", text)
    return " ".join(text.split()).strip(SEPARATORS + "()[]")


def has_name(text: str) -> bool:
    return re.search(r"[^\W\d_]{2,}", text) is not None


def span_confidence(line: Line, spans: list[tuple[int, int]]) -> float:
    return min((line.confidence_of(start, end) for start, end in spans), default=line.confidence)


def name_span(text: str, name: str) -> tuple[int, int]:
    start = text.find(name)
    return (start, start + len(name)) if start >= 0 else (0, len(text))
