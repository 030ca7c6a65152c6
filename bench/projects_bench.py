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

Worker throughput: the worker's own job processes (``cadence_shared.jobs.pool``, one per slot,
forked from a server that preloaded ``projects_service.work``) run the real work function
(``process_file``: read the fetched file, process it, leave the preview) on a batch of mixed
files, with 1 slot and then with 2 at once; jobs per second for each. The database, broker and
storage steps around each job are left out (pickup latency is in *jobs*).
"""

import asyncio
import io
import os
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from benchlib import metric, write_results
from cadence_shared.jobs.fetch import INPUT_FILE
from cadence_shared.jobs.pool import Done, Task, WorkProcess, preload
from projects_service.designs import ProcessingSettings, design_gcode, process_design
from projects_service.designs.samples import many_parts_dxf, many_shapes_svg
from projects_service.work import ProcessFileInput, ProcessSettings, process_file

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


def job_input(name: str) -> ProcessFileInput:
    settings = ProcessSettings.model_validate(SETTINGS, from_attributes=True)
    key = f"{uuid.uuid4()}/{uuid.uuid4()}"
    return ProcessFileInput(
        file_id=uuid.uuid4(),
        project_id=uuid.uuid4(),
        storage_key=key,
        preview_key=f"{key}.preview.png",
        filename=name,
        settings=settings,
    )


async def run_batch(files: list[tuple[bytes, str]], slots: int) -> float:
    """Seconds to run every file as a job, ``slots`` job processes at once."""
    processes = [WorkProcess() for _ in range(slots)]
    for process in processes:
        process.start()
    free: asyncio.Queue[WorkProcess] = asyncio.Queue()
    for process in processes:
        free.put_nowait(process)

    async def one(data: bytes, name: str, root: Path) -> None:
        process = await free.get()
        workdir = root / uuid.uuid4().hex
        workdir.mkdir()
        (workdir / INPUT_FILE).write_bytes(data)
        payload = job_input(name).model_dump(mode="json")
        task = Task(process_file, ProcessFileInput, payload, workdir, 0.5)
        outcome = await process.run(task, lambda percent, stage: None)
        assert isinstance(outcome, Done), outcome
        free.put_nowait(process)

    with tempfile.TemporaryDirectory() as root:
        started = time.perf_counter()
        await asyncio.gather(*(one(data, name, Path(root)) for data, name in files))
        elapsed = time.perf_counter() - started
    for process in processes:
        process.close()
    return elapsed


def worker_throughput() -> list[dict[str, object]]:
    preload({process_file.__module__})
    kinds = [
        (noisy_image(1500, 1000, "PNG"), "photo.png"),
        (noisy_image(2000, 1500, "JPEG"), "photo.jpg"),
        (many_shapes_svg(300), "sheet.svg"),
        (many_parts_dxf(300), "sheet.dxf"),
    ]
    batch = kinds * 4
    one_slot = asyncio.run(run_batch(batch, 1))
    two_slots = asyncio.run(run_batch(batch, 2))
    print(f"worker: {len(batch)} jobs, 1 slot {one_slot:.2f} s, 2 slots {two_slots:.2f} s")
    return [
        metric(
            f"worker, 1 job at a time: {len(batch)} mixed jobs", len(batch) / one_slot, "jobs/s"
        ),
        metric(
            f"worker, 2 concurrent jobs: {len(batch)} mixed jobs", len(batch) / two_slots, "jobs/s"
        ),
        metric("worker: 2 concurrent jobs vs 1", one_slot / two_slots, "x"),
    ]


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
    results += worker_throughput()
    notes = (
        "Per-MiB figures: one process, one file at a time. Worker figures: 16 jobs (4 each of a "
        "1500 x 1000 PNG, a 2000 x 1500 JPEG, a 300-part SVG and a 300-part DXF) through the "
        "worker's job processes, 1 slot and then 2. Processing = type check from the bytes, parsing, metadata, time "
        "estimate and the 512 px PNG preview. Vector cost follows the drawing's length in mm "
        "(0.5 mm chords) more than its bytes. "
        f"Load while measuring: before `{load_before}`, after `{uptime()}` "
        f"(2 cores shared with other work; {os.cpu_count()} CPUs seen)."
    )
    print(write_results("projects", results, notes))


if __name__ == "__main__":
    main()
