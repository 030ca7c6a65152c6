"""The design engine on files of known geometry: metadata and estimates within 0.5 % of values
worked out by hand, and the G-code parsed back against the metadata."""

import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pytest
from PIL import Image

from projects_service.designs import ProcessingSettings, design_gcode, process_design
from projects_service.designs.estimate import LINE_OVERHEAD_S, RAPID_MM_MIN
from projects_service.designs.samples import RECT_SVG, dxf, half_black_png, noisy_jpeg, svg

REL = 0.005  # the tolerance: 0.5 %
SETTINGS = ProcessingSettings(speed_mm_min=1000, passes=2, power_percent=80, grbl_max_s=1000)


def close(value: float) -> object:
    return pytest.approx(value, rel=REL, abs=1e-9)


def test_a_100_by_50_mm_rectangle_svg() -> None:
    processed = process_design(RECT_SVG, "plate.svg", SETTINGS)

    meta = processed.metadata
    assert (meta["width_mm"], meta["height_mm"]) == (close(100), close(50))
    assert meta["bounds_mm"] == {"min_x": 0, "min_y": 0, "max_x": 100, "max_y": 50}
    assert meta["path_count"] == 1
    assert meta["cut_length_mm"] == close(300)
    assert meta["travel_length_mm"] == 0
    # 300 mm at 1000 mm/min is 18 s, two passes.
    assert processed.estimate["seconds"] == close(36)


def test_svg_units_viewbox_transforms_and_shapes_resolve_to_mm() -> None:
    # viewBox 1000 user units over 100 mm: 10 units a mm; height from the aspect ratio (50 mm).
    body = (
        '<g transform="translate(100,100) scale(2)"><rect width="100" height="50"/></g>'
        '<circle cx="700" cy="250" r="100" transform="rotate(45 700 250)"/>'
        '<path d="m 900 400 h 50 v 50"/>'
        '<g display="none"><rect width="1000" height="500"/></g>'
        "<defs><rect width='999' height='999'/></defs><text>ignored</text>"
    )
    data = svg(body, 'width="100mm" viewBox="0 0 1000 500"')

    meta = process_design(data, "parts.svg", SETTINGS).metadata

    rect, circle, hook = 2 * (20 + 10), 2 * math.pi * 10, 5 + 5
    assert meta["path_count"] == 3
    assert meta["cut_length_mm"] == close(rect + circle + hook)
    # Page y runs down, machine y up (page height 50 mm): the rect's top-left (10, 10) mm is
    # (10, 40) from the bottom; the hook ends at page (95, 45), 5 mm from the bottom.
    assert meta["bounds_mm"] == {
        "min_x": close(10),
        "min_y": close(5),
        "max_x": close(95),
        "max_y": close(40),
    }
    # Travel: rect start (10, 40) -> circle start (its leftmost point turned 45 degrees about
    # the centre (70, 25)) -> hook start (90, 10).
    turned = (70 - 10 * math.cos(math.pi / 4), 25 + 10 * math.sin(math.pi / 4))
    travel = math.dist((10, 40), turned) + math.dist(turned, (90, 10))
    assert meta["travel_length_mm"] == close(travel)


def test_svg_without_viewbox_counts_css_pixels() -> None:
    data = svg('<polygon points="0,0 96,0 96,48"/>', 'width="96" height="48"')

    meta = process_design(data, "tri.svg", SETTINGS).metadata

    assert (meta["width_mm"], meta["height_mm"]) == (close(25.4), close(12.7))
    assert meta["cut_length_mm"] == close(25.4 + 12.7 + math.hypot(25.4, 12.7))


def test_a_dxf_circle_of_radius_20_mm() -> None:
    data = dxf(("add_circle", ((5, 5), 20)))
    settings = ProcessingSettings(speed_mm_min=600, passes=1)

    processed = process_design(data, "circle.dxf", settings)

    meta = processed.metadata
    assert (meta["width_mm"], meta["height_mm"]) == (close(40), close(40))
    assert meta["bounds_mm"]["min_x"] == close(-15)
    assert meta["path_count"] == 1
    assert meta["cut_length_mm"] == close(2 * math.pi * 20)
    assert processed.estimate["seconds"] == close(2 * math.pi * 20 / 600 * 60)


def test_dxf_entities_and_inches() -> None:
    data = dxf(
        ("add_line", ((0, 0), (1, 0))),
        ("add_arc", ((1, 1), 1, -90, 90)),
        ("add_lwpolyline", ([(1, 2), (0, 2), (0, 1)],)),
        ("add_spline", ([(3, 0), (3, 1), (3, 2)],)),
        units=1,
    )

    meta = process_design(data, "inch.dxf", SETTINGS).metadata

    inch = 25.4
    assert meta["path_count"] == 4
    assert meta["cut_length_mm"] == close((1 + math.pi + 2 + 2) * inch)
    assert (meta["width_mm"], meta["height_mm"]) == (close(3 * inch), close(2 * inch))
    travel = math.dist((1, 0), (1, 0)) + math.dist((1, 2), (1, 2)) + math.dist((0, 1), (3, 0))
    assert meta["travel_length_mm"] == close(travel * inch)


def test_a_300_dpi_png_of_known_size() -> None:
    settings = ProcessingSettings(speed_mm_min=1000, passes=1, line_interval_mm=0.1, threshold=128)

    processed = process_design(half_black_png(1200, 600, dpi=300), "photo.png", settings)

    meta = processed.metadata
    assert (meta["width_px"], meta["height_px"]) == (1200, 600)
    assert meta["dpi"] == [300, 300]
    assert meta["dpi_source"] == "file"
    assert (meta["width_mm"], meta["height_mm"]) == (close(101.6), close(50.8))
    assert meta["histogram"] == [0.5] + [0.0] * 14 + [0.5]
    assert meta["burn_share"] == 0.5
    # 50.8 mm / 0.1 mm = 508 lines, each 101.6 mm at 1000 mm/min (6.096 s) plus the overhead.
    assert processed.estimate["lines"] == 508
    assert processed.estimate["seconds"] == close(508 * (6.096 + LINE_OVERHEAD_S))


def test_a_png_without_dpi_takes_the_projects_and_the_threshold_decides_the_burn() -> None:
    settings = ProcessingSettings(raster_dpi=254, threshold=0, speed_mm_min=3000, passes=3)

    processed = process_design(half_black_png(500, 100, dpi=None), "logo.png", settings)

    meta = processed.metadata
    assert meta["dpi_source"] == "project"
    assert (meta["width_mm"], meta["height_mm"]) == (close(50), close(10))
    assert meta["burn_share"] == 0  # threshold 0: nothing is darker
    assert processed.estimate["seconds"] == close(100 * (50 / 3000 * 60 + LINE_OVERHEAD_S) * 3)


def test_a_jpeg_with_its_own_dpi() -> None:
    meta = process_design(noisy_jpeg(400, 300, dpi=150), "wood.jpg", SETTINGS).metadata

    assert meta["dpi"] == [150, 150]
    assert meta["width_mm"] == close(400 / 150 * 25.4)
    assert sum(meta["histogram"]) == close(1)
    assert 0 < meta["burn_share"] < 1


@pytest.mark.parametrize(
    ("data", "name", "size"),
    [
        (RECT_SVG, "r.svg", (512, 264)),  # 8 px margins around 496 x 248
        (dxf(("add_circle", ((0, 0), 20))), "c.dxf", (512, 512)),
        (half_black_png(1200, 600), "p.png", (512, 256)),
        (noisy_jpeg(300, 400), "j.jpeg", (384, 512)),
    ],
)
def test_every_kind_has_a_512_px_png_preview(data: bytes, name: str, size: tuple[int, int]) -> None:
    preview = process_design(data, name, SETTINGS).preview_png

    with Image.open(io.BytesIO(preview)) as image:
        assert image.format == "PNG"
        assert image.size == size


@dataclass
class Replay:
    cut_mm: float = 0.0
    travel_mm: float = 0.0
    min_x: float = math.inf
    min_y: float = math.inf
    max_x: float = -math.inf
    max_y: float = -math.inf
    passes: int = 0
    powers: frozenset[int] = frozenset()
    feeds: frozenset[float] = frozenset()


def replay(lines: Iterable[str]) -> Replay:
    """Runs the G-code on paper: lengths of G1 (burning) and G0 (travel) moves and G1 bounds."""
    state, x, y = Replay(), 0.0, 0.0
    for line in lines:
        if line.startswith("; pass"):
            state.passes += 1
        words = dict(re.findall(r"([A-Z])([-\d.]+)", line.split(";")[0]))
        if "S" in words and line.startswith("G1"):
            state.powers |= {int(words["S"])}
        if "F" in words:
            state.feeds |= {float(words["F"])}
        if not line.startswith(("G0 ", "G1 ")):
            continue
        nx, ny = float(words.get("X", x)), float(words.get("Y", y))
        if line.startswith("G1"):
            state.cut_mm += math.dist((x, y), (nx, ny))
            for px, py in ((x, y), (nx, ny)):
                state.min_x, state.max_x = min(state.min_x, px), max(state.max_x, px)
                state.min_y, state.max_y = min(state.min_y, py), max(state.max_y, py)
        else:
            state.travel_mm += math.dist((x, y), (nx, ny))
        x, y = nx, ny
    return state


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (RECT_SVG, "plate.svg"),
        (
            svg('<rect x="10" y="10" width="30" height="20"/><circle cx="70" cy="70" r="15"/>'),
            "two.svg",
        ),
        (dxf(("add_circle", ((5, 5), 20)), ("add_line", ((30, 30), (60, 40)))), "mixed.dxf"),
    ],
)
def test_gcode_parsed_back_matches_the_metadata(data: bytes, name: str) -> None:
    meta = process_design(data, name, SETTINGS).metadata

    lines = list(design_gcode(data, name, SETTINGS))
    run = replay(lines)

    assert lines[:5][2:] == ["G21", "G90", "M4 S0"]
    assert lines[-2:] == ["M5", "G0 X0 Y0"]
    assert run.passes == SETTINGS.passes
    assert run.powers == {800}  # 80 % of $30 = 1000
    assert run.feeds == {1000.0}
    assert run.cut_mm == close(meta["cut_length_mm"] * SETTINGS.passes)
    assert (run.min_x, run.min_y) == (close(0), close(0))
    assert (run.max_x, run.max_y) == (close(meta["width_mm"]), close(meta["height_mm"]))


def test_gcode_is_a_stream() -> None:
    lines = design_gcode(RECT_SVG, "plate.svg", SETTINGS)

    assert next(iter(lines)).startswith("; Cadence laser job")
    assert not isinstance(lines, (list, tuple, str))


def test_rapid_speed_counts_the_travel() -> None:
    data = svg('<line x1="0" y1="0" x2="10" y2="0"/><line x1="40" y1="0" x2="50" y2="0"/>')
    settings = ProcessingSettings(speed_mm_min=600, passes=1)

    processed = process_design(data, "lines.svg", settings)

    assert processed.metadata["travel_length_mm"] == close(30)
    assert processed.estimate["seconds"] == close(20 / 600 * 60 + 30 / RAPID_MM_MIN * 60)
