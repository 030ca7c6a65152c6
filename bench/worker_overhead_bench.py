"""Workers at the speed of their libraries: an audio analysis and a menu OCR through the whole
platform, beside the library call alone on the same file.

Run by `make bench` (bench/run.py starts the stack); needs CADENCE_BENCH_BASE_URL. Through the
platform: the client opens the live WebSocket, uploads the file through the gateway, and the
clock stops when the job's `succeeded` update arrives, so the figure holds the upload, the
storage write, the job and outbox rows, the worker's pickup, the fetch of the file, the library
call, the result's commit, the event and the live notification. Alone: the same bytes, the same
engine function (`audio_service.analysis.analyse_file`, `ocr_service.engine.read`) in a warm
process of its own. The two alternate run by run, so both see the same machine; each file is
made different by one sample or pixel per run, as the services recognise a repeated upload.
Medians of ``RUNS`` runs after one warm-up of each.
"""

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import connect

from benchlib import metric, signed_in_headers, write_results
from cadence_shared import media

BASE_URL = os.environ.get("CADENCE_BENCH_BASE_URL", "http://127.0.0.1:8000")
LIVE_WEBSOCKET = "/api/v1/live/ws"
RUNS = int(os.environ.get("CADENCE_BENCH_WORKER_RUNS", "7"))
AUDIO_SECONDS = 60.0


def audio_file(run: int) -> bytes:
    """A 60 s click track at 124 BPM; the last sample's low byte carries the run number."""
    data = bytearray(media.click_track(124, seconds=AUDIO_SECONDS))
    data[-2] = run % 256
    return bytes(data)


def menu_file(run: int) -> bytes:
    """The menu page of cadence_shared.media as a PNG; one corner pixel carries the run number."""
    image = media.page(media.MENU)
    image.putpixel((0, 0), (run % 256, 248, 242))
    return media.encode(image)


KINDS: dict[str, tuple[Callable[[int], bytes], str, str, dict[str, str]]] = {
    # kind: (the file, the upload route, its file name and type, form fields)
    "audio": (audio_file, "/api/v1/audio", "clicks.wav audio/wav", {}),
    "ocr": (menu_file, "/api/v1/ocr/menu", "menu.png image/png", {"meal": "lunch"}),
}

LIBRARY_CHILD = """
import sys, time
from pathlib import Path
kind = sys.argv[1]
if kind == "audio":
    from audio_service.analysis import analyse_file
    def call(path): analyse_file(Path(path))
else:
    from ocr_service import engine
    def call(path): engine.read(Path(path).read_bytes(), "menu", engine.Options())
for line in sys.stdin:
    started = time.perf_counter()
    call(line.strip())
    print(time.perf_counter() - started, flush=True)
"""


class Library:
    """A warm process calling the engine on the files it is given, one at a time."""

    def __init__(self, kind: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", LIBRARY_CHILD, kind],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.folder = Path(tempfile.mkdtemp(prefix="cadence-bench-"))

    def seconds(self, data: bytes) -> float:
        assert self.process.stdin is not None and self.process.stdout is not None
        path = self.folder / "input"
        path.write_bytes(data)
        self.process.stdin.write(f"{path}\n")
        self.process.stdin.flush()
        return float(self.process.stdout.readline())

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(30)


async def platform_seconds(
    client: httpx.AsyncClient, headers: dict[str, str], kind: str, data: bytes
) -> float:
    """Upload through the gateway to the job's `succeeded` on the live WebSocket."""
    _, route, file_spec, form = KINDS[kind]
    name, content_type = file_spec.split()
    url = BASE_URL.replace("http://", "ws://", 1) + LIVE_WEBSOCKET
    async with connect(url, additional_headers=headers) as socket:
        assert json.loads(await socket.recv())["type"] == "snapshot"
        started = time.perf_counter()
        response = await client.post(
            route, files={"file": (name, data, content_type)}, data=form, headers=headers
        )
        response.raise_for_status()
        job_id = response.json()["id"]
        async with asyncio.timeout(300):
            while True:
                message = json.loads(await socket.recv())
                job = message.get("job") or {}
                if message["type"] == "job" and job.get("id") == job_id:
                    if job["status"] == "failed":
                        raise RuntimeError(f"the {kind} job failed: {job}")
                    if job["status"] == "succeeded":
                        return time.perf_counter() - started


async def compare(kind: str) -> dict[str, list[float]]:
    """``RUNS`` alternating runs (after one warm-up each): seconds through the platform and alone."""
    make_file = KINDS[kind][0]
    library = Library(kind)
    taken: dict[str, list[float]] = {"platform": [], "library": []}
    try:
        async with httpx.AsyncClient(base_url=BASE_URL, timeout=60) as client:
            with httpx.Client(base_url=BASE_URL) as sync_client:
                headers = signed_in_headers(sync_client)
            for run in range(RUNS + 1):
                data = make_file(run)
                through = await platform_seconds(client, headers, kind, data)
                alone = library.seconds(data)
                if run:  # run 0 warms both up (imports, JIT, caches)
                    taken["platform"].append(through)
                    taken["library"].append(alone)
    finally:
        library.close()
    return taken


def overhead_metrics(kind: str, taken: dict[str, list[float]]) -> list[dict[str, Any]]:
    platform = statistics.median(taken["platform"])
    library = statistics.median(taken["library"])
    return [
        metric(f"{kind}_platform_median", platform * 1000, "ms"),
        metric(f"{kind}_library_median", library * 1000, "ms"),
        metric(f"{kind}_platform_added", (platform - library) * 1000, "ms"),
        metric(f"{kind}_overhead", (platform / library - 1) * 100, "% over the library", "<= 10"),
    ]


def main() -> None:
    results = []
    for kind in KINDS:
        results += overhead_metrics(kind, asyncio.run(compare(kind)))
    notes = (
        f"Medians of {RUNS} runs each, alternating, after one warm-up. Audio: a "
        f"{AUDIO_SECONDS:.0f} s click track at 124 BPM (22.05 kHz mono WAV). OCR: the menu page "
        "of cadence_shared.media (two dishes with prices and nutrients) as a PNG. Through the "
        "platform: upload through the gateway until the live WebSocket says `succeeded`. "
        "Alone: the engine function in a warm process of its own on the same bytes."
    )
    path = write_results("worker_overhead", results, notes)
    print(path.read_text())


if __name__ == "__main__":
    main()
