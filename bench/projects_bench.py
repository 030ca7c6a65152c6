"""Projects: processing time per MiB of design files, raster and vector, in one process.

Needs no stack: the engine (``projects_service.designs``) is called directly, as the worker will
call it. ``python bench/projects_bench.py`` (or `make bench`). Each file is processed several
times (metadata, estimate and the 512 px preview: what a worker does per upload) and the median
is kept; G-code is timed apart for the vector files (generated to the end, written nowhere).

Inputs, made in code (``projects_service.designs.samples``):
- PNG: a 3000 x 2000 px noisy grayscale photo substitute (noise does not compress, so the file is
  as large as such a PNG gets);
- JPEG: a 4000 x 3000 px noisy image at quality 90;
- SVG: a cut sheet of 2,000 parts (a rounded rect, a circle and a curved path each, under group
  transforms), 600 x 3000 mm, curves flattened to 0.5 mm chords;
- DXF: 2,000 parts (a circle, an arc, a bulged polyline and a spline each).

Worker throughput with 2 concurrent jobs is not measured yet: the worker comes with the long-work
platform. What bounds it is visible here already: the engine is CPU-bound Python, so 2 jobs on
2 cores can at best double the single-process rate.
"""

import io
import os
import statistics
import subprocess
import time
from collections.abc import Callable

from PIL import Image

from benchlib import metric, write_results
from projects_service.designs import ProcessingSettings, design_gcode, process_design
from projects_service.designs.samples import many_parts_dxf, many_shapes_svg

MIB = 1024 * 1024
RUNS = 5
SETTINGS = ProcessingSettings()


def noisy_image(width: int, height: int, image_format: str) -> bytes:
    image = Image.effect_noise((width, height), 48).convert("L")
    buffer = io.BytesIO()
    image.save(
        buffer,
        format=image_format,
        dpi=(300, 300),
        **({"quality": 90} if image_format == "JPEG" else {}),
    )
    return buffer.getvalue()


def median_s(work: Callable[[], object], runs: int = RUNS) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def measure(label: str, data: bytes, name: str) -> list[dict[str, object]]:
    size_mib = len(data) / MIB
    seconds = median_s(lambda: process_design(data, name, SETTINGS))
    rows = [
        metric(f"{label}: file size", size_mib, "MiB"),
        metric(f"{label}: processing, median of {RUNS}", seconds * 1000, "ms"),
        metric(f"{label}: processing per MiB", seconds / size_mib, "s/MiB"),
    ]
    if label in ("SVG", "DXF"):
        gcode_s = median_s(lambda: sum(1 for _ in design_gcode(data, name, SETTINGS)))
        rows.append(metric(f"{label}: G-code stream to the end", gcode_s * 1000, "ms"))
    print(f"{label}: {size_mib:.2f} MiB, {seconds:.3f} s", flush=True)
    return rows


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def main() -> None:
    load_before = uptime()
    inputs = [
        ("PNG", noisy_image(3000, 2000, "PNG"), "photo.png"),
        ("JPEG", noisy_image(4000, 3000, "JPEG"), "photo.jpg"),
        ("SVG", many_shapes_svg(2000), "sheet.svg"),
        ("DXF", many_parts_dxf(2000), "sheet.dxf"),
    ]
    results = [row for label, data, name in inputs for row in measure(label, data, name)]
    notes = (
        "Single process, one file at a time (the worker and its 2-job throughput come with the "
        "long-work platform). Processing = type check from the bytes, parsing, metadata, time "
        "estimate and the 512 px PNG preview. Vector cost follows the drawing's length in mm "
        "(0.5 mm chords) more than its bytes. "
        f"Load while measuring: before `{load_before}`, after `{uptime()}` "
        f"(2 cores shared with other work; {os.cpu_count()} CPUs seen)."
    )
    print(write_results("projects", results, notes))


if __name__ == "__main__":
    main()
