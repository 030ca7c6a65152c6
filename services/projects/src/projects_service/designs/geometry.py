"""Vector geometry shared by SVG and DXF: paths as polylines in millimetres, y pointing up (the
machine's way), and the measures a cut is estimated from."""

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from projects_service.errors import DesignEmpty, DesignTooComplex

Point = tuple[float, float]
Path = list[Point]
Paths = list[Path]

# Curves become chords of at most this length (SVG) or this deviation (DXF): a circle of r = 20
# mm flattened at 0.5 mm chords is 0.0013 % shorter than 2πr, far inside any estimate's error.
CHORD_MM = 0.5
DEVIATION_MM = 0.01
# What one job may hold: bounds a hostile file's cost (a 25 MiB SVG of tiny segments is ~1.5
# million points).
MAX_POINTS = 5_000_000
MAX_PATHS = 200_000


@dataclass(frozen=True, slots=True)
class Bounds:
    min_x: float
    min_y: float
    max_x: float
    max_y: float

    @property
    def width(self) -> float:
        return self.max_x - self.min_x

    @property
    def height(self) -> float:
        return self.max_y - self.min_y


def bounds(paths: Paths) -> Bounds:
    xs = [x for path in paths for x, _ in path]
    ys = [y for path in paths for _, y in path]
    return Bounds(min(xs), min(ys), max(xs), max(ys))


def path_length(path: Sequence[Point]) -> float:
    return sum((math.dist(a, b) for a, b in itertools.pairwise(path)), 0.0)


def cut_length(paths: Paths) -> float:
    return sum(path_length(path) for path in paths)


def travel_length(paths: Paths) -> float:
    """Laser-off moves between paths, in file order: from each path's end to the next's start."""
    return sum((math.dist(a[-1], b[0]) for a, b in itertools.pairwise(paths)), 0.0)


def checked(paths: Paths) -> Paths:
    """The paths with a length (a lone moveto cuts nothing); refuses an empty or huge drawing."""
    kept = [path for path in paths if len(path) >= 2 and path_length(path) > 0]
    if not kept:
        raise DesignEmpty()
    points = sum(len(path) for path in kept)
    if len(kept) > MAX_PATHS or points > MAX_POINTS:
        raise DesignTooComplex(
            f"{len(kept)} paths and {points} points; at most {MAX_PATHS} and {MAX_POINTS}."
        )
    return kept


class PathBuilder:
    """Collects points into paths, refusing as soon as a drawing grows past the limits."""

    def __init__(self) -> None:
        self.paths: Paths = []
        self.points = 0

    def start(self, point: Point) -> None:
        self.paths.append([point])
        self._count(1)

    def extend(self, points: Sequence[Point]) -> None:
        if not self.paths:
            self.paths.append([])
        self.paths[-1].extend(points)
        self._count(len(points))

    def _count(self, added: int) -> None:
        self.points += added
        if self.points > MAX_POINTS or len(self.paths) > MAX_PATHS:
            raise DesignTooComplex(f"More than {MAX_POINTS} points or {MAX_PATHS} paths.")
