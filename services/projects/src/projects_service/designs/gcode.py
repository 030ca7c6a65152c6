"""G-code for GRBL 1.1 in laser mode, as a stream of lines (a generator: a large drawing is never
held as one string).

- ``G21 G90``: millimetres, absolute coordinates; origin at the design's lower-left corner (the
  bounding box's minimum), so the job starts where the operator sets the machine's zero.
- ``M4``: dynamic power (GRBL scales power with the actual speed, so corners do not over-burn;
  it needs ``$32=1``). GRBL turns the laser off during ``G0`` in laser mode.
- ``S`` = power % * ``$30`` (the machine's S of full power) / 100, rounded; ``F`` = the speed.
- One block per pass; in each, every path is a ``G0`` to its start and ``G1`` moves along it.
- ``M5`` and a ``G0`` back to the origin at the end.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from projects_service.designs.geometry import Paths, bounds


@dataclass(frozen=True, slots=True)
class GcodeSettings:
    power_percent: float
    grbl_max_s: int
    speed_mm_min: float
    passes: int


def spindle_value(power_percent: float, grbl_max_s: int) -> int:
    return round(power_percent / 100 * grbl_max_s)


def gcode_lines(paths: Paths, settings: GcodeSettings) -> Iterator[str]:
    box = bounds(paths)
    s = spindle_value(settings.power_percent, settings.grbl_max_s)

    def xy(point: tuple[float, float]) -> str:
        return f"X{point[0] - box.min_x:.3f} Y{point[1] - box.min_y:.3f}"

    yield "; Cadence laser job: GRBL 1.1, laser mode ($32=1), mm, origin at the lower left"
    yield f"; {len(paths)} paths, {box.width:.3f} x {box.height:.3f} mm, {settings.passes} passes"
    yield "G21"
    yield "G90"
    yield "M4 S0"
    for number in range(1, settings.passes + 1):
        yield f"; pass {number} of {settings.passes}"
        yield f"F{settings.speed_mm_min:g}"
        for path in paths:
            yield f"G0 {xy(path[0])}"
            yield f"G1 {xy(path[1])} S{s}"
            for point in path[2:]:
                yield f"G1 {xy(point)}"
    yield "M5"
    yield "G0 X0 Y0"
