"""Words to lines by where they sit on the page, not by Tesseract's own blocks.

Tesseract's blocks split a menu's right-aligned price from its dish when the gap between them is
wide, and run two columns together when it is narrow. Here:

1. words are chained left to right into *rows*: a word joins the row whose last word it overlaps
   vertically by half its height, to its left and nearest (residual skew bends rows gently);
2. a row is cut where the gap between two words is wider than ``GAP_HEIGHTS`` word heights;
3. a piece with no word of its own (only numbers, currency, units, ``@``, ``x``) is put back on
   the piece to its left: ``Caesar salad .......... $12.50`` is one line, and so is
   ``Back squat      3x5 @ 100kg``;
4. every other piece starts a line; pieces that start further right than a column boundary (found
   from where pieces right of the margin start) belong to the next column, and lines are read
   column by column, top to bottom.
"""

import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from ocr_service.reading.tesseract import Word

GAP_HEIGHTS = 1.8
SPECK_CONFIDENCE = 0.3

# Words that do not start a line of their own: units and the glue of set notations.
_GLUE = {"kg", "kgs", "lb", "lbs", "ib", "set", "sets", "rep", "reps", "of", "at"}
_GLUE |= {"eur", "usd", "gbp", "chf"}


@dataclass(frozen=True, slots=True)
class Line:
    """A line of text as read, with the words it is made of (``starts[i]`` is where word ``i``
    begins in ``text``)."""

    text: str
    words: tuple[Word, ...]
    starts: tuple[int, ...]
    column: int

    @property
    def confidence(self) -> float:
        return sum(word.confidence for word in self.words) / len(self.words)

    @property
    def top(self) -> int:
        return min(word.top for word in self.words)

    @property
    def left(self) -> int:
        return min(word.left for word in self.words)

    def confidence_of(self, start: int, end: int) -> float:
        """The lowest confidence of the words that the characters ``start:end`` overlap."""
        found = [
            word.confidence
            for word, begin in zip(self.words, self.starts, strict=True)
            if begin < end and begin + len(word.text) > start
        ]
        return min(found) if found else self.confidence


def group_lines(words: Iterable[Word]) -> list[Line]:
    """The page's lines in reading order."""
    kept = [word for word in words if _is_ink(word)]
    if not kept:
        return []
    unit = statistics.median(word.height for word in kept)
    pieces = [piece for row in _rows(kept) for piece in enumerate(_pieces(row, unit))]
    margin = min(word.left for word in kept)
    starts = [
        piece[0].left
        for index, piece in pieces
        if _has_word(piece) and (index or piece[0].left > margin + 4 * unit)
    ]
    boundaries = _column_boundaries(starts, unit)
    lines = [
        _line(piece, sum(piece[0].left + unit >= b for b in boundaries)) for _, piece in pieces
    ]
    return sorted(lines, key=lambda line: (line.column, line.top, line.left))


def _is_ink(word: Word) -> bool:
    return word.confidence >= SPECK_CONFIDENCE or any(char.isalnum() for char in word.text)


def _rows(words: list[Word]) -> list[list[Word]]:
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda word: word.left):
        best: list[Word] | None = None
        best_distance = float("inf")
        for row in rows:
            last = row[-1]
            overlap = _overlap(last, word)
            beside = last.right <= word.left + word.height / 2
            # Tesseract's sparse mode sometimes boxes a word as wide as its whole line.
            if overlap < 0.5 or (not beside and overlap < 0.7):
                continue
            distance = abs(last.middle - word.middle) * 4 + max(0, word.left - last.right)
            if distance < best_distance:
                best, best_distance = row, distance
        if best is None:
            rows.append([word])
        else:
            best.append(word)
    return [sorted(row, key=lambda word: word.left) for row in rows]


def _overlap(first: Word, second: Word) -> float:
    """How much of the shorter word's height the two share (0..1)."""
    overlap = min(first.bottom, second.bottom) - max(first.top, second.top)
    return overlap / max(1, min(first.height, second.height))


def _pieces(row: list[Word], unit: float) -> list[list[Word]]:
    """The row cut at wide gaps; a piece with no word of its own goes back on the one before."""
    pieces: list[list[Word]] = [[row[0]]]
    for word in row[1:]:
        if word.left - pieces[-1][-1].right > GAP_HEIGHTS * unit:
            pieces.append([word])
        else:
            pieces[-1].append(word)
    merged = [pieces[0]]
    for piece in pieces[1:]:
        if _has_word(piece):
            merged.append(piece)
        else:
            merged[-1] = merged[-1] + piece
    return merged


def _has_word(piece: list[Word]) -> bool:
    runs = (run.lower() for word in piece for run in re.findall(r"[^\W\d_]+", word.text))
    return any(len(run) >= 2 and run not in _GLUE for run in runs)


def _column_boundaries(lefts: list[int], unit: float) -> list[float]:
    """Where columns start: the left edges of pieces with words that start right of the margin
    (beside another piece, or alone on their row), in clusters of at least two (one indented or
    centred line makes no column; a price alone on its row makes none either)."""
    clusters: list[list[int]] = []
    for left in sorted(lefts):
        if clusters and left - clusters[-1][-1] <= 4 * unit:
            clusters[-1].append(left)
        else:
            clusters.append([left])
    return [min(cluster) for cluster in clusters if len(cluster) >= 2]


def _line(words: list[Word], column: int) -> Line:
    starts: list[int] = []
    position = 0
    for word in words:
        starts.append(position)
        position += len(word.text) + 1
    text = " ".join(word.text for word in words)
    return Line(text=text, words=tuple(words), starts=tuple(starts), column=column)


def text_line(text: str, confidence: float = 1.0, column: int = 0) -> Line:
    """A line made from plain text (each space-separated word at ``confidence``): what the
    parsers take, without a photo."""
    words = [
        Word(part, confidence, index * 10, 0, index * 10 + 9, 10)
        for index, part in enumerate(text.split())
    ]
    return _line(words, column)
